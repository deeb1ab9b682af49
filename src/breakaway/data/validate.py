"""Check the data folder against its contract before anything reads it.

Frictionless checks what ``datapackage.json`` declares (types, required cells, patterns, enums,
ranges); this module adds what a descriptor cannot say (real calendar dates, withdrawal after
recognition, ISO codes, cross-table references, group sums, duplicates) and turns every problem into
one line a person can act on: file, line as an editor counts it, column, what was expected.

It must not change or clean the data: a file either passes or the problems are raised.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pycountry

from breakaway.data.schema import DESCRIPTOR, REQUIRED_RESOURCES, Table, read_tables
from breakaway.dates import parse_partial_date
from breakaway.errors import DataError

MAX_PROBLEMS_PER_FILE = 25
ISO3_CODES = frozenset(country.alpha_3 for country in pycountry.countries)
_PARTIAL_DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
_TYPE_WORDS = {
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "date": "a full date as YYYY-MM-DD",
}
_PATTERN_WORDS = {
    _PARTIAL_DATE_PATTERN: "a date as YYYY, YYYY-MM or YYYY-MM-DD",
    r"^https?://\S+$": "an http:// or https:// URL",
    r"^[a-z0-9-]+(;[a-z0-9-]+)*$": "source ids (lowercase, digits, hyphens) separated by ';'",
    r"^[A-Z]{3}$": "an ISO 3166-1 alpha-3 code in capitals, like GEO",
    r"^[a-z0-9]+(-[a-z0-9]+)*$": "an id of lowercase letters, digits and hyphens",
}


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one place of one file."""

    path: str
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f", line {self.line}"
        if self.column:
            where += f", column {self.column!r}"
        return f"{where}: {self.message}"


@dataclass
class RawTable:
    """A table's header and rows as text, each row with the line it starts on."""

    table: Table
    display_path: str
    header: list[str]
    rows: list[dict[str, str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)

    def column(self, name: str) -> Iterator[tuple[int, dict[str, str], str]]:
        """``(line, row, value)`` for every row that has a value in ``name``."""
        for line, row in zip(self.lines, self.rows, strict=True):
            value = row.get(name, "")
            if value != "":
                yield line, row, value


def display_path(path: Path) -> str:
    """A path as short as it can be while still opening the right file."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def validate_data_dir(data_dir: Path) -> dict[str, RawTable]:
    """Validate every table of a data folder; return them as text or raise ``DataError``."""
    data_dir = Path(data_dir)
    if not (data_dir / DESCRIPTOR).is_file():
        raise DataError(
            [
                f"{display_path(data_dir / DESCRIPTOR)}: file is missing; "
                "expected the data package descriptor of the data folder"
            ]
        )
    problems: list[Problem] = []
    raw_tables: dict[str, RawTable] = {}
    for name, table in read_tables(data_dir).items():
        path = data_dir / table.path
        if not path.exists():
            if name in REQUIRED_RESOURCES:
                problems.append(
                    Problem(
                        display_path(path),
                        None,
                        None,
                        f"file is missing; expected the {table.title.lower()} table",
                    )
                )
            continue
        raw, file_problems = _read_raw_table(table, path)
        if raw is not None and not file_problems:
            file_problems = _check_cells(raw, path)
            # Row rules compare values, so they need every cell well-formed first.
            file_problems += _check_real_dates(raw)
            if not file_problems:
                file_problems = _check_rows(raw)
        problems += _capped(file_problems)
        if raw is not None:
            raw_tables[name] = raw
    if not problems:
        problems = _capped(_check_references(raw_tables))
    if problems:
        raise DataError([str(problem) for problem in problems])
    return raw_tables


def _capped(problems: list[Problem]) -> list[Problem]:
    by_file: dict[str, list[Problem]] = defaultdict(list)
    for problem in problems:
        by_file[problem.path].append(problem)
    kept = []
    for path, file_problems in by_file.items():
        kept += sorted(file_problems, key=lambda p: (p.line or 0, p.column or ""))[
            :MAX_PROBLEMS_PER_FILE
        ]
        hidden = len(file_problems) - MAX_PROBLEMS_PER_FILE
        if hidden > 0:
            kept.append(Problem(path, None, None, f"{hidden} more problems not shown"))
    return kept


def _read_raw_table(table: Table, path: Path) -> tuple[RawTable | None, list[Problem]]:
    shown = display_path(path)
    content = path.read_bytes()
    if not content.strip():
        return None, [
            Problem(
                shown,
                1,
                None,
                "file is empty; expected a header row: " + ",".join(table.required_columns),
            )
        ]
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        return None, [
            Problem(
                shown,
                line,
                None,
                f"byte 0x{content[error.start]:02x} is not UTF-8; "
                "expected the file to be saved as UTF-8",
            )
        ]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    problems: list[Problem] = []
    try:
        header = next(reader)
        raw = RawTable(table, shown, [name.strip() for name in header])
        missing = [name for name in table.required_columns if name not in raw.header]
        if missing:
            return None, [
                Problem(
                    shown,
                    1,
                    name,
                    "column is missing from the header; expected "
                    f"columns {', '.join(table.required_columns)}",
                )
                for name in missing
            ]
        repeated = {name for name in raw.header if raw.header.count(name) > 1}
        problems += [
            Problem(shown, 1, name, "column appears twice in the header")
            for name in sorted(repeated)
        ]
        line = reader.line_num + 1
        for values in reader:
            if not any(value.strip() for value in values):
                problems.append(Problem(shown, line, None, "blank row; expected a row of data"))
            elif len(values) != len(raw.header):
                problems.append(
                    Problem(
                        shown,
                        line,
                        None,
                        f"row has {len(values)} fields, expected {len(raw.header)} "
                        f"({','.join(raw.header)})",
                    )
                )
            else:
                raw.rows.append(dict(zip(raw.header, values, strict=True)))
                raw.lines.append(line)
            line = reader.line_num + 1
    except csv.Error as error:
        problems.append(Problem(shown, reader.line_num, None, f"not valid CSV: {error}"))
    return raw, problems


def _import_frictionless():
    # Frictionless checks descriptors with jsonschema, which imports the optional
    # rfc3987_syntax when it is installed (JupyterLab pulls it in); that module compiles a
    # grammar at import, about 1.8 s per process, for an IRI format our descriptors never use.
    # Declaring it absent before the first jsonschema import keeps validation fast.
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)
    import frictionless

    return frictionless


def _check_cells(raw: RawTable, path: Path) -> list[Problem]:
    """Types and constraints that the descriptor declares, checked by Frictionless."""
    frictionless = _import_frictionless()
    Resource, Schema = frictionless.Resource, frictionless.Schema

    fields = []
    for name in raw.header:
        declared = raw.table.field(name)
        if declared is None:  # extra columns are welcome, as plain text
            fields.append({"name": name, "type": "string"})
        else:
            fields.append(
                next(f for f in raw.table.descriptor["schema"]["fields"] if f["name"] == name)
            )
    schema = Schema.from_descriptor({"fields": fields})
    # Rows were already split and counted; Frictionless gets them as data so its row numbers
    # map onto our line numbers one to one.
    data = [raw.header] + [[row[name] for name in raw.header] for row in raw.rows]
    report = Resource(data=data, schema=schema).validate(limit_errors=500)
    problems = []
    for error in report.flatten(["type", "rowNumber", "fieldName", "note", "cell"]):
        kind, row_number, field_name, note, cell = error
        if kind in ("primary-key", "missing-cell", "extra-cell", "blank-row"):
            continue  # reported with better context by _read_raw_table and _check_rows
        line = raw.lines[row_number - 2] if row_number and row_number >= 2 else None
        declared = raw.table.field(field_name) if field_name else None
        problems.append(
            Problem(
                raw.display_path, line, field_name or None, _explain(kind, note, cell, declared)
            )
        )
    return problems


def _explain(kind: str, note: str, cell: str | None, declared) -> str:
    got = f", got {cell!r}" if cell not in (None, "") else ""
    if kind == "type-error" and declared is not None:
        return f"expected {_TYPE_WORDS.get(declared.type, declared.type)}{got}"
    match = re.match(r'constraint "(\w+)" is "(.*)"', note or "")
    if kind == "constraint-error" and match:
        constraint, value = match.groups()
        if constraint == "required":
            return "expected a value; this column is required"
        if constraint == "pattern":
            return f"expected {_PATTERN_WORDS.get(value, 'text matching ' + value)}{got}"
        if constraint == "enum":
            options = ", ".join(declared.constraints["enum"]) if declared else value
            return f"expected one of: {options}{got}"
        if constraint == "minimum":
            return f"expected a value of at least {value}{got}"
        if constraint == "maximum":
            return f"expected a value of at most {value}{got}"
        if constraint == "maxLength":
            return f"expected at most {value} characters{got}"
        if constraint == "unique":
            return f"expected a unique value; {cell!r} appears on an earlier line"
    return f"{kind}: {note}{got}"


def _check_real_dates(raw: RawTable) -> list[Problem]:
    """Well-formed partial dates that name a day or month that does not exist (30 February)."""
    problems = []
    for field_ in raw.table.fields:
        if field_.constraints.get("pattern") != _PARTIAL_DATE_PATTERN:
            continue
        for line, _, value in raw.column(field_.name):
            if not re.match(_PARTIAL_DATE_PATTERN, value):
                continue  # malformed: Frictionless has reported it
            try:
                parse_partial_date(value)
            except ValueError as error:
                problems.append(
                    Problem(
                        raw.display_path,
                        line,
                        field_.name,
                        f"{error}; expected a real calendar date",
                    )
                )
    return problems


def _check_rows(raw: RawTable) -> list[Problem]:
    """Row-level rules: date order, ISO codes, duplicates."""
    problems = _check_duplicates(raw)
    name = raw.table.name
    if name == "recognitions":
        problems += _check_recognitions(raw)
    elif name == "events":
        problems += _check_order(raw, "date", "end_date", "an end date on or after the start date")
    return problems


def _check_duplicates(raw: RawTable) -> list[Problem]:
    problems = []
    seen_rows: dict[tuple, int] = {}
    seen_keys: dict[tuple, int] = {}
    key = raw.table.primary_key
    for line, row in zip(raw.lines, raw.rows, strict=True):
        whole = tuple(row[name].strip() for name in raw.header)
        if whole in seen_rows:
            problems.append(
                Problem(
                    raw.display_path,
                    line,
                    None,
                    f"duplicate row; the same row is on line {seen_rows[whole]}",
                )
            )
            continue
        seen_rows[whole] = line
        if key:
            values = tuple(row[name].strip() for name in key)
            if values in seen_keys:
                shown = ", ".join(f"{k}={v}" for k, v in zip(key, values, strict=True))
                problems.append(
                    Problem(
                        raw.display_path,
                        line,
                        key[-1],
                        f"duplicate key ({shown}); expected one row per key, "
                        f"the first is on line {seen_keys[values]}",
                    )
                )
            else:
                seen_keys[values] = line
    return problems


def _check_order(raw: RawTable, first: str, then: str, expected: str) -> list[Problem]:
    problems = []
    for line, row, value in raw.column(then):
        if row[first] and parse_partial_date(value).end < parse_partial_date(row[first]).start:
            problems.append(
                Problem(
                    raw.display_path,
                    line,
                    then,
                    f"expected {expected} ({first} is {row[first]}), got {value}",
                )
            )
    return problems


def _check_recognitions(raw: RawTable) -> list[Problem]:
    problems = _check_order(
        raw, "recognized_on", "withdrawn_on", "a withdrawal on or after the recognition"
    )
    for line, row in zip(raw.lines, raw.rows, strict=True):
        code = row["recognizer_iso3"].strip()
        if row["recognizer_type"] == "un_member" and code not in ISO3_CODES:
            got = f", got {code!r}" if code else ""
            problems.append(
                Problem(
                    raw.display_path,
                    line,
                    "recognizer_iso3",
                    "expected a valid ISO 3166-1 alpha-3 code for a UN member "
                    f"({row['recognizer']}){got}",
                )
            )
        elif row["recognizer_type"] == "non_un" and code:
            problems.append(
                Problem(
                    raw.display_path,
                    line,
                    "recognizer_iso3",
                    "expected an empty code for an entity that is not a UN "
                    f"member ({row['recognizer']}), got {code!r}",
                )
            )
    return problems


def _check_references(tables: dict[str, RawTable]) -> list[Problem]:
    """Ids that must exist in another table, and figures that must agree across rows."""
    problems = []
    territory_ids = {row["territory_id"] for row in tables["territories"].rows}
    source_ids = {row["source_id"] for row in tables["sources"].rows}
    for raw in tables.values():
        if raw.table.name != "territories" and "territory_id" in raw.header:
            for line, _, value in raw.column("territory_id"):
                if value not in territory_ids:
                    problems.append(
                        Problem(
                            raw.display_path,
                            line,
                            "territory_id",
                            f"unknown territory {value!r}; expected one of "
                            f"{', '.join(sorted(territory_ids))} (territories.csv)",
                        )
                    )
        if "source_ids" in raw.header:
            for line, _, value in raw.column("source_ids"):
                unknown = [s for s in value.split(";") if s not in source_ids]
                if unknown:
                    problems.append(
                        Problem(
                            raw.display_path,
                            line,
                            "source_ids",
                            f"unknown source id {', '.join(map(repr, unknown))}; "
                            "expected ids listed in sources.csv",
                        )
                    )
    problems += _check_group_sums(tables["population"])
    return problems


def _check_group_sums(raw: RawTable) -> list[Problem]:
    totals: dict[tuple, tuple[int, int]] = {}
    groups: dict[tuple, int] = defaultdict(int)
    last_line: dict[tuple, int] = {}
    for line, row in zip(raw.lines, raw.rows, strict=True):
        key = (row["territory_id"], row["year"], row["kind"])
        if row["group"] == "total":
            totals[key] = (int(row["population"]), line)
        else:
            groups[key] += int(row["population"])
            last_line[key] = line
    problems = []
    for key, group_sum in groups.items():
        if key in totals and group_sum > totals[key][0]:
            territory, year, kind = key
            problems.append(
                Problem(
                    raw.display_path,
                    last_line[key],
                    "population",
                    f"ethnic groups of {territory} {year} ({kind}) add up to {group_sum:,}, more "
                    f"than the total {totals[key][0]:,} on line {totals[key][1]}; expected at most "
                    "the total",
                )
            )
    return problems
