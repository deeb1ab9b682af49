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

from breakaway.data.asof import NEVER, end_known_from, known_from, publication_days
from breakaway.data.schema import split_ids
from breakaway.dates import format_date, known_on
from breakaway.knowledge.status_labels import status_label

# The tables whose rows a report shows, in the order changes are listed.
TABLES = (
    "events",
    "recognitions",
    "population",
    "statements",
    "indicators",
    "claims",
    "status",
)


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


def snapshot(tables: dict[str, list[dict]], territory: str | None, as_of: date) -> dict:
    """The rows (and ends) known on ``as_of`` for one territory (None: all), with their sources.

    Two days with equal snapshots give reports with the same content, but for the date itself.
    """
    days = publication_days(tables.get("sources", []))
    known: dict[str, list] = {}
    cited: set[str] = set()
    for name in ("territories", *TABLES):
        rows = []
        for row in tables.get(name, []):
            if not _belongs(row, territory) or known_from(name, row, days) > as_of:
                continue
            ended = end_known_from(name, row, days) <= as_of
            rows.append({**row, "_ended": ended})
            cited |= {s for s in split_ids(row.get("source_ids", "")) if days[s] <= as_of}
        known[name] = sorted(rows, key=lambda r: json.dumps(r, sort_keys=True))
    # The territories' own dates (independence, dissolution) change the story as they pass.
    for row in known["territories"]:
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


def changes(
    tables: dict[str, list[dict]], territory: str | None, since: date, until: date
) -> list[Change]:
    """The rows that became known after ``since`` and by ``until``, and the ends that did."""
    days = publication_days(tables.get("sources", []))
    found = []
    for name in TABLES:
        for row in tables.get(name, []):
            if not _belongs(row, territory):
                continue
            start = known_from(name, row, days)
            if since < start <= until:
                found.append(Change(name, _own_date(name, row), describe(name, row), _ids(row)))
            end = end_known_from(name, row, days)
            if end != NEVER and since < end <= until and start <= until:
                found.append(Change(name, _end_date(name, row), describe_end(name, row), _ids(row)))
    return sorted(found, key=lambda c: (known_on(c.date), c.table, c.text))


def _ids(row: dict) -> str:
    return row.get("source_ids", "")


def _own_date(table: str, row: dict) -> str:
    if table in ("population", "indicators"):
        return row.get("published_on") or str(row["year"])
    if table == "status":
        return row.get("announced_on") or row["status_on"]
    return row[{"recognitions": "recognized_on", "claims": "claimed_on"}.get(table, "date")]


def _end_date(table: str, row: dict) -> str:
    return row["withdrawn_on"] if table == "recognitions" else row["end_date"]


def describe(table: str, row: dict) -> str:
    """A row in one line, as the edition box and ``breakaway diff`` print it."""
    if table == "events":
        return row["title"]
    if table == "recognitions":
        return f"Recognised by {row['recognizer']}"
    if table == "population":
        group = "total population" if row["group"] == "total" else row["group"]
        return f"{row['year']} {row['kind']}: {group} {int(row['population']):,}"
    if table == "statements":
        return f"{row['speaker']}: {row['paraphrase']}"
    if table == "indicators":
        label = row["indicator"].replace("_", " ").capitalize()
        return f"{label}: {row['value']} {row['unit']} ({row['year']})"
    if table == "status":
        if row.get("announced_on"):
            when = format_date(row["status_on"])
            return f"Status change announced for {when}: {status_label(row)}"
        return row["change"]
    # The claim column is our paraphrase: never in quotation marks.
    return f"Press claim checked ({row['publisher']}): {row['claim']}"


def describe_end(table: str, row: dict) -> str:
    """The end of a row in one line: a withdrawal, a recogniser that ceased, a span's end."""
    if table == "recognitions":
        if row.get("end_reason") == "recognizer_ceased":
            return f"{row['recognizer']} ceased to exist; its recognition ended"
        return f"{row['recognizer']} withdrew its recognition"
    return f"{row['title']}: ended"
