"""The as-of rule for one row, with the standard library alone.

A row is known on day D when its own date is on or before D and one of its sources was published
by D; an end (``withdrawn_on``, ``end_date``) is known once a source published on or after it
exists. Loading (``sourcing.py``) applies this to frames; the render plan and ``breakaway diff``
apply it to raw rows, so that deciding whether anything changed needs no pandas.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from breakaway.data.safety import read_regular_file
from breakaway.data.schema import read_tables, split_ids
from breakaway.dates import known_on, parse_partial_date

NEVER = date.max
# The column holding each table's own date; population and indicators count from publication.
DATE_COLUMNS = {
    "recognitions": "recognized_on",
    "events": "date",
    "statements": "date",
    "claims": "claimed_on",
}
END_COLUMNS = {"recognitions": "withdrawn_on", "events": "end_date"}


def read_raw_tables(data_dir: Path) -> dict[str, list[dict[str, str]]]:
    """Every table of a (validated) data folder as rows of text.

    Read as validation reads them: regular files only, no symbolic link, within the size limit,
    a UTF-8 byte-order mark allowed.
    """
    tables = {}
    for name, table in read_tables(Path(data_dir)).items():
        path = Path(data_dir) / table.path
        if path.is_file() or path.is_symlink():
            content = read_regular_file(path, str(path)).decode("utf-8-sig")
            tables[name] = list(csv.DictReader(io.StringIO(content, newline="")))
    return tables


def publication_days(sources: list[dict[str, str]]) -> dict[str, date]:
    """Each source's publication day (a partial date counts from the end of its period)."""
    return {
        row["source_id"]: known_on(row["published_on"]) if row.get("published_on") else NEVER
        for row in sources
    }


def sourced_on(source_ids: str, days: dict[str, date]) -> date:
    """The first day one of the row's sources had been published."""
    return min((days.get(s, NEVER) for s in split_ids(source_ids)), default=NEVER)


def end_sourced_on(source_ids: str, end: str, days: dict[str, date]) -> date:
    """The first day a source published on or after ``end`` existed (``NEVER`` without one)."""
    if not end:
        return NEVER
    start = parse_partial_date(end).start
    found = [days.get(s, NEVER) for s in split_ids(source_ids)]
    return min((d for d in found if d >= start), default=NEVER)


def own_day(table: str, row: dict[str, str]) -> date:
    """The day a row's own date counts from (its release, for counts and indicators)."""
    if table in ("population", "indicators"):
        return known_on(row.get("published_on") or str(row["year"]))
    column = DATE_COLUMNS.get(table)
    return known_on(row[column]) if column else date.min


def known_from(table: str, row: dict[str, str], days: dict[str, date]) -> date:
    """The first day the row is known: its own date and a source, both."""
    if "source_ids" not in row:
        return date.min
    return max(own_day(table, row), sourced_on(row["source_ids"], days))


def end_known_from(table: str, row: dict[str, str], days: dict[str, date]) -> date:
    """The first day the row's end (withdrawal, end of a span) is known, or ``NEVER``."""
    column = END_COLUMNS.get(table)
    end = row.get(column, "") if column else ""
    if not end:
        return NEVER
    return max(known_on(end), end_sourced_on(row["source_ids"], end, days))
