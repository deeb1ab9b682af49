"""Issue 22 (a suite that keeps pace): what makes the unit tier faster, and keeps it honest.

The checks of cells that Frictionless makes, and of the boundary files, are kept per process by the
content checked, never by the file's name, so a file edited between two loads (an analyst's CSV
changed in JupyterLab) is checked afresh, and the same bytes are not checked twice. A load's frames
are built column by column. Test modules share each day's facts (``tests/factsonce.py``), and the
suite benchmark reports CPU time beside the wall clock.
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


# -- benchmarks/suite_bench.py: CPU time beside the wall clock ----------------------------------


def test_the_suite_bench_counts_the_cpu_time_of_the_processes_it_runs():
    import importlib.util
    import subprocess
    import sys

    from reportcheck import REPO

    spec = importlib.util.spec_from_file_location("suite_bench", REPO / "benchmarks/suite_bench.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    before = bench._children_cpu()
    burn = "import time\nend = time.process_time() + 0.3\nwhile time.process_time() < end: pass"
    subprocess.run([sys.executable, "-c", burn], check=True)
    assert bench._children_cpu() - before >= 0.3


# -- breakaway.data.load: a folder loaded again, unchanged, is not validated again -------------


@pytest.fixture
def validations(monkeypatch) -> list[str]:
    """The folders each load validated, from an empty cache of loads."""
    from breakaway.data import load

    monkeypatch.setattr(load, "_LOADED", type(load._LOADED)())
    seen: list[str] = []
    original = load.validate_data_dir

    def counted(folder):
        seen.append(str(folder))
        return original(folder)

    monkeypatch.setattr(load, "validate_data_dir", counted)
    return seen


def test_a_folder_loaded_again_unchanged_is_validated_once_and_copied(tmp_path, validations):
    folder = write_data_dir(tmp_path / "data")
    first = load_dataset(folder)
    second = load_dataset(folder)
    assert validations == [str(folder)]
    assert second.fingerprint == first.fingerprint and second.data_dir == folder
    assert second.population.equals(first.population)
    # Each caller has frames of its own: a change to one load's frame shows in no other.
    first.population.loc[0, "population"] = 1
    assert second.population.loc[0, "population"] == 98_527
    assert load_dataset(folder).population.loc[0, "population"] == 98_527
    assert second.tables["population"] is second.population  # one frame per table, as loaded
    # Another folder of the same files: the same load, naming its own folder.
    other = load_dataset(write_data_dir(tmp_path / "other"))
    assert other.data_dir == tmp_path / "other" and len(validations) == 1


def test_a_file_edited_added_or_removed_is_a_new_load(tmp_path, validations):
    folder = write_data_dir(tmp_path / "data")
    load_dataset(folder)
    path = folder / "population.csv"
    path.write_text(path.read_text().replace(",53532,", ",53533,"), encoding="utf-8")
    assert _population_of_2015(load_dataset(folder)) == 53_533
    path.write_text(path.read_text().replace(",53533,", ",-1,"), encoding="utf-8")
    with pytest.raises(DataError, match="population.csv, line 3"):
        load_dataset(folder)
    with pytest.raises(DataError, match="population.csv, line 3"):  # a refusal is never kept
        load_dataset(folder)
    path.write_text(path.read_text().replace(",-1,", ",53533,"), encoding="utf-8")
    load_dataset(folder)  # the edited load again: kept
    assert len(validations) == 4
    (folder / "notes.txt").write_text("a curator's note\n", encoding="utf-8")
    load_dataset(folder)
    (folder / "notes.txt").unlink()
    load_dataset(folder)  # as before the note: kept
    assert len(validations) == 5


def test_another_limit_is_a_new_load(tmp_path, validations, monkeypatch):
    folder = write_data_dir(tmp_path / "data")
    load_dataset(folder)
    monkeypatch.setenv("BREAKAWAY_MAX_TERRITORY_ROWS", "2")
    with pytest.raises(DataError, match="more than 2 rows"):
        load_dataset(folder)


def test_a_folder_with_a_link_is_validated_every_time(tmp_path, validations):
    folder = write_data_dir(tmp_path / "data")
    (folder / "README.md").symlink_to(tmp_path / "elsewhere.md")
    (tmp_path / "elsewhere.md").write_text("notes\n", encoding="utf-8")
    load_dataset(folder)
    load_dataset(folder)
    assert len(validations) == 2


def test_a_broken_boundary_file_is_named_in_each_folder_it_is_in(tmp_path, geo_reads):
    for name in ("first", "second"):
        folder = write_data_dir(tmp_path / name)
        path = folder / "geo" / "context.geojson"
        path.write_bytes(path.read_bytes()[:3000])
        with pytest.raises(DataError) as refused:
            validate.validate_data_dir(folder)
        assert str(path) in refused.value.problems[0]


# -- the descriptor: read on every load, parsed once for the same bytes -------------------------


def test_a_descriptor_edited_after_a_load_is_read_again(tmp_path):
    folder = write_data_dir(tmp_path / "data")
    version = load_dataset(folder).version
    path = folder / "datapackage.json"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f'"version": "{version}"', '"version": "9.9.9"', 1), "utf-8")
    assert load_dataset(folder).version == "9.9.9"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(DataError, match="datapackage.json, line 1, column 2: not valid JSON"):
        load_dataset(folder)
    path.write_text(text, encoding="utf-8")
    assert load_dataset(folder).version == version


def test_a_folder_too_big_to_hash_is_validated_every_time(tmp_path, validations, monkeypatch):
    from breakaway.data import load

    folder = write_data_dir(tmp_path / "data")
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    monkeypatch.setattr(load, "_KEY_MAX_BYTES", size - 1)
    load_dataset(folder)
    load_dataset(folder)
    assert len(validations) == 2
    monkeypatch.setattr(load, "_KEY_MAX_BYTES", size)
    load_dataset(folder)
    load_dataset(folder)
    assert len(validations) == 3
