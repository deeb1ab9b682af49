"""Check report parameters (territory, as-of date, formats) and explain any mistake in one line.

Used by the CLI before anything renders and by the notebooks' first cell under plain papermill, so
both stop with the same message. Reads territory ids with the csv module: no pandas import, so the
CLI stays fast when there is nothing to render.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from breakaway.data.problems import Problem, display_path
from breakaway.data.safety import FileRefused, id_problem, read_regular_file
from breakaway.dates import format_date, parse_partial_date
from breakaway.dates import today as current_day
from breakaway.errors import DataError, ParameterError

FORMATS = ("html", "pdf")


def resolve_as_of(value: str | date, today: date | None = None) -> date:
    """``today`` or a full ISO date (YYYY-MM-DD) that is not in the future."""
    today = today or current_day()
    if isinstance(value, date):
        as_of = value
    else:
        text = str(value).strip()
        if text.lower() == "today":
            return today
        try:
            parsed = parse_partial_date(text)
        except ValueError as error:
            raise ParameterError(
                f"as_of {text!r} is not a date: {error}; expected YYYY-MM-DD or 'today'"
            ) from None
        if parsed.precision != "day":
            raise ParameterError(
                f"as_of {text!r} is not a full date; expected YYYY-MM-DD (a whole day) or 'today'"
            )
        as_of = parsed.start
    if as_of > today:
        raise ParameterError(
            f"as_of {as_of.isoformat()} is in the future (today is "
            f"{today.isoformat()}); a briefing can only describe what is known"
        )
    return as_of


def _read_csv(path: Path) -> list[dict[str, str]]:
    """The rows of a small CSV file, read only if it is a regular file within the size limit."""
    text = read_regular_file(path, display_path(path)).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def read_territory_ids(data_dir: Path) -> list[str]:
    """Territory ids from territories.csv, in file order."""
    try:
        return [
            row["territory_id"].strip()
            for row in _read_csv(Path(data_dir) / "territories.csv")
            if row.get("territory_id")
        ]
    except (FileRefused, KeyError, UnicodeDecodeError, csv.Error):
        return []  # validation reports what is wrong with the file


def checked_territory_ids(data_dir: Path) -> list[str]:
    """Territory ids from territories.csv, each checked by the rules in code, or ``DataError``.

    Ids become folder names under ``--out``: the render checks them before it looks at any
    folder, even when the rest of the data is validated only later (or not at all, when every
    report is up to date).
    """
    path = Path(data_dir) / "territories.csv"
    shown = display_path(path)
    try:
        text = read_regular_file(path, shown).decode("utf-8-sig")
        reader = csv.DictReader(io.StringIO(text, newline=""))
        ids, problems = [], []
        line = reader.line_num + 2
        for row in reader:
            value = (row.get("territory_id") or "").strip()
            problem = id_problem(value, territory=True)
            if problem:
                problems.append(str(Problem(shown, line, "territory_id", problem)))
            ids.append(value)
            line = reader.line_num + 1
    except FileRefused:
        raise
    except UnicodeDecodeError:
        raise DataError([f"{shown}: not UTF-8; expected the file to be saved as UTF-8"]) from None
    except csv.Error as error:
        raise DataError([f"{shown}: not valid CSV: {error}"]) from None
    if problems:
        raise DataError(problems)
    if not ids:
        raise DataError([f"{shown}: no territories; expected a header row and one row each"])
    return ids


def check_territory(territory: str, known_ids: list[str]) -> str:
    """The territory id itself, or a ``ParameterError`` suggesting the closest known ids."""
    if territory in known_ids:
        return territory
    import difflib  # only for a mistake

    close = difflib.get_close_matches(str(territory).lower(), known_ids, n=2, cutoff=0.6)
    hint = f"did you mean {' or '.join(map(repr, close))}? " if close else ""
    raise ParameterError(
        f"unknown territory {territory!r}; {hint}known territories: {', '.join(known_ids)}"
    )


def earliest_record(data_dir: Path) -> date | None:
    """The earliest own date of a sourced row in a data folder (each table's ``date`` role).

    The as-of date cannot precede it: a briefing about a time before the data begins would look
    complete while knowing nothing.
    """
    return min(_record_dates(data_dir), default=None)


def _record_dates(data_dir: Path) -> Iterator[date]:
    """The first day of each sourced row's own date, table by table, in file order."""
    from breakaway.data.schema import read_roles, read_tables

    tables = read_tables(Path(data_dir))
    for name, roles in read_roles(Path(data_dir)).items():
        if not roles.date or name not in tables:
            continue
        try:
            rows = _read_csv(Path(data_dir) / tables[name].path)
        except (FileRefused, UnicodeDecodeError, csv.Error):
            continue  # validation reports what is wrong with the file
        for row in rows:
            if "source_ids" not in row:
                break  # the sources themselves are not records
            try:
                yield parse_partial_date(roles.own_date(row)).start
            except ValueError:
                continue


def check_as_of_in_range(as_of: date, data_dir: Path) -> date:
    """Reject an as-of date before the first record of the data.

    One row on or before ``as_of`` proves the date in range, so the rows are read only until one
    is found (a run with nothing to do pays for the whole data only when the date is refused).
    """
    if any(day <= as_of for day in _record_dates(data_dir)):
        return as_of
    earliest = earliest_record(data_dir)
    if earliest is not None:
        raise ParameterError(
            f"as_of {as_of.isoformat()} is before the data begins ({format_date(earliest)}); "
            f"expected a date from {earliest.isoformat()} to today"
        )
    return as_of


def check_formats(formats: list[str]) -> list[str]:
    """Output formats, each ``html`` or ``pdf``; defaults to both."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ParameterError(
            f"unknown format {unknown[0]!r}; expected one of: {', '.join(FORMATS)}"
        )
    return list(dict.fromkeys(formats)) or list(FORMATS)


def check_report_parameters(
    territory: str | None, as_of: str | date, data_dir: Path
) -> tuple[str | None, date]:
    """Validate a notebook's parameters; ``territory`` is ``None`` for the comparison."""
    if territory is not None:
        check_territory(territory, read_territory_ids(data_dir))
    resolved = resolve_as_of(as_of)
    check_as_of_in_range(resolved, data_dir)
    return territory, resolved
