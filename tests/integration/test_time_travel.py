"""Briefings rendered as of days around the turning points, checked in facts.json and the PDF.

Expected values come from the record (see ../shared/reference/facts.md), not from the code.
"""

from __future__ import annotations

import functools
import json

import pytest
from rendered import rendered_set
from reportcheck import assert_clean, html_text, pdf_text

pytestmark = pytest.mark.integration

RENDERS = [
    ("south-ossetia", "2011-12-31"),  # Tuvalu recognised on 19 September 2011
    ("south-ossetia", "2014-04-30"),  # ... and withdrew on 31 March 2014
    ("south-ossetia", "2018-06-30"),  # Syria recognised on 29 May 2018
    ("south-ossetia", "2022-06-15"),  # the referendum decree was suspended on 30 May 2022
    ("nagorno-karabakh", "2024-06-30"),  # dissolved on 1 January 2024
]


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    return rendered_set(tmp_path_factory, "time-travel")


def _facts(out, territory, day):
    return json.loads((out / territory / day / "facts.json").read_text())


@functools.cache
def _read_pdf(path):
    """The PDF and its text, extracted once per file: pypdf takes 2-4 s for a briefing's text, and
    this module reads each of its five PDFs in two or three tests."""
    return pdf_text(path)


def _pdf(out, territory, day):
    return _read_pdf(out / territory / day / "briefing.pdf")[1]


def test_tuvalu_counts_while_it_recognised(reports):
    facts = _facts(reports, "south-ossetia", "2011-12-31")
    assert facts["un_recognizers"] == ["NIC", "NRU", "RUS", "TUV", "VEN"]
    assert facts["un_withdrawals"] == []
    text = _pdf(reports, "south-ossetia", "2011-12-31")
    assert "five UN member states recognise South Ossetia" in text
    assert "Syria" not in text.split("Who recognises it?")[1].split("How did it get here?")[0]


def test_tuvalu_withdrawal_is_reported_after_31_march_2014(reports):
    facts = _facts(reports, "south-ossetia", "2014-04-30")
    assert facts["un_recognizers"] == ["NIC", "NRU", "RUS", "VEN"]
    assert facts["un_recognizers_ever"] == ["NIC", "NRU", "RUS", "TUV", "VEN"]
    assert facts["un_withdrawals"] == ["TUV"]
    text = _pdf(reports, "south-ossetia", "2014-04-30")
    assert "four UN member states recognise South Ossetia" in text
    assert "Tuvalu has withdrawn an earlier recognition" in text


def test_syria_counts_from_29_may_2018(reports):
    facts = _facts(reports, "south-ossetia", "2018-06-30")
    assert facts["un_recognizers"] == ["NIC", "NRU", "RUS", "SYR", "VEN"]
    assert "Syria" in _pdf(reports, "south-ossetia", "2018-06-30")


def test_referendum_story_changes_after_the_suspension(reports):
    text = _pdf(reports, "south-ossetia", "2022-06-15")
    story = text.split("said about joining Russia?")[1]
    assert "17 July" in story
    assert "suspend" in story.lower()
    assert "30 May 2022" in story


def test_nagorno_karabakh_is_dissolved_in_2024(reports):
    facts = _facts(reports, "nagorno-karabakh", "2024-06-30")
    assert facts["status"] == "dissolved"
    assert facts["un_recognizers"] == []
    text = _pdf(reports, "nagorno-karabakh", "2024-06-30")
    assert "ceased to exist as a de facto state on 1 January 2024" in text


@pytest.mark.parametrize(("territory", "day"), RENDERS)
def test_every_briefing_meets_the_print_bar(reports, territory, day):
    folder = reports / territory / day
    soup, text = html_text(folder / "briefing.html")
    assert_clean(text)
    images = soup.find_all("img")
    assert len(images) >= 6, f"{len(images)} figures"
    assert all(image.get("alt", "").strip() for image in images)
    assert not soup.find_all("script")
    reader, pdf = _read_pdf(folder / "briefing.pdf")
    assert_clean(pdf)
    assert len(reader.pages) >= 4
    assert reader.metadata.title and reader.metadata.title.startswith(
        json.loads((folder / "facts.json").read_text())["name"]
    )
    links = [a["href"] for a in soup.select("ol.sources a")]
    assert links and all(href.startswith(("http://", "https://")) for href in links)


def test_no_war_section_before_the_full_scale_invasion(reports):
    text = _pdf(reports, "south-ossetia", "2018-06-30")
    assert "What does the war in Ukraine have to do with it?" not in text
    after = _pdf(reports, "south-ossetia", "2022-06-15")
    assert "What does the war in Ukraine have to do with it?" in after


def test_nagorno_karabakh_speaks_of_armenia_as_its_patron(reports):
    text = _pdf(reports, "nagorno-karabakh", "2024-06-30")
    assert "said about joining Armenia?" in text
    assert "Patron state Armenia" in text or "Patron state: Armenia" in text
    for wrong in ("joining Russia", "towards Russia", "with Russia:"):
        assert wrong not in text, wrong
    facts = _facts(reports, "nagorno-karabakh", "2024-06-30")
    assert facts["patron_state"] == "Armenia"
