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

from breakaway.data.asof import END_COLUMNS, end_sourced_on, publication_days, sourced_on


def source_days(sources: pd.DataFrame) -> dict[str, date]:
    """Each source's publication day (a partial date counts from the end of its period)."""
    return publication_days(sources[["source_id", "published_on"]].to_dict("records"))


def add_sourcing(name: str, frame: pd.DataFrame, days: dict[str, date]) -> pd.DataFrame:
    """``frame`` with ``sourced_on`` (and ``end_sourced_on`` where the table has an end date)."""
    if "source_ids" not in frame.columns:
        return frame
    frame["sourced_on"] = frame["source_ids"].map(lambda ids: sourced_on(ids, days))
    end_column = END_COLUMNS.get(name)
    if end_column in frame.columns:
        frame["end_sourced_on"] = [
            end_sourced_on(ids, end, days)
            for ids, end in zip(frame["source_ids"], frame[end_column], strict=True)
        ]
    return frame


def sourced_by(rows: pd.DataFrame, as_of: date, column: str = "sourced_on") -> pd.Series:
    """Which rows had a source published by ``as_of`` (all of them, for frames built by hand)."""
    if column not in rows.columns:
        return pd.Series(True, index=rows.index, dtype=bool)
    return (rows[column] <= as_of).astype(bool)
