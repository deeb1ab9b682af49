"""Which territories a briefing compares itself with: a bounded set, so runs grow linearly.

A briefing names at most ``MAX_PEERS`` territories beside its own: those with the same parent
state first, then those with the same patron, then the rest by name. With the four territories
of today that is all of them; with a thousand, each briefing still compares itself with a few.

The rule is written once, on plain rows (``choose_peer_ids``), so that the render plan can apply
it to the raw CSV rows without pandas: an edition's snapshot covers the same peers the briefing
shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

MAX_PEERS = 8


def _cell(row: Mapping, column: str) -> str:
    value = row.get(column, "")
    return value.strip() if isinstance(value, str) else ""


def choose_peer_ids(
    rows: Iterable[Mapping], territory_id: str, limit: int = MAX_PEERS
) -> list[str]:
    """The ids to compare ``territory_id`` with (itself included), in the rows' order.

    ``rows`` are the territories table's rows (CSV rows or frame records).
    """
    rows = list(rows)
    me = next(row for row in rows if _cell(row, "territory_id") == territory_id)
    ranked = sorted(
        rows,
        key=lambda row: (
            _cell(row, "territory_id") != territory_id,
            _cell(row, "parent_state_iso3") != _cell(me, "parent_state_iso3"),
            _cell(row, "patron_state_iso3") != _cell(me, "patron_state_iso3"),
            _cell(row, "name"),
        ),
    )
    chosen = {_cell(row, "territory_id") for row in ranked[:limit]}
    return [_cell(row, "territory_id") for row in rows if _cell(row, "territory_id") in chosen]


def choose_peers(territories: pd.DataFrame, territory_id: str, limit: int = MAX_PEERS) -> list[str]:
    """The ids to compare ``territory_id`` with (itself included), in territories.csv order."""
    return choose_peer_ids(territories.to_dict("records"), territory_id, limit)
