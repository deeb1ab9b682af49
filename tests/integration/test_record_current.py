"""Today's briefings of South Ossetia and Abkhazia carry Georgia's legal and international answers.

Issue 19 asks for a sample of the record brought current to be proven in the reports a reader
gets: Georgia's withdrawal from the CIS (the vote of 14 August 2008 and its effect on 18 August
2009), the ICC investigation (27 January 2016) and arrest warrants (30 June 2022), and the ECHR
judgments in Georgia v. Russia (II) (21 January 2021) and (IV) (9 April 2024). Each must be in
today's briefing, anywhere in the document (a table may sit in an appendix), with its citation
leading to each of its sources in the sources list; the PDF must carry the same words and
citation. The ICC's investigation covers the 2008 war "in and around South Ossetia", so its rows
belong to South Ossetia's record only.

The expected titles and sources are read from the shipped data; the event ids are the sample.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
from bs4 import Tag
from rendered import rendered_set
from reportcheck import html_text, pdf_text

pytestmark = pytest.mark.integration

SAMPLE = {
    "south-ossetia": [
        "so-2008-08-14-georgia-votes-to-leave-cis",
        "so-2009-08-18-georgia-leaves-cis",
        "so-2016-01-27-icc-investigation",
        "so-2022-06-30-icc-arrest-warrants",
        "so-2021-01-21-echr-effective-control",
        "so-2024-04-09-echr-borderisation",
    ],
    "abkhazia": [
        "ab-2008-08-14-georgia-votes-to-leave-cis",
        "ab-2009-08-18-georgia-leaves-cis",
        "ab-2021-01-21-echr-effective-control",
        "ab-2024-04-09-echr-borderisation",
    ],
}
CASES = [(territory, event) for territory, events in SAMPLE.items() for event in events]
# The smallest blocks that hold one entry of the record with its citation.
ENTRY_TAGS = ("tr", "li", "p")


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> Path:
    return rendered_set(tmp_path_factory, "today")  # these two with their PDFs


def _edition(reports: Path, territory: str) -> Path:
    """Today's edition folder of a territory (the one dated folder of this fresh render)."""
    days = [
        p for p in (reports / territory).iterdir() if re.fullmatch(r"\d{4}-\d{2}-\d{2}", p.name)
    ]
    assert len(days) == 1, f"{territory}: expected one edition, found {[p.name for p in days]}"
    return days[0]


@functools.cache
def _html(path: Path):
    """The parsed page, once per file for this module's 20 tests (they only read it)."""
    return html_text(path)[0]


@functools.cache
def _pdf(path: Path) -> str:
    """The PDF's text, extracted once per file: pypdf takes seconds for a briefing of today's
    twenty-odd pages, and ten tests read each of the two."""
    return pdf_text(path)[1]


def _expected(shipped, event_id: str) -> tuple[str, list[str]]:
    """The event's title and the titles of its sources, as the data holds them."""
    events = shipped.events.set_index("event_id")
    assert event_id in events.index, f"{event_id} is not in the shipped events.csv"
    row = events.loc[event_id]
    titles = shipped.sources.set_index("source_id")["title"]
    return str(row["title"]), [str(titles[s]) for s in str(row["source_ids"]).split(";")]


def _entries(soup, title: str) -> list[Tag]:
    """Every entry block (table row, list item, paragraph) of the document that names ``title``."""
    found = []
    for block in soup.find_all(ENTRY_TAGS):
        text = " ".join(block.get_text(" ").split())
        inner = block.find(ENTRY_TAGS)
        if title in text and not (inner and title in " ".join(inner.get_text(" ").split())):
            found.append(block)
    return found


def _citations(entry: Tag) -> list[tuple[str, list[int]]]:
    """Each citation of an entry as printed (``[56–58]``) with the numbers it stands for."""
    found = []
    for sup in entry.select("sup.cite"):
        mark = "".join(sup.get_text("").split())
        numbers: list[int] = []
        for part in mark.strip("[]").split(","):
            first, _, last = part.partition("–")  # a range names its ends only
            numbers += range(int(first), int(last or first) + 1)
        found.append((mark, numbers))
    return found


def _cited_titles(soup, entry: Tag) -> list[str]:
    """The source-list entries that an entry's citations lead to, as their text."""
    links = entry.select("sup.cite a[href^='#']")
    if not links:
        return []
    prefix = links[0]["href"][1:].rstrip("0123456789")  # "source-" of "#source-63"
    titles = []
    for _, numbers in _citations(entry):
        for number in numbers:
            target = soup.find(id=f"{prefix}{number}")
            assert target is not None, f"citation {number} leads nowhere"
            titles.append(" ".join(target.get_text(" ").split()))
    return titles


@pytest.mark.parametrize(("territory", "event_id"), CASES)
def test_event_is_in_todays_briefing_with_its_sources(reports, shipped, territory, event_id):
    title, source_titles = _expected(shipped, event_id)
    soup = _html(_edition(reports, territory) / "briefing.html")
    entries = _entries(soup, title)
    assert entries, f"{territory}: today's briefing does not show {title!r} ({event_id})"
    for entry in entries:
        cited = _cited_titles(soup, entry)
        assert cited, f"{territory}: {title!r} is shown without a citation"
        for source_title in source_titles:
            assert any(source_title in c for c in cited), (
                f"{territory}: {title!r} does not cite {source_title!r}; it cites {cited}"
            )


@pytest.mark.parametrize(("territory", "event_id"), CASES)
def test_event_and_its_citation_are_in_the_pdf(reports, shipped, territory, event_id):
    title, source_titles = _expected(shipped, event_id)
    folder = _edition(reports, territory)
    soup = _html(folder / "briefing.html")
    marks = [mark for entry in _entries(soup, title) for mark, _ in _citations(entry)]
    assert marks, f"{territory}: {title!r} has no citation in the HTML"
    text = _pdf(folder / "briefing.pdf")
    assert title in text, f"{territory}: the PDF does not show {title!r}"
    for mark in marks:
        # The citation follows the entry's description; the PDF's text spaces it out.
        after = [text[m.end() : m.end() + 800] for m in re.finditer(re.escape(title), text)]
        assert any(mark in "".join(part.split()) for part in after), (
            f"{territory}: {title!r} without {mark} in the PDF"
        )
    for source_title in source_titles:
        assert source_title in text, f"{territory}: the PDF's sources miss {source_title!r}"
