"""The body and the appendix in-process: key steps in prose, appendix parts, the colophon."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from IPython.display import Markdown

from breakaway import paths
from breakaway.data.load import load_dataset
from breakaway.knowledge.events import key_steps
from breakaway.report import charts
from breakaway.report.appendix import AppendixPart, part
from breakaway.report.blocks import Column, HtmlBlock
from breakaway.report.briefing import Briefing
from breakaway.report.history import inside_sentence, key_steps_sentences, names_in
from breakaway.report.page import Page

AS_OF = date(2022, 5, 13)


def _event(title, category="status", topic="status", direction="", end_date="", **more):
    row = {
        "date": "1991-12-21",
        "end_date": end_date,
        "category": category,
        "topic": topic,
        "direction": direction,
        "title": title,
        "description": f"{title} happened.",
        "source_ids": "src-a",
    }
    return {**row, **more}


EVENTS = pd.DataFrame(
    [
        _event("Declaration of independence"),
        _event("War breaks out", category="conflict", topic="conflict", end_date="1992-06-24"),
        _event("Regional war breaks out", category="conflict", topic="conflict"),  # still going on
        _event("Skirmish at a checkpoint", category="conflict", topic="conflict"),  # no span
        _event("Referendum on joining", category="status", direction="towards_patron"),
        _event("Referendum postponed", category="status", direction="away_from_patron"),
        _event("Units sent to Ukraine", category="status", topic="war_in_ukraine"),
        _event("New president elected", category="politics", topic="other"),
    ]
)


def test_key_steps_are_status_changes_and_wars_but_not_what_other_sections_tell():
    titles = list(key_steps(EVENTS)["title"])
    assert titles == ["Declaration of independence", "War breaks out", "Regional war breaks out"]
    assert key_steps(EVENTS.iloc[0:0]).empty


class FakeCite:
    def markdown(self, source_ids):
        return f"[{source_ids}]"


def test_key_steps_are_dated_cited_sentences_with_the_end_of_a_war():
    steps = pd.DataFrame(
        [
            _event("Declared", date="1991-12-21", description="Soviet authorities declared it."),
            _event(
                "War",
                category="conflict",
                date="2008-08-07",
                end_date="2008-08-12",
                description="Heavy fighting broke out.",
                source_ids="src-b;src-c",
            ),
        ]
    )
    names = names_in(["The Soviet Union fell.", "Then heavy rain."])
    story = key_steps_sentences(steps, FakeCite(), names)
    assert story == (
        "On 21 December 1991, Soviet authorities declared it [src-a]. "
        "On 7 August 2008, heavy fighting broke out; the fighting lasted until "
        "12 August 2008 [src-b;src-c]."
    )


def test_a_description_read_on_after_its_date_keeps_the_capitals_of_names():
    names = names_in(["Troops of the Soviet Union left Georgian villages."])
    assert {"Soviet", "Union", "Georgian"} <= names and "Troops" not in names
    assert inside_sentence("Protests broke out.", names) == "protests broke out."
    assert (
        inside_sentence("Soviet authorities set it up.", names) == "Soviet authorities set it up."
    )
    assert inside_sentence("South Ossetia's council met.", names) == "South Ossetia's council met."
    assert inside_sentence("OSCE monitors left.", names) == "OSCE monitors left."


# -- appendix parts ------------------------------------------------------------------------------


def _bars(text):
    return charts.comparison_bar_chart(pd.DataFrame({"label": ["A"], "value": [3]}), text)


def test_an_appendix_part_is_a_details_element_with_an_escaped_summary(dataset):
    page = Page(dataset.sources, AS_OF)
    rows = pd.DataFrame({"x": ["<b>a</b>"], "source_ids": ["src-a"]})
    table = page.table("t", title="Things", rows=rows, columns=[Column("X", lambda r: r["x"])])
    shown = part("things", "Things & <more>", table, None, Markdown("nothing to draw"))
    assert isinstance(shown, AppendixPart) and len(shown.blocks) == 1
    soup = BeautifulSoup(str(shown.to_html()), "html.parser")
    details = soup.select_one("details#appendix-things.appendix-part")
    assert details is not None and not details.has_attr("open")
    assert details.contents[0].name == "summary"
    assert details.summary.get_text() == "Things & <more>"
    assert details.select_one("table td").get_text() == "<b>a</b>"  # escaped, not bold
    assert part("empty", "Nothing", None, Markdown("no census")) is None


def test_a_chart_in_the_appendix_is_still_exported(dataset):
    page = Page(dataset.sources, AS_OF)
    figure = page.figure(
        "bars", title="T", subtitle="S", source_ids="src-a", alt="Alt text", draw=_bars
    )
    data, metadata = part("bars", "Bars", figure)._repr_mimebundle_()
    assert metadata["breakaway"]["chart"] == "bars" and metadata["breakaway"]["svg"]
    assert 'alt="Alt text"' in data["text/html"] and "<summary>Bars</summary>" in data["text/html"]


def test_the_title_block_has_no_parameters_and_the_colophon_has_them(dataset):
    page = Page(dataset.sources, AS_OF)
    title = str(page.title_block("South Ossetia", checked="13 May 2022")._repr_html_())
    assert "What was known on 13 May 2022" in title and "Sources checked through" in title
    assert "Parameters" not in title and "<code>" not in title
    colophon = page.colophon([("territory", "south-ossetia")], "2.0.0", "abc123")
    assert isinstance(colophon, HtmlBlock)
    text = BeautifulSoup(colophon._repr_html_(), "html.parser").get_text()
    assert "territory south-ossetia" in text and "2.0.0" in text and "abc123" in text


@pytest.fixture(scope="module")
def shipped():
    return load_dataset(paths.data_dir())


def test_the_briefing_tells_each_key_step_once_and_leaves_the_joining_steps_to_their_section(
    shipped,
):
    briefing = Briefing(shipped, "south-ossetia", AS_OF)
    steps = str(briefing.key_steps().data)
    joining = str(briefing.joining_story().data)
    assert "On 21 December 1991" in steps and "12 August 2008" in steps
    for title in briefing.joining_patron["title"]:
        assert title not in steps
    assert "In April 1922, Soviet authorities" in steps  # a name keeps its capital
    assert joining and "the fighting lasted" not in joining
    colophon = briefing.colophon()._repr_html_()
    assert "south-ossetia" in colophon and briefing.facts["data_fingerprint"] in colophon
    assert briefing.facts["data_fingerprint"] not in briefing.title_block()._repr_html_()
