"""The timeline of a territory, as known on a given day. Pure functions on the events frame."""

from __future__ import annotations

from datetime import date

import pandas as pd

from breakaway.dates import known_by, known_on


def events_as_of(events: pd.DataFrame, territory_id: str, as_of: date) -> pd.DataFrame:
    """Events of a territory known on ``as_of``, oldest first.

    A span whose end lies after ``as_of`` is shown as ongoing: its ``end_date`` is blanked.
    """
    rows = events[events["territory_id"] == territory_id].copy()
    rows = rows.loc[known_by(rows["date"], as_of)]
    ended = known_by(rows["end_date"], as_of)
    rows["end_date"] = rows["end_date"].where(ended, "")
    rows["known_on"] = rows["date"].map(known_on)
    return rows.sort_values(["known_on", "date"], kind="stable").reset_index(drop=True)


def joining_russia_events(events: pd.DataFrame, territory_id: str, as_of: date) -> pd.DataFrame:
    """The events about joining or integrating with Russia known on ``as_of``."""
    rows = events_as_of(events, territory_id, as_of)
    return rows[rows["is_about_joining_russia"]].reset_index(drop=True)
