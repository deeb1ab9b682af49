"""Prose as a good newsroom writes it: agreement with counts, numbers and dates as readers write them.

Every generated sentence is built for counts 0, 1, 2 and 10 and read for the errors an editor marks.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from breakaway.report.narrative import (
    comparison_sentence,
    count_words,
    date_phrase,
    factcheck_sentence,
    joining_patron_story,
)
from breakaway.text import amount, year_span

COUNTS = [0, 1, 2, 10]
# Mistakes an editor would mark: a count that disagrees with its noun or verb, a number as a
# field name, an ISO date, doubled punctuation.
WRONG = [
    r"\b1 \w+s\b",
    r"\bone \w+s were\b",
    r"\b(two|three|ten|\d{2,}) \w+ was\b",
    r"\bone claim about .* were\b",
    r"\b\d{4}-\d{2}-\d{2}\b",
    r"\w_\w",
    r"\.\.",
    r"\?\.",
    r"\bon (January|February|March|April|May|June|July|August|September|October|November|"
    r"December) \d{4}\b",
]


def _check(text: str) -> None:
    for pattern in WRONG:
        found = re.search(pattern, text)
        assert not found, f"{found.group(0)!r} in: {text}"
    assert text[0].isupper() or text[0] in "*-\\", text


def _facts(**extra) -> dict:
    return {
        "territory": "south-ossetia",
        "name": "South Ossetia",
        "as_of": "2022-05-13",
        "patron_state": "Russia",
        "aim_text": "union with Russia",
        "un_recognizers": [],
        "latest_census": None,
        "sources": {"latest_census": []},
        **extra,
    }


class _Cite:
    def markdown(self, source_ids):
        return "[1]"


@pytest.mark.parametrize("count", COUNTS)
def test_factcheck_sentence_agrees_with_its_count(count):
    checked = pd.DataFrame({"verdict": ["accurate"] * count})
    text = factcheck_sentence(checked, _facts())
    _check(text)
    if count == 1:
        assert "One claim about South Ossetia" in text and " was checked" in text
        assert "one accurate" in text
    elif count:
        assert (
            f"{count_words(count, 'claim').capitalize()} about" in text and "were checked" in text
        )


@pytest.mark.parametrize("count", COUNTS)
def test_joining_story_agrees_with_its_count(count):
    events = pd.DataFrame(
        {
            "date": ["2024-03"] * count,
            "end_date": [""] * count,
            "title": ["Official speaks of joining Russia"] * count,
            "description": [""] * count,
            "source_ids": ["a"] * count,
        }
    )
    text = joining_patron_story(events, _facts(), _Cite())
    _check(text)
    if count:
        assert count_words(count, "step") in text
        assert "**March 2024**" in text and "most recent of these" not in text  # listed once


def test_a_tie_at_zero_is_not_called_as_many():
    others = [
        _facts(),
        _facts(territory="transnistria", name="Transnistria"),
    ]
    text = comparison_sentence(others[0], others, _Cite())
    _check(text)
    assert "as many as" not in text and "like Transnistria" in text


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (6_220_000_000, "6.2 billion"),
        (5_000_000_000, "5 billion"),
        (2_500_000, "2.5 million"),
        (53_532, "53,532"),
    ],
)
def test_amounts_are_written_as_readers_write_them(value, written):
    assert amount(value) == written


def test_dates_take_their_preposition_and_spans_never_repeat_a_year():
    assert date_phrase("2024-03-17") == "on 17 March 2024"
    assert date_phrase("2024-03") == "in March 2024"
    assert date_phrase("2024") == "in 2024"
    assert year_span(2008, 2008) == "2008"
    assert year_span(1989, 2015) == "1989–2015"
