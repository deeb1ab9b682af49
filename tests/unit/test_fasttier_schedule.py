"""Files that share what a process makes once run on one xdist worker (tests/suiteorder.py).

The map files read the locator maps that ``tests/mapcheck.py`` draws once per process; the lead
files read facts that ``breakaway.knowledge.memo`` computes once per process. Handed to two
workers file by file, both workers make them; the conftest's scheduler keeps each unit whole.
"""

from __future__ import annotations

from pathlib import Path

from suiteorder import COSTLIEST_FIRST, SHARED_UNITS, scope_of

TESTS = Path(__file__).resolve().parent.parent


def test_the_files_of_a_unit_share_one_scope_and_the_others_keep_their_file():
    for names in SHARED_UNITS.values():
        scopes = {scope_of(f"tests/{name}::test_x[case]") for name in names}
        assert len(scopes) == 1, names
    units = {scope_of(f"tests/{names[0]}::t") for names in SHARED_UNITS.values()}
    assert len(units) == len(SHARED_UNITS)  # two units are two scopes
    assert scope_of("tests/unit/test_dates.py::test_a[x::y]") == "tests/unit/test_dates.py"
    assert scope_of("tests/unit/test_maps.py::t") != scope_of("tests/unit/test_dates.py::t")


def test_every_file_of_a_unit_exists_belongs_to_one_unit_and_stands_with_the_others():
    listed = [name for names in SHARED_UNITS.values() for name in names]
    assert len(listed) == len(set(listed))
    assert [name for name in listed if not (TESTS / name).is_file()] == []
    # Together in the hand-out order: a unit is handed out where its first file stands.
    for unit, names in SHARED_UNITS.items():
        places = sorted(COSTLIEST_FIRST.index(name) for name in names)
        assert places == list(range(places[0], places[0] + len(names))), unit


class _Dist:
    """The session's config, as it is with ``--dist DIST -n 2``."""

    def __init__(self, config, dist: str):
        self._config, self._dist = config, dist

    def getvalue(self, name: str):
        given = {"dist": self._dist, "tx": ["2*popen"]}
        return given[name] if name in given else self._config.getvalue(name)

    def __getattr__(self, name: str):
        return getattr(self._config, name)


def test_the_conftest_schedules_loadfile_with_the_units_and_leaves_other_modes(pytestconfig):
    (conftest,) = [
        plugin
        for plugin in pytestconfig.pluginmanager.get_plugins()
        if getattr(plugin, "__file__", None) == str(TESTS / "conftest.py")
    ]
    scheduler = conftest.pytest_xdist_make_scheduler(_Dist(pytestconfig, "loadfile"), None)
    assert type(scheduler).__name__ == "GroupedFiles"
    maps = SHARED_UNITS["maps"]
    assert scheduler._split_scope(f"tests/{maps[0]}::a") == scheduler._split_scope(
        f"tests/{maps[-1]}::b[x]"
    )
    assert scheduler._split_scope("tests/unit/test_dates.py::a") == "tests/unit/test_dates.py"
    # Another --dist is xdist's own.
    assert conftest.pytest_xdist_make_scheduler(_Dist(pytestconfig, "load"), None) is None


def test_a_shared_lead_is_made_once_and_is_the_lead_of_its_territory_and_day():
    from datetime import date

    from factsonce import shipped_lead

    from breakaway import paths
    from breakaway.data.load import load_dataset
    from breakaway.knowledge.facts import build_facts
    from breakaway.report.lead import build_lead
    from breakaway.report.lead_news import LeadRecord

    day = date(2022, 5, 13)
    lead, record = shipped_lead("abkhazia", day)
    assert shipped_lead("abkhazia", day)[0] is lead  # the second reader gets the same one
    data = load_dataset(paths.data_dir())
    fresh = build_lead(build_facts(data, "abkhazia", day), LeadRecord.known(data, "abkhazia", day))
    assert lead == fresh
    assert record.as_of == day
    assert shipped_lead("south-ossetia", day)[0].headline != lead.headline
