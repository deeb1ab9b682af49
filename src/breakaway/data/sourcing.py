"""The as-of rule on frames: the ``known_from`` pair as columns, and the filters that read them.

Loading adds ``known_from`` (and ``end_known_from`` where the table has an end date) to every
table, from ``asof.row_known_from``; every as-of query (the view in ``load.py`` and the functions
in ``knowledge/``) then filters with one comparison through ``known_rows`` and ``end_known``.
A frame built by hand (tests) without those columns gets them from its own dates alone, as if
every source had been published.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from breakaway.data.asof import END_KNOWN_FROM, KNOWN_FROM, NEVER, row_known_from
from breakaway.data.columns import records
from breakaway.data.registry import Roles
from breakaway.data.schema import project_roles, split_ids
from breakaway.dates import known_on


def add_known_from(frame: pd.DataFrame, roles: Roles, days: dict[str, date]) -> pd.DataFrame:
    """``frame`` with ``known_from`` (and ``end_known_from`` where the table has an end date)."""
    pairs = [row_known_from(roles, row, days) for row in records(frame, _read_by_rule(roles))]
    frame[KNOWN_FROM] = pd.Series([p[0] for p in pairs], index=frame.index, dtype=object)
    if roles.end_date in frame.columns:
        frame[END_KNOWN_FROM] = pd.Series([p[1] for p in pairs], index=frame.index, dtype=object)
    return frame


def sources_known_from(sources: pd.DataFrame) -> dict[str, date]:
    """Each source's ``known_from`` (publication day), by source id."""
    sources = _with_known_from(sources, "sources")
    return dict(zip(sources["source_id"], sources[KNOWN_FROM], strict=True))


def has_source_by(rows: pd.DataFrame, sources: pd.DataFrame, as_of: date) -> pd.Series:
    """Which rows cite a source published by ``as_of``, whatever their own date.

    Only for a date set in advance (a vote scheduled for a later day): the source that announced
    it is known before the day itself. Everything else uses ``known_rows``.
    """
    days = sources_known_from(sources)
    cited = rows["source_ids"].map(
        lambda ids: any(days.get(s, NEVER) <= as_of for s in split_ids(ids))
    )
    return cited.astype(bool)


def known_rows(rows: pd.DataFrame, table: str, as_of: date) -> pd.DataFrame:
    """The rows of ``table`` known on ``as_of``."""
    rows = _with_known_from(rows, table)
    return rows.loc[(rows[KNOWN_FROM] <= as_of).astype(bool)]


def end_known(rows: pd.DataFrame, table: str, as_of: date) -> pd.Series:
    """Which rows' ends (withdrawal, end of a span) are known on ``as_of``."""
    rows = _with_known_from(rows, table)
    if END_KNOWN_FROM not in rows.columns:
        return pd.Series(False, index=rows.index, dtype=bool)
    return (rows[END_KNOWN_FROM] <= as_of).astype(bool)


def blank_unknown_ends(rows: pd.DataFrame, roles: Roles, as_of: date) -> pd.DataFrame:
    """A copy of known rows with each end not yet known on ``as_of`` blanked (an ongoing span)."""
    rows = rows.copy()
    if roles.end_date in rows.columns:
        rows[roles.end_date] = rows[roles.end_date].where(end_known(rows, roles.table, as_of), "")
    return rows


def _with_known_from(rows: pd.DataFrame, table: str) -> pd.DataFrame:
    if KNOWN_FROM in rows.columns:
        return rows
    roles = project_roles().get(table, Roles(table))
    if "source_ids" not in rows.columns:
        return add_known_from(rows.copy(), roles, {})
    # Built by hand: the rule's own-date half only, as if every source had been published.
    rows_read = records(rows, _read_by_rule(roles))
    starts = [known_on(own) if (own := roles.own_date(r)) else date.min for r in rows_read]
    ends = [known_on(end) if (end := roles.end(r)) else NEVER for r in rows_read]
    return rows.assign(
        **{
            KNOWN_FROM: pd.Series(starts, index=rows.index, dtype=object),
            END_KNOWN_FROM: pd.Series(ends, index=rows.index, dtype=object),
        }
    )


def _read_by_rule(roles: Roles) -> tuple[str | None, ...]:
    # The columns ``row_known_from`` reads: a row's own dates, and whether it cites sources.
    return (roles.released, roles.date, roles.end_date, "source_ids")
