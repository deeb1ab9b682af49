"""Tables read as text, and the problems found in them: one per place, printed as one line."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from breakaway.data.safety import display_path as display_path  # re-exported for the callers
from breakaway.data.safety import escape_text
from breakaway.data.schema import Table


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
        # Cell text reaches terminals and cron mail: escape anything that could act on them.
        return escape_text(f"{where}: {self.message}")


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
