"""The data contract, read from ``datapackage.json`` (Frictionless) beside the CSV tables.

The descriptor is the single statement of tables, columns, types and constraints; this module only
reads it, and refuses a descriptor it cannot use (not UTF-8, not JSON, no resources, no fields, a
bad pattern, a table outside the data folder) with one line. Checks that the descriptor cannot
express live in ``validate.py``; the rules that protect the machine live in ``safety.py``.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import NoReturn

from breakaway.data.patterns import pattern_problem
from breakaway.data.registry import PROPERTY, Roles, check_roles, roles_from_descriptor
from breakaway.data.safety import display_path, read_regular_file, regular_file_problem
from breakaway.errors import DataError

DESCRIPTOR = "datapackage.json"
# The briefings cannot be written without these; the others enrich them when present.
REQUIRED_RESOURCES = ("territories", "recognitions", "population", "events", "sources")


@dataclass(frozen=True)
class Field:
    """One column of a table."""

    name: str
    type: str
    description: str
    constraints: dict
    # ``"breakaway": {"optional_column": true}`` on a field: a table may leave the column out
    # (an optional refinement such as a row's ``detail``); when present it is checked as declared.
    optional_column: bool = False


@dataclass(frozen=True)
class Table:
    """One CSV file of the data package."""

    name: str
    path: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    descriptor: dict

    @property
    def required_columns(self) -> list[str]:
        """Columns that must appear in the header (all but the optional ones)."""
        return [field.name for field in self.fields if not field.optional_column]

    def field(self, name: str) -> Field | None:
        """The field called ``name``, if the schema declares it."""
        return next((field for field in self.fields if field.name == name), None)


def read_descriptor(data_dir: Path) -> dict:
    """The parsed ``datapackage.json`` of a data folder (shared: do not change it).

    Read on every call; parsed and checked once per process for the same bytes, so an edited
    descriptor is never served from before its edit. A descriptor's problems name its file, so
    they are found again on every call.
    """
    path = Path(data_dir).resolve() / DESCRIPTOR
    shown = str(path)
    content = read_regular_file(path, shown, MAX_DESCRIPTOR_BYTES)
    key = hashlib.sha256(content).hexdigest()
    with _DESCRIPTORS_LOCK:
        if key in _DESCRIPTORS:
            _DESCRIPTORS.move_to_end(key)
            return _DESCRIPTORS[key]
    descriptor = _parsed_descriptor(content, shown)
    with _DESCRIPTORS_LOCK:
        _DESCRIPTORS[key] = descriptor
        while len(_DESCRIPTORS) > 16:
            _DESCRIPTORS.popitem(last=False)
    return descriptor


MAX_DESCRIPTOR_BYTES = 4 * 1024 * 1024
_DESCRIPTORS: OrderedDict[str, dict] = OrderedDict()
_DESCRIPTORS_LOCK = threading.Lock()


def _parsed_descriptor(content: bytes, shown: str) -> dict:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DataError(
            [f"{shown}: byte 0x{content[error.start]:02x} is not UTF-8; expected UTF-8 JSON"]
        ) from None
    try:
        descriptor = json.loads(text)
    except ValueError as error:
        line, column = getattr(error, "lineno", None), getattr(error, "colno", None)
        where = f", line {line}, column {column}" if line else ""
        message = getattr(error, "msg", str(error))
        raise DataError([f"{shown}{where}: not valid JSON ({message}); expected JSON"]) from None
    _check_descriptor(descriptor, shown)
    return descriptor


def _check_descriptor(descriptor: object, shown: str) -> None:
    """Refuse, in one line, a descriptor whose shape the rest of the package cannot use."""

    def fail(where: str, expected: str) -> NoReturn:
        raise DataError([f"{shown}: {where}: expected {expected}"])

    if not isinstance(descriptor, dict):
        fail("top level", "a JSON object with a 'resources' list")
    resources = descriptor.get("resources")
    if not isinstance(resources, list) or not resources:
        fail("'resources'", "a non-empty list of tables")
    names = set()
    for number, resource in enumerate(resources, start=1):
        where = f"resource {number}"
        if not isinstance(resource, dict):
            fail(where, "an object with name, path and schema")
        name, path = resource.get("name"), resource.get("path")
        if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9_-]{1,64}", name):
            fail(f"{where} 'name'", "a short lowercase name")
        if name in names:
            fail(f"resource {name!r}", "each resource name once")
        names.add(name)
        where = f"resource {name!r}"
        if not isinstance(path, str) or not _is_inside(path):
            fail(f"{where} 'path'", "a relative path to a .csv file inside the data folder")
        schema = resource.get("schema")
        fields = schema.get("fields") if isinstance(schema, dict) else None
        if not isinstance(schema, dict) or not isinstance(fields, list) or not fields:
            fail(f"{where} 'schema'", "an object with a non-empty 'fields' list")
        for field in fields:
            _check_field(field, where, fail)
        key = schema.get("primaryKey", [])
        declared = {field["name"] for field in fields}
        if not isinstance(key, list) or any(column not in declared for column in key):
            fail(f"{where} 'primaryKey'", "a list of declared field names")
        roles_problem = check_roles(resource)
        if roles_problem:
            raise DataError([f"{shown}: {where} {roles_problem}"])
    missing = [name for name in REQUIRED_RESOURCES if name not in names]
    if missing:
        fail("'resources'", f"the tables {', '.join(REQUIRED_RESOURCES)} (missing {missing[0]})")


def _check_field(field: object, where: str, fail: Callable[[str, str], NoReturn]) -> None:
    if not isinstance(field, dict) or not isinstance(field.get("name"), str) or not field["name"]:
        fail(f"{where} field", "an object with a 'name'")
    where = f"{where} field {field['name']!r}"
    kind = field.get("type", "string")
    if not isinstance(kind, str) or kind not in FIELD_TYPES:
        fail(f"{where} 'type'", f"one of {', '.join(FIELD_TYPES)}, got {kind!r}")
    constraints = field.get("constraints", {})
    if not isinstance(constraints, dict):
        fail(f"{where} 'constraints'", "an object")
    pattern = constraints.get("pattern")
    if pattern is not None:
        try:
            re.compile(pattern)
        except (re.error, TypeError, RecursionError, OverflowError) as error:
            fail(f"{where} 'pattern'", f"a valid regular expression ({error})")
        problem = pattern_problem(pattern)  # bounded work: no catastrophic backtracking
        if problem:
            fail(f"{where} 'pattern'", problem)
    enum = constraints.get("enum")
    if enum is not None and not isinstance(enum, list):
        fail(f"{where} 'enum'", "a list of values")
    for name in ("minimum", "maximum"):
        bound = constraints.get(name)
        if bound is not None and not _is_bound(kind, bound):
            expected = "a date as YYYY-MM-DD" if kind == "date" else "a number"
            fail(f"{where} '{name}'", f"{expected} for a {kind} field, got {bound!r}")
    for name in ("minLength", "maxLength"):
        length = constraints.get(name)
        if length is not None and (type(length) is not int or length < 0):
            fail(f"{where} '{name}'", f"a whole number of characters, got {length!r}")
    for name in ("required", "unique"):
        flag = constraints.get(name)
        if flag is not None and not isinstance(flag, bool):
            fail(f"{where} '{name}'", f"true or false, got {flag!r}")
    own = field.get(PROPERTY, {})
    if not isinstance(own, dict) or any(
        key != "optional_column" or not isinstance(value, bool) for key, value in own.items()
    ):
        fail(f"{where} '{PROPERTY}'", 'an object such as {"optional_column": true}')


# The Frictionless field types the validator can check.
FIELD_TYPES = ("string", "integer", "number", "boolean", "date", "year", "yearmonth", "any")


def _is_bound(kind: str, bound: object) -> bool:
    if kind in ("integer", "number", "year"):
        return isinstance(bound, int | float) and not isinstance(bound, bool)
    if kind == "date":
        return isinstance(bound, str) and bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", bound))
    return False


def _is_inside(path: str) -> bool:
    """Whether a resource path stays inside the data folder (relative, no ``..``)."""
    pure = PurePosixPath(path)
    return (
        bool(path)
        and "\\" not in path
        and not pure.is_absolute()
        and ".." not in pure.parts
        and pure.suffix == ".csv"
    )


def read_tables(data_dir: Path) -> dict[str, Table]:
    """Every table the descriptor declares, by resource name, in descriptor order."""
    tables = {}
    for resource in read_descriptor(data_dir)["resources"]:
        schema = resource["schema"]
        fields = tuple(
            Field(
                name=field["name"],
                type=field.get("type", "string"),
                description=field.get("description", ""),
                constraints=field.get("constraints", {}),
                optional_column=(field.get(PROPERTY) or {}).get("optional_column") is True,
            )
            for field in schema["fields"]
        )
        tables[resource["name"]] = Table(
            name=resource["name"],
            path=resource["path"],
            title=resource.get("title", resource["name"]),
            description=resource.get("description", ""),
            fields=fields,
            primary_key=tuple(schema.get("primaryKey", ())),
            descriptor=resource,
        )
    return tables


def check_table_files(data_dir: Path) -> None:
    """Refuse, before anything reads or hashes them, tables that are not regular files or too big.

    Only looks (``stat``): the CLI calls it before planning, which hashes every data file.

    Raises:
        DataError: One line per table that is a folder, pipe or device, or over the size limit.
    """
    problems = []
    for table in read_tables(data_dir).values():
        path = Path(data_dir) / table.path
        problem = regular_file_problem(path, display_path(path))
        if problem:
            problems.append(problem)
    if problems:
        raise DataError(problems)


def split_ids(source_ids: str | Iterable[str]) -> list[str]:
    """Source ids from a ``;``-separated cell or a list, in order, without repeats."""
    if isinstance(source_ids, str):
        source_ids = source_ids.split(";")
    seen: list[str] = []
    for source_id in source_ids:
        source_id = source_id.strip()
        if source_id and source_id not in seen:
            seen.append(source_id)
    return seen


# The tables' roles live in registry.py; reading them needs the descriptor, read here (registry
# imports nothing of the package, so the two modules form no import circle).
def read_roles(data_dir: Path) -> dict[str, Roles]:
    """The roles of every table of a data folder."""
    return roles_from_descriptor(read_descriptor(Path(data_dir)))


def project_roles() -> dict[str, Roles]:
    """The roles of the project's own data folder (for frames built by hand, in tests)."""
    from breakaway import paths

    return read_roles(paths.data_dir())
