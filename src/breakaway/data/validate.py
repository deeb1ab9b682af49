"""Check the data folder against its contract before anything reads it.

Frictionless checks what ``datapackage.json`` declares (types, required cells, patterns, enums,
ranges); this module adds what a descriptor cannot say (real calendar dates, withdrawal after
recognition, ISO codes, cross-table references, group sums, duplicates) and turns every problem into
one line a person can act on: file, line as an editor counts it, column, what was expected.

It must not change or clean the data: a file either passes or the problems are raised.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import pickle
import re
import sys
import threading
from collections import OrderedDict, defaultdict
from pathlib import Path

from breakaway.data.boundaries import OUTLINE_POINTS_VARIABLE, load_boundaries, load_context
from breakaway.data.environment import limit
from breakaway.data.policy import check_source_policy
from breakaway.data.problems import Problem, RawTable, display_path
from breakaway.data.registry import PROPERTY
from breakaway.data.rules import (
    PARTIAL_DATE_PATTERN,
    check_real_dates,
    check_references,
    check_rows,
    check_safe_cells,
)
from breakaway.data.safety import FileRefused, read_regular_file, regular_file_problem, shown
from breakaway.data.schema import DESCRIPTOR, REQUIRED_RESOURCES, Table, read_tables
from breakaway.data.source_policy import check_source_kinds
from breakaway.data.wording import check_our_words
from breakaway.errors import DataError
from breakaway.paths import context_path, geo_path

MAX_PROBLEMS_PER_FILE = 25
TERRITORY_ROWS_VARIABLE = "BREAKAWAY_MAX_TERRITORY_ROWS"
_TYPE_WORDS = {
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "date": "a full date as YYYY-MM-DD",
}
_PATTERN_WORDS = {
    PARTIAL_DATE_PATTERN: "a date as YYYY, YYYY-MM or YYYY-MM-DD",
    r"^https?://\S+$": "an http:// or https:// URL",
    r"^[a-z0-9-]+(;[a-z0-9-]+)*$": "source ids (lowercase, digits, hyphens) separated by ';'",
    r"^[A-Z]{3}$": "an ISO 3166-1 alpha-3 code in capitals, like GEO",
    r"^[a-z0-9]+(-[a-z0-9]+)*$": "an id of lowercase letters, digits and hyphens",
}


def validate_data_dir(data_dir: Path) -> dict[str, RawTable]:
    """Validate every table of a data folder; return them as text or raise ``DataError``."""
    data_dir = Path(data_dir)
    if not (data_dir / DESCRIPTOR).exists():
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
        if not path.exists() and not path.is_symlink():
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
            file_problems = _check_row_counts(raw)
        if raw is not None and not file_problems:
            # The rules in code come first and, when broken, alone: they hold whatever the
            # descriptor says, and the descriptor's own checks would only repeat them.
            file_problems = check_safe_cells(raw)
        if raw is not None and not file_problems:
            file_problems = _check_cells(raw, path)
            # Row rules compare values, so they need every cell well-formed first.
            file_problems += check_real_dates(raw)
            if not file_problems:
                file_problems = check_rows(raw)
        problems += _capped(file_problems)
        if raw is not None:
            raw_tables[name] = raw
    if not problems:
        problems = _capped(check_references(raw_tables))
    if not problems:
        problems = _capped(
            check_source_policy(raw_tables)
            + check_source_kinds(raw_tables, data_dir)
            + check_our_words(raw_tables)
        )
    messages = [str(problem) for problem in problems]
    messages += _boundary_problems(data_dir, {} if problems else raw_tables)
    if messages:
        raise DataError(messages)
    return raw_tables


def read_checked_tables(data_dir: Path) -> dict[str, RawTable]:
    """Read the tables of a folder this run has already validated (same fingerprint).

    The render validates once, before any kernel starts; each kernel then reads the tables
    without checking every cell again, so a report's cost does not grow with every other
    territory's rows being re-validated.
    """
    data_dir = Path(data_dir)
    raw_tables = {}
    for name, table in read_tables(data_dir).items():
        path = data_dir / table.path
        if path.is_file():
            raw, problems = _read_raw_table(table, path)
            if problems or raw is None:
                raise DataError([str(problem) for problem in problems] or [f"{path}: unreadable"])
            raw_tables[name] = raw
    return raw_tables


def _check_row_counts(raw: RawTable) -> list[Problem]:
    """At most ``BREAKAWAY_MAX_TERRITORY_ROWS`` rows of one territory in one table.

    A report's work (its tables, its pages) grows with its own rows: this bounds it, whatever
    the number of territories.
    """
    if "territory_id" not in raw.header or raw.table.name == "territories":
        return []
    most = limit(TERRITORY_ROWS_VARIABLE)
    counts: dict[str, int] = defaultdict(int)
    for line, row in zip(raw.lines, raw.rows, strict=True):
        counts[row["territory_id"]] += 1
        if counts[row["territory_id"]] == most + 1:
            return [
                Problem(
                    raw.display_path,
                    line,
                    "territory_id",
                    f"more than {most:,} rows for {shown(row['territory_id'])}; expected fewer "
                    f"(raise the limit with {TERRITORY_ROWS_VARIABLE})",
                )
            ]
    return []


def _boundary_problems(data_dir: Path, raw_tables: dict[str, RawTable]) -> list[str]:
    """The problem with the boundaries file the maps draw, if any (read once, fully)."""
    path = geo_path(data_dir)
    problem = regular_file_problem(path, display_path(path))
    if problem:
        return [problem]
    kinds, problems = _checked_geo(load_boundaries, Path(display_path(path)))
    if problems:
        return problems
    territories = raw_tables.get("territories")
    if territories is not None:
        for line, _, value in territories.column("territory_id"):
            if kinds.get(value.strip()) != "breakaway":
                return [
                    str(
                        Problem(
                            territories.display_path,
                            line,
                            "territory_id",
                            f"{shown(value)} has no outline in {display_path(path)}; expected "
                            "a feature with this id and kind breakaway for its locator map",
                        )
                    )
                ]
    path = context_path(data_dir)
    problem = regular_file_problem(path, display_path(path))
    if problem:
        return [problem]
    return _checked_geo(load_context, Path(display_path(path)))[1]


# The boundary files that passed their checks, kept like Frictionless's findings (see
# _declared_errors): by the file's bytes and the outline limit in force, so an edited file (or
# another limit) is checked afresh. A file's problems name it, so they are found again each time.
_GEO_CHECKS: OrderedDict[tuple[str, ...], dict[str, str]] = OrderedDict()
_GEO_CHECKS_KEPT = 16


def _checked_geo(loader, path: Path) -> tuple[dict[str, str], list[str]]:
    """A boundary file read by ``loader``: its problems, and each feature's kind by id."""

    def key() -> tuple[str, ...] | None:
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            return None  # the loader says why
        limit = os.environ.get(OUTLINE_POINTS_VARIABLE, "")
        return (loader.__name__, digest, limit)

    before = key()
    with _DECLARED_ERRORS_LOCK:
        if before is not None and before in _GEO_CHECKS:
            _GEO_CHECKS.move_to_end(before)
            return dict(_GEO_CHECKS[before]), []
    try:
        features = loader(path)
    except DataError as error:
        return {}, list(error.problems)
    kinds = {k: str(f.get("kind")) for k, f in features.items()}
    if before is not None and key() == before:  # the file did not change while it was read
        with _DECLARED_ERRORS_LOCK:
            _GEO_CHECKS[before] = dict(kinds)
            while len(_GEO_CHECKS) > _GEO_CHECKS_KEPT:
                _GEO_CHECKS.popitem(last=False)
    return kinds, []


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
    try:
        content = read_regular_file(path, shown)
    except FileRefused as error:
        return None, [Problem(shown, None, None, error.reason)]
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
        # A None entry is Python's documented way to make an import fail; typeshed only allows
        # modules in sys.modules.
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
    import frictionless

    return frictionless


def _check_cells(raw: RawTable, path: Path) -> list[Problem]:
    """Types and constraints that the descriptor declares, checked by Frictionless."""
    fields = []
    for name in raw.header:
        declared = raw.table.field(name)
        if declared is None:  # extra columns are welcome, as plain text
            fields.append({"name": name, "type": "string"})
        else:
            field = next(f for f in raw.table.descriptor["schema"]["fields"] if f["name"] == name)
            # Our own property (an optional column) is not Frictionless's to judge.
            fields.append({k: v for k, v in field.items() if k != PROPERTY})
    # Rows were already split and counted; Frictionless gets them as data so its row numbers
    # map onto our line numbers one to one.
    data = [raw.header] + [[row[name] for name in raw.header] for row in raw.rows]
    problems = []
    for error in _declared_errors(fields, data):
        kind, row_number, field_name, note, cell = error
        if kind in ("primary-key", "missing-cell", "extra-cell", "blank-row"):
            continue  # reported with better context by _read_raw_table and check_rows
        line = raw.lines[row_number - 2] if row_number and row_number >= 2 else None
        declared = raw.table.field(field_name) if field_name else None
        problems.append(
            Problem(
                raw.display_path, line, field_name or None, _explain(kind, note, cell, declared)
            )
        )
    return problems


# Frictionless's findings by the exact fields and cells it was given (a SHA-256 of both): the same
# table checked again in one process (a notebook that loads the data twice, a test session) costs
# a hash, not a Frictionless run. The key is the content itself, so an edited file is checked
# afresh; the oldest entries go first.
_DECLARED_ERRORS: OrderedDict[str, list[tuple]] = OrderedDict()
_DECLARED_ERRORS_KEPT = 128
_DECLARED_ERRORS_LOCK = threading.Lock()
_ERROR_PARTS = ["type", "rowNumber", "fieldName", "note", "cell"]


def _declared_errors(fields: list[dict], data: list[list[str]]) -> list[tuple]:
    """Frictionless's errors for ``data`` (header row first) under ``fields``.

    Each error is a tuple of ``_ERROR_PARTS``; the same content is checked once per process.
    """
    key = _content_key(fields, data)
    with _DECLARED_ERRORS_LOCK:
        if key in _DECLARED_ERRORS:
            _DECLARED_ERRORS.move_to_end(key)
            return list(_DECLARED_ERRORS[key])
    frictionless = _import_frictionless()
    schema = frictionless.Schema.from_descriptor({"fields": fields})
    report = frictionless.Resource(data=data, schema=schema).validate(limit_errors=500)
    errors = [tuple(error) for error in report.flatten(_ERROR_PARTS)]
    with _DECLARED_ERRORS_LOCK:
        _DECLARED_ERRORS[key] = errors
        while len(_DECLARED_ERRORS) > _DECLARED_ERRORS_KEPT:
            _DECLARED_ERRORS.popitem(last=False)
    return list(errors)


def _content_key(fields: list[dict], data: list[list[str]]) -> str:
    """A SHA-256 that differs whenever the fields or the cells differ.

    The fields as sorted JSON (which escapes every NUL), a NUL, then the cells pickled: pickle
    writes a list of lists of text several times faster than JSON, and what it writes can be read
    back, so two different tables never share a key.
    """
    text = json.dumps(fields, ensure_ascii=False, sort_keys=True, default=str)
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass"))
    digest.update(b"\0")
    digest.update(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
    return digest.hexdigest()


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
