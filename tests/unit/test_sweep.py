"""Date sweeps (``--as-of START..END --every STEP``): parsing, stepping, and the one-line refusals."""

from __future__ import annotations

from datetime import date

import pytest
from reportcheck import invoke, run

from breakaway.errors import ParameterError
from breakaway.render.sweep import add_months, resolve_dates, sweep_dates

TODAY = date(2026, 11, 27)


def test_yearly_sweep_includes_both_ends():
    assert resolve_dates("2008-12-31..2012-12-31", "year", TODAY) == [
        date(2008, 12, 31),
        date(2009, 12, 31),
        date(2010, 12, 31),
        date(2011, 12, 31),
        date(2012, 12, 31),
    ]


def test_end_between_steps_is_not_passed():
    assert sweep_dates(date(2020, 1, 15), date(2020, 12, 31), "quarter") == [
        date(2020, 1, 15),
        date(2020, 4, 15),
        date(2020, 7, 15),
        date(2020, 10, 15),
    ]


def test_month_ends_stay_month_ends_and_never_drift():
    # From 31 January: the end of each month, leap February included; steps count from START,
    # so 30 April does not turn later months into the 30th.
    assert sweep_dates(date(2008, 1, 31), date(2008, 6, 30), "month") == [
        date(2008, 1, 31),
        date(2008, 2, 29),
        date(2008, 3, 31),
        date(2008, 4, 30),
        date(2008, 5, 31),
        date(2008, 6, 30),
    ]


def test_a_day_a_month_lacks_is_clamped_but_later_months_keep_it():
    assert sweep_dates(date(2009, 1, 30), date(2009, 3, 31), "month") == [
        date(2009, 1, 30),
        date(2009, 2, 28),
        date(2009, 3, 30),
    ]


def test_leap_day_start_keeps_to_the_end_of_february():
    assert add_months(date(2008, 2, 29), 12) == date(2009, 2, 28)
    assert add_months(date(2008, 2, 29), 48) == date(2012, 2, 29)
    assert add_months(date(2008, 11, 30), 3) == date(2009, 2, 28)
    assert add_months(date(2008, 12, 15), 1) == date(2009, 1, 15)


def test_today_may_end_a_sweep():
    dates = resolve_dates("2026-05-27..today", "quarter", TODAY)
    assert dates == [date(2026, 5, 27), date(2026, 8, 27), date(2026, 11, 27)]


def test_a_single_day_range_is_one_report_and_a_plain_date_is_unchanged():
    assert resolve_dates("2010-06-30..2010-06-30", "month", TODAY) == [date(2010, 6, 30)]
    assert resolve_dates("2010-06-30", None, TODAY) == [date(2010, 6, 30)]
    assert resolve_dates("today", None, TODAY) == [TODAY]


@pytest.mark.parametrize(
    ("as_of", "every", "words"),
    [
        ("2012-12-31..2008-12-31", "year", "backwards"),
        ("2008-12-31..2030-12-31", "year", "in the future"),
        ("2008-12-31..2012-13-01", "year", "not a date"),
        ("2008..2012", "year", "not a full date"),
        ("2008-12-31..", "year", "not a range"),
        ("2008-12-31..2009-12-31..2010-12-31", "year", "not a range"),
        ("2008-12-31..2012-12-31", "week", "not a step"),
        ("2008-12-31..2012-12-31", None, "expected --every"),
        ("2008-12-31", "year", "needs a range"),
        ("0001-01-31..today", "month", "more than"),
    ],
)
def test_bad_sweeps_are_refused_in_one_line(as_of, every, words):
    with pytest.raises(ParameterError) as caught:
        resolve_dates(as_of, every, TODAY)
    message = str(caught.value)
    assert words in message
    assert "\n" not in message


def test_cli_refuses_a_bad_sweep_with_exit_2_and_one_line(tmp_path):
    cases = (
        ["--as-of", "2012-12-31..2008-12-31", "--every", "year"],
        ["--as-of", "2008-12-31..2012-12-31", "--every", "fortnight"],
        ["--as-of", "2008-12-31", "--every", "year"],
        ["--as-of", "2008-12-31..2999-01-01", "--every", "year"],
    )
    # In process (a new interpreter costs a second of imports), then the first once more as the
    # command, for the exit status and stderr of the real entry point.
    calls = [(invoke, extra) for extra in cases] + [(run, cases[0])]
    for how, extra in calls:
        args = ["render", "south-ossetia", "--out", str(tmp_path / "out"), *extra]
        result = invoke(*args) if how is invoke else run("breakaway", *args)
        assert result.returncode == 2, (extra, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert result.stderr.startswith("breakaway: ")
    assert not (tmp_path / "out").exists()
