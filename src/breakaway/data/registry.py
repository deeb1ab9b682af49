"""Each table's roles, declared once in ``datapackage.json`` and read by everything that needs them.

A resource may carry a ``"breakaway"`` object (a custom property, in the manner of PUDL):

- ``date``: the column holding the row's own (possibly partial) date;
- ``end_date``: the column holding the end of the row (a withdrawal, the end of a span);
- ``released``: a release-date column; where it is filled the row counts from it instead of
  ``date`` (a census counts from its publication, else from the end of its year);
- ``describe`` / ``describe_end``: how "what changed" tells a reader about a new row or a new
  end: a template such as ``"Recognised by {recognizer}"``, or a list of
  ``{"if": {"column": "value"}, "text": "..."}`` whose first match is used (the last may omit
  ``if``). ``{x:,}`` groups the digits of a number; ``{x!h}`` turns ``an_id`` into ``An id``.
  A table without ``describe`` is not listed among the changes.

Validation (``check_roles``), the as-of rule (``asof.py``), the loader, the "what changed" list
and the parameter checks read these roles and nothing else. Standard library only: the render
plan reads them without pandas.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

PROPERTY = "breakaway"
_COLUMN_ROLES = ("date", "end_date", "released")
_TEXT_ROLES = ("describe", "describe_end")


@dataclass(frozen=True)
class Roles:
    """What the columns of one table mean to the as-of rule and to "what changed"."""

    table: str
    title: str = ""
    date: str | None = None
    end_date: str | None = None
    released: str | None = None
    describe: tuple[tuple[dict, str], ...] = ()
    describe_end: tuple[tuple[dict, str], ...] = ()

    @property
    def is_listed(self) -> bool:
        """Whether "what changed" lists the table's new rows."""
        return bool(self.describe)

    def own_date(self, row: dict) -> str:
        """The (partial) ISO date a row counts from: its release where recorded, else its date."""
        if self.released and str(row.get(self.released) or ""):
            return str(row[self.released])
        return str(row.get(self.date) or "") if self.date else ""

    def end(self, row: dict) -> str:
        """The row's end date as written, or ``""``."""
        return str(row.get(self.end_date) or "") if self.end_date else ""

    def describe_row(self, row: dict) -> str:
        """A new row in one line."""
        return _fill(self.describe, row) or self.title

    def describe_row_end(self, row: dict) -> str:
        """The end of a row in one line."""
        return _fill(self.describe_end, row) or f"{self.describe_row(row)}: ended"


def roles_from_descriptor(descriptor: dict) -> dict[str, Roles]:
    """The roles of every resource of a (checked) descriptor, by table name."""
    return {resource["name"]: _roles(resource) for resource in descriptor.get("resources", [])}


def check_roles(resource: dict) -> str | None:
    """What is wrong with a resource's ``breakaway`` property, or None.

    Returns a phrase "where: expected what" that the descriptor check turns into one line.
    """
    declared = resource.get(PROPERTY)
    if declared is None:
        return None
    if not isinstance(declared, dict):
        return f"'{PROPERTY}': expected an object of table roles"
    fields = {
        f.get("name") for f in resource.get("schema", {}).get("fields", []) if isinstance(f, dict)
    }
    for key, value in declared.items():
        if key in _COLUMN_ROLES:
            if value not in fields:
                return f"'{PROPERTY}.{key}': expected the name of a declared field, got {value!r}"
        elif key in _TEXT_ROLES:
            try:
                choices = _choices(value)
                for condition, text in choices:
                    for column in [*condition, *_template_fields(text)]:
                        if column not in fields:
                            return (
                                f"'{PROPERTY}.{key}': expected declared fields only, got {column!r}"
                            )
            except (TypeError, ValueError) as error:
                return f"'{PROPERTY}.{key}': expected a template or a list of choices ({error})"
        else:
            known = ", ".join((*_COLUMN_ROLES, *_TEXT_ROLES))
            return f"'{PROPERTY}': unknown role {key!r}; expected one of {known}"
    return None


def _roles(resource: dict) -> Roles:
    declared = resource.get(PROPERTY) or {}
    return Roles(
        table=resource["name"],
        title=resource.get("title", resource["name"]),
        date=declared.get("date"),
        end_date=declared.get("end_date"),
        released=declared.get("released"),
        describe=_choices(declared.get("describe")),
        describe_end=_choices(declared.get("describe_end")),
    )


def _choices(value) -> tuple[tuple[dict, str], ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (({}, value),)
    if not isinstance(value, list):
        raise TypeError("not a string or a list")
    choices = []
    for choice in value:
        if not isinstance(choice, dict) or not isinstance(choice.get("text"), str):
            raise TypeError("each choice is an object with a 'text'")
        condition = choice.get("if", {})
        if not isinstance(condition, dict):
            raise TypeError("'if' is an object of column: value")
        choices.append((condition, choice["text"]))
    return tuple(choices)


def _template_fields(text: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(text) if name]


class _RowFormatter(string.Formatter):
    """``str.format`` for CSV text: numbers take number formats, ``!h`` humanises an id."""

    def convert_field(self, value, conversion):
        if conversion == "h":
            return str(value).replace("_", " ").capitalize()
        return super().convert_field(value, conversion)

    def format_field(self, value, format_spec):
        if format_spec and isinstance(value, str):
            try:
                value = int(value)
            except ValueError:
                value = float(value)
        return super().format_field(value, format_spec)


def _fill(choices: tuple[tuple[dict, str], ...], row: dict) -> str:
    for condition, text in choices:
        if all(str(row.get(column, "")) == str(value) for column, value in condition.items()):
            return _RowFormatter().vformat(text, (), {k: _plain(v) for k, v in row.items()})
    return ""


def _plain(value):
    """A frame's int stays a number; anything else reads as its text."""
    return value if isinstance(value, int | float) else str(value)
