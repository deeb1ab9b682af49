"""One table registry (issue 21, item 2): a table's roles live in datapackage.json, nowhere else.

A new table (its descriptor entry and its CSV, in a temporary data folder) shows in the as-of view
and in "what changed" without a change to the code.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from conftest import write_data_dir

from breakaway.data.asof import read_raw_tables
from breakaway.data.load import load_dataset
from breakaway.data.params import earliest_record
from breakaway.errors import DataError
from breakaway.knowledge.changes import changes, digest, snapshot

MISSIONS = """\
mission_id,territory_id,started_on,ended_on,name,source_ids
m-1,south-ossetia,2008-10-01,2009-06-30,Observer mission,src-b;src-ceasefire;src-withdrawal
m-2,south-ossetia,2015-01-01,,Later mission,src-withdrawal
"""
RESOURCE = {
    "name": "missions",
    "path": "missions.csv",
    "title": "Missions",
    "schema": {
        "primaryKey": ["mission_id"],
        "fields": [
            {"name": "mission_id", "type": "string"},
            {"name": "territory_id", "type": "string"},
            {"name": "started_on", "type": "string"},
            {"name": "ended_on", "type": "string"},
            {"name": "name", "type": "string"},
            {"name": "source_ids", "type": "string"},
        ],
    },
    "breakaway": {
        "date": "started_on",
        "end_date": "ended_on",
        "describe": "Mission: {name}",
        "describe_end": "Mission ended: {name}",
    },
}


def _with_missions(tmp_path, resource=RESOURCE, rows=MISSIONS):
    folder = write_data_dir(tmp_path / "data")
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"].append(resource)
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    (folder / "missions.csv").write_text(rows, encoding="utf-8")
    return folder


def test_a_new_table_shows_in_the_view_and_in_what_changed(tmp_path):
    folder = _with_missions(tmp_path)
    dataset = load_dataset(folder)
    # Known from its own date, since a source (src-b, 2006) was out by then; its end only once
    # a source published on or after it existed (src-withdrawal, 2014-03-31).
    assert list(dataset.as_of("2008-09-30").missions["mission_id"]) == []
    early = dataset.as_of("2009-07-01").missions
    assert list(early["mission_id"]) == ["m-1"] and list(early["ended_on"]) == [""]
    assert set(early.attrs["sources"]["source_id"]) == {"src-b", "src-ceasefire"}
    later = dataset.as_of("2014-03-31").missions
    assert list(later["ended_on"]) == ["2009-06-30"]
    assert list(dataset.as_of("2015-01-01").missions["mission_id"]) == ["m-1", "m-2"]

    tables = read_raw_tables(folder)
    found = changes(tables, "south-ossetia", date(2008, 9, 1), date(2015, 1, 1))
    texts = [c.text for c in found if c.table == "missions"]
    assert texts == [
        "Mission: Observer mission",
        "Mission ended: Observer mission",
        "Mission: Later mission",
    ]
    # A new row of the new table makes a new edition.
    before = digest(snapshot(tables, "south-ossetia", date(2014, 12, 31)))
    assert before != digest(snapshot(tables, "south-ossetia", date(2015, 1, 1)))


def test_a_new_tables_dates_are_checked_like_the_others(tmp_path):
    folder = _with_missions(tmp_path, rows=MISSIONS.replace("2009-06-30", "2007-01-01"))
    with pytest.raises(DataError, match=r"missions\.csv.*ended_on on or after started_on"):
        load_dataset(folder)


def test_the_earliest_record_reads_every_dated_table(tmp_path):
    folder = _with_missions(tmp_path, rows=MISSIONS.replace("2008-10-01", "1900-05-01"))
    assert earliest_record(folder) == date(1900, 5, 1)


def test_a_role_that_names_no_column_is_one_line(tmp_path):
    resource = {**RESOURCE, "breakaway": {"date": "begun_on"}}
    folder = _with_missions(tmp_path, resource=resource)
    with pytest.raises(DataError) as caught:
        load_dataset(folder)
    (line,) = caught.value.problems
    assert "missions" in str(line) and "begun_on" in str(line)


def test_a_table_without_describe_is_not_listed_but_still_filtered(tmp_path):
    resource = {**RESOURCE, "breakaway": {"date": "started_on", "end_date": "ended_on"}}
    folder = _with_missions(tmp_path, resource=resource)
    found = changes(read_raw_tables(folder), "south-ossetia", date(2008, 9, 1), date(2015, 1, 1))
    assert not [c for c in found if c.table == "missions"]
    assert len(load_dataset(folder).as_of("2010-01-01").missions) == 1
