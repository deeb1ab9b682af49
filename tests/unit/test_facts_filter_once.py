"""``build_facts`` filters each table once: known events and recognitions, status rows.

The facts of a territory on a day used to filter the events and recognitions tables twice (once for
the figures, once again for the latest recorded day); now the second filter reuses the first's
frames. Unit tier: the shipped data, in process. The facts must be the same, key for key.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from breakaway.dates import known_on
from breakaway.knowledge import facts as facts_module
from breakaway.knowledge.events import events_as_of
from breakaway.knowledge.facts import build_facts
from breakaway.knowledge.recognition import recognitions_as_of
from breakaway.knowledge.record import latest_recorded_on
from breakaway.knowledge.status import (
    describe_status,
    lost_control_on,
    status_facts_source_ids,
    status_on,
    status_rows_as_of,
    status_source_ids,
)

DAYS = [date(1991, 1, 1), date(1992, 7, 1), date(2008, 8, 20), date(2022, 5, 13), date(2026, 12, 1)]


def test_the_latest_day_is_the_same_from_the_frames_as_from_the_tables(shipped):
    checked = 0
    for territory in shipped.territory_ids:
        for day in DAYS:
            events = events_as_of(shipped.events, territory, day)
            recognitions = recognitions_as_of(shipped.recognitions, territory, day)
            before = (events.copy(), recognitions.copy())
            given = latest_recorded_on(shipped, territory, day, events, recognitions)
            assert given == latest_recorded_on(shipped, territory, day), (territory, day)
            # Read only: the caller's frames come back as they were.
            assert events.equals(before[0]) and recognitions.equals(before[1])
            checked += given is not None
    assert checked >= 10


def test_frames_of_another_day_give_that_days_answer(shipped):
    """The frames given are the ones read (so a wrong frame would show)."""
    early, late = date(1992, 7, 1), date(2026, 12, 1)
    events = events_as_of(shipped.events, "south-ossetia", late)
    recognitions = recognitions_as_of(shipped.recognitions, "south-ossetia", late)
    answer = latest_recorded_on(shipped, "south-ossetia", early, events, recognitions)
    assert answer != latest_recorded_on(shipped, "south-ossetia", early)


@pytest.mark.parametrize(
    "territory", ["south-ossetia", "abkhazia", "transnistria", "nagorno-karabakh"]
)
def test_the_facts_are_those_of_the_tables_filtered_again(shipped, monkeypatch, territory):
    """Every key of the facts, with and without the frames handed on, on days across the record."""
    compute = build_facts.__wrapped__  # not the per-process memo: both sides computed here

    def from_the_tables(dataset, territory_id, as_of, *_frames):
        return latest_recorded_on(dataset, territory_id, as_of)

    days = DAYS[1::2]  # the wars of the 1990s, the August war, the latest data
    now = [compute(shipped, territory, day) for day in days]
    monkeypatch.setattr(facts_module, "latest_recorded_on", from_the_tables)
    assert [compute(shipped, territory, day) for day in days] == now


def _status_days(shipped, territory: str) -> list[date]:
    """Each day a territory's status row takes effect or becomes known, and the day before."""
    rows = shipped.status[shipped.status["territory_id"] == territory]
    days = {date(2000, 1, 1)}
    for column in ("status_on", "known_from"):
        for cell in rows[column]:
            if cell and str(cell) not in ("", "NaT"):
                day = cell if isinstance(cell, date) else known_on(str(cell))
                if date(1900, 1, 1) < day < date(2100, 1, 1):
                    days |= {day, day - timedelta(days=1)}
    return sorted(days)


def test_the_status_of_the_day_is_the_row_in_force_and_its_history(shipped):
    """``describe_status`` filters the status rows once; it must say what the one-question
    functions say (``status_on``, ``status_rows_as_of``, ``lost_control_on``) on every day the
    series changes and the day before."""
    changed = lost = 0
    for territory in shipped.territory_ids:
        for day in _status_days(shipped, territory):
            facts = describe_status(shipped, territory, day, True)
            row = status_on(shipped.status, territory, day)
            rows = status_rows_as_of(shipped.status, territory, day)
            where = (territory, day)
            assert len(facts["status_history"]) == len(rows), where
            assert facts["lost_control_on"] == lost_control_on(shipped.status, territory, day), (
                where
            )
            if row is None:
                assert facts["status_on"] is None, where
                continue
            assert (facts["status_code"], facts["status_on"]) == (row["status"], row["status_on"])
            assert (facts["capital"], facts["status_change"]) == (row["capital"], row["change"])
            assert facts["status_history"][-1]["status_on"] == row["status_on"], where
            changed += len(rows) > 1
            lost += facts["lost_control_on"] is not None
    assert changed > 20 and lost > 0, (changed, lost)


def test_the_status_sources_are_those_of_the_row_in_force_and_the_changes_announced(shipped):
    """``build_facts`` reads the status sources from ``describe_status``'s facts, not a new filter."""
    pending = 0
    for territory in shipped.territory_ids:
        for day in _status_days(shipped, territory):
            standing = describe_status(shipped, territory, day, True)
            assert status_facts_source_ids(standing) == status_source_ids(
                shipped, territory, day
            ), (territory, day)
            pending += bool(standing["pending_status"])
    assert pending  # a change announced ahead is among the days (not vacuous)
