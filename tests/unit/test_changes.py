"""What became known between two days, and the snapshots that decide whether an edition is new."""

from __future__ import annotations

from datetime import date

from breakaway.data.asof import read_raw_tables
from breakaway.knowledge.changes import changes, digest, snapshot
from breakaway.report.briefing import Briefing


def test_changes_list_the_rows_that_became_known_in_between(data_dir):
    tables = read_raw_tables(data_dir)
    found = changes(tables, "south-ossetia", date(2022, 5, 1), date(2022, 6, 15))
    assert [(c.date, c.text) for c in found if c.table == "events"] == [
        ("2022-05-13", "Referendum set for 17 July"),
        ("2022-05-30", "Referendum decree suspended"),
    ]
    assert all(c.source_ids for c in found)
    # The day after the second one, nothing more.
    assert changes(tables, "south-ossetia", date(2022, 5, 30), date(2022, 6, 15)) == []


def test_a_withdrawal_is_a_change_of_its_own_day(data_dir):
    tables = read_raw_tables(data_dir)
    found = changes(tables, "south-ossetia", date(2014, 3, 1), date(2014, 4, 30))
    assert [c.text for c in found] == ["Tuvalu withdrew its recognition"]
    assert found[0].date == "2014-03-31"


def test_snapshots_are_equal_on_days_with_nothing_new_and_differ_after_a_change(data_dir):
    tables = read_raw_tables(data_dir)
    quiet = [
        digest(snapshot(tables, "south-ossetia", day))
        for day in (date(2023, 1, 1), date(2023, 6, 1))
    ]
    assert quiet[0] == quiet[1]
    before = digest(snapshot(tables, "south-ossetia", date(2022, 5, 12)))
    after = digest(snapshot(tables, "south-ossetia", date(2022, 5, 13)))
    assert before != after
    # Another territory's news does not change this territory's snapshot.
    other = digest(snapshot(tables, "nagorno-karabakh", date(2022, 5, 12)))
    assert other == digest(snapshot(tables, "nagorno-karabakh", date(2022, 5, 13)))


def test_the_briefing_opens_with_what_changed_since_the_last_edition(dataset):
    briefing = Briefing(dataset, "south-ossetia", date(2022, 6, 15), date(2022, 5, 1))
    box = briefing.since_last_edition().data
    assert box.startswith("**Since the last edition (1 May 2022)**")
    assert "On 13 May 2022: Referendum set for 17 July" in box
    assert "On 30 May 2022: Referendum decree suspended" in box
    assert Briefing(dataset, "south-ossetia", date(2022, 6, 15)).since_last_edition() is None


def test_key_facts_say_why_the_reaction_section_is_left_out(dataset):
    early = Briefing(dataset, "south-ossetia", date(2000, 1, 1))
    assert early.heading("reaction") is None
    assert "none in this record by this date" in early.key_facts()._repr_html_()
    later = Briefing(dataset, "south-ossetia", date(2022, 6, 1))
    assert later.heading("reaction") is not None
    assert "none in this record by this date" not in later.key_facts()._repr_html_()
