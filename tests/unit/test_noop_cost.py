"""What the run with nothing to do was made cheaper by keeps meaning the same.

The month lengths and names no longer come from ``calendar`` (whose names follow the locale), the
as-of range check stops at the first row on or before the date, and file fingerprints are
BLAKE2b: each is checked against what it replaced.
"""

from __future__ import annotations

import calendar
import hashlib
from datetime import date

import pytest

from breakaway import paths
from breakaway.data.fingerprint import hash_bytes
from breakaway.data.params import check_as_of_in_range, earliest_record
from breakaway.dates import MONTHS, days_in_month
from breakaway.errors import ParameterError


def test_days_in_month_agrees_with_the_calendar_module_for_every_month_of_the_data():
    for year in range(1800, 2101):
        for month in range(1, 13):
            assert days_in_month(year, month) == calendar.monthrange(year, month)[1]


def test_month_names_are_english_and_in_order():
    english = (
        "January February March April May June July August September October November December"
    )
    assert MONTHS == english.split()


def test_the_range_check_accepts_the_earliest_day_and_refuses_the_day_before():
    earliest = earliest_record(paths.data_dir())
    assert earliest is not None
    assert check_as_of_in_range(earliest, paths.data_dir()) == earliest
    day_before = date.fromordinal(earliest.toordinal() - 1)
    with pytest.raises(ParameterError, match="before the data begins"):
        check_as_of_in_range(day_before, paths.data_dir())


def test_fingerprints_are_blake2b_and_tell_one_byte_apart():
    assert hash_bytes(b"chart") == hashlib.blake2b(b"chart", digest_size=32).hexdigest()
    assert hash_bytes(b"chart") != hash_bytes(b"chars")
    assert len(hash_bytes(b"")) == 64
