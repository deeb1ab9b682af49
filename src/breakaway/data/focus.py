"""Keep only the rows one report needs: those of a few territories, before any frame is built.

A briefing reads its own territory and a bounded set of peers. Building frames, typing columns and
dating every row's sources for all territories would make each report's cost grow with the number
of territories in the data, so loading drops the other territories' rows first. ``territories``
keeps every row (one per territory; peers are chosen from it), and ``sources`` is not per
territory. This module must not choose the territories: the caller passes them.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace

from breakaway.data.problems import RawTable

# Tables that list every territory, and stay whole.
WHOLE = frozenset({"territories"})


def rows_of_territories(
    raw_tables: dict[str, RawTable], territory_ids: Collection[str]
) -> dict[str, RawTable]:
    """``raw_tables`` with only the rows of ``territory_ids`` in every per-territory table.

    A table is per territory when it has a ``territory_id`` column. Events named by a kept
    claim (its ``subject``) are kept too, whichever territory they belong to, so that checking
    the claim sees the same events as with the whole data.
    """
    keep = set(territory_ids)
    focused = {
        name: _only(raw, lambda row: row.get("territory_id") in keep)
        if name not in WHOLE and "territory_id" in raw.header
        else raw
        for name, raw in raw_tables.items()
    }
    if "events" in focused and "claims" in focused:
        subjects = {row.get("subject", "") for row in focused["claims"].rows} - {""}
        events = raw_tables["events"]
        focused["events"] = _only(
            events,
            lambda row: row.get("territory_id") in keep or row.get("event_id") in subjects,
        )
    return focused


def _only(raw: RawTable, wanted) -> RawTable:
    pairs = [(row, line) for row, line in zip(raw.rows, raw.lines, strict=True) if wanted(row)]
    return replace(raw, rows=[row for row, _ in pairs], lines=[line for _, line in pairs])
