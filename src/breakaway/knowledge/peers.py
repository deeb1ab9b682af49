"""Which territories a briefing compares itself with: a bounded set, so runs grow linearly.

A briefing names at most ``MAX_PEERS`` territories beside its own: those with the same parent
state first, then those with the same patron, then the rest by name. With the four territories
of today that is all of them; with a thousand, each briefing still compares itself with a few.
"""

from __future__ import annotations

import pandas as pd

MAX_PEERS = 8


def choose_peers(territories: pd.DataFrame, territory_id: str, limit: int = MAX_PEERS) -> list[str]:
    """The ids to compare ``territory_id`` with (itself included), in territories.csv order."""
    me = territories.set_index("territory_id").loc[territory_id]
    ranked = sorted(
        territories.itertuples(),
        key=lambda row: (
            row.territory_id != territory_id,
            row.parent_state_iso3 != me["parent_state_iso3"],
            getattr(row, "patron_state_iso3", "") != me.get("patron_state_iso3", ""),
            row.name,
        ),
    )
    chosen = {row.territory_id for row in ranked[:limit]}
    return [t for t in territories["territory_id"] if t in chosen]
