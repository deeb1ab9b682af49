"""Dates of reduced precision (``2006``, ``2004-08``, ``2008-08-26``) and how people read them.

A partial date counts as known from the *end* of its period when filtering "as of" a day: an
event dated ``2004-08`` is part of a briefing as of 2004-08-31 but not of one as of 2004-08-15.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_PARTIAL_DATE = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$")
# English whatever the machine's locale (``calendar.month_name`` follows it).
MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip


def days_in_month(year: int, month: int) -> int:
    """How many days ``month`` (1-12) of ``year`` has."""
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return (following - timedelta(days=1)).day


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar date known to a year, a month or a day."""

    start: date
    end: date
    precision: str  # "year", "month" or "day"

    @property
    def text(self) -> str:
        """The ISO 8601 form at its own precision."""
        if self.precision == "year":
            return f"{self.start.year:04d}"
        if self.precision == "month":
            return f"{self.start.year:04d}-{self.start.month:02d}"
        return self.start.isoformat()

    def __str__(self) -> str:
        return self.text


def parse_partial_date(text: str) -> PartialDate:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ``ValueError`` with the reason."""
    match = _PARTIAL_DATE.match(str(text).strip())
    if not match:
        raise ValueError(f"expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got {text!r}")
    year = int(match["year"])
    if match["month"] is None:
        return PartialDate(date(year, 1, 1), date(year, 12, 31), "year")
    month = int(match["month"])
    if not 1 <= month <= 12:
        raise ValueError(f"month {month} does not exist in {text!r}")
    last_day = days_in_month(year, month)
    if match["day"] is None:
        return PartialDate(date(year, month, 1), date(year, month, last_day), "month")
    day = int(match["day"])
    if not 1 <= day <= last_day:
        raise ValueError(f"{MONTHS[month - 1]} {year} has no day {day} (in {text!r})")
    return PartialDate(date(year, month, day), date(year, month, day), "day")


def known_on(text: str) -> date:
    """The first day on which a partial date counts as known: the end of its period."""
    return parse_partial_date(text).end


def format_date(value: str | date | PartialDate) -> str:
    """Write a date the way a reader expects: ``17 July 2022``, ``August 2004`` or ``2006``."""
    if isinstance(value, date):
        value = PartialDate(value, value, "day")
    elif not isinstance(value, PartialDate):
        value = parse_partial_date(value)
    start = value.start
    if value.precision == "year":
        return str(start.year)
    if value.precision == "month":
        return f"{MONTHS[start.month - 1]} {start.year}"
    return f"{start.day} {MONTHS[start.month - 1]} {start.year}"


def today() -> date:
    """Today, or ``BREAKAWAY_TODAY`` (YYYY-MM-DD) when set: tests and replays fake the day.

    Raises:
        ParameterError: ``BREAKAWAY_TODAY`` is set to something that is not a day.
    """
    import os

    from breakaway.errors import ParameterError

    value = os.environ.get(TODAY_VARIABLE, "").strip()
    if not value:
        return date.today()
    try:
        if len(value) != 10:
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise ParameterError(
            f"{TODAY_VARIABLE}={value!r} is not a date; expected YYYY-MM-DD or the variable unset"
        ) from None


TODAY_VARIABLE = "BREAKAWAY_TODAY"
