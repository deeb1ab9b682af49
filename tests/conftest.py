"""Shared fixtures: a tiny data folder written from inline tables, with the real descriptor."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

# jsonschema (imported by nbformat and Frictionless) imports the optional rfc3987_syntax when it is
# installed, which compiles a grammar at import: about 2 s of every test process, for an IRI format
# that no schema of ours uses. The package declares it absent before it imports Frictionless
# (breakaway.data.validate); the test modules that import nbformat first would pay it, so the
# session declares it absent before any of them is collected.
if "jsonschema" not in sys.modules:
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

REPO = Path(__file__).resolve().parent.parent

# Small, hand-checkable tables. Relations are visible: SO_2015 = OSSETIANS + GEORGIANS + OTHER.
# The as-of rule needs a source published by a row's date: src-a (1922) and src-b (2006) back the
# rows; src-ceasefire and src-withdrawal report the war's end and Tuvalu's withdrawal on the day.
OSSETIANS, GEORGIANS, OTHER = 48_146, 3_966, 1_420
SO_2015 = OSSETIANS + GEORGIANS + OTHER

TABLES = {
    "territories.csv": """\
territory_id,name,parent_state_iso3,parent_state,capital,capital_lat,capital_lon,area_km2,declared_independence_on,dissolved_on,patron_state_iso3,patron_state,aim,aim_text,patron_region,source_ids,checked_through,checked_on,note
south-ossetia,South Ossetia,GEO,Georgia,Tskhinvali,42.23,43.97,3900,1991-12-21,,RUS,Russia,join_patron,union with Russia,North Ossetia–Alania,src-a,,,
nagorno-karabakh,Nagorno-Karabakh,AZE,Azerbaijan,Stepanakert,,,4400,1992-01-06,2024-01-01,ARM,Armenia,independence,"union with Armenia, later independence",,src-b,,,
""",
    "recognitions.csv": """\
territory_id,recognizer,recognizer_iso3,recognizer_type,recognized_on,withdrawn_on,end_reason,is_contested,caveat,source_ids,note
south-ossetia,Russia,RUS,un_member,2008-08-26,,,false,,src-a,
south-ossetia,Tuvalu,TUV,un_member,2011-09-19,2014-03-31,withdrawn,false,,src-a;src-b;src-withdrawal,
south-ossetia,Syria,SYR,un_member,2018-05-29,,,false,,src-b,
south-ossetia,Artsakh,,non_un,2006,,,false,,src-b,year only
""",
    "population.csv": f"""\
territory_id,year,group,population,kind,published_on,coverage,caveat,source_ids,note
south-ossetia,1989,total,98527,census,,,,src-a,
south-ossetia,2015,total,{SO_2015},census,2016-08,,,src-a,
south-ossetia,2015,ossetians,{OSSETIANS},census,2016-08,,,src-a,
south-ossetia,2015,georgians,{GEORGIANS},census,2016-08,,,src-a,
south-ossetia,2015,other,{OTHER},census,2016-08,,,src-a,
south-ossetia,2021,total,56405,estimate,,,,src-b,
""",
    "events.csv": """\
event_id,territory_id,date,end_date,category,side,topic,title,description,caveat,source_ids,direction,note
so-oblast,south-ossetia,1922-04-20,,status,other,status,Autonomous oblast formed,,,src-a,,
so-clashes,south-ossetia,2004-08,,conflict,territory,conflict,Clashes,,,src-a,,month only
so-war,south-ossetia,2008-08-07,2008-08-16,conflict,between_sides,conflict,August war,,,src-a;src-ceasefire,,
so-referendum-set,south-ossetia,2022-05-13,,politics,territory,joining_patron,Referendum set for 17 July,,,src-b,towards_patron,
so-referendum-off,south-ossetia,2022-05-30,,politics,territory,joining_patron,Referendum decree suspended,,,src-b,away_from_patron,
""",
    "statements.csv": """\
statement_id,territory_id,date,speaker,role,side,topic,stance,paraphrase,quote,source_ids,note
so-leader-joins,south-ossetia,2022-03-30,Leader L,de facto president,territory,joining_patron,supports,L said the region would take legal steps to join Russia.,We will join.,src-b,
so-kremlin-reply,south-ossetia,2022-03-31,Spokesman K,Kremlin spokesman,patron,joining_patron,noncommittal,K said Moscow had taken no legal steps.,,src-b,
so-parent-no,south-ossetia,2022-03-31,Minister M,foreign minister,parent,joining_patron,opposes,M called any referendum unacceptable.,,src-b,
so-war-troops,south-ossetia,2022-03-26,Leader L,de facto president,territory,war_in_ukraine,,L said troops were sent to help Russia.,,src-b,
""",
    "sources.csv": """\
source_id,title,publisher,url,accessed_on,published_on,kind,title_is_label,copy_published_on,note
src-a,Source A,Publisher A,https://example.org/a,2026-11-27,1922-04-20,official,false,,
src-b,Source B,Publisher B,https://example.org/b,2026-11-27,2006,news,false,,
src-ceasefire,Ceasefire signed,Publisher C,https://example.org/c,2026-11-27,2008-08-16,news,false,,
src-withdrawal,Tuvalu withdraws,Publisher D,https://example.org/d,2026-11-27,2014-03-31,news,false,,
""",
}


def write_data_dir(folder: Path, tables: dict[str, str] | None = None) -> Path:
    """A data folder with the real datapackage.json and the given (or default) tables."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "data" / "datapackage.json", folder / "datapackage.json")
    shutil.copytree(REPO / "data" / "geo", folder / "geo", dirs_exist_ok=True)
    for name, text in (tables or TABLES).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return write_data_dir(tmp_path / "data")


@pytest.fixture
def dataset(data_dir: Path):
    from breakaway.data.load import load_dataset

    return load_dataset(data_dir)


@pytest.fixture(scope="module")
def shipped():
    """The project's own data/, loaded once per module (tests that read the shipped record)."""
    from breakaway.data.load import load_dataset

    return load_dataset(REPO / "data")


@pytest.fixture(scope="session", autouse=True)
def _figures_outside_the_repo(tmp_path_factory):
    """Renders in tests export charts to a temporary folder, not the project's figures/."""
    import os

    folder = tmp_path_factory.mktemp("figures")
    previous = os.environ.get("BREAKAWAY_FIGURES_DIR")
    os.environ["BREAKAWAY_FIGURES_DIR"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("BREAKAWAY_FIGURES_DIR", None)
    else:
        os.environ["BREAKAWAY_FIGURES_DIR"] = previous


@pytest.fixture(scope="session")
def _kernel_trap(tmp_path_factory) -> tuple[Path, Path]:
    from kernelguard import kernel_trap

    folder = tmp_path_factory.mktemp("kernel-trap")
    return folder, kernel_trap(folder)


@pytest.fixture(autouse=True)
def _no_kernel_in_the_unit_tier(request, monkeypatch, _kernel_trap):
    """A test under tests/unit that is not marked integration fails if it starts a kernel."""
    unit = REPO / "tests" / "unit"
    if request.node.get_closest_marker("integration") or unit not in request.node.path.parents:
        yield
        return
    from kernelguard import MESSAGE, trap_path

    folder, started = _kernel_trap
    started.unlink(missing_ok=True)
    monkeypatch.setenv("JUPYTER_PATH", trap_path(folder))
    yield
    if started.exists():
        started.unlink()
        pytest.fail(MESSAGE, pytrace=False)


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session):
    """Leave this process's objects to the operating system instead of collecting them at exit.

    A worker ends holding millions of objects (data frames, figures, parsed documents); Python's
    last garbage collection at exit walked them all, and the run waited for it: about 1.3 s of
    the unit tier's wall time. Frozen objects are skipped by that collection; the memory goes
    back with the process all the same.
    """
    import gc

    gc.freeze()


def pytest_collection_modifyitems(config, items):
    """Hand the costliest test files to xdist workers first (tests/suiteorder.py)."""
    from suiteorder import costliest_first

    items[:] = costliest_first(items, REPO / "tests")


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """``--dist loadfile``, with the files of each shared unit on one worker (tests/suiteorder.py)."""
    if config.getvalue("dist") != "loadfile":
        return None
    from suiteorder import grouped_files_scheduler

    return grouped_files_scheduler(config, log)
