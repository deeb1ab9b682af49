"""Sources an editor keeps, through the command an operator runs (issue 19, item 4).

``breakaway validate`` refuses a state-media source labelled as news and a number resting on an
encyclopedia alone: each is one line naming the file, the line and the column, exit status 2,
nothing else printed; the shipped data passes. The in-process checks of the same rules are in
``test_source_policy.py``; these go through the CLI and cover the indicators table too.
"""

from __future__ import annotations

import shutil

import pytest
from conftest import REPO, TABLES, write_data_dir
from reportcheck import invoke

from breakaway.data.source_policy import STATE_MEDIA_FILE

SOURCES_LINE = len(TABLES["sources.csv"].splitlines()) + 1  # the planted source's line
POPULATION_LINE = len(TABLES["population.csv"].splitlines()) + 1
ENCYCLOPEDIA = (
    "src-encyclopedia,South Ossetia,Wikipedia,https://en.wikipedia.org/wiki/South_Ossetia,"
    "2026-11-27,2020,reference,false,,\n"
)
INDICATORS_HEADER = "territory_id,indicator,value,unit,year,published_on,caveat,source_ids,note\n"


def _folder(tmp_path, **extra: str):
    """The fixture data with rows appended to the named tables (``population="..."``)."""
    tables = dict(TABLES)
    for name, rows in extra.items():
        tables[f"{name}.csv"] = tables.get(f"{name}.csv", "") + rows
    folder = write_data_dir(tmp_path / "data", tables)
    shutil.copy(REPO / "data" / STATE_MEDIA_FILE, folder / STATE_MEDIA_FILE)
    return folder


def _one_error_line(tmp_path, **extra: str) -> str:
    result = invoke("validate", "--data", str(_folder(tmp_path, **extra)))
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 2, result.stderr
    assert len(lines) == 1, lines
    assert "Traceback" not in result.stderr and result.stdout == ""
    return lines[0]


@pytest.mark.parametrize(
    ("publisher", "url"),
    [
        ("TASS", "https://tass.com/world/1881497"),  # by name and host
        ("Itar-Tass wire", "https://tass.ru/politika/1"),  # by host alone
        ("Novosti Pridnestrovya", "https://novostipmr.com/en/news/1"),  # a de facto authority's
    ],
)
def test_state_media_labelled_news_is_one_line_exit_2(tmp_path, publisher, url):
    planted = f"src-planted,A report,{publisher},{url},2026-11-27,2024-12-03,news,false,,\n"
    line = _one_error_line(tmp_path, sources=planted)
    assert f"sources.csv, line {SOURCES_LINE}, column 'kind'" in line
    assert "is state media" in line and "expected state_media" in line


@pytest.mark.parametrize(
    "note",
    ["", "no-independent-source: only the encyclopedia gives this figure"],
    ids=["no-reason", "with-a-reason"],
)
def test_population_on_an_encyclopedia_alone_is_one_line_exit_2(tmp_path, note):
    row = f"south-ossetia,2010,total,50000,estimate,2020,,,src-encyclopedia,{note}\n"
    line = _one_error_line(tmp_path, sources=ENCYCLOPEDIA, population=row)
    assert f"population.csv, line {POPULATION_LINE}, column 'source_ids'" in line
    assert "src-encyclopedia" in line or "reference work" in line


def test_an_indicator_on_an_encyclopedia_alone_is_one_line_exit_2(tmp_path):
    reason = "no-independent-source: only the encyclopedia gives this figure"
    rows = INDICATORS_HEADER + (
        f"south-ossetia,russian_troops,3800,persons,2009,2020,,src-encyclopedia,{reason}\n"
    )
    line = _one_error_line(tmp_path, sources=ENCYCLOPEDIA, indicators=rows)
    assert "indicators.csv, line 2, column 'source_ids'" in line
    assert "reference works alone" in line


def test_a_number_with_the_encyclopedia_beside_a_news_source_passes(tmp_path):
    row = "south-ossetia,2010,total,50000,estimate,2020,,,src-encyclopedia;src-b,\n"
    result = invoke(
        "validate", "--data", str(_folder(tmp_path, sources=ENCYCLOPEDIA, population=row))
    )
    assert result.returncode == 0, result.stderr


def test_the_shipped_data_passes_validate(tmp_path):
    result = invoke("validate", "--data", str(REPO / "data"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK: data is valid")
    # The only thing it may say on stderr is the stale-check warning (exit 0, one line).
    for line in result.stderr.splitlines():
        assert line.startswith("breakaway: warning: sources checked"), line
