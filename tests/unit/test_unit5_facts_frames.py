"""``build_facts`` hands its own known events and recognitions to ``latest_recorded_on``.

The facts of a territory on a day used to filter the events and recognitions tables twice (once for
the figures, once again for the latest recorded day); now the second filter reuses the first's
frames. Unit tier: the shipped data, in process. The facts must be the same, key for key.
"""

from __future__ import annotations

from datetime import date

import pytest

from breakaway.knowledge import facts as facts_module
from breakaway.knowledge.events import events_as_of
from breakaway.knowledge.facts import build_facts
from breakaway.knowledge.recognition import recognitions_as_of
from breakaway.knowledge.record import latest_recorded_on

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

    now = [compute(shipped, territory, day) for day in DAYS]
    monkeypatch.setattr(facts_module, "latest_recorded_on", from_the_tables)
    assert [compute(shipped, territory, day) for day in DAYS] == now
