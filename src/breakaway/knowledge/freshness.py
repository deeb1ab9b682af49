"""How fresh each territory's check of its sources is: standard library only (``validate``)."""

from __future__ import annotations

from datetime import date

# A check older than this before the run's day is stale: validate warns, reports say so.
STALE_AFTER_DAYS = 90


def stale_checks(territories: list[dict[str, str]], today: date) -> str:
    """One line naming each territory whose sources were checked through over 90 days ago.

    An empty ``checked_through`` counts as never checked. Returns ``""`` when all are fresh.
    """
    stale = []
    for row in territories:
        checked = (row.get("checked_through") or "").strip()
        if not checked:
            stale.append(f"{row['territory_id']} (no checked_through day)")
            continue
        age = (today - date.fromisoformat(checked)).days
        if age > STALE_AFTER_DAYS:
            stale.append(f"{row['territory_id']} ({age} days, through {checked})")
    if not stale:
        return ""
    return (
        f"sources checked more than {STALE_AFTER_DAYS} days before {today.isoformat()}: "
        + ", ".join(stale)
        + "; see territories.csv checked_through"
    )
