"""Date sweeps: ``--as-of START..END --every year|quarter|month`` as the list of dates to render.

Stepping is by calendar months counted from START (12 for a year, 3 for a quarter), never from the
previous date, so a sweep cannot drift: 2008-01-31 monthly gives 2008-02-29, 2008-03-31,
2008-04-30, ... A day that a month lacks is clamped to that month's last day, and a START on the
last day of its month keeps to month ends (2008-02-29 yearly gives 2009-02-28, 2012-02-29). END
is included when a step lands on it; the last date is never after END.

Checks every date as ``--as-of`` does (full days, not in the future, ``today`` allowed) and says
what is wrong in one line. Standard library only, like the rest of the plan.
"""

from __future__ import annotations

from datetime import date

from breakaway.data.params import resolve_as_of
from breakaway.dates import days_in_month
from breakaway.errors import ParameterError

STEPS = {"year": 12, "quarter": 3, "month": 1}
RANGE = ".."
# A monthly sweep from 1900 would be 1,500 dates, times every report, from one typo: more reports
# than BREAKAWAY_MAX_REPORTS (the README's "Operating it") are refused.
REPORTS_VARIABLE = "BREAKAWAY_MAX_REPORTS"


def max_reports() -> int:
    """The most reports one run may render (``BREAKAWAY_MAX_REPORTS`` overrides it)."""
    from breakaway.data.environment import limit

    return limit(REPORTS_VARIABLE)


def check_report_count(dates: int, per_date: int) -> None:
    """Refuse, in one line, a run of more reports than the limit (dates times reports a date)."""
    total, most = dates * per_date, max_reports()
    if total > most:
        raise ParameterError(
            f"{dates:,} dates of {per_date:,} reports each make {total:,} reports, more than "
            f"the limit of {most:,}; expected a shorter range, a longer step or fewer "
            f"territories (raise the limit with {REPORTS_VARIABLE})"
        )


def is_range(as_of: str) -> bool:
    """Whether an ``--as-of`` value is a ``START..END`` range."""
    return RANGE in str(as_of)


def add_months(start: date, months: int) -> date:
    """``start`` moved by whole calendar months, clamped to the month's end (and kept there)."""
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = days_in_month(year, month)
    at_month_end = start.day == days_in_month(start.year, start.month)
    return date(year, month, last if at_month_end else min(start.day, last))


def sweep_dates(start: date, end: date, every: str) -> list[date]:
    """START, then each step of ``every`` from START, up to END inclusive."""
    if every not in STEPS:
        raise ParameterError(
            f"--every {every!r} is not a step; expected one of: {', '.join(STEPS)}"
        )
    if start > end:
        raise ParameterError(
            f"--as-of {start.isoformat()}..{end.isoformat()} runs backwards; "
            "expected the earlier date first"
        )
    dates, step = [], 0
    while (day := add_months(start, step * STEPS[every])) <= end:
        dates.append(day)
        if len(dates) > max_reports():  # each date is at least one report
            raise ParameterError(
                f"--as-of {start.isoformat()}..{end.isoformat()} --every {every} makes more "
                f"than {max_reports():,} reports; expected a shorter range or a longer step "
                f"(raise the limit with {REPORTS_VARIABLE})"
            )
        step += 1
    return dates


def resolve_dates(as_of: str, every: str | None, today: date | None = None) -> list[date]:
    """The dates of a run: one date, or every date of a sweep (``ParameterError`` if bad)."""
    text = str(as_of).strip()
    if not is_range(text):
        if every is not None:
            raise ParameterError(
                f"--every {every} needs a range; expected --as-of START..END (got {text!r})"
            )
        return [resolve_as_of(text, today)]
    if every is None:
        raise ParameterError(
            f"--as-of {text} is a range; expected --every year, quarter or month with it"
        )
    first, _, last = text.partition(RANGE)
    if not first.strip() or not last.strip() or RANGE in last:
        raise ParameterError(
            f"--as-of {text!r} is not a range; expected START..END, e.g. 2008-12-31..today"
        )
    start, end = resolve_as_of(first, today), resolve_as_of(last, today)
    return sweep_dates(start, end, every)
