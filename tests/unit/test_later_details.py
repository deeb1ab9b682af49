"""Details that only later sources show (issue 18): a row's words must be public by D too.

A row enters on the day its first source was published; a detail of it (a referendum's result)
that rests only on a later source is shown from that source's day, with its citation, and not
before. A detail without sources, or with unknown ones, is one line, exit 2.
"""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from conftest import TABLES, write_data_dir
from leakcheck import briefing_outputs
from reportcheck import invoke

from breakaway.data.details import reveal_details
from breakaway.data.load import load_dataset
from breakaway.errors import DataError
from breakaway.knowledge.changes import snapshot
from breakaway.knowledge.events import events_as_of, statements_as_of

RESULT = "The organisers reported that 99.9% backed the union."
SAID_LATER = "He added that the vote would be repeated."
BEFORE_RESULT, AFTER_RESULT = date(2009, 1, 1), date(2011, 1, 1)


def _with_details(events_row: str, statements_row: str = "") -> dict[str, str]:
    """The shared tables with the detail columns (at the end), a later source and planted rows."""
    tables = dict(TABLES)
    for name in ("events.csv", "statements.csv"):
        lines = tables[name].splitlines()
        tables[name] = "\n".join(
            [lines[0] + ",detail,detail_source_ids", *(line + ",," for line in lines[1:])]
        )
    tables["events.csv"] += f"\n{events_row}\n"
    tables["statements.csv"] += f"\n{statements_row}\n" if statements_row else "\n"
    tables["sources.csv"] += (
        "src-result,Results announced,Publisher R,https://example.org/r,2026-11-27,2010-05-01,"
        "news,false,,\n"
    )
    return tables


PLANTED_EVENT = (
    "so-vote,south-ossetia,2006-11-12,,referendum,territory,joining_patron,Vote on union,"
    f"Voters were asked about union with Russia.,,src-b,,,{RESULT},src-result"
)
PLANTED_STATEMENT = (
    "so-leader-vote,south-ossetia,2006-11-13,Leader L,de facto president,territory,"
    f"joining_patron,supports,L said the vote was valid.,,src-b,,{SAID_LATER},src-result"
)


@pytest.fixture
def planted(tmp_path):
    tables = _with_details(PLANTED_EVENT, PLANTED_STATEMENT)
    return load_dataset(write_data_dir(tmp_path / "data", tables))


def _row(frame, column: str, value: str):
    return frame[frame[column] == value].iloc[0]


def test_an_event_shows_its_detail_only_once_the_details_source_is_public(planted):
    before = _row(
        events_as_of(planted.events, "south-ossetia", BEFORE_RESULT), "event_id", "so-vote"
    )
    assert before["description"] == "Voters were asked about union with Russia."
    assert "99.9%" not in " ".join(map(str, before.values))
    assert before["source_ids"] == "src-b"
    after = _row(events_as_of(planted.events, "south-ossetia", AFTER_RESULT), "event_id", "so-vote")
    assert after["description"] == f"Voters were asked about union with Russia. {RESULT}"
    assert after["source_ids"] == "src-b;src-result"  # the detail travels with its citation


def test_a_statement_shows_its_detail_only_once_public(planted):
    def paraphrase(day):
        rows = statements_as_of(planted.statements, "south-ossetia", day)
        return _row(rows, "statement_id", "so-leader-vote")["paraphrase"]

    assert paraphrase(BEFORE_RESULT) == "L said the vote was valid."
    assert paraphrase(AFTER_RESULT) == f"L said the vote was valid. {SAID_LATER}"


def test_the_analysts_view_and_its_sources_follow_the_same_rule(planted):
    before = planted.as_of(BEFORE_RESULT.isoformat(), "south-ossetia")
    vote = _row(before.events, "event_id", "so-vote")
    assert RESULT not in vote["description"] and not vote["detail"]
    assert "src-result" not in set(before.sources_of("events")["source_id"])
    after = planted.as_of(AFTER_RESULT.isoformat(), "south-ossetia")
    assert RESULT in _row(after.events, "event_id", "so-vote")["description"]
    assert "src-result" in set(after.sources_of("events")["source_id"])


def test_the_briefing_tells_the_event_without_its_detail_before_the_source(planted):
    text_before, facts_before, _ = briefing_outputs(planted, "south-ossetia", BEFORE_RESULT)
    assert "Voters were asked about union with Russia" in text_before
    assert "99.9%" not in text_before and "99.9" not in json.dumps(facts_before)
    assert "Publisher R" not in text_before
    text_after, _, _ = briefing_outputs(planted, "south-ossetia", AFTER_RESULT)
    assert "99.9%" in text_after


def test_a_detail_made_public_later_makes_a_new_edition(tmp_path):
    from breakaway.data.asof import read_raw_tables

    folder = write_data_dir(tmp_path / "data", _with_details(PLANTED_EVENT))
    load_dataset(folder)  # validates
    tables = read_raw_tables(folder)
    assert snapshot(tables, "south-ossetia", date(2010, 4, 30)) != snapshot(
        tables, "south-ossetia", date(2010, 5, 1)
    )


def test_a_frame_built_by_hand_shows_every_detail():
    import pandas as pd

    rows = pd.DataFrame(
        {
            "description": ["Held."],
            "detail": ["Won."],
            "source_ids": ["a"],
            "detail_source_ids": ["b"],
        }
    )
    shown = reveal_details(rows, "events", date(1900, 1, 1))
    assert shown.loc[0, "description"] == "Held. Won." and shown.loc[0, "source_ids"] == "a;b"


# --- the shipped record: the 1991 Nagorno-Karabakh referendum and its result (ARKA, 2007) ---


def test_the_nagorno_karabakh_referendum_has_no_result_in_1992_and_has_it_today(shipped):
    text, facts, _ = briefing_outputs(shipped, "nagorno-karabakh", date(1992, 1, 1))
    assert "referendum" in text.lower()  # the vote itself is known from the next day's wire
    assert "99%" not in text and "99%" not in json.dumps(facts) and "99.89" not in text
    assert "ARKA" not in text
    today = events_as_of(shipped.events, "nagorno-karabakh", date(2026, 12, 3))
    row = _row(today, "event_id", "nk-1991-12-10-independence-referendum")
    assert "99.89%" in row["description"]  # ARKA credits no one: no "according to the organisers"
    assert "organisers" not in row["description"]
    assert "arka-2007-08-06-karabakh-recognition" in row["source_ids"]


def test_south_ossetias_referendum_gets_its_figure_from_the_later_sources(shipped):
    def description(day):
        rows = events_as_of(shipped.events, "south-ossetia", day)
        return _row(rows, "event_id", "so-1992-01-19-referendum")["description"]

    assert "99%" not in description(date(1992, 7, 1))
    assert "99% backed independence" in description(date(2026, 12, 3))


def test_no_shipped_detail_is_known_before_its_row():
    """A detail's first source may not precede the row's: it would never be the limiting one."""
    shipped = load_dataset()
    for name in ("events", "statements"):
        frame = shipped.tables[name]
        rows = frame[frame["detail"] != ""]
        assert not rows.empty
        later = rows[(rows["detail_known_from"] > rows["known_from"]).astype(bool)]
        assert len(later) == len(rows), rows[~rows.index.isin(later.index)]


# --- validation: one line naming file, row and column; exit 2 ---


@pytest.mark.parametrize(
    ("detail", "ids", "column", "words"),
    [
        (RESULT, "", "detail_source_ids", "empty, but the row has a detail"),
        (RESULT, "src-nowhere", "detail_source_ids", "unknown source id 'src-nowhere'"),
        ("", "src-result", "detail", "empty, but the row names detail sources"),
    ],
)
def test_a_detail_without_good_sources_is_one_clear_line(tmp_path, detail, ids, column, words):
    row = PLANTED_EVENT.replace(f",{RESULT},src-result", f",{detail},{ids}")
    folder = write_data_dir(tmp_path / "data", _with_details(row))
    with pytest.raises(DataError) as caught:
        load_dataset(folder)
    problems = caught.value.problems
    assert len(problems) == 1, problems
    line = len(TABLES["events.csv"].splitlines()) + 1
    assert re.search(
        rf"events\.csv, line {line}, column '{column}': .*{re.escape(words)}", problems[0]
    )
    result = invoke("validate", "--data", str(folder))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and column in result.stderr


def test_a_source_on_a_repost_site_is_refused_in_one_line(tmp_path):
    tables = dict(TABLES)
    tables["sources.csv"] = tables["sources.csv"].replace(
        "https://example.org/b", "https://townhall.com/news/world/2011/11/29/story-n1122686"
    )
    folder = write_data_dir(tmp_path / "data", tables)
    with pytest.raises(DataError) as caught:
        load_dataset(folder)
    (problem,) = caught.value.problems
    assert "sources.csv, line 3, column 'url': a repost site (townhall.com)" in problem


def test_what_changed_tells_a_detail_made_public(tmp_path):
    from breakaway.data.asof import read_raw_tables
    from breakaway.knowledge.changes import changes

    folder = write_data_dir(tmp_path / "data", _with_details(PLANTED_EVENT))
    load_dataset(folder)  # validates
    tables = read_raw_tables(folder)
    learnt = changes(tables, "south-ossetia", date(2010, 1, 1), date(2011, 1, 1))
    assert [c.text for c in learnt] == [f"Vote on union: {RESULT}"]
    assert learnt[0].source_ids == "src-result"
    before = changes(tables, "south-ossetia", date(2006, 1, 1), date(2009, 1, 1))
    assert all(RESULT not in c.text for c in before)


def test_a_table_may_leave_out_the_detail_columns_but_not_others(tmp_path):
    folder = write_data_dir(tmp_path / "data")  # the shared tables have no detail columns
    assert "detail" not in load_dataset(folder).events.columns
    tables = dict(TABLES)
    tables["events.csv"] = tables["events.csv"].replace(",caveat,", ",", 1)
    with pytest.raises(DataError) as caught:
        load_dataset(write_data_dir(tmp_path / "other", tables))
    assert "column 'caveat': column is missing from the header" in caught.value.problems[0]


def test_a_bad_optional_column_marker_in_the_descriptor_is_one_line(tmp_path):
    folder = write_data_dir(tmp_path / "data")
    descriptor = json.loads((folder / "datapackage.json").read_text())
    events = next(r for r in descriptor["resources"] if r["name"] == "events")
    field = next(f for f in events["schema"]["fields"] if f["name"] == "detail")
    field["breakaway"] = {"optional_column": "yes"}
    (folder / "datapackage.json").write_text(json.dumps(descriptor))
    with pytest.raises(DataError) as caught:
        load_dataset(folder)
    (problem,) = caught.value.problems
    assert "field 'detail' 'breakaway'" in problem and "optional_column" in problem
