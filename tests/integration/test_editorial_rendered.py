"""House style in a rendered briefing (issue 20, item 4): the HTML a reader opens, read section by
section for the marks an editor makes (``tests/styleguide.py``).

Reads South Ossetia as of 13 May 2022 from the shared rendered set; no render of its own. The
sources list (publishers' own titles and URLs), the parameters line and words inside quotation
marks (someone's exact words) are not ours to restyle and are left out of the reading.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from rendered import rendered_set
from styleguide import (
    count_problems,
    dash_problems,
    date_problems,
    quote_problems,
    repeat_problems,
)

pytestmark = pytest.mark.integration

NOT_OURS = ["script", "style", "section.sources-list", "p.parameters", "[class*=colophon]"]


def reader_sections(html: str) -> dict[str, list[str]]:
    """The prose under each heading (paragraphs, list items, captions), tables left out.

    Each appendix part (a ``<details>`` with its ``<summary>``) is a section of its own.
    """
    soup = BeautifulSoup(html, "html.parser")
    for selector in NOT_OURS:
        for node in soup.select(selector):
            node.decompose()
    sections: dict[str, list[str]] = {"(top)": []}
    heading = "(top)"
    for node in soup.find_all(["h1", "h2", "summary", "p", "li", "figcaption"]):
        if node.find_parent(["table", "li", "figcaption"]) or node.find_parent(class_="key-facts"):
            continue
        text = " ".join(node.get_text(" ").split()).replace(" ¶", "")
        if node.name in ("h1", "h2", "summary"):
            heading = text
            sections.setdefault(heading, [])
        elif text:
            sections[heading].append(text)
    return sections


def key_fact_values(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    box = soup.select_one("section.key-facts")
    return [" ".join(dd.get_text(" ").split()) for dd in box.find_all("dd")] if box else []


def house_style_problems(html: str) -> list[str]:
    problems = []
    for heading, paragraphs in reader_sections(html).items():
        text = "\n".join(paragraphs)
        for check in (date_problems, count_problems, dash_problems, repeat_problems):
            problems += [f"{heading}: {p}" for p in check(text)]
        problems += [f"{heading}: {p}" for p in quote_problems(text)]
    problems += [f"key facts: {v}" for v in key_fact_values(html) if v.split(":")[0] == "0"]
    return problems


@pytest.fixture(scope="module")
def briefing_html(tmp_path_factory) -> str:
    out = rendered_set(tmp_path_factory, "2022-05-13")
    return (out / "south-ossetia" / "2022-05-13" / "briefing.html").read_text(encoding="utf-8")


def test_the_rendered_briefing_reads_in_house_style(briefing_html):
    sections = reader_sections(briefing_html)
    assert sum(len(p) for p in sections.values()) > 10, "the reading found no prose"
    assert any("“" in "".join(p) for p in sections.values()), "no quotation was read"
    assert len(key_fact_values(briefing_html)) >= 5, "the key facts were not read"
    assert house_style_problems(briefing_html) == []


@pytest.mark.parametrize(
    "planted",
    [
        "<p>The latest, on March 2025: the ministry spoke.</p>",
        "<p>Russian military bases: 1 count in 2009.</p>",
        "<p>The war of 1991-1992 ended.</p>",
        "<p>The ministry called it illegal. “illegal action that contradicts norms”</p>",
        "<p>This record holds no census published by 1 July 1992.</p>"
        "<p>This record holds no census published by 1 July 1992.</p>",
    ],
)
def test_a_planted_mark_in_the_rendered_page_is_caught(briefing_html, planted):
    html = briefing_html.replace("</body>", f"<h2>Planted</h2>{planted}</body>", 1)
    assert any(p.startswith("Planted") for p in house_style_problems(html))


def test_a_planted_zero_in_the_key_facts_is_caught(briefing_html):
    soup = BeautifulSoup(briefing_html, "html.parser")
    cell = soup.select_one("section.key-facts dd")
    cell.string = "0"
    assert any(p.startswith("key facts") for p in house_style_problems(str(soup)))
