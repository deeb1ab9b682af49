"""Rows that entered the record late now enter it with a source of their own time (issue 18, item 1).

Each fix cites a source published on or soon after the fact's day, read in the stored corpus (see
"Public since (issue 18), third pass" in data/NOTES-curation.md). These tests read the shipped
``data/`` in-process (no kernel) on the day before and the day of that source, so a fix that
loses its source, or a source dated later than it was published, fails here:

- Transnistria's proclamation of a Dniester republic (2 Sep 1990): The Baltimore Sun of
  30 October 1990, not the Library of Congress country study of 1995;
- South Ossetia's declaration of sovereignty (20 Sep 1990): the declaration's own text, not the
  Georgian Presidium's statement of December 1990;
- Nagorno-Karabakh's independence referendum (10 Dec 1991): a Reuters report of the next day
  relayed by the Croatian agency HINA, not an ARKA item of 2007.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from breakaway.knowledge.events import events_as_of
from breakaway.knowledge.facts import build_facts

FIXES = [
    # (territory, event, first source of the time, its day)
    (
        "transnistria",
        "tr-1990-09-02-pmssr-proclaimed",
        "baltimoresun-1990-10-30-moldova-disintegrate",
        date(1990, 10, 30),
    ),
    (
        "south-ossetia",
        "so-1990-09-20-sovereignty-declared",
        "rrc-ge-1990-09-20-so-sovereignty-declaration",
        date(1990, 9, 20),
    ),
    (
        "nagorno-karabakh",
        "nk-1991-12-10-independence-referendum",
        "hina-1991-12-11-karabakh-referendum",
        date(1991, 12, 11),
    ),
]


@pytest.mark.parametrize(("territory", "event", "source", "day"), FIXES)
def test_the_event_enters_the_record_with_its_source_of_the_time(
    shipped, territory, event, source, day
):
    before = set(events_as_of(shipped.events, territory, day - timedelta(days=1))["event_id"])
    on_the_day = set(events_as_of(shipped.events, territory, day)["event_id"])
    assert event not in before
    assert event in on_the_day
    cited = set(shipped.as_of(day, territory).events.attrs["sources"]["source_id"])
    assert source in cited


@pytest.mark.parametrize(("territory", "event", "source", "day"), FIXES)
def test_the_source_is_dated_by_its_own_publication(shipped, territory, event, source, day):
    sources = shipped.sources.set_index("source_id")
    assert str(sources.loc[source, "published_on"]) == day.isoformat()
    row = shipped.events.set_index("event_id").loc[event]
    assert source in str(row["source_ids"]).split(";")


@pytest.mark.parametrize(
    ("territory", "day", "status"),
    [
        ("transnistria", date(1990, 10, 29), ""),
        ("transnistria", date(1990, 10, 30), "proclaimed_republic"),
        ("south-ossetia", date(1990, 9, 19), "soviet_autonomy"),
        ("south-ossetia", date(1990, 9, 20), "proclaimed_republic"),
    ],
)
def test_the_status_row_follows_its_source(shipped, territory, day, status):
    assert build_facts(shipped, territory, day)["status_code"] == status


@pytest.mark.parametrize(
    ("day", "status"),
    [
        (date(1992, 7, 27), "proclaimed_republic"),
        (date(1992, 7, 28), "de_facto_independent"),
        (date(2008, 8, 20), "de_facto_independent"),
    ],
)
def test_transnistria_after_the_ceasefire_is_de_facto_independent_from_a_source_of_1992(
    shipped, day, status
):
    # The Christian Science Monitor of 28 July 1992 reports the Russia-Moldova ceasefire (issue 18:
    # it replaced a 2010 aggregator; RFE/RL of 8 May 1997 was the first source of the time before).
    assert build_facts(shipped, "transnistria", day)["status_code"] == status
