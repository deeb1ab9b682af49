"""A declaration of independence enters the record with its first source, not on its own day.

``territories.csv`` gives the day independence was declared; the record's status event of that day
says which sources show it. Transnistria's declaration of 25 August 1991 is cited from a 2022
anniversary piece, so a report of 1992 must not state it (issue 18: public since, proven by a source
of that time); Nagorno-Karabakh's proclamation of 2 September 1991 is known from the Los Angeles
Times of the next day.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from breakaway.knowledge.facts import build_facts
from breakaway.report.briefing import Briefing


@pytest.mark.parametrize(
    ("territory", "day", "expected"),
    [
        ("transnistria", date(1992, 12, 31), None),
        ("transnistria", date(2022, 8, 25), "1991-08-25"),
        ("nagorno-karabakh", date(1991, 9, 2), None),
        ("nagorno-karabakh", date(1991, 9, 3), "1991-09-02"),
        ("south-ossetia", date(1992, 7, 1), "1991-12-21"),
    ],
)
def test_the_declaration_is_known_from_its_first_source(shipped, territory, day, expected):
    assert build_facts(shipped, territory, day)["declared_independence_on"] == expected


def test_a_report_before_the_source_does_not_state_the_declaration(shipped):
    briefing = Briefing(shipped, "transnistria", date(1992, 12, 31))
    words = briefing.key_facts()._repr_html_() + briefing.status_story().data
    assert "25 August 1991" not in words
    assert "declared independence" not in words.lower()


def test_a_declaration_without_its_own_event_keeps_its_day(shipped):
    events = shipped.events
    kept = events[events["event_id"] != "tr-1991-08-25-declaration-of-independence"]
    trimmed = replace(shipped, events=kept)
    assert (
        build_facts(trimmed, "transnistria", date(1992, 12, 31))["declared_independence_on"]
        == "1991-08-25"
    )


def test_the_lead_says_a_de_facto_state_governs_itself_even_before_its_declaration_is_sourced(
    shipped,
):
    # Transnistria in 2008: de facto independent (RFE/RL, 1997) while its 1991 declaration is
    # cited only from 2022. The lead said "a self-proclaimed republic ..., its control the de
    # facto authorities".
    lead = Briefing(shipped, "transnistria", date(2008, 8, 20)).lead()._repr_html_()
    assert "is a breakaway part of Moldova that governs itself" in lead
    assert "its control the" not in lead
    assert "declared independence" not in lead
