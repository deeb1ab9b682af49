"""``is_war_row`` says of one event what ``is_war`` says of a table (the lead asks it per item)."""

from __future__ import annotations

import pandas as pd

from breakaway.knowledge.events import is_war, is_war_row


def test_one_event_is_judged_as_the_table_judges_it(shipped):
    events = shipped.events
    table = is_war(events)
    assert table.any() and not table.all()
    assert [is_war_row(row) for _, row in events.iterrows()] == list(table)


def test_planted_cases():
    rows = pd.DataFrame(
        {
            "category": ["conflict", "conflict", "conflict", "politics", "conflict"],
            "title": ["Clashes", "August war", "Second Karabakh Conflict", "A war of words", None],
            "end_date": [None, "", "", "", "2008-08-16"],
        }
    )
    expected = [False, True, True, False, True]
    assert list(is_war(rows)) == expected
    assert [is_war_row(row) for _, row in rows.iterrows()] == expected
    assert is_war_row({"category": "conflict", "title": "Clashes", "end_date": "1994-05-12"})
