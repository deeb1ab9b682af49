"""What was known on a day, as a comparable snapshot, and what became known between two days.

Standard library only: the render plan compares today's snapshot of each report with its latest
edition's to decide whether a new edition is needed, without starting a kernel or importing
pandas; ``breakaway diff`` and the "Since the last edition" box list the same changes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import date

from breakaway.data.asof import NEVER, RawTables, read_raw_tables
from breakaway.data.registry import Roles
from breakaway.data.schema import split_ids
from breakaway.dates import known_on


@dataclass(frozen=True)
class Change:
    """One row that became known (or one end that did) between two days."""

    table: str
    date: str  # the row's own date, ISO (possibly partial)
    text: str  # what a reader is told, in one line
    source_ids: str

    def as_dict(self) -> dict:
        """The change as plain JSON types."""
        return asdict(self)


def _belongs(row: dict, territory: str | None) -> bool:
    return territory is None or row.get("territory_id") == territory


def _rows(tables: RawTables, name: str):
    """``(row, known_from, end_known_from)`` of each row of a table."""
    return (
        (row, start, end)
        for row, (start, end) in zip(tables.get(name, []), tables.known.get(name, []), strict=True)
    )


def shown_tables(tables: RawTables) -> list[str]:
    """The tables whose rows a report shows: every table that cites sources, but the sources."""
    return [
        name
        for name, rows in tables.items()
        if name != "sources" and (not rows or "source_ids" in rows[0])
    ]


def snapshot(tables: RawTables, territory: str | None, as_of: date) -> dict:
    """The rows (and ends) known on ``as_of`` for one territory (None: all), with their sources.

    Two days with equal snapshots give reports with the same content, but for the date itself.
    """
    days = dict(
        zip(
            (r["source_id"] for r in tables.get("sources", [])),
            (k for k, _ in tables.known.get("sources", [])),
            strict=True,
        )
    )
    known: dict[str, list] = {}
    cited: set[str] = set()
    for name in shown_tables(tables):
        rows = []
        for row, start, end in _rows(tables, name):
            if not _belongs(row, territory) or start > as_of:
                continue
            rows.append({**row, "_ended": end <= as_of})
            cited |= {s for s in split_ids(row.get("source_ids", "")) if days[s] <= as_of}
        known[name] = sorted(rows, key=lambda r: json.dumps(r, sort_keys=True))
    # The territories' own dates (independence, dissolution) change the story as they pass.
    for row in known.get("territories", []):
        for column in ("declared_independence_on", "dissolved_on"):
            row[f"_{column}_passed"] = bool(row.get(column)) and known_on(row[column]) <= as_of
    known["sources"] = sorted(
        (row for row in tables.get("sources", []) if row["source_id"] in cited),
        key=lambda r: r["source_id"],
    )
    return known


def digest(value: dict) -> str:
    """A stable hash of a snapshot."""
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()


def changes(tables: RawTables, territory: str | None, since: date, until: date) -> list[Change]:
    """The rows that became known after ``since`` and by ``until``, and the ends that did.

    Lists the tables whose roles say how to describe a row (``describe`` in the descriptor).
    """
    found = []
    for name, roles in tables.roles.items():
        if not roles.is_listed:
            continue
        for row, start, end in _rows(tables, name):
            if not _belongs(row, territory):
                continue
            if since < start <= until:
                found.append(Change(name, roles.own_date(row), describe(roles, row), _ids(row)))
            if end != NEVER and since < end <= until and start <= until:
                found.append(Change(name, roles.end(row), describe_end(roles, row), _ids(row)))
    return sorted(found, key=lambda c: (known_on(c.date), c.table, c.text))


def changes_between(data_dir, territory: str | None, since: date, until: date):
    """What became known after ``since`` and by ``until``, as a frame (for analysts)."""
    import pandas as pd  # the render plan imports this module and must stay fast

    found = changes(read_raw_tables(data_dir), territory, since, until)
    columns = ["table", "date", "text", "source_ids"]
    return pd.DataFrame([change.as_dict() for change in found], columns=columns)


def _ids(row: dict) -> str:
    return row.get("source_ids", "")


def describe(roles: Roles, row: dict) -> str:
    """A row in one line, as the edition box and ``breakaway diff`` print it."""
    return roles.describe_row(row)


def describe_end(roles: Roles, row: dict) -> str:
    """The end of a row in one line: a withdrawal, a recogniser that ceased, a span's end."""
    return roles.describe_row_end(row)
