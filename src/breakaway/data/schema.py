"""The data contract, read from ``datapackage.json`` (Frictionless) beside the CSV tables.

The descriptor is the single statement of tables, columns, types and constraints; this module only
reads it. Checks that the descriptor cannot express live in ``validation.py``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

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
        """Columns that must appear in the header."""
        return [field.name for field in self.fields]

    def field(self, name: str) -> Field | None:
        """The field called ``name``, if the schema declares it."""
        return next((field for field in self.fields if field.name == name), None)


def read_descriptor(data_dir: Path) -> dict:
    """The parsed ``datapackage.json`` of a data folder."""
    return _read_descriptor(str(Path(data_dir).resolve()))


@cache
def _read_descriptor(data_dir: str) -> dict:
    with open(Path(data_dir) / DESCRIPTOR, encoding="utf-8") as file:
        return json.load(file)


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
