from datetime import date

import pytest

from breakaway.dates import format_date, known_on, parse_partial_date


@pytest.mark.parametrize(
    ("text", "end", "shown"),
    [
        ("2006", date(2006, 12, 31), "2006"),
        ("2004-08", date(2004, 8, 31), "August 2004"),
        ("2024-02", date(2024, 2, 29), "February 2024"),
        ("2022-07-17", date(2022, 7, 17), "17 July 2022"),
    ],
)
def test_partial_dates_are_known_from_the_end_of_their_period(text, end, shown):
    assert known_on(text) == end
    assert format_date(text) == shown


@pytest.mark.parametrize(
    "text", ["2022-02-30", "2022-13", "22-05-13", "2022/05/13", "", "May 2022"]
)
def test_impossible_or_malformed_dates_are_rejected(text):
    with pytest.raises(ValueError):
        parse_partial_date(text)


def test_format_accepts_date_objects():
    assert format_date(date(2008, 8, 26)) == "26 August 2008"
