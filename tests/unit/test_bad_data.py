"""Every kind of broken data gets one clear line (file, line, column, expectation) and exit 2."""

from __future__ import annotations

import re

import pytest
from conftest import SO_2015, TABLES, write_data_dir
from reportcheck import invoke, run_cli

from breakaway.data.load import load_dataset
from breakaway.errors import DataError


def _break(tmp_path, name: str, transform) -> tuple[list[str], object]:
    tables = dict(TABLES)
    tables[name] = transform(tables[name])
    folder = write_data_dir(tmp_path / "data", tables)
    with pytest.raises(DataError) as caught:
        load_dataset(folder)
    return caught.value.problems, folder


def _replace_line(line_number: int, new: str):
    def transform(text: str) -> str:
        lines = text.splitlines()
        lines[line_number - 1] = new
        return "\n".join(lines) + "\n"

    return transform


REC = "recognitions.csv"
POP = "population.csv"
CASES = [
    # (file, transform, expected line, expected column, words in the message)
    (
        REC,
        _replace_line(
            3, "south-ossetia,Tuvalu,TUV,un_member,2011-09-19,2010-01-01,withdrawn,false,,src-a,"
        ),
        3,
        "withdrawn_on",
        "a withdrawal on or after the recognition",
    ),
    (
        REC,
        _replace_line(2, "south-ossetia,Russia,RUS,un_member,2008-02-30,,,false,,src-a,"),
        2,
        "recognized_on",
        "February 2008 has no day 30",
    ),
    (
        REC,
        _replace_line(2, "south-ossetia,Russia,RUS,un_member,26/08/2008,,,false,,src-a,"),
        2,
        "recognized_on",
        "YYYY, YYYY-MM or YYYY-MM-DD",
    ),
    (
        REC,
        _replace_line(2, "south-ossetia,Russia,RUS,un_member,2008-8,,,false,,src-a,"),
        2,
        "recognized_on",
        "YYYY, YYYY-MM or YYYY-MM-DD",
    ),
    (
        REC,
        _replace_line(2, "south-ossetia,Russia,XXX,un_member,2008-08-26,,,false,,src-a,"),
        2,
        "recognizer_iso3",
        "valid ISO 3166-1 alpha-3",
    ),
    (
        REC,
        _replace_line(2, "south-ossetia,Russia,,un_member,2008-08-26,,,false,,src-a,"),
        2,
        "recognizer_iso3",
        "valid ISO 3166-1 alpha-3",
    ),
    (
        REC,
        _replace_line(2, "south-ossetia,Russia,RUS,friend,2008-08-26,,,false,,src-a,"),
        2,
        "recognizer_type",
        "one of: un_member, non_un",
    ),
    (
        REC,
        _replace_line(5, "south-ossetia,Artsakh,ART,non_un,2006,,,false,,src-b,"),
        5,
        "recognizer_iso3",
        "empty code",
    ),
    (
        REC,
        _replace_line(2, "atlantis,Russia,RUS,un_member,2008-08-26,,,false,,src-a,"),
        2,
        "territory_id",
        "unknown territory 'atlantis'",
    ),
    (
        REC,
        _replace_line(2, "south-ossetia,Russia,RUS,un_member,2008-08-26,,,false,,src-zz,"),
        2,
        "source_ids",
        "unknown source id 'src-zz'",
    ),
    (
        REC,
        _replace_line(2, "south-ossetia,Russia,RUS,un_member,2008-08-26,,,false,,,"),
        2,
        "source_ids",
        "required",
    ),
    (
        REC,
        _replace_line(2, "south-ossetia,Russia,RUS,un_member,2008-08-26,,,yes,,src-a,"),
        2,
        "is_contested",
        "true or false",
    ),
    (
        REC,
        lambda t: t + "south-ossetia,Russia,RUS,un_member,2008-08-26,,,false,,src-a,\n",
        6,
        None,
        "duplicate row; the same row is on line 2",
    ),
    (
        REC,
        lambda t: t + "south-ossetia,Russia,RUS,un_member,2008-08-27,,,false,,src-a,\n",
        6,
        "recognizer",
        "duplicate key",
    ),
    (
        REC,
        _replace_line(2, "south-ossetia,Russia,RUS,un_member,2008-08-26,,,false,,src-a"),
        2,
        None,
        "row has 10 fields, expected 11",
    ),
    (
        REC,
        _replace_line(2, "south-ossetia,Russia,RUS,un_member,2008-08-26,,,false,,src-a,,extra"),
        2,
        None,
        "row has 12 fields, expected 11",
    ),
    (
        POP,
        _replace_line(2, "south-ossetia,1989,total,many,census,,,,src-a,"),
        2,
        "population",
        "a whole number, got 'many'",
    ),
    (
        POP,
        _replace_line(2, "south-ossetia,1989,total,-5,census,,,,src-a,"),
        2,
        "population",
        "at least 0",
    ),
    (
        POP,
        _replace_line(2, "south-ossetia,1989,total,985.5,census,,,,src-a,"),
        2,
        "population",
        "a whole number",
    ),
    (
        POP,
        _replace_line(3, "south-ossetia,2015,total,100,census,2016-08,,,src-a,"),
        6,
        "population",
        "add up to",
    ),
    (
        "territories.csv",
        _replace_line(
            2,
            "south-ossetia,South Ossetia,GEO,Georgia,Tskhinvali,42.23,43.97,-3900,1991-12-21,,RUS,Russia,"
            "join_patron,union with Russia,,src-a,,,",
        ),
        2,
        "area_km2",
        "at least 1",
    ),
    (
        "sources.csv",
        _replace_line(
            2, "src-a,Source A,Publisher A,javascript:alert(1),2026-11-27,1922,official,false,,"
        ),
        2,
        "url",
        "http:// or https:// URL",
    ),
    (
        "events.csv",
        _replace_line(
            4, "so-war,south-ossetia,2008-08-16,2008-08-07,conflict,parent,conflict,War,,,src-a,,"
        ),
        4,
        "end_date",
        "on or after the start date",
    ),
]


@pytest.mark.parametrize(("name", "transform", "line", "column", "words"), CASES)
def test_problem_names_file_line_column_and_expectation(
    tmp_path, name, transform, line, column, words
):
    problems, _ = _break(tmp_path, name, transform)
    assert len(problems) == 1, problems
    problem = problems[0]
    assert problem.startswith(f"{tmp_path / 'data' / name}, line {line}") or problem.startswith(
        f"data/{name}, line {line}"
    ), problem
    if column:
        assert f"column '{column}'" in problem
    assert words in problem
    assert "\n" not in problem


def test_missing_required_column(tmp_path):
    problems, _ = _break(tmp_path, POP, lambda t: t.replace(",kind,", ",sort,"))
    assert any("line 1, column 'kind': column is missing" in p for p in problems)


def test_empty_and_missing_files(tmp_path):
    problems, _ = _break(tmp_path, "events.csv", lambda t: "")
    assert problems == [
        f"{tmp_path / 'data' / 'events.csv'}, line 1: file is empty; expected a "
        "header row: event_id,territory_id,date,end_date,category,side,topic,title,"
        "description,caveat,source_ids,direction,note"
    ]
    folder = write_data_dir(tmp_path / "other")
    (folder / "sources.csv").unlink()
    with pytest.raises(DataError, match=r"sources\.csv: file is missing"):
        load_dataset(folder)


def test_bytes_that_are_not_utf8(tmp_path):
    folder = write_data_dir(tmp_path / "data")
    path = folder / "events.csv"
    path.write_bytes(path.read_bytes().replace(b"Clashes", b"Cl\xe4shes"))
    with pytest.raises(DataError) as caught:
        load_dataset(folder)
    assert re.search(r"events\.csv, line 3: byte 0xe4 is not UTF-8", caught.value.problems[0])


def test_all_problems_of_a_file_are_reported_at_once(tmp_path):
    bad_rows = "".join(
        f"south-ossetia,Land {i},RUS,un_member,2008-13-0{i},,,false,,src-a,\n" for i in range(1, 5)
    )
    problems, _ = _break(tmp_path, REC, lambda t: t + bad_rows)
    assert len(problems) == 4
    assert [int(re.search(r"line (\d+)", p).group(1)) for p in problems] == [6, 7, 8, 9]
    assert all("has no month 13" in p or "month" in p for p in problems), problems


def test_cli_validate_exits_2_with_one_line_per_problem_and_no_traceback(tmp_path):
    _, folder = _break(
        tmp_path, POP, _replace_line(2, "south-ossetia,1989,total,-5,census,,,,src-a,")
    )
    result = run_cli("validate", "--data", str(folder))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "population.csv, line 2, column 'population'" in lines[0]
    assert "Traceback" not in result.stderr


def test_cli_validate_ok_on_good_data(data_dir):
    result = invoke("validate", "--data", str(data_dir))
    assert result.returncode == 0
    assert result.stdout.startswith("OK: ") and "recognitions 4" in result.stdout


@pytest.mark.integration  # renders a real report first
def test_render_with_bad_data_writes_nothing_and_keeps_the_last_good_report(tmp_path, data_dir):
    out = tmp_path / "reports"
    good = run_cli(
        "render",
        "south-ossetia",
        "--as-of",
        "2020-01-01",
        "--data",
        str(data_dir),
        "--out",
        str(out),
        "--format",
        "html",
    )
    assert good.returncode == 0, good.stderr
    report = out / "south-ossetia" / "2020-01-01" / "briefing.html"
    before = report.read_bytes()
    # Everything under --out as the good render left it (its charts live under OUT/figures/):
    # the bad render may add, remove or change nothing anywhere in it.
    tree_before = _tree(out)
    assert (out / "figures" / "south-ossetia" / "2020-01-01").is_dir()
    path = data_dir / "population.csv"
    path.write_text(path.read_text().replace("98527", "-98527"))
    bad = run_cli(
        "render",
        "--as-of",
        "2020-01-01",
        "--data",
        str(data_dir),
        "--out",
        str(out),
        "--format",
        "html",
    )
    assert bad.returncode == 2
    assert "population.csv, line 2, column 'population'" in bad.stderr
    assert report.read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == ["figures", "index.html", "south-ossetia"]
    assert _tree(out) == tree_before


def _tree(root):
    """Every entry under ``root``: its kind, and a file's bytes and modification time."""
    entries = {}
    for path in sorted(root.rglob("*")):
        stat = path.lstat()
        key = str(path.relative_to(root))
        if path.is_symlink():
            entries[key] = ("link", str(path.readlink()))
        elif path.is_dir():
            entries[key] = ("dir",)
        else:
            entries[key] = ("file", path.read_bytes(), stat.st_mtime_ns)
    return entries


CLAIMS_HEADER = "claim_id,territory_id,claimed_on,publisher,claim,quote,metric,claimed_value,subject,source_ids,note\n"


@pytest.mark.parametrize(
    ("metric", "value", "words"),
    [
        ("population", "about 55k", "expected a whole number like 55000"),
        ("un_recognizers", "NIC;Narnia", "is not one of: ISO 3166-1 alpha-3 codes"),
    ],
)
def test_validate_rejects_a_malformed_claimed_value_with_exit_2(tmp_path, metric, value, words):
    tables = {
        **TABLES,
        "claims.csv": CLAIMS_HEADER
        + f"c-1,south-ossetia,2022-05-13,Paper,Some claim.,,{metric},{value},,src-a,\n",
    }
    folder = write_data_dir(tmp_path / "data", tables)
    result = invoke("validate", "--data", str(folder))
    assert result.returncode == 2, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "claims.csv, line 2, column 'claimed_value'" in lines[0] and words in lines[0]
    assert "Traceback" not in result.stderr


def test_validate_rejects_a_truncated_boundary_file_with_exit_2(tmp_path, data_dir):
    geo = data_dir / "geo" / "breakaway_regions.geojson"
    geo.write_bytes(geo.read_bytes()[:5000])
    result = invoke("validate", "--data", str(data_dir))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert re.search(r"breakaway_regions\.geojson, line \d+, column \d+: not valid JSON", lines[0])
    assert "Traceback" not in result.stderr


# -- the source policy -------------------------------------------------------------------------

SOURCE_A = "src-a,Source A,Publisher A,https://example.org/a,2026-11-27,1922-04-20,official,false,"


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        (
            "src-a,Source A,Publisher A,https://example.org/a,2026-11-27,,official,false,",
            "published_on",
            "required",
        ),
        (
            "src-a,Board,Someone,https://www.pinterest.com/pin/123/,2026-11-27,2020,news,false,",
            "url",
            "a social-media pin",
        ),
        (
            "src-a,Page,Mirror,https://wikimili.com/en/South_Ossetia,2026-11-27,2020,news,false,",
            "url",
            "a Wikipedia mirror",
        ),
        (
            "src-a,A,B,https://example.org/a?utm_source=newsletter&id=4,2026-11-27,2020,news,false,",
            "url",
            "tracking parameter 'utm_source'",
        ),
        (
            "src-a,A,B,https://example.org/forum/viewtopic.php?t=5,2026-11-27,2020,news,false,",
            "url",
            "a forum thread",
        ),
    ],
)
def test_validate_rejects_what_an_editor_would_strike(tmp_path, row, column, words):
    problems, folder = _break(tmp_path, "sources.csv", lambda t: t.replace(SOURCE_A, row))
    assert len(problems) == 1, problems
    assert f"sources.csv, line 2, column '{column}'" in problems[0] and words in problems[0]
    result = invoke("validate", "--data", str(folder))
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1


def test_a_row_resting_only_on_reference_or_partisan_sources_needs_a_reason(tmp_path):
    def only_reference(text):
        return text.replace(",2006,news,false,", ",2006,reference,false,")

    problems, _ = _break(tmp_path, "sources.csv", only_reference)
    # Rows citing only src-b (now a reference work) are named, one line each.
    assert problems and all("every source is a reference work or partisan" in p for p in problems)
    assert any("recognitions.csv, line 4, column 'source_ids'" in p for p in problems)
    tables = dict(TABLES)
    tables["sources.csv"] = only_reference(tables["sources.csv"])
    tables["recognitions.csv"] = tables["recognitions.csv"].replace(
        "south-ossetia,Syria,SYR,un_member,2018-05-29,,,false,,src-b,",
        "south-ossetia,Syria,SYR,un_member,2018-05-29,,,false,,src-b,"
        "no-independent-source: only the encyclopedia has it",
    )
    with pytest.raises(DataError) as caught:
        load_dataset(write_data_dir(tmp_path / "excused", tables))
    assert not any("recognitions.csv, line 4" in p for p in caught.value.problems)


def test_an_undated_source_is_refused_even_if_the_descriptor_allows_it(tmp_path):
    import json

    tables = dict(TABLES)
    tables["sources.csv"] = tables["sources.csv"].replace(",2006,news,", ",,news,")
    folder = write_data_dir(tmp_path / "data", tables)
    descriptor = json.loads((folder / "datapackage.json").read_text())
    for resource in descriptor["resources"]:
        for field in resource["schema"]["fields"]:
            if resource["name"] == "sources" and field["name"] == "published_on":
                field["constraints"].pop("required", None)
    (folder / "datapackage.json").write_text(json.dumps(descriptor))
    with pytest.raises(DataError) as caught:
        load_dataset(folder)
    assert len(caught.value.problems) == 1
    assert (
        "sources.csv, line 3, column 'published_on': no publication date"
        in (caught.value.problems[0])
    )


# -- statements.csv ----------------------------------------------------------------------------

STATEMENT = (
    "so-kremlin-reply,south-ossetia,2022-03-31,Spokesman K,Kremlin spokesman,patron,"
    "joining_patron,noncommittal,K said Moscow had taken no legal steps.,,src-b,"
)


@pytest.mark.parametrize(
    ("replace", "column", "words"),
    [
        ((",patron,joining_patron,", ",kremlin,joining_patron,"), "side", "one of"),
        ((",src-b,", ",src-nowhere,"), "source_ids", "unknown source id 'src-nowhere'"),
        ((",,src-b,", f",{'We said so. ' * 20},src-b,"), "quote", "200"),
        ((",noncommittal,", ",maybe,"), "stance", "one of"),
    ],
)
def test_statements_are_validated_like_every_table(tmp_path, replace, column, words):
    old, new = replace
    problems, folder = _break(
        tmp_path, "statements.csv", lambda t: t.replace(STATEMENT, STATEMENT.replace(old, new))
    )
    assert len(problems) == 1, problems
    assert f"statements.csv, line 3, column '{column}'" in problems[0] and words in problems[0]
    result = invoke("validate", "--data", str(folder))
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1


def test_a_kernel_reads_data_the_run_validated_without_checking_it_again(tmp_path, monkeypatch):
    from breakaway.data.fingerprint import VALIDATED_ENV, data_hashes, short_fingerprint

    problems, folder = _break(tmp_path, POP, lambda t: t.replace(f",{SO_2015},", ",100,"))
    assert problems  # a full validation refuses it ...
    monkeypatch.setenv(VALIDATED_ENV, short_fingerprint(data_hashes(folder)))
    assert len(load_dataset(folder).population) == 6  # ... a run that validated it does not
    monkeypatch.setenv(VALIDATED_ENV, "0" * 16)  # other bytes than the ones validated
    with pytest.raises(DataError):
        load_dataset(folder)
