"""How far the record reaches on a day: the latest dated row a report can show.

Page 1 prints the day a territory's sources were checked through; where that is later than the
latest row shown, it also names the latest recorded event, so that a reader sees how current the
record is. Pure functions on the frames.
"""

from __future__ import annotations

from datetime import date

from breakaway.data.sourcing import known_rows
from breakaway.dates import known_on
from breakaway.knowledge.events import events_known
from breakaway.knowledge.facts_types import BriefingFacts
from breakaway.knowledge.recognition import recognitions_as_of


def latest_recorded_on(
    dataset, territory_id: str, as_of: date, events=None, recognitions=None
) -> str | None:
    """The ISO day of the latest event, statement or recognition known on ``as_of``.

    ``events`` and ``recognitions``, when given, are ``events_as_of`` (or ``events_known``) and
    ``recognitions_as_of`` of the same dataset, territory and day, which ``build_facts`` has
    already computed (read only here): the same answer without filtering the tables again.
    """
    days = []
    if events is None:
        events = events_known(dataset.events, territory_id, as_of)
    if not events.empty:
        days.append(events["known_on"].max())
    if dataset.statements is not None:
        # Only the days of the known rows: ``statements_as_of`` would also reveal their details
        # and sort them, which changes no day.
        statements = dataset.statements
        known = known_rows(
            statements[statements["territory_id"] == territory_id], "statements", as_of
        )
        if not known.empty:
            days.append(max(map(known_on, known["date"])))
    if recognitions is None:
        recognitions = recognitions_as_of(dataset.recognitions, territory_id, as_of)
    if not recognitions.empty and "recognized_on" in recognitions.columns:
        days.append(max(known_on(d) for d in recognitions["recognized_on"]))
    return max(days).isoformat() if days else None


def checked_through_of(facts: list[BriefingFacts]) -> str | None:
    """The earliest checked-through day of several territories (``None`` if one has none)."""
    days: list[str] = [day for f in facts if (day := f.get("checked_through"))]
    if not days or len(days) < len(facts):
        return None
    return min(days)
