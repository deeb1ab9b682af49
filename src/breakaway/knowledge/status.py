"""A territory's status on a day, from the dated series in ``status.csv``. Pure functions.

The status (autonomy, proclaimed republic, de facto independence, the parent state's control,
dissolution), who holds the territory, its capital and area change over time. The row in force on
D is the latest one whose ``status_on`` is on or before D and which a source published by D
supports; a change decided in advance (``announced_on``, a decree with a later effective day) is
*pending* between its announcement and its effect, and the report speaks of it in the future tense.
This module decides; it writes no prose beyond the short status labels.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from breakaway.data.sourcing import known_rows
from breakaway.dates import known_on
from breakaway.knowledge.facts_types import StatusFacts
from breakaway.knowledge.status_labels import NOT_SELF_GOVERNED, status_label


def status_rows_as_of(status: pd.DataFrame | None, territory_id: str, as_of: date) -> pd.DataFrame:
    """A territory's status rows in force by ``as_of`` (own date and a source), oldest first."""
    if status is None or status.empty:
        return pd.DataFrame(columns=["territory_id", "status_on", "status", "source_ids"])
    # Known (announced, or in force, and sourced) by then, and in force: its own day has come.
    rows = known_rows(status[status["territory_id"] == territory_id], "status", as_of)
    rows = rows.loc[_passed(rows["status_on"], as_of)]
    return rows.sort_values("status_on", kind="stable").reset_index(drop=True)


def status_on(status: pd.DataFrame | None, territory_id: str, as_of: date) -> pd.Series | None:
    """The status row in force on ``as_of``, or ``None`` when the record holds none by then."""
    rows = status_rows_as_of(status, territory_id, as_of)
    return None if rows.empty else rows.iloc[-1]


def pending_changes(status: pd.DataFrame | None, territory_id: str, as_of: date) -> pd.DataFrame:
    """Changes announced by ``as_of`` (and sourced by then) that take effect after it."""
    if status is None or status.empty or "announced_on" not in status.columns:
        return pd.DataFrame(columns=["status_on", "announced_on", "status", "source_ids"])
    rows = status[(status["territory_id"] == territory_id) & (status["announced_on"] != "")]
    # The registry counts an announced change from its announcement (and its first source).
    rows = known_rows(rows, "status", as_of)
    rows = rows.loc[~_passed(rows["status_on"], as_of)]
    return rows.sort_values("status_on", kind="stable").reset_index(drop=True)


def _in_force_and_pending(
    status: pd.DataFrame | None, territory_id: str, as_of: date
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``status_rows_as_of`` and ``pending_changes`` of one day, from one filter of the table.

    A row is known or not whichever of the two asks, so the territory's known rows are split by
    whether their day has come: in force, or (announced) pending.
    """
    if status is None or status.empty or "announced_on" not in status.columns:
        return (
            status_rows_as_of(status, territory_id, as_of),
            pending_changes(status, territory_id, as_of),
        )
    known = known_rows(status[status["territory_id"] == territory_id], "status", as_of)
    passed = _passed(known["status_on"], as_of)
    parts = (known.loc[passed], known.loc[~passed & (known["announced_on"] != "")])
    return tuple(p.sort_values("status_on", kind="stable").reset_index(drop=True) for p in parts)


def _passed(days: pd.Series, as_of: date) -> pd.Series:
    """Which (possibly partial) dates are over by ``as_of`` (a partial date at its period's end)."""
    return days.map(lambda day: known_on(str(day)) <= as_of).astype(bool)


def lost_control_on(status: pd.DataFrame | None, territory_id: str, as_of: date) -> str | None:
    """The day, known on ``as_of``, from which the de facto authorities no longer held it."""
    return _lost_control(status_rows_as_of(status, territory_id, as_of))


def _lost_control(rows: pd.DataFrame) -> str | None:
    """``lost_control_on`` from the status rows in force by the day (``status_rows_as_of``)."""
    if rows.empty or rows.iloc[-1]["status"] not in NOT_SELF_GOVERNED:
        return None
    held = [i for i, value in enumerate(rows["status"]) if value not in NOT_SELF_GOVERNED]
    return str(rows.iloc[held[-1] + 1 if held else 0]["status_on"])


def describe_status(
    dataset, territory_id: str, as_of: date, is_declared: bool, territory: pd.Series | None = None
) -> StatusFacts:
    """The status facts of a territory on ``as_of``: label, control, capital, area, pending change.

    Without a status row known by then, the territories row decides as before: de facto
    independent once its declaration is known, otherwise an autonomous region. ``territory`` is
    that row when the caller has it already (``dataset.territory(territory_id)``).
    """
    if territory is None:
        territory = dataset.territory(territory_id)
    # The rows in force and those pending, filtered once: the row of the day is the last.
    rows, pending = _in_force_and_pending(dataset.status, territory_id, as_of)
    row = None if rows.empty else rows.iloc[-1]
    facts: StatusFacts = {
        "capital": territory["capital"],
        "area_km2": int(territory["area_km2"]),
        "status": "de facto independent" if is_declared else "autonomous region",
        "status_code": "de_facto_independent" if is_declared else "",
        "status_on": None,
        "controlled_by": None,
        "status_change": None,
        "status_caveat": None,
        "dissolved_on": None,
        "lost_control_on": None,
        "status_history": [],
        "pending_status": [
            {
                "status": p["status"],
                "status_label": status_label(p),
                "status_on": p["status_on"],
                "announced_on": p["announced_on"],
                "source_ids": p["source_ids"],
            }
            for _, p in pending.iterrows()
        ],
    }
    if row is None:
        return facts
    facts["status_history"] = [
        {
            "status_on": r["status_on"],
            "status": r["status"],
            "change": r["change"],
            "caveat": r["caveat"],
            "source_ids": r["source_ids"],
        }
        for _, r in rows.iterrows()
    ]
    facts["capital"] = row["capital"]
    facts["area_km2"] = int(row["area_km2"])
    facts["status"] = status_label(row)
    facts["status_code"] = row["status"]
    facts["status_on"] = row["status_on"]
    facts["controlled_by"] = row["controlled_by"]
    facts["status_change"] = row["change"]
    facts["status_caveat"] = row["caveat"] or None
    facts["lost_control_on"] = _lost_control(rows)
    if row["status"] == "dissolved":
        facts["dissolved_on"] = rows[rows["status"] == "dissolved"].iloc[0]["status_on"]
    return facts


def status_source_ids(dataset, territory_id: str, as_of: date) -> str:
    """Sources of the status row in force on ``as_of`` and of any change announced by then."""
    row = status_on(dataset.status, territory_id, as_of)
    pending = pending_changes(dataset.status, territory_id, as_of)
    cells = ([row["source_ids"]] if row is not None else []) + list(pending["source_ids"])
    return ";".join(cells)


def status_facts_source_ids(standing: StatusFacts) -> str:
    """``status_source_ids`` read from ``describe_status``'s facts of the same day (no new filter).

    The row in force is the last of the history; the changes announced are the pending ones.
    """
    history = standing["status_history"]
    cells = [history[-1]["source_ids"]] if history else []
    return ";".join(cells + [p["source_ids"] for p in standing["pending_status"]])
