"""``build_facts`` reads each table once and filters in plain loops (issue 22, last figure).

The population figures come from one filter of the table, as do the status rows in force and
pending; the latest recorded day reads the known statements' days without revealing their
details, the events are counted and dated without them too, and the declaration's status event
is found with a loop over three columns. Each must answer as the function it stands in for. Unit tier:
the shipped data and small inline frames, in process.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pandas as pd

from breakaway.knowledge import status
from breakaway.knowledge.claim_dates import check_population
from breakaway.knowledge.events import events_as_of, events_known, statements_as_of
from breakaway.knowledge.facts import declaration_known
from breakaway.knowledge.population import (
    composition_of,
    ethnic_composition,
    known_population,
    latest_of,
    latest_total,
    population_totals,
    previous_census,
    previous_census_of,
    totals_of,
)
from breakaway.knowledge.recognition import recognitions_as_of
from breakaway.knowledge.record import latest_recorded_on

DAYS = [date(1989, 1, 1), date(1992, 7, 1), date(2008, 8, 26), date(2016, 8, 13), date(2026, 12, 1)]


def _same(one, other) -> bool:
    if one is None or other is None:
        return one is None and other is None
    return one.equals(other)


def test_the_figures_from_one_filter_are_those_of_each_function(shipped):
    compared = 0
    for territory in shipped.territory_ids:
        for day in DAYS:
            known = known_population(shipped.population, territory, day)
            totals = totals_of(known)
            population = shipped.population
            assert totals.equals(population_totals(population, territory, day))
            for kind in ("census", "estimate"):
                assert _same(
                    latest_of(totals, kind), latest_total(population, territory, day, kind)
                )
            assert _same(previous_census_of(totals), previous_census(population, territory, day))
            assert composition_of(known).equals(ethnic_composition(population, territory, day))
            compared += not totals.empty
    assert compared > 10


def test_the_latest_recorded_day_is_that_of_the_statements_as_of(shipped):
    """The days of ``statements_as_of`` (details revealed, sorted), as before."""
    found = 0
    for territory in shipped.territory_ids:
        for day in DAYS:
            days = [
                frame["known_on"].max()
                for frame in (
                    events_as_of(shipped.events, territory, day),
                    statements_as_of(shipped.statements, territory, day),
                )
                if not frame.empty
            ]
            recognitions = recognitions_as_of(shipped.recognitions, territory, day)
            days += [max(recognitions["recognized_known_on"])] if not recognitions.empty else []
            expected = max(days).isoformat() if days else None
            assert latest_recorded_on(shipped, territory, day) == expected, (territory, day)
            found += expected is not None
    assert found > 10


def test_a_day_with_statements_alone_is_the_latest(shipped):
    late = shipped.statements.copy()
    late.loc[late.index[0], ["territory_id", "date", "known_from"]] = (
        "transnistria",
        "2026-11-30",
        date(2026, 11, 30),
    )
    data = replace(shipped, statements=late)
    assert latest_recorded_on(data, "transnistria", date(2026, 12, 1)) == "2026-11-30"
    assert latest_recorded_on(replace(shipped, statements=None), "transnistria", date(2026, 12, 1))


def _events(*rows: tuple[str, str, str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["territory_id", "date", "category"])


def test_the_declaration_is_decided_by_its_own_territorys_status_event(shipped):
    day, as_of = "1990-09-20", date(2000, 1, 1)
    unknown = _events()  # known events of the day: none
    known = _events(("x", day, "status"))
    cases = [
        # (the table's events, the result with no known event, with the known status event)
        (_events(("x", day, "status")), False, True),
        (_events(("other", day, "status")), True, True),  # another territory's event
        (_events(("x", day, "politics")), True, True),  # not a status event
        (_events(("x", "1990-09-21", "status")), True, True),  # another day
        (_events(), True, True),
    ]
    for table, without, with_known in cases:
        data = replace(shipped, events=table)
        assert declaration_known(data, "x", day, unknown, as_of) is without, table
        assert declaration_known(data, "x", day, known, as_of) is with_known, table
    data = replace(shipped, events=_events(("x", day, "status")))
    assert declaration_known(data, "x", day, _events(("x", day, "politics")), as_of) is False
    assert declaration_known(data, "x", day, known, date(1990, 9, 19)) is False  # not yet


def test_the_rows_in_force_and_pending_are_those_of_each_question(shipped):
    """One filter of the status table, split by whether a row's day has come."""
    pending_seen = 0
    for territory in shipped.territory_ids:
        rows = shipped.status[shipped.status["territory_id"] == territory]
        days = {date(2000, 1, 1)}
        for cell in [*rows["status_on"], *rows["announced_on"]]:
            if len(str(cell)) == 10:
                day = date.fromisoformat(str(cell))
                days |= {day, day - timedelta(days=1)}
        for day in sorted(days):
            in_force, pending = status._in_force_and_pending(shipped.status, territory, day)
            assert in_force.equals(status.status_rows_as_of(shipped.status, territory, day))
            assert pending.equals(status.pending_changes(shipped.status, territory, day))
            pending_seen += not pending.empty
    assert pending_seen


def test_the_events_counted_and_dated_are_the_events_as_of(shipped):
    for territory in shipped.territory_ids:
        for day in DAYS:
            known = events_known(shipped.events, territory, day)
            shown = events_as_of(shipped.events, territory, day)
            assert sorted(known["event_id"]) == sorted(shown["event_id"])
            by_id = shown.set_index("event_id")
            for column in ("known_on", "date", "category", "direction"):
                assert dict(zip(known["event_id"], known[column], strict=True)) == dict(
                    by_id[column]
                ), (territory, day, column)


def test_a_row_known_ahead_but_never_announced_is_not_pending():
    """Only an announced change is pending, even when its row is known before its day."""
    frame = pd.DataFrame(
        {
            "territory_id": ["x", "x", "x", "y"],
            "status_on": ["1991-01-01", "2030-01-01", "2031-01-01", "2030-01-01"],
            "announced_on": ["", "", "2020-01-01", "2020-01-01"],
            "status": ["a", "b", "c", "d"],
            "source_ids": ["s1", "s2", "s3", "s4"],
            "known_from": [date(1991, 1, 1), date(2020, 1, 1), date(2020, 1, 1), date(2020, 1, 1)],
        }
    )
    day = date(2025, 1, 1)
    in_force, pending = status._in_force_and_pending(frame, "x", day)
    assert list(in_force["status"]) == ["a"] and list(pending["status"]) == ["c"]
    assert in_force.equals(status.status_rows_as_of(frame, "x", day))
    assert pending.equals(status.pending_changes(frame, "x", day))


def test_a_population_claim_reads_its_own_territorys_figures_only(shipped):
    """``check_population`` filters the territory's totals once: no other territory's figure."""
    day, so = date(2020, 1, 1), "south-ossetia"
    own = check_population(shipped.population, so, "South Ossetia", day, "in 2020", 53532)
    assert (own.data_value, own.verdict) == ("53,532 (2015 census)", "accurate")
    other = shipped.population[shipped.population["territory_id"] == "abkhazia"].iloc[:1].copy()
    other[["year", "kind", "group", "population"]] = (2019, "census", "total", 1)
    planted = pd.concat([shipped.population, other], ignore_index=True)
    assert check_population(planted, so, "South Ossetia", day, "in 2020", 53532) == own
    # Without the 2015 census's sources, the 2010 estimate is the figure of the day.
    census_sources = set(
        shipped.population.loc[shipped.population["year"] == 2015, "source_ids"]
        .str.split(";")
        .sum()
    )

    def independent(ids: str) -> str:
        return ";".join(s for s in ids.split(";") if s not in census_sources)

    without = check_population(
        shipped.population, so, "South Ossetia", day, "in 2020", 53532, independent
    )
    assert without.data_value == "30,000 (2010 estimate)" and without.verdict == "inaccurate"
