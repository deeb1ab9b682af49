"""Issue 13, input: the rules that protect the machine hold in code, whatever the descriptor says.

Each case is a reproduction from the issue: a broken descriptor, a table that is not a regular
file or is too big, hostile ids and URLs with the descriptor's patterns removed, numbers beyond 64
bits, control characters. Every one must be exit 2 with one escaped line, never a traceback, a
hang or a report.
"""

from __future__ import annotations

import json
import os

import pytest
from conftest import TABLES, write_data_dir
from reportcheck import hostile_descriptor, invoke, run_cli

from breakaway.data.safety import escape_text, id_problem, number_problem, url_problem
from breakaway.data.validate import validate_data_dir
from breakaway.errors import DataError


def _data(tmp_path, replacements: dict[str, tuple[str, str]] | None = None, hostile=False):
    tables = dict(TABLES)
    for name, (old, new) in (replacements or {}).items():
        assert old in tables[name], old
        tables[name] = tables[name].replace(old, new, 1)
    folder = write_data_dir(tmp_path / "data", tables)
    if hostile:
        hostile_descriptor(folder)
    return folder


def _assert_one_line_exit_2(result, *words: str) -> str:
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def _problems(folder) -> list[str]:
    with pytest.raises(DataError) as caught:
        validate_data_dir(folder)
    return caught.value.problems


# --- the descriptor itself ------------------------------------------------------------------

BROKEN_DESCRIPTORS = {
    "bad JSON": (b'{"resources": [', "not valid JSON"),
    "not UTF-8": (b'{"name": "\xff\xfe"}', "not UTF-8"),
    "no resources": (b'{"name": "x"}', "'resources'"),
    "not an object": (b"[]", "top level"),
    "no fields": (
        b'{"resources": [{"name": "territories", "path": "t.csv", "schema": {}}]}',
        "fields",
    ),
    "path outside": (
        b'{"resources": [{"name": "territories", "path": "../../etc/x.csv",'
        b' "schema": {"fields": [{"name": "a"}]}}]}',
        "inside the data folder",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN_DESCRIPTORS))
def test_a_broken_descriptor_is_one_line_exit_2(tmp_path, case):
    content, words = BROKEN_DESCRIPTORS[case]
    folder = _data(tmp_path)
    (folder / "datapackage.json").write_bytes(content)
    result = invoke("validate", "--data", str(folder))
    _assert_one_line_exit_2(result, "datapackage.json", words)


def test_a_bad_regex_in_the_descriptor_is_one_line_exit_2(tmp_path):
    folder = _data(tmp_path)
    path = folder / "datapackage.json"
    descriptor = json.loads(path.read_text())
    descriptor["resources"][0]["schema"]["fields"][0]["constraints"]["pattern"] = "^[a-z"
    path.write_text(json.dumps(descriptor))
    out = tmp_path / "out"
    result = invoke("render", "--data", str(folder), "--out", str(out))
    _assert_one_line_exit_2(result, "datapackage.json", "territory_id", "regular expression")
    assert not out.exists()


def test_data_root_is_exit_2_not_a_traceback(tmp_path):
    result = invoke("render", "--data", "/", "--out", str(tmp_path / "out"))
    _assert_one_line_exit_2(result, "datapackage.json")
    assert not (tmp_path / "out").exists()


# --- only regular files, within a size limit --------------------------------------------------


def test_a_folder_named_like_a_table_is_exit_2(tmp_path):
    folder = _data(tmp_path)
    (folder / "events.csv").unlink()
    (folder / "events.csv").mkdir()
    result = invoke("validate", "--data", str(folder))
    _assert_one_line_exit_2(result, "events.csv", "is a folder", "regular file")


def test_a_table_linked_to_dev_zero_is_refused_not_read(tmp_path):
    folder = _data(tmp_path)
    (folder / "events.csv").unlink()
    (folder / "events.csv").symlink_to("/dev/zero")
    result = run_cli("validate", "--data", str(folder), timeout=120)
    _assert_one_line_exit_2(result, "events.csv", "device")


def test_a_fifo_in_place_of_a_table_does_not_hang(tmp_path):
    folder = _data(tmp_path)
    for name in ("events.csv", "territories.csv"):
        (folder / name).unlink()
        os.mkfifo(folder / name)
    result = run_cli("render", "--data", str(folder), "--out", str(tmp_path / "out"), timeout=60)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert [line.split(": ", 1)[1] for line in lines] == [
        f"{folder / name}: is a pipe (FIFO); expected a regular file"
        for name in ("territories.csv", "events.csv")
    ]


def test_the_table_size_limit_is_configurable(tmp_path):
    folder = _data(tmp_path)
    env = {**os.environ, "BREAKAWAY_MAX_TABLE_BYTES": "200"}
    result = invoke("validate", "--data", str(folder), env=env)
    assert result.returncode == 2
    assert "more than the limit of 200" in result.stderr
    assert "BREAKAWAY_MAX_TABLE_BYTES" in result.stderr
    assert invoke("validate", "--data", str(folder)).returncode == 0


def test_a_table_over_the_limit_stops_a_render_before_it_is_hashed(tmp_path):
    folder = _data(tmp_path)
    env = {**os.environ, "BREAKAWAY_MAX_TABLE_BYTES": "300"}
    out = tmp_path / "out"
    result = invoke("render", "--data", str(folder), "--out", str(out), env=env)
    assert result.returncode == 2
    assert "events.csv: file has" in result.stderr
    assert not out.exists()


# --- ids and URLs, with the descriptor's patterns removed ---------------------------------------

HOSTILE_IDS = {
    "absolute path": "/tmp/breakaway-victim",
    "parent folders": "../..",
    "reserved": "comparison",
    "too long": "a" * 300,
    "capitals": "South-Ossetia",
    "script": "javascript:alert(1)",
}


@pytest.mark.parametrize("case", sorted(HOSTILE_IDS))
def test_hostile_territory_ids_are_refused_without_descriptor_patterns(tmp_path, case):
    value = HOSTILE_IDS[case]
    folder = _data(
        tmp_path, {"territories.csv": ("south-ossetia,South", f'"{value}",South')}, hostile=True
    )
    problems = _problems(folder)
    assert any(
        "territories.csv, line 2, column 'territory_id'" in problem for problem in problems
    ), problems


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "file:///etc/passwd", "data:text/html;x", "https://"]
)
def test_source_urls_must_be_http_without_descriptor_patterns(tmp_path, url):
    folder = _data(tmp_path, {"sources.csv": ("https://example.org/a", url)}, hostile=True)
    problems = _problems(folder)
    assert len(problems) == 1, problems
    assert "sources.csv, line 2, column 'url': expected an http:// or https:// URL" in problems[0]


def test_source_ids_in_lists_are_checked_in_code(tmp_path):
    folder = _data(tmp_path, {"events.csv": (",src-a,,\n", ",src-a;../x,,\n")}, hostile=True)
    problems = _problems(folder)
    assert any("column 'source_ids'" in p for p in problems), problems


def test_the_rules_in_code():
    assert id_problem("south-ossetia", territory=True) is None
    assert id_problem("latest", territory=True)
    assert id_problem("index", territory=True)
    assert id_problem("a" * 65, territory=True)
    assert id_problem("a--b")
    assert url_problem("https://example.org/a?b=c") is None
    assert url_problem("HTTPS://example.org") is None
    assert url_problem("https://exa mple.org")
    assert number_problem("9" * 20, "integer")
    assert number_problem(str(2**63 - 1), "integer") is None
    assert number_problem("NaN", "number")
    assert number_problem("1e309", "number")
    assert number_problem("-inf", "number")
    assert number_problem("42.5", "number") is None


# --- numbers -------------------------------------------------------------------------------------


def test_a_20_digit_population_is_refused(tmp_path):
    folder = _data(tmp_path, {"population.csv": ("98527", "98527000000000000000")})
    problems = _problems(folder)
    assert len(problems) == 1, problems
    assert problems[0].endswith(
        "population.csv, line 2, column 'population': expected a whole number that fits "
        "64 bits, got '98527000000000000000'"
    )


@pytest.mark.parametrize("value", ["NaN", "1e309", "inf"])
def test_numbers_must_be_finite(tmp_path, value):
    folder = _data(tmp_path, {"territories.csv": ("42.23", value)})
    problems = _problems(folder)
    assert any("column 'capital_lat'" in p and "finite" in p for p in problems), problems


# --- control characters, escaped messages ----------------------------------------------------


def test_escape_sequences_in_a_cell_are_refused_and_printed_escaped(tmp_path):
    sneaky = "Clashes\x1b[2J\x1b[H OK: data is valid"
    folder = _data(tmp_path, {"events.csv": ("Clashes", sneaky)})
    result = invoke("validate", "--data", str(folder))
    assert result.returncode == 2
    assert "\x1b" not in result.stderr
    line = _assert_one_line_exit_2(result, "events.csv, line 3, column 'title'")
    assert "\\x1b" in line


@pytest.mark.parametrize("char", ["\u202e", "\x00", "\x07", "\u2066"])
def test_control_and_bidi_characters_are_refused(tmp_path, char):
    folder = _data(tmp_path, {"territories.csv": ("South Ossetia", f"South{char} Ossetia")})
    problems = _problems(folder)
    assert len(problems) == 1, problems
    assert "territories.csv, line 2, column 'name'" in problems[0]
    assert char not in problems[0]
    assert escape_text(char) in problems[0]


def test_every_error_line_is_escaped():
    assert escape_text("a\x1b[31mb\nc\u202e") == "a\\x1b[31mb\\x0ac\\u202e"
