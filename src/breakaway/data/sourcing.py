"""When each row became citable: the first day one of its sources had been published.

The as-of rule: a row is known on day D when its own date is on or before D *and* at least one of
its sources was published by D. Loading adds the source half as date columns, so that every
as-of query in ``knowledge/`` applies the same rule with one comparison:

- ``sourced_on``: the earliest publication day (end of a partial period) among the row's sources;
- ``end_sourced_on`` (recognitions' ``withdrawn_on``, events' ``end_date``): the same among the
  sources published on or after that end, so a withdrawal is shown only once it was reported.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from breakaway.data.schema import split_ids
from breakaway.dates import known_on, parse_partial_date

NEVER = date.max
END_COLUMNS = {"recognitions": "withdrawn_on", "events": "end_date"}


def source_days(sources: pd.DataFrame) -> dict[str, date]:
    """Each source's publication day (a partial date counts from the end of its period)."""
    return {
        row.source_id: known_on(row.published_on) if row.published_on else NEVER
        for row in sources.itertuples()
    }


def add_sourcing(name: str, frame: pd.DataFrame, days: dict[str, date]) -> pd.DataFrame:
    """``frame`` with ``sourced_on`` (and ``end_sourced_on`` where the table has an end date)."""
    if "source_ids" not in frame.columns:
        return frame
    published = frame["source_ids"].map(lambda ids: [days.get(s, NEVER) for s in split_ids(ids)])
    frame["sourced_on"] = published.map(lambda found: min(found, default=NEVER))
    end_column = END_COLUMNS.get(name)
    if end_column in frame.columns:
        frame["end_sourced_on"] = [
            min((d for d in found if d >= parse_partial_date(end).start), default=NEVER)
            if end
            else NEVER
            for found, end in zip(published, frame[end_column], strict=True)
        ]
    return frame


def sourced_by(rows: pd.DataFrame, as_of: date, column: str = "sourced_on") -> pd.Series:
    """Which rows had a source published by ``as_of`` (all of them, for frames built by hand)."""
    if column not in rows.columns:
        return pd.Series(True, index=rows.index, dtype=bool)
    return (rows[column] <= as_of).astype(bool)
