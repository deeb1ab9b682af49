"""The as-of rule, computed once per row when the data is read, with the standard library alone.

A row is known on day D when its own date is on or before D and one of its sources was published
by D; its end (a withdrawal, the end of a span) is known once a source published on or after that
end exists. A partial date counts from the end of its period; a table with a release column
(``released`` in its roles) counts from the release where one is recorded. Each table's roles
come from ``datapackage.json`` (``registry.py``).

Two numbers per row say it all, and nothing else in the package restates the rule:

- ``known_from``: the first day the row is known (``NEVER`` when no source of it exists);
- ``end_known_from``: the first day its end is known (``NEVER`` without an end).

``load.py`` stores them as the frames' columns of those names; the render plan and ``breakaway
diff`` read them from ``RawTables`` (rows as text), so that deciding whether anything changed needs
no pandas.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from breakaway.data.registry import Roles
from breakaway.data.safety import read_regular_file
from breakaway.data.schema import read_roles, read_tables, split_ids
from breakaway.dates import known_on, parse_partial_date

NEVER = date.max
KNOWN_FROM = "known_from"
END_KNOWN_FROM = "end_known_from"


class RawTables(dict):
    """Every table of a data folder as rows of text, with each row's ``known_from`` pair.

    A ``dict`` of table name to rows; ``known[name][i]`` is the ``(known_from, end_known_from)``
    of ``self[name][i]``, and ``roles`` the tables' roles.
    """

    roles: dict[str, Roles]
    known: dict[str, list[tuple[date, date]]]


def read_raw_tables(data_dir: Path) -> RawTables:
    """Every table of a (validated) data folder as rows of text, with when each row is known."""
    tables = RawTables()
    for name, table in read_tables(Path(data_dir)).items():
        path = Path(data_dir) / table.path
        # Read as validation reads them: regular files only, no symbolic link, within the size
        # limit, a UTF-8 byte-order mark allowed.
        if path.is_file() or path.is_symlink():
            content = read_regular_file(path, str(path)).decode("utf-8-sig")
            tables[name] = _dict_rows(content)
    tables.roles = read_roles(Path(data_dir))
    days = source_known_from(tables.get("sources", []), tables.roles.get("sources"))
    tables.known = {
        name: [row_known_from(tables.roles[name], row, days) for row in rows]
        for name, rows in tables.items()
    }
    return tables


def _dict_rows(content: str) -> list[dict]:
    """The rows of a CSV text as ``csv.DictReader`` gives them.

    A validated table has as many cells in each row as in its header: those rows are zipped with
    the header at once, without ``DictReader``'s checks per row; any other text goes through
    ``DictReader`` itself, so that short, long and empty rows come out as it makes them.
    """
    rows = list(csv.reader(io.StringIO(content, newline="")))
    if not rows:
        return []
    header, width = rows[0], len(rows[0])
    if not width or any(len(row) != width for row in rows):
        return list(csv.DictReader(io.StringIO(content, newline="")))
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def source_known_from(sources: list[dict], roles: Roles | None) -> dict[str, date]:
    """Each source's ``known_from``: its publication day (the end of a partial period)."""
    roles = roles or Roles("sources", date="published_on")
    return {row["source_id"]: row_known_from(roles, row, {})[0] for row in sources}


def row_known_from(roles: Roles, row: dict, days: dict[str, date]) -> tuple[date, date]:
    """``(known_from, end_known_from)`` of one row, given each source's ``known_from``.

    A row that cites no sources (the sources table itself) is known from its own date, or never
    without one; a row that cites sources but has no own date is known from its first source.
    """
    own = roles.own_date(row)
    if "source_ids" not in row:
        return (known_on(own) if own else NEVER), NEVER
    cited = [days.get(s, NEVER) for s in split_ids(str(row["source_ids"]))]
    start = max(known_on(own) if own else date.min, min(cited, default=NEVER))
    end = roles.end(row)
    if not end:
        return start, NEVER
    # The end is known once a source published on or after it exists.
    reported = min((d for d in cited if d >= parse_partial_date(end).start), default=NEVER)
    return start, max(known_on(end), reported)
