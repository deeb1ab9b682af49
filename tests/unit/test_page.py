"""The report page in-process: figure and table numbering, captions, source lines, sources list."""

from __future__ import annotations

from datetime import date

import pandas as pd
from bs4 import BeautifulSoup

from breakaway.report import charts
from breakaway.report.blocks import Column
from breakaway.report.page import Fact, Page

AS_OF = date(2022, 5, 13)


def _bars(text):
    values = pd.DataFrame({"label": ["A", "B"], "value": [3, 1]})
    return charts.comparison_bar_chart(values, text)


def _figure(page, block_id, title="Title", source_ids="src-b;src-a"):
    return page.figure(
        block_id, title=title, subtitle="Sub", source_ids=source_ids, alt="Alt", draw=_bars
    )


def test_figures_are_numbered_by_block_id_and_keep_their_number_when_redrawn(dataset):
    page = Page(dataset.sources, AS_OF)
    first = _figure(page, "one")
    second = _figure(page, "two")
    again = _figure(page, "one")
    assert first.caption.startswith("<b>Figure 1.</b>")
    assert second.caption.startswith("<b>Figure 2.</b>")
    assert again.caption.startswith("<b>Figure 1.</b>")


def test_tables_are_numbered_apart_from_figures(dataset):
    page = Page(dataset.sources, AS_OF)
    _figure(page, "one")
    rows = pd.DataFrame({"x": ["a"], "source_ids": ["src-a"]})
    table = page.table("t", title="Things", rows=rows, columns=[Column("X", lambda r: r["x"])])
    assert table.caption == "<b>Table 1.</b> Things"


def test_one_declaration_gives_the_chart_source_line_and_the_caption_the_same_numbers(dataset):
    page = Page(dataset.sources, AS_OF)
    block = _figure(page, "one", source_ids="src-b;src-a")
    # src-b is cited first, so it is [1]; the chart's source line and the caption agree.
    assert "[1] Publisher B; [2] Publisher A" in block.svg
    assert 'href="#source-1">1</a>' in block.caption and 'href="#source-2">2</a>' in block.caption
    soup = BeautifulSoup(block.to_html(), "html.parser")
    assert soup.find("img")["alt"] == "Alt"


def test_caption_text_and_notes_are_escaped(dataset):
    page = Page(dataset.sources, AS_OF)
    block = page.figure(
        "x",
        title="<script>t</script>",
        subtitle="<script>t</script>",
        source_ids="src-a",
        alt='"quoted" <b>',
        draw=_bars,
        caption_note="<img src=x onerror=alert(1)>",
    )
    html = block.to_html()
    assert "<script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;t&lt;/script&gt;" in html


def test_sources_list_holds_what_was_cited_in_citation_order(dataset):
    page = Page(dataset.sources, AS_OF)
    page.key_facts([Fact("Parent state", "Georgia", "src-b"), Fact("Capital", "Tskhinvali")])
    page.cite.html("src-a")
    listing = page.sources_list()._repr_html_()
    soup = BeautifulSoup(listing, "html.parser")
    items = soup.select("ol.sources li")
    assert [li["id"] for li in items] == ["source-1", "source-2"]
    assert "Source B" in items[0].text and "Source A" in items[1].text


def test_key_facts_without_sources_carry_no_marker(dataset):
    page = Page(dataset.sources, AS_OF)
    block = page.key_facts([Fact("Capital", "Tskhinvali"), Fact("Parent", "Georgia", "src-a")])
    soup = BeautifulSoup(block._repr_html_(), "html.parser")
    values = soup.find_all("dd")
    assert values[0].find("sup") is None
    assert values[1].find("sup").text == "[1]"
