"""Absence is worded as absence from this record, over every report and many dates (issue 18).

Each briefing's text sections and the comparison are rendered in-process (facts and narrative, no
charts, no PDF) for each territory over dates spread from 1988 to today, and every sentence is
scanned for a statement that something had not happened, been published or been held.
"""

from __future__ import annotations

from datetime import date

import pytest
from absence import absence_claims

from breakaway.report import narrative
from breakaway.report.briefing import Briefing
from breakaway.report.comparison import Comparison

OLD_SENTENCES = [
    "No census of this territory had been published by this date.",
    "No population figures had been published by this date.",
    "Up to 1 July 1992, the data records no step by South Ossetia or Russia towards union.",
    "It had not yet declared independence on this date.",
    "No recognition by UN member states had been made by this date.",
    "No events are recorded up to this date.",
    "No referendum was held.",
    "No UN member state has recognised Nagorno-Karabakh at any time.",
]
DATES = [date(year, 7, 1) for year in range(1988, 2027, 3)] + [
    date(1992, 7, 1),
    date(2008, 8, 20),
    date(2023, 9, 25),
    date(2023, 10, 15),
    date(2026, 11, 27),
]


@pytest.mark.parametrize("sentence", OLD_SENTENCES)
def test_the_scan_catches_each_old_sentence(sentence):
    assert absence_claims(f"Some text. {sentence} More text.") == [sentence]


def test_the_scan_lets_absence_from_the_record_pass():
    text = (
        "This record holds no census of South Ossetia published by 1 July 1992. "
        "No UN member state recognises Abkhazia. The 2015 census counted 53,532 people."
    )
    assert absence_claims(text) == []


def _text_sections(briefing: Briefing) -> str:
    """Everything a briefing says in words (no charts): stories, boxes, table texts."""
    parts = [
        briefing.title_block()._repr_html_(),
        briefing.lead()._repr_html_(),
        briefing.key_facts()._repr_html_(),
        briefing.status_story().data,
        briefing.location_story().data,
        briefing.population_story().data,
        briefing.recognition_story().data,
        briefing.joining_story().data,
        briefing.dependence_story().data,
        briefing.factcheck_story().data,
        briefing.comparison_story().data,
        briefing.recognition_table()._repr_html_(),
        briefing.non_un_recognition_table()._repr_html_(),
        briefing.timeline_table()._repr_html_(),
    ]
    voices = briefing.voices
    for section in (voices.joining_story(), voices.reaction_story(), voices.war_story()):
        if section is not None:
            parts.append(section.data)
    for section in ("joining", "reaction", "war"):
        heading = briefing.heading(section)
        if heading is not None:
            parts.append(heading.data)
    return "\n".join(str(p) for p in parts)


@pytest.mark.integration  # every territory and the comparison, 18 dates: about two minutes
@pytest.mark.parametrize("day", DATES, ids=str)
def test_no_report_states_an_absence_as_a_fact(shipped, day):
    found = {}
    for territory in shipped.territory_ids:
        claims = absence_claims(_text_sections(Briefing(shipped, territory, day)))
        if claims:
            found[territory] = claims
    comparison = Comparison(shipped, day)
    claims = absence_claims(
        comparison.title_block()._repr_html_() + comparison.comparison_table()._repr_html_()
    )
    if claims:
        found["comparison"] = claims
    assert found == {}


def test_the_report_scan_fails_on_a_planted_sentence(shipped, monkeypatch):
    monkeypatch.setattr(
        narrative,
        "population_sentence",
        lambda facts, cite: "No census of this territory had been published by this date.",
    )
    text = _text_sections(Briefing(shipped, "south-ossetia", date(1992, 7, 1)))
    assert absence_claims(text) == ["No census of this territory had been published by this date."]
