"""Issue 22 (a suite that keeps pace): the checks of cells that Frictionless makes are kept per
process by the content checked, never by the file's name, so a table edited between two loads (an
analyst's CSV changed in JupyterLab) is checked afresh, and the same bytes are not checked twice.
"""

from __future__ import annotations

import frictionless
import pytest
from conftest import TABLES, write_data_dir

from breakaway.data import validate
from breakaway.data.load import load_dataset
from breakaway.errors import DataError

CLASHES = "so-clashes,south-ossetia,2004-08,"


@pytest.fixture
def frictionless_runs(monkeypatch) -> list[int]:
    """How many tables Frictionless checked, from an empty cache."""
    monkeypatch.setattr(validate, "_DECLARED_ERRORS", type(validate._DECLARED_ERRORS)())
    runs: list[int] = []
    original = frictionless.Resource.validate

    def counted(self, *args, **kwargs):
        runs.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(frictionless.Resource, "validate", counted)
    return runs


def _population_of_2015(dataset) -> int:
    rows = dataset.population
    row = rows[(rows["year"] == 2015) & (rows["group"] == "total")]
    return int(row["population"].iloc[0])


def test_the_same_tables_are_checked_by_frictionless_once(tmp_path, frictionless_runs):
    folder = write_data_dir(tmp_path / "data")
    validate.validate_data_dir(folder)
    first = len(frictionless_runs)
    assert first >= len(TABLES)  # every table was checked
    validate.validate_data_dir(folder)
    load_dataset(folder)
    assert len(frictionless_runs) == first


def test_a_table_edited_after_a_load_is_checked_again(tmp_path, frictionless_runs):
    folder = write_data_dir(tmp_path / "data")
    assert _population_of_2015(load_dataset(folder)) == 53_532
    path = folder / "population.csv"
    # A valid edit is read, not remembered.
    path.write_text(path.read_text().replace(",53532,", ",53533,"), encoding="utf-8")
    assert _population_of_2015(load_dataset(folder)) == 53_533
    # An invalid edit is refused, naming the file, the line and the column.
    path.write_text(path.read_text().replace(",53533,", ",53k,"), encoding="utf-8")
    with pytest.raises(DataError) as refused:
        load_dataset(folder)
    (line,) = refused.value.problems
    assert "population.csv, line 3, column 'population'" in line and "53k" in line
    # Back to the first content: the earlier check is reused, and it passes again.
    runs = len(frictionless_runs)
    path.write_text(path.read_text().replace(",53k,", ",53532,"), encoding="utf-8")
    assert _population_of_2015(load_dataset(folder)) == 53_532
    assert len(frictionless_runs) == runs


def test_a_remembered_problem_names_the_file_it_was_found_in_now(tmp_path, frictionless_runs):
    tables = {**TABLES, "events.csv": TABLES["events.csv"].replace(CLASHES, CLASHES[:-3] + "13,")}
    lines = []
    for name in ("first", "second"):
        folder = write_data_dir(tmp_path / name, tables)
        with pytest.raises(DataError) as refused:
            validate.validate_data_dir(folder)
        (line,) = refused.value.problems
        lines.append(line)
        assert f"{name}/events.csv, line 3, column 'date'" in line, line
    assert lines[0].replace("first", "second") == lines[1]
    assert len(frictionless_runs) == len(TABLES)  # each table once, for the first folder only


def test_the_cache_keeps_a_bounded_number_of_tables(tmp_path, frictionless_runs, monkeypatch):
    monkeypatch.setattr(validate, "_DECLARED_ERRORS_KEPT", 3)
    folder = write_data_dir(tmp_path / "data")
    validate.validate_data_dir(folder)
    assert len(validate._DECLARED_ERRORS) == 3


# -- the boundary files -----------------------------------------------------------------------


@pytest.fixture
def geo_reads(monkeypatch) -> list[str]:
    """Which boundary files were read and checked, from an empty cache."""
    monkeypatch.setattr(validate, "_GEO_CHECKS", type(validate._GEO_CHECKS)())
    reads: list[str] = []
    for name in ("load_boundaries", "load_context"):
        original = getattr(validate, name)

        def counted(path, *args, _original=original, **kwargs):
            reads.append(path.name)
            return _original(path, *args, **kwargs)

        counted.__name__ = name
        monkeypatch.setattr(validate, name, counted)
    return reads


def test_the_same_boundary_files_are_checked_once(tmp_path, geo_reads):
    folder = write_data_dir(tmp_path / "data")
    validate.validate_data_dir(folder)
    assert sorted(geo_reads) == ["breakaway_regions.geojson", "context.geojson"]
    validate.validate_data_dir(folder)
    assert len(geo_reads) == 2


def test_a_boundary_file_edited_after_a_check_is_checked_again(tmp_path, geo_reads):
    folder = write_data_dir(tmp_path / "data")
    validate.validate_data_dir(folder)
    for name in ("breakaway_regions.geojson", "context.geojson"):
        path = folder / "geo" / name
        good = path.read_bytes()
        path.write_bytes(good[:3000])  # cut short: no longer JSON
        with pytest.raises(DataError) as refused:
            validate.validate_data_dir(folder)
        (line,) = refused.value.problems
        assert str(path) in line and ("not valid JSON" in line or "cannot be read" in line)
        path.write_bytes(good)
        validate.validate_data_dir(folder)


def test_a_territory_dropped_from_the_outlines_is_refused_after_a_check(tmp_path, geo_reads):
    folder = write_data_dir(tmp_path / "data")
    validate.validate_data_dir(folder)
    path = folder / "geo" / "breakaway_regions.geojson"
    path.write_text(path.read_text().replace('"south-ossetia"', '"elsewhere"'), encoding="utf-8")
    with pytest.raises(DataError) as refused:
        validate.validate_data_dir(folder)
    assert "'south-ossetia' has no outline" in refused.value.problems[0]


def test_a_lower_outline_limit_applies_to_boundaries_checked_before(
    tmp_path, geo_reads, monkeypatch
):
    folder = write_data_dir(tmp_path / "data")
    validate.validate_data_dir(folder)
    monkeypatch.setenv("BREAKAWAY_MAX_OUTLINE_POINTS", "50")
    with pytest.raises(DataError) as refused:
        validate.validate_data_dir(folder)
    assert "more than 50 positions" in refused.value.problems[0]


# -- the frames a load makes --------------------------------------------------------------------


def test_a_load_strips_cells_converts_declared_types_and_keeps_line_numbers(tmp_path):
    tables = dict(TABLES)
    tables["population.csv"] = tables["population.csv"].replace(
        "2021,total,56405,estimate,,,,src-b,", "2021,total,56405,estimate,,, rounded ,src-b,"
    )
    tables["statements.csv"] = tables["statements.csv"].splitlines()[0] + "\n"  # header only
    dataset = load_dataset(write_data_dir(tmp_path / "data", tables))
    population = dataset.population
    last = population.iloc[-1]
    assert (last["year"], last["population"], last["caveat"]) == (2021, 56405, "rounded")
    assert (
        str(population["year"].dtype) == "int64" and str(population["population"].dtype) == "int64"
    )
    assert population["territory_id"].dtype == "str"
    assert list(population["line"]) == list(range(2, 2 + len(population)))
    assert dataset.statements.empty and dataset.statements["territory_id"].dtype == "str"


# -- tests/factsonce.py: a module's briefings share each day's facts -----------------------------


def test_facts_once_computes_each_days_facts_once_and_hands_out_copies(dataset, monkeypatch):
    from datetime import date

    from factsonce import facts_once

    from breakaway.knowledge import facts as knowledge_facts
    from breakaway.report import briefing as briefing_module
    from breakaway.report.briefing import Briefing

    computed: list[tuple[str, date]] = []
    original = knowledge_facts.build_facts

    def counted(data, territory, as_of):
        computed.append((territory, as_of))
        return original(data, territory, as_of)

    monkeypatch.setattr(briefing_module, "build_facts", counted)
    day = date(2022, 6, 1)
    with facts_once():
        first = Briefing(dataset, "south-ossetia", day)
        second = Briefing(dataset, "nagorno-karabakh", day)
        peers = first.peers + second.peers
        assert sorted(set(computed)) == sorted(computed)  # each (territory, day) once
        assert {t for t, _ in computed} == {"south-ossetia", "nagorno-karabakh"}
        # The same figures as without the helper, and a copy each: changing one changes no other.
        assert first.facts == counted(dataset, "south-ossetia", day)
        first.facts["status"] = "changed"
        assert Briefing(dataset, "south-ossetia", day).facts["status"] != "changed"
        # Another dataset is another computation.
        other = load_dataset(dataset.data_dir)
        Briefing(other, "south-ossetia", day)
        assert computed.count(("south-ossetia", day)) == 3  # the first, the check, the other
    assert len(peers) == 4
    assert briefing_module.build_facts is counted  # restored when the block ends
