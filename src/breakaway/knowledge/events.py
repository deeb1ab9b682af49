"""The timeline of a territory, as known on a given day. Pure functions on the events frame."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd

from breakaway.data.details import reveal_details
from breakaway.data.sourcing import end_known, known_rows
from breakaway.dates import known_on


def events_as_of(events: pd.DataFrame, territory_id: str, as_of: date) -> pd.DataFrame:
    """Events of a territory known on ``as_of``, oldest first.

    A span whose end lies after ``as_of`` is shown as ongoing: its ``end_date`` is blanked. A
    description's ``detail`` is added only once one of its own sources is public by ``as_of``.
    """
    rows = known_rows(events[events["territory_id"] == territory_id], "events", as_of)
    rows = reveal_details(rows, "events", as_of)
    ended = end_known(rows, "events", as_of)
    rows["end_date"] = rows["end_date"].where(ended, "")
    rows["known_on"] = rows["date"].map(known_on)
    return rows.sort_values(["known_on", "date"], kind="stable").reset_index(drop=True)


def events_known(events: pd.DataFrame, territory_id: str, as_of: date) -> pd.DataFrame:
    """The rows of ``events_as_of`` with their ``known_on``, for counting and dating them only.

    Neither sorted nor with details revealed or later ends blanked, which changes no count, date,
    category or direction: ``build_facts`` reads no more of them.
    """
    rows = known_rows(events[events["territory_id"] == territory_id], "events", as_of)
    return rows.assign(known_on=rows["date"].map(known_on))


def joining_patron_events(events: pd.DataFrame, territory_id: str, as_of: date) -> pd.DataFrame:
    """The steps towards joining or integrating with the patron state known on ``as_of``."""
    return steps_towards_patron(events_as_of(events, territory_id, as_of))


def statements_as_of(statements: pd.DataFrame | None, territory_id: str, as_of: date):
    """Statements about a territory known on ``as_of`` (said and reported by then), latest first."""
    if statements is None:
        return pd.DataFrame(columns=["date", "speaker", "side", "topic", "paraphrase", "quote"])
    rows = statements[statements["territory_id"] == territory_id]
    rows = reveal_details(known_rows(rows, "statements", as_of), "statements", as_of)
    rows["known_on"] = rows["date"].map(known_on)
    return rows.sort_values(["known_on", "statement_id"], ascending=False).reset_index(drop=True)


def speakers_as_of(statements: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """Who spoke, in what role, known on ``as_of``: ``statements_as_of`` of every territory at once.

    The rows, in order, of ``statements_as_of`` for each territory in turn (territories sorted),
    with only the columns a roster reads (``speaker``, ``role``, ``known_on``): one filter of the
    table instead of one per territory, and no detail revealed (it changes no speaker or role).
    """
    rows = known_rows(statements, "statements", as_of)
    rows = rows.assign(known_on=rows["date"].map(known_on))
    parts = [
        rows[rows["territory_id"] == territory].sort_values(
            ["known_on", "statement_id"], ascending=False
        )
        for territory in sorted(statements["territory_id"].unique())
    ]
    columns = [c for c in ("territory_id", "speaker", "role", "known_on") if c in rows.columns]
    if not parts:
        return rows[columns].reset_index(drop=True)
    return pd.concat(parts)[columns].reset_index(drop=True)


def people_as_of(people: pd.DataFrame | None, territory_id: str | None, as_of: date):
    """People's roles known on ``as_of`` (``people.csv``), latest first; every territory's if None.

    These are the people the events name who have no statement of their own: a report names
    them in full and with the role a source of the day gives them, as it does a speaker.
    """
    if people is None or people.empty:
        return pd.DataFrame(columns=["territory_id", "person", "role", "role_on", "known_on"])
    rows = people if territory_id is None else people[people["territory_id"] == territory_id]
    rows = known_rows(rows, "people", as_of).copy()
    rows["known_on"] = rows["role_on"].map(known_on)
    return rows.sort_values(["known_on", "person"], ascending=False).reset_index(drop=True)


def steps_towards_patron(events: pd.DataFrame) -> pd.DataFrame:
    """Steps towards the patron among known events: only rows marked ``towards_patron``.

    A suspension, postponement, rejection or step back (``away_from_patron``) is not a step
    towards; it stays in the timeline and is told as what it is (see ``steps_back``).
    """
    return events[_direction(events) == "towards_patron"].reset_index(drop=True)


def steps_back(events: pd.DataFrame) -> pd.DataFrame:
    """Suspensions, postponements, rejections and steps back from the patron among known events."""
    return events[_direction(events) == "away_from_patron"].reset_index(drop=True)


def _direction(events: pd.DataFrame) -> pd.Series:
    if "direction" not in events.columns:
        return pd.Series("", index=events.index, dtype=object)
    return events["direction"].fillna("")


def timeline_lanes(events: pd.DataFrame) -> pd.DataFrame:
    """Events with the lane each is drawn in: the referendum lane holds only votes held.

    A vote called off, postponed or suspended (``away_from_patron``) is a political decision, not
    a vote: it is drawn among politics.
    """
    rows = events.copy()
    called_off = (rows["category"] == "referendum") & (_direction(rows) == "away_from_patron")
    rows.loc[called_off, "category"] = "politics"
    return rows


# The steps that made a territory what it is: changes of status and the wars (spans).
KEY_STEP_CATEGORIES = frozenset({"status"})
# Told in their own sections (joining the patron, the war in Ukraine), not among the key steps.
OWN_SECTION_TOPICS = frozenset({"joining_patron", "war_in_ukraine"})


WAR_WORDS = re.compile(r"\b(?:war|conflict)\b", re.IGNORECASE)


def is_war(events: pd.DataFrame) -> pd.Series:
    """Which events are wars.

    A conflict event with a span (an end known on the day), or one whose title calls it a war or
    a conflict (still going on, or its end recorded as an event of its own).
    """
    empty = pd.Series("", index=events.index)
    ends = events.get("end_date", empty).fillna("")
    titles = events.get("title", empty).fillna("").astype(str)
    named = titles.str.contains(WAR_WORDS, regex=True)
    return (events["category"] == "conflict") & ((ends != "") | named)


def is_war_row(event) -> bool:
    """``is_war`` for one event (a row or a mapping): the lead asks it of every news item."""
    if event.get("category") != "conflict":
        return False
    end, title = event.get("end_date"), event.get("title")
    has_end = isinstance(end, str) and end != ""
    return has_end or (isinstance(title, str) and WAR_WORDS.search(title) is not None)


def key_steps(events: pd.DataFrame) -> pd.DataFrame:
    """Among known events, the key steps: status changes and wars, oldest first.

    A war is as ``is_war`` says. Steps towards or away from the patron, and anything about the
    war in Ukraine, are left to their own sections.
    """
    if events.empty:
        return events
    is_status = events["category"].isin(KEY_STEP_CATEGORIES)
    own_section = events["topic"].isin(OWN_SECTION_TOPICS) | (_direction(events) != "")
    return events[(is_status | is_war(events)) & ~own_section].reset_index(drop=True)
