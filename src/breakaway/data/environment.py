"""Environment values, checked like parameters: one line, exit 2, before anything reads.

Every variable that changes what a run does is read here, so a typo in a cron file or a systemd
unit is refused at once instead of failing in a kernel a minute later (``SOURCE_DATE_EPOCH`` read
by matplotlib and WeasyPrint, ``BREAKAWAY_TODAY`` by every as-of check).

The limits on work (table rows, outline points, reports per run, table bytes) live here with their
variables, so the README's list and the code cannot drift apart. Standard library only.
"""

from __future__ import annotations

import os

from breakaway.dates import today
from breakaway.errors import ParameterError

EPOCH_VARIABLE = "SOURCE_DATE_EPOCH"
SCHEDULER_TIMEOUT_VARIABLE = "BREAKAWAY_SCHEDULER_TIMEOUT"

# name: (default, what it counts). Each is refused with one line naming its variable when exceeded.
LIMITS = {
    "BREAKAWAY_MAX_TABLE_BYTES": (32 * 1024 * 1024, "bytes in one table"),
    "BREAKAWAY_MAX_TERRITORY_ROWS": (2_000, "rows of one territory in one table"),
    "BREAKAWAY_MAX_OUTLINE_POINTS": (20_000, "positions in one map outline"),
    "BREAKAWAY_MAX_REPORTS": (5_000, "reports in one run"),
    "BREAKAWAY_MAX_PAGES": (60, "pages in one PDF"),
}


def limit(variable: str) -> int:
    """The value of a limit: its variable when set (checked by :func:`check_environment`)."""
    default, _ = LIMITS[variable]
    value = os.environ.get(variable, "").strip()
    try:
        number = int(value)
    except ValueError:
        return default
    return number if number > 0 else default


def scheduler_timeout(default: float) -> float:
    """Seconds to reach a Dask scheduler (``BREAKAWAY_SCHEDULER_TIMEOUT`` overrides it)."""
    value = os.environ.get(SCHEDULER_TIMEOUT_VARIABLE, "").strip()
    if not value:
        return default
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds <= 3600:
        raise ParameterError(
            f"{SCHEDULER_TIMEOUT_VARIABLE}={value!r}: expected a number of seconds above 0 "
            "and at most 3600"
        )
    return seconds


def check_environment() -> None:
    """Refuse, in one line, an environment value that the run would fail on later."""
    from breakaway.data.safety import escape_text

    today()  # BREAKAWAY_TODAY, refused when it is not a day
    scheduler_timeout(1.0)
    epoch = os.environ.get(EPOCH_VARIABLE)
    if epoch is not None and epoch.strip():
        if not (epoch.strip().isascii() and epoch.strip().isdigit()) or len(epoch.strip()) > 12:
            raise ParameterError(
                f"{EPOCH_VARIABLE}={escape_text(epoch)!r}: expected whole seconds since "
                "1970-01-01 (digits only), or the variable unset"
            )
    for variable, (_, counts) in LIMITS.items():
        value = os.environ.get(variable)
        if value is None or not value.strip():
            continue
        text = value.strip()
        if not (text.isascii() and text.isdigit()) or int(text) < 1:
            raise ParameterError(
                f"{variable}={escape_text(value)!r}: expected a whole number of {counts}, "
                "at least 1, or the variable unset"
            )
