"""Rules across cells, rows and tables that a descriptor cannot state.

Real calendar dates, date order, withdrawal after recognition, duplicates, references between
tables, ethnic groups within their census total, press-claim values in their metric's format.
"""

from __future__ import annotations

import re
from collections import defaultdict

from breakaway.data.claims import ISO3_CODES, check_claim_values
from breakaway.data.details import DETAIL, DETAIL_SOURCE_IDS
from breakaway.data.problems import Problem, RawTable
from breakaway.data.registry import roles_from_descriptor
from breakaway.data.safety import (
    has_unsafe_character,
    id_problem,
    number_problem,
    unsafe_character,
    url_problem,
)
from breakaway.dates import parse_partial_date

PARTIAL_DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"


def check_safe_cells(raw: RawTable) -> list[Problem]:
    """The rules that protect the machine, whatever the descriptor declares.

    Every header and cell is free of control and bidirectional characters; ``territory_id`` and
    other ``*_id`` cells are ids (territory ids are short and not reserved names); ``*_ids`` cells
    list ids; ``url`` and ``*_url`` cells are http(s) URLs; integer and number columns hold finite
    values that fit 64 bits.
    """
    problems = [
        Problem(raw.display_path, 1, name, f"header has the character {char}; expected plain text")
        for name in raw.header
        if (char := unsafe_character(name))
    ]
    checks = [(name, _cell_rule(raw, name)) for name in raw.header]
    clean = not has_unsafe_character(row[name] for row in raw.rows for name in raw.header)
    if clean:
        # No cell holds a control character: only the columns with a rule can have a problem.
        checks = [(name, rule) for name, rule in checks if rule is not None]
    for line, row in zip(raw.lines, raw.rows, strict=True):
        for name, rule in checks:
            value = row[name]
            char = None if clean else unsafe_character(value)
            if char:
                message = f"cell has the control or bidirectional character {char}; expected text"
            elif rule is not None:
                message = rule(value)
            else:
                continue
            if message:
                problems.append(Problem(raw.display_path, line, name, message))
    return problems


def _cell_rule(raw: RawTable, name: str):
    """The safety rule for one column's values, or ``None`` when text is all it needs to be."""
    declared = raw.table.field(name)
    if name == "territory_id":
        required = raw.table.name == "territories"  # the ids that name output folders
        return lambda value: (
            id_problem(value.strip(), territory=True) if value.strip() or required else None
        )
    if name.endswith("_id"):
        return lambda value: id_problem(value.strip()) if value.strip() else None
    if name.endswith("_ids"):
        return _ids_problem
    if name == "url" or name.endswith("_url"):
        return lambda value: url_problem(value.strip()) if value.strip() else None
    if declared is not None and declared.type in ("integer", "number"):
        return lambda value: number_problem(value, declared.type)
    return None


def _ids_problem(value: str) -> str | None:
    if not value.strip():
        return None
    for part in value.split(";"):
        problem = id_problem(part.strip())
        if problem:
            return f"expected ids separated by ';'; {problem}"
    return None


def check_real_dates(raw: RawTable) -> list[Problem]:
    """Well-formed partial dates that name a day or month that does not exist (30 February)."""
    problems = []
    for field_ in raw.table.fields:
        if field_.constraints.get("pattern") != PARTIAL_DATE_PATTERN:
            continue
        for line, _, value in raw.column(field_.name):
            if not re.match(PARTIAL_DATE_PATTERN, value):
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


def check_rows(raw: RawTable) -> list[Problem]:
    """Row-level rules: date order, ISO codes, duplicates."""
    problems = _check_duplicates(raw) + _check_details(raw)
    name = raw.table.name
    if name == "recognitions":
        problems += _check_recognitions(raw)
    elif name == "claims":
        problems += check_claim_values(raw)
    roles = roles_from_descriptor({"resources": [raw.table.descriptor]})[name]
    if roles.date and roles.end_date and not roles.released:
        expected = f"{roles.end_date} on or after {roles.date}"
        problems += _check_order(
            raw, roles.date, roles.end_date, EXPECTED_ORDER.get(name, expected)
        )
    return problems


# How the order check words itself for the tables a reader knows (the others name the columns).
EXPECTED_ORDER = {
    "events": "an end date on or after the start date",
    "recognitions": "a withdrawal on or after the recognition",
}


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


def _check_details(raw: RawTable) -> list[Problem]:
    """A detail (words a later source shows, ``data/details.py``) and its sources go together."""
    if DETAIL not in raw.header and DETAIL_SOURCE_IDS not in raw.header:
        return []
    problems = []
    for line, row in zip(raw.lines, raw.rows, strict=True):
        detail = row.get(DETAIL, "").strip()
        ids = row.get(DETAIL_SOURCE_IDS, "").strip()
        if detail and not ids:
            problems.append(
                Problem(
                    raw.display_path,
                    line,
                    DETAIL_SOURCE_IDS,
                    "empty, but the row has a detail; expected the ids (sources.csv) of the "
                    "sources that show the detail, separated by ';'",
                )
            )
        elif ids and not detail:
            problems.append(
                Problem(
                    raw.display_path,
                    line,
                    DETAIL,
                    "empty, but the row names detail sources; expected the detail they show",
                )
            )
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
    problems = []
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


def check_references(tables: dict[str, RawTable]) -> list[Problem]:
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
        for column in (c for c in ("source_ids", DETAIL_SOURCE_IDS) if c in raw.header):
            for line, _, value in raw.column(column):
                unknown = [s for s in value.split(";") if s and s not in source_ids]
                if unknown:
                    problems.append(
                        Problem(
                            raw.display_path,
                            line,
                            column,
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
