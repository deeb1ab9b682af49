"""Issue 22 (a suite that keeps pace): the data layer's shortcuts say what the long way says.

Validation searches a clean table for control characters once, not once per cell; the as-of rule
and the details read the few columns they need rather than a dict of every column per row; the
render plan's reader zips well-formed rows with their header instead of going through
``csv.DictReader``. Each shortcut is compared here with the long way on the inputs where the two
could part: characters at the edges of the unsafe ranges, values of every kind a frame holds, rows
of the wrong length.
"""

from __future__ import annotations

import csv
import io
from datetime import date

import numpy as np
import pandas as pd
import pytest
from conftest import TABLES, write_data_dir

from breakaway.data.asof import _dict_rows
from breakaway.data.columns import records
from breakaway.data.details import reveal_details
from breakaway.data.safety import has_unsafe_character, shown, unsafe_character
from breakaway.data.validate import validate_data_dir
from breakaway.errors import DataError

# The first and last character of each range that unsafe_character names, and their neighbours.
EDGES = [
    "\x00",
    "\x1f",
    " ",
    "~",
    "\x7f",
    "\x9f",
    "\xa0",
    "\u061b",
    "\u061c",
    "\u200d",
    "\u200e",
    "\u200f",
    "\u2010",
    "\u2029",
    "\u202a",
    "\u202e",
    "\u202f",
    "\u2065",
    "\u2066",
    "\u2069",
    "\u206a",
    "\ud7ff",
    "\ud800",
    "\udfff",
    "\ue000",
    "\ufdcf",
    "\ufdd0",
    "\ufdef",
    "\ufdf0",
    "\ufffd",
    "\ufffe",
    "\uffff",
    "\U0001fffd",
    "\U0001fffe",
    "\U0010ffff",
]


@pytest.mark.parametrize("char", EDGES, ids=[f"U+{ord(c):04X}" for c in EDGES])
def test_one_search_finds_a_character_wherever_the_cell_search_finds_it(char):
    cases = (
        [char],
        ["clean", f"a{char}"],
        [f"{char}b", "clean"],
        ["", char, ""],
        ["é", f"a{char}"],
    )
    for texts in cases:
        assert has_unsafe_character(texts) == any(unsafe_character(t) for t in texts), texts
    assert not has_unsafe_character(["plain text", "", "Цхинвали", "Ağdam"])


@pytest.mark.parametrize("char", ["\x07", "\u202e", "\ufffe"])
def test_a_control_character_in_a_column_without_a_rule_is_refused(tmp_path, char):
    # The last row, in a plain text column: the one search must still send the table cell by cell.
    text = TABLES["events.csv"].rstrip("\n")
    last = text.rsplit("\n", 1)[1]
    header = text.split("\n", 1)[0].split(",")
    title = next(csv.reader([last]))[header.index("title")]
    tables = {**TABLES, "events.csv": text[: -len(last)] + last.replace(title, title + char) + "\n"}
    with pytest.raises(DataError) as refused:
        validate_data_dir(write_data_dir(tmp_path / "data", tables))
    (line,) = refused.value.problems
    lines = text.count("\n") + 1
    assert f"events.csv, line {lines}, column 'title'" in line, line
    assert "control or bidirectional character" in line


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "text": pd.Series(["a", "b", None, "d"], dtype="str"),
            "mixed": pd.Series([np.int64(3), np.float64(2.5), None, "x"], dtype=object),
            "dates": pd.Series([date(2001, 1, 1), date.max, None, date.min], dtype=object),
            "count": pd.Series([1, 2, 3, 4], dtype="int64"),
            "share": [0.5, float("nan"), 1.0, 2.0],
            "flag": [True, False, True, False],
            "when": pd.to_datetime(["2001-01-01", None, "2003-03-03", "2004-04-04"]),
        },
        index=[10, 3, 7, 1],
    )


def _same(got: list[dict], expected: list[dict]) -> None:
    assert len(got) == len(expected)
    for mine, theirs in zip(got, expected, strict=True):
        assert list(mine) == list(theirs)
        for key in mine:
            a, b = mine[key], theirs[key]
            assert type(a) is type(b), (key, a, b)
            assert a == b or (a != a and b != b) or (a is pd.NaT and b is pd.NaT), (key, a, b)


def test_records_are_the_rows_of_to_dict_in_the_columns_asked_for():
    frame = _frame()
    names = ["when", "text", "mixed", "dates", "count", "share", "flag"]
    full = frame.to_dict("records")
    _same(records(frame, names), [{name: row[name] for name in names} for row in full])
    # Columns the frame lacks and None are left out; a name asked for twice is read once.
    _same(
        records(frame, [None, "missing", "count", "count"]), [{"count": r["count"]} for r in full]
    )
    assert records(frame, ["missing"]) == [{}, {}, {}, {}]
    assert records(frame.iloc[:0], ["text"]) == []


def test_details_from_a_frame_built_by_hand_with_gaps():
    rows = pd.DataFrame(
        {
            "description": pd.Series(["Vote held.", None, "Talks.", "Clash."], dtype=object),
            "detail": pd.Series(["99% backed it.", "Later words.", None, "  "], dtype=object),
            "detail_source_ids": ["src-b", "", "", ""],
            "source_ids": ["src-a", "src-c", "src-d", "src-e"],
            "detail_known_from": [date(2010, 1, 1), date(2001, 1, 1), date.max, date.max],
        }
    )
    before, after = (reveal_details(rows, "events", date(y, 6, 1)) for y in (2005, 2011))
    assert list(before["description"]) == ["Vote held.", "Later words.", "Talks.", "Clash."]
    assert list(after["description"]) == [
        "Vote held. 99% backed it.",
        "Later words.",
        "Talks.",
        "Clash.",
    ]
    assert list(after["source_ids"]) == ["src-a;src-b", "src-c", "src-d", "src-e"]
    assert list(before["detail"]) == ["", "Later words.", "", ""]
    assert list(rows["detail"])[0] == "99% backed it."  # the caller's frame is left as it was


CSV_TEXTS = [
    "",
    "\n",
    "a,b\n",
    "a,b\n1,2\n3,4\n",
    "a,b\n1,2\n\n3,4\n",  # a blank line
    "a,b\n1,2,3\n",  # a long row
    "a,b\n1\n",  # a short row
    "a,a\n1,2\n",  # a repeated column
    'a,b\n"x\ny",2\n',  # a line break in a cell
    "a,b\r\n1,2\r\n",
    "a\n\n\n",
]


@pytest.mark.parametrize("text", CSV_TEXTS, ids=range(len(CSV_TEXTS)))
def test_dict_rows_are_what_dictreader_reads(text):
    assert _dict_rows(text) == list(csv.DictReader(io.StringIO(text, newline="")))


def test_frictionless_findings_are_kept_by_content_alone():
    from breakaway.data.validate import _content_key

    fields = [{"name": "a", "type": "string"}, {"name": "b", "type": "integer"}]
    table = [["a", "b"], ["x y", "12"], ["", "3"]]
    # The same cells, made afresh (other objects, other identities): the same key.
    again = [[str(cell).join(["", ""]) for cell in row] for row in table]
    assert _content_key(fields, table) == _content_key(fields, again)
    changed = [
        [["a", "b"], ["x y", "12"], ["", "4"]],
        [["a", "b"], ["x y1", "2"], ["", "3"]],  # a character moved to the next cell
        [["a", "b"], ["x y", "12"]],
        [["a", "b"], ["x y", "12"], ["", "3"], ["", "3"]],
    ]
    for other in changed:
        assert _content_key(fields, other) != _content_key(fields, table), other
    assert _content_key([{**fields[0], "type": "date"}, fields[1]], table) != _content_key(
        fields, table
    )


def test_the_outlet_found_by_lookups_is_the_first_that_publishes_the_source():
    from breakaway.data.source_policy import StateMedia, _outlet_finder

    outlets = [
        StateMedia("Sputnik", ("sputnik.ge", "sputniknews.com")),
        StateMedia("TASS", ("tass.com", "tass.ru")),
        StateMedia("RIA Novosti", ("ria.ru",)),
        StateMedia("Sputnik Georgia", ("ge.sputniknews.com",)),
        StateMedia("Res (agency)", ("res.ru", ".ru")),
        StateMedia("", ("",)),
    ]
    hosts = [
        "",
        "tass.com",
        "www.tass.com",
        "nottass.com",
        "tass.com.evil.org",
        "ria.ru",
        "ge.sputniknews.com",
        "x.ge.sputniknews.com",
        "sputnik.ge.",
        "ru",
        "a..ru",
        "res.ru",
    ]
    publishers = [
        "",
        "tass",
        "tass (itar-tass)",
        "tass,moscow",
        "tassr",
        "ria novosti",
        "ria",
        "sputnik georgia",
        "sputnik, georgia",
        "res (agency)",
        "res (agency) x",
        " zik (citing tass)",
        "(tass)",
        "sputnik(ge)",
    ]
    for chosen in (outlets, outlets[:5], outlets[::-1], outlets[1:3], []):
        first = _outlet_finder(chosen)
        for host in hosts:
            for publisher in publishers:
                expected = next((o for o in chosen if o.publishes_from(host, publisher)), None)
                assert first(host, publisher) is expected, (host, publisher)


@pytest.mark.parametrize(
    "url", ["https://tass.com/a?b=1#c", "http://[::1]:80/", "", "x y", "HTTP://A"]
)
def test_a_kept_url_split_is_the_split_and_a_bad_url_still_raises(url):
    from urllib.parse import urlsplit

    from breakaway.data.safety import split_url, url_problem

    assert split_url(url) == urlsplit(url) and split_url(url) == urlsplit(url)
    for _ in range(2):  # a refusal is not kept as a split
        with pytest.raises(ValueError):
            split_url("http://[::1")
        assert (
            url_problem("http://[::1") == "expected an http:// or https:// URL, got 'http://[::1'"
        )


def test_a_url_with_any_kind_of_space_is_refused():
    from breakaway.data.safety import url_problem

    spaces = [chr(code) for code in range(0x3001) if chr(code).isspace()]
    assert "\xa0" in spaces and "\u3000" in spaces
    for space in spaces:
        url = f"https://a.example/x{space}y"
        assert url_problem(url) == f"expected an http:// or https:// URL, got {shown(url)}"
    assert url_problem("https://a.example/x-y") is None
