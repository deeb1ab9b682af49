"""Words for each status in ``status.csv``; standard library only (the render plan reads it)."""

from __future__ import annotations

# How the key facts, the index and the comparison name each status.
STATUS_LABELS = {
    "soviet_autonomy": "autonomous region",
    "proclaimed_republic": "self-proclaimed republic, control contested",
    "declared_independence": "declared independence, control contested",
    "de_facto_independent": "de facto independent",
    "under_parent_control": "under {controlled_by} control",
    "dissolved": "dissolved",
}
# Statuses in which the territory is no longer held by its own de facto authorities.
NOT_SELF_GOVERNED = frozenset({"under_parent_control", "dissolved"})
# Statuses in which the territory governs itself.
SELF_GOVERNED = frozenset({"de_facto_independent"})


def status_label(row) -> str:
    """``de facto independent``; ``under Azerbaijan control`` (unescaped)."""
    return STATUS_LABELS[row["status"]].format(controlled_by=row["controlled_by"])
