"""The exceptions of breakaway: one root class, one subclass per kind of failure.

The CLI maps them to exit codes: ``InputError`` (bad data or parameters) to 2, ``RenderError`` to 1.
"""

from __future__ import annotations


class BreakawayError(Exception):
    """Root of every error that breakaway raises on purpose."""


class InputError(BreakawayError):
    """Bad input: data files or parameters that cannot give a correct report."""


class DataError(InputError):
    """One or more problems in the data files, each a line naming file, line and column."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class ParameterError(InputError):
    """A parameter (territory, as-of date, format, jobs, folders) that cannot be used."""


class RenderError(BreakawayError):
    """A report failed while executing or exporting; the previous good report is kept."""


class NothingToDrawError(BreakawayError):
    """A chart whose every value is zero: the page says so in a sentence instead of drawing it."""
