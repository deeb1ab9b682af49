"""Issue 23, findings 3, 7 and 9: every path validates before it reads, with the same one line.

Before, the nightly path (no ``--as-of``) read the tables to decide what had changed before
anything validated them: an impossible date, year 0000, month 13, a Latin-1 byte, an unknown
source id or a symlinked table gave a traceback (exit 1). ``list`` read outside ``reports/``
through a traversal id, and environment values failed late. Each case here runs every path
(nightly, an explicit date, a sweep, Dask, ``diff``, ``list``) and expects the line ``validate``
prints, exit 2, and nothing under ``--out``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time

import pytest
from conftest import TABLES, write_data_dir
from reportcheck import invoke

from breakaway.data.asof import read_raw_tables
from breakaway.data.fingerprint import data_files, data_hashes

TODAY = "2026-11-27"
# Nothing listens on port 9 of this machine: a Dask run that got as far as connecting would fail
# with another line than the data's.
NO_SCHEDULER = "tcp://127.0.0.1:9"


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DASK_SCHEDULER_ADDRESS"}
    return {**env, "BREAKAWAY_TODAY": TODAY, **extra}


def _data(tmp_path, name: str = "", old: str = "", new: str = ""):
    tables = dict(TABLES)
    if name:
        assert old in tables[name], old
        tables[name] = tables[name].replace(old, new, 1)
    return write_data_dir(tmp_path / "data", tables)


def _paths(folder, out) -> dict[str, list[str]]:
    render = ["render", "--data", str(folder), "--out", str(out), "--format", "html"]
    return {
        "nightly": render,
        "date": [*render, "--as-of", "2020-01-01"],
        "sweep": [*render, "--as-of", "2018-01-01..2020-01-01", "--every", "year"],
        "dask": [*render, "--scheduler", NO_SCHEDULER],
        "diff": ["diff", "south-ossetia", "--from", "2000-01-01", "--data", str(folder)],
        "validate": ["validate", "--data", str(folder)],
    }


def _one_line(result) -> str:
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def _move_events_out(folder):
    real = folder.parent / "events-elsewhere.csv"
    shutil.move(folder / "events.csv", real)
    (folder / "events.csv").symlink_to(real)


def _latin1(folder):
    path = folder / "events.csv"
    path.write_bytes(path.read_bytes().replace(b"Clashes", b"Clash\xe9s"))


EVENT = "so-clashes,south-ossetia,2004-08,"
BAD_DATA = {
    "impossible date": ("events.csv", EVENT, "so-clashes,south-ossetia,2004-02-30,", "no day 30"),
    "year 0000": ("events.csv", EVENT, "so-clashes,south-ossetia,0000,", "year 0"),
    "month 13": ("events.csv", EVENT, "so-clashes,south-ossetia,2004-13,", "month 13"),
    "unknown source": ("events.csv", "Clashes,,,src-a,", "Clashes,,,src-zz,", "src-zz"),
    "U+FFFF": ("events.csv", "Clashes", "Clash\uffffes", "\\uffff"),
    "noncharacter U+FDD0": ("events.csv", "Clashes", "Clash\ufdd0es", "\\ufdd0"),
    "URL with credentials": (
        "sources.csv",
        "https://example.org/a",
        "https://user:secret@example.org/a",
        "user name or password",
    ),
    "Latin-1": (_latin1, None, None, "not UTF-8"),
    "symlinked table": (_move_events_out, None, None, "symbolic link"),
}


@pytest.mark.parametrize("case", BAD_DATA, ids=list(BAD_DATA))
def test_every_path_gives_the_line_validate_gives(tmp_path, case):
    name, old, new, word = BAD_DATA[case]
    if callable(name):
        folder = _data(tmp_path)
        name(folder)
    else:
        folder = _data(tmp_path, name, old, new)
    out = tmp_path / "out"
    lines = {}
    for path, args in _paths(folder, out).items():
        lines[path] = _one_line(invoke(*args, env=_env()))
        assert word in lines[path], (path, lines[path])
    assert len(set(lines.values())) == 1, lines  # the same line on every path
    assert not out.exists()
    # list reads the project's data folder, or BREAKAWAY_DATA_DIR
    listed = invoke("list", env=_env(BREAKAWAY_DATA_DIR=str(folder)))
    assert _one_line(listed) == lines["validate"]
    assert listed.stdout == ""


def test_list_refuses_a_traversal_id_before_it_reads_any_folder(tmp_path):
    folder = _data(tmp_path, "territories.csv", "\nsouth-ossetia,", "\n../../../etc,")
    listed = invoke("list", env=_env(BREAKAWAY_DATA_DIR=str(folder)))
    assert "territory_id" in _one_line(listed)
    assert listed.stdout == ""


@pytest.mark.parametrize("table", ["territories.csv", "sources.csv"])
def test_a_byte_order_mark_is_accepted_on_every_path(tmp_path, table):
    plain = _data(tmp_path / "plain")
    marked = _data(tmp_path / "marked")
    path = marked / table
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    # The edition snapshot reads the same rows with or without the mark.
    assert read_raw_tables(marked) == read_raw_tables(plain)
    assert invoke("validate", "--data", str(marked)).returncode == 0
    diffs = [
        invoke("diff", "south-ossetia", "--from", "2000-01-01", "--data", str(d), env=_env())
        for d in (plain, marked)
    ]
    assert [d.returncode for d in diffs] == [0, 0], diffs[1].stderr
    assert diffs[0].stdout == diffs[1].stdout
    listed = invoke("list", env=_env(BREAKAWAY_DATA_DIR=str(marked)))
    assert listed.returncode == 0, listed.stderr
    assert "south-ossetia: South Ossetia" in listed.stdout


ENVIRONMENT = {
    "BREAKAWAY_TODAY": ("garbage", "BREAKAWAY_TODAY"),
    "SOURCE_DATE_EPOCH": ("yesterday", "SOURCE_DATE_EPOCH"),
    "BREAKAWAY_SCHEDULER_TIMEOUT": ("soon", "BREAKAWAY_SCHEDULER_TIMEOUT"),
    "BREAKAWAY_MAX_TABLE_BYTES": ("lots", "BREAKAWAY_MAX_TABLE_BYTES"),
    "BREAKAWAY_MAX_REPORTS": ("0", "BREAKAWAY_MAX_REPORTS"),
}


@pytest.mark.parametrize("variable", ENVIRONMENT)
def test_environment_values_are_checked_like_parameters(tmp_path, variable):
    value, word = ENVIRONMENT[variable]
    folder = _data(tmp_path)
    out = tmp_path / "out"
    for path in ("nightly", "date", "diff"):
        args = _paths(folder, out)[path]
        line = _one_line(invoke(*args, env=_env(**{variable: value})))
        assert word in line and value in line, line
    assert not out.exists()


def test_markdown_from_diff_is_escaped(tmp_path):
    folder = _data(
        tmp_path,
        "events.csv",
        "Referendum set for 17 July",
        "<img src=x onerror=alert(1)> **set** [here](https://evil.example)",
    )
    result = invoke(
        "diff", "south-ossetia", "--from", "2020-01-01", "--format", "markdown",
        "--data", str(folder), env=_env(),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert re.search(r"(?<!\\)[<>]", result.stdout) is None, result.stdout  # no raw HTML
    assert "\\<img" in result.stdout
    assert "**set**" not in result.stdout and "](" not in result.stdout


# --- malformed input (finding 9) ----------------------------------------------------------


def _geo(folder):
    path = folder / "geo" / "breakaway_regions.geojson"
    return path, json.loads(path.read_text(encoding="utf-8"))


def test_geojson_nested_100000_deep_is_one_line(tmp_path):
    folder = _data(tmp_path)
    path, _ = _geo(folder)
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    line = _one_line(invoke("validate", "--data", str(folder)))
    assert "nested too deeply" in line


def test_a_400_digit_coordinate_is_one_line(tmp_path):
    folder = _data(tmp_path)
    path, document = _geo(folder)
    text = json.dumps(document)
    first = document["features"][0]["geometry"]["coordinates"]
    while isinstance(first[0], list):
        first = first[0]
    text = text.replace(json.dumps(first[0]), "9" * 400, 1)
    path.write_text(text, encoding="utf-8")
    line = _one_line(invoke("validate", "--data", str(folder)))
    assert "longitude, latitude" in line


def test_geojson_names_follow_the_text_rules(tmp_path):
    folder = _data(tmp_path)
    path, document = _geo(folder)
    document["features"][0]["properties"]["name"] = "Abkhazia\u202egpj.exe"
    path.write_text(json.dumps(document), encoding="utf-8")
    line = _one_line(invoke("validate", "--data", str(folder)))
    assert "\\u202e" in line and "feature 1" in line


def test_a_territory_without_an_outline_fails_validation(tmp_path):
    folder = _data(tmp_path)
    path, document = _geo(folder)
    document["features"] = [
        f for f in document["features"] if f["properties"]["id"] != "nagorno-karabakh"
    ]
    path.write_text(json.dumps(document), encoding="utf-8")
    line = _one_line(invoke("validate", "--data", str(folder)))
    assert "territories.csv, line 3" in line and "no outline" in line


def _descriptor(folder, change):
    path = folder / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        for field in resource["schema"]["fields"]:
            change(resource["name"], field)
    path.write_text(json.dumps(descriptor), encoding="utf-8")


@pytest.mark.parametrize(
    "key,value,word",
    [("type", "bogus", "'type'"), ("minimum", "abc", "'minimum'"), ("maxLength", "x", "maxLength")],
)
def test_descriptor_field_nonsense_is_one_line(tmp_path, key, value, word):
    folder = _data(tmp_path)

    def change(table, field):
        if table == "population" and field["name"] == "population":
            if key == "type":
                field["type"] = value
            else:
                field.setdefault("constraints", {})[key] = value

    _descriptor(folder, change)
    line = _one_line(invoke("validate", "--data", str(folder)))
    assert word in line and "datapackage.json" in line


def test_a_backtracking_pattern_is_refused_before_any_cell_is_matched(tmp_path):
    folder = _data(
        tmp_path, "territories.csv", "South Ossetia,", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!,"
    )

    def change(table, field):
        if table == "territories" and field["name"] == "name":
            field.setdefault("constraints", {})["pattern"] = "^(a+)+$"

    _descriptor(folder, change)
    line = _one_line(invoke("validate", "--data", str(folder)))
    assert "'pattern'" in line and "exponential" in line


def test_only_the_descriptors_files_are_hashed(tmp_path):
    folder = _data(tmp_path)
    before = data_hashes(folder)
    (folder / "stray.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (tmp_path / "huge.json").write_bytes(b"0" * 1024)
    (folder / "linked.json").symlink_to(tmp_path / "huge.json")
    names = {p.name for p in data_files(folder)}
    assert "stray.csv" not in names and "linked.json" not in names
    assert data_hashes(folder) == before


@pytest.mark.integration
def test_a_night_after_an_edition_validates_changed_bytes_and_skips_the_same_ones(tmp_path):
    folder = _data(tmp_path)
    out = tmp_path / "out"
    night = ["render", "south-ossetia", "--data", str(folder), "--out", str(out)]
    night += ["--format", "html"]
    first = invoke(*night, env=_env())
    assert first.returncode == 0, first.stderr
    # The same bytes: the latest edition's run validated them; the night stays quick.
    began = time.monotonic()
    quiet = invoke(*night, env=_env(BREAKAWAY_TODAY="2026-11-28"))
    assert quiet.returncode == 0, quiet.stderr
    assert time.monotonic() - began < 5
    # Other bytes, broken: the line validate prints, nothing read before it.
    events = folder / "events.csv"
    events.write_text(events.read_text().replace("2004-08,", "2004-02-30,", 1))
    expected = _one_line(invoke("validate", "--data", str(folder)))
    assert _one_line(invoke(*night, env=_env(BREAKAWAY_TODAY="2026-11-28"))) == expected


def test_the_map_words_count_in_the_fingerprint(tmp_path):
    # A new sea name or map caveat changes what a report shows, so it must re-render.
    folder = _data(tmp_path)
    words = folder / "geo" / "maps.json"
    assert words in data_files(folder)
    before = data_hashes(folder)
    words.write_text(words.read_text(encoding="utf-8").replace("Black Sea", "Black  Sea"), "utf-8")
    assert data_hashes(folder) != before
