"""The roster of speakers is read from one filter of the statements table, not one per territory.

``people_known`` used to run ``statements_as_of`` (filter, reveal details, sort) for every
territory in turn, in every briefing; ``speakers_as_of`` filters once and keeps the same rows in
the same order. Unit tier: the shipped data and the tiny fixture data, in process.
"""

from __future__ import annotations

from datetime import date

from breakaway.knowledge.events import people_as_of, speakers_as_of, statements_as_of
from breakaway.report.speakers import is_person
from breakaway.report.voices import people_known

DAYS = [date(1990, 1, 1), date(1992, 7, 1), date(2008, 8, 20), date(2014, 6, 30)]
DAYS += [date(2022, 3, 31), date(2022, 5, 13), date(2024, 6, 30), date(2026, 12, 1)]


def roster_per_territory(statements, as_of, people=None) -> dict:
    """The roster as ``people_known`` built it before: ``statements_as_of`` territory by territory."""
    roster: dict = {}
    for territory in sorted(statements["territory_id"].unique()):
        for _, row in statements_as_of(statements, territory, as_of).iterrows():
            if is_person(row["speaker"]) and row.get("role"):
                roster.setdefault(row["speaker"], []).append((row["known_on"], row["role"]))
    for _, row in people_as_of(people, None, as_of).iterrows():
        if is_person(row["person"]):
            roster.setdefault(row["person"], []).append((row["known_on"], row["role"]))
    return roster


def test_the_speakers_are_each_territorys_statements_in_their_order(shipped):
    for day in DAYS:
        mine = speakers_as_of(shipped.statements, day)
        theirs = [
            statements_as_of(shipped.statements, territory, day)[["speaker", "role", "known_on"]]
            for territory in sorted(shipped.statements["territory_id"].unique())
        ]
        listed = [row for frame in theirs for row in frame.itertuples(index=False, name=None)]
        assert list(mine[["speaker", "role", "known_on"]].itertuples(index=False, name=None)) == (
            listed
        ), day


def test_the_roster_of_the_shipped_data_is_the_same_on_every_day(shipped):
    people = shipped.tables.get("people")
    named = 0
    for day in DAYS:
        roster = people_known(shipped.statements, day)
        assert roster == roster_per_territory(shipped.statements, day), day
        named += len(roster)
        # With people.csv: its people after the speakers, as before.
        with_people = people_known(shipped.statements, day, people)
        assert with_people == roster_per_territory(shipped.statements, day, people), day
    assert named > 20


def test_the_roster_of_hand_made_data_is_the_same(dataset):
    for day in (date(2022, 3, 29), date(2022, 3, 31), date(2026, 1, 1)):
        assert people_known(dataset.statements, day) == roster_per_territory(
            dataset.statements, day
        )
    assert people_known(dataset.statements, date(2026, 1, 1))  # not vacuous: Leader L is named


def test_no_statement_known_yet_is_an_empty_roster(shipped):
    assert speakers_as_of(shipped.statements, date(1800, 1, 1)).empty
    assert people_known(shipped.statements, date(1800, 1, 1)) == {}
