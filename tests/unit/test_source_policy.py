"""Sources an editor keeps: state media labelled as such; no number on an encyclopedia alone.

Each rule is planted in the small fixture data and must come back as one line naming the file,
the line and the column, with exit status 2 from ``breakaway validate``; the shipped data passes.
"""

from __future__ import annotations

import shutil

import pytest
from conftest import REPO, TABLES, write_data_dir
from reportcheck import invoke

from breakaway.data.load import load_dataset
from breakaway.data.source_policy import STATE_MEDIA_FILE, StateMedia, read_state_media
from breakaway.data.validate import validate_data_dir
from breakaway.errors import DataError

# The fixture's sources.csv has four sources on lines 2-5; a planted source is line 6.
PLANTED_LINE = 6
TASS = StateMedia("TASS", ("tass.com", "tass.ru"))


def _folder(tmp_path, *, sources: str = "", population: str = "", with_list: bool = True):
    tables = dict(TABLES)
    tables["sources.csv"] += sources
    tables["population.csv"] += population
    folder = write_data_dir(tmp_path / "data", tables)
    if with_list:
        shutil.copy(REPO / "data" / STATE_MEDIA_FILE, folder / STATE_MEDIA_FILE)
    return folder


def _problems(folder) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_dataset(folder)
    return caught.value.problems


def _source(publisher: str, url: str, kind: str) -> str:
    return f"src-planted,A report,{publisher},{url},2026-11-27,2015-08-31,{kind},false,,\n"


def test_outlet_is_matched_by_host_or_by_the_name_it_is_published_under():
    assert TASS.publishes("Anyone", "https://tass.com/world/1")
    assert TASS.publishes("Anyone", "https://www.tass.ru/politika/2")
    assert TASS.publishes("TASS (Itar-Tass)", "https://example.org/copy")
    assert not TASS.publishes("Anyone", "https://nottass.com/x")
    # A report that only cites the agency is the reporting outlet's own.
    assert not StateMedia("Ukrinform", ()).publishes("ZIK (citing Ukrinform)", "https://zik.ua/a")


def test_state_media_labelled_news_is_refused_on_its_line_and_column(tmp_path):
    folder = _folder(tmp_path, sources=_source("TASS", "https://tass.com/world/1", "news"))
    problems = _problems(folder)
    assert len(problems) == 1
    assert f"sources.csv, line {PLANTED_LINE}, column 'kind'" in problems[0]
    assert "TASS is state media" in problems[0] and "expected state_media" in problems[0]


def test_state_media_is_recognised_by_its_host_under_another_publisher_name(tmp_path):
    planted = _source("Itar-Tass wire", "https://tass.ru/politika/1", "official")
    problems = _problems(_folder(tmp_path, sources=planted))
    assert [p for p in problems if "column 'kind'" in p and "TASS is state media" in p]


def test_state_media_labelled_as_such_passes(tmp_path):
    folder = _folder(tmp_path, sources=_source("TASS", "https://tass.com/world/1", "state_media"))
    validate_data_dir(folder)


def test_a_folder_without_the_list_is_not_judged_on_state_media(tmp_path):
    planted = _source("TASS", "https://tass.com/world/1", "news")
    validate_data_dir(_folder(tmp_path, sources=planted, with_list=False))


def test_the_list_itself_is_checked(tmp_path):
    folder = _folder(tmp_path)
    (folder / STATE_MEDIA_FILE).write_text("outlet\nTASS\n", encoding="utf-8")
    outlets, problems = read_state_media(folder)
    assert outlets == [] and "columns name and hosts" in str(problems[0])


def test_the_list_must_be_a_regular_utf8_file(tmp_path):
    folder = _folder(tmp_path, with_list=False)
    (folder / STATE_MEDIA_FILE).mkdir()
    _, problems = read_state_media(folder)
    assert "expected a regular file" in str(problems[0])
    (folder / STATE_MEDIA_FILE).rmdir()
    (folder / STATE_MEDIA_FILE).write_bytes(b"name,hosts\n\xff\xfe,x\n")
    _, problems = read_state_media(folder)
    assert "not UTF-8" in str(problems[0])


REFERENCE = "src-planted,Encyclopedia entry,Encyclopedia,https://example.org/e,2026-11-27,2020,reference,false,,\n"


def test_population_on_an_encyclopedia_alone_is_refused_even_with_a_reason(tmp_path):
    row = "south-ossetia,2010,total,50000,estimate,2020,,,src-planted,no-independent-source: x\n"
    problems = _problems(_folder(tmp_path, sources=REFERENCE, population=row))
    line = len(TABLES["population.csv"].splitlines()) + 1
    mine = [p for p in problems if "reference works alone" in p]
    assert len(mine) == 1
    assert f"population.csv, line {line}, column 'source_ids'" in mine[0]
    assert "src-planted" in mine[0]


def test_population_on_an_encyclopedia_alone_without_a_reason_gets_one_line(tmp_path):
    row = "south-ossetia,2010,total,50000,estimate,2020,,,src-planted,\n"
    problems = _problems(_folder(tmp_path, sources=REFERENCE, population=row))
    line = len(TABLES["population.csv"].splitlines()) + 1
    assert [p for p in problems if f"population.csv, line {line}," in p] == [
        p for p in problems if "every source is a reference work" in p and f"line {line}," in p
    ]
    assert len([p for p in problems if f"population.csv, line {line}," in p]) == 1


def test_population_with_an_encyclopedia_beside_a_news_source_passes(tmp_path):
    row = "south-ossetia,2010,total,50000,estimate,2020,,,src-planted;src-b,\n"
    validate_data_dir(_folder(tmp_path, sources=REFERENCE, population=row))


def test_validate_exits_2_with_one_line_per_problem(tmp_path):
    folder = _folder(tmp_path, sources=_source("Sputnik", "https://sputnikglobe.com/a", "news"))
    result = invoke("validate", "--data", str(folder))
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "column 'kind'" in lines[0] and "Traceback" not in result.stderr


def test_the_shipped_data_passes_both_rules():
    tables = validate_data_dir(REPO / "data")
    kinds = {row["source_id"]: row["kind"] for row in tables["sources"].rows}
    assert kinds["tass-2022-07-22-peskov"] == "state_media"
    assert kinds["novostipmr-2023-02-22-separatism-law"] == "state_media"
