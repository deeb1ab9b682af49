"""The order test files are handed to xdist workers: the costliest first.

``make test`` runs on every core with ``--dist loadfile``: each file goes whole to one worker, and
a worker asks for the next file when it is nearly done with its own. By default xdist hands out the
files with the most tests first, which puts the slow integration files (few tests, each reading a
rendered set or rendering itself) at the end, where one worker runs a minute-long file while the
other has nothing left to do. Handing out the costliest files first (the longest-processing-time
rule) lets the many small files fill in at the end, so both workers finish together.

The costs are seconds measured on CI (``--durations``; setup includes a shared render, paid by
whichever file asks for its set first). Neighbours use different sets where possible, so two
workers seldom wait on the same set's lock at the start. A file not listed keeps its place after
these, in collection order. ``pyproject.toml`` turns xdist's own reordering off
(``--no-loadscope-reorder``) so that this order is the one used.

Some files share what a process makes once (``tests/mapcheck.py`` draws each locator map once per
process; ``breakaway.knowledge.memo`` computes a territory's facts on a day once per process):
split over two workers, both make them. ``SHARED_UNITS`` names those files; the conftest's
scheduler (``GroupedFiles``: xdist's ``loadfile`` with these files as one unit each) hands each
unit whole to one worker.
"""

from __future__ import annotations

from pathlib import Path

COSTLIEST_FIRST = [
    # Seconds from one run of each file alone on a loaded machine (3 December, second pass), so
    # only the order counts. The first four each start a different shared set, so the two
    # workers seldom wait on one set's lock.
    "integration/test_time_travel.py",  # the time-travel set: five PDFs (~95 s), their text
    "integration/test_faults.py",  # the 2000-01-01 set, renders of its own (~79 s)
    "integration/test_print_layout.py",  # the today set, five page layouts (~97 s)
    "integration/test_render_integration.py",  # the 2022-05-13 set
    "integration/test_chart_layout.py",  # every chart of 20 briefings, in process (~81 s)
    "integration/test_leaks.py",  # 28 briefings built in process, every chart drawn (~69 s)
    "integration/test_notebooks_standalone.py",  # three plain papermill runs (~59 s)
    "integration/test_render_ahead_rendered.py",  # kernels started ahead, rendered (~53 s)
    "integration/test_cluster_render.py",  # a Dask LocalCluster, three sweeps
    "integration/test_escaping.py",  # hostile data rendered
    "integration/test_publish_kill.py",  # SIGKILL at known phases
    "integration/test_editions.py",  # three nights on tiny data
    "integration/test_sweep_render.py",  # three yearly reports
    "integration/test_reproducible.py",  # one render against the 2022-05-13 set
    "integration/test_body_appendix.py",
    "integration/test_record_current.py",
    "integration/test_editor_leftovers_rendered.py",
    "integration/test_hardening_signals.py",  # signals mid-render
    "integration/test_overview_map_report.py",
    "integration/test_browser.py",
    "integration/test_pdf_structure.py",  # the 2022-05-13 set's PDF, the archival variant
    "unit/test_types.py",  # mypy on planted errors (shared cache: tests/mypyrun.py)
    "unit/test_style.py",  # ruff, import-linter, mypy on src
    "unit/test_hardening_limits.py",  # a million-point polygon refused (9 s)
    # The unit tier's costliest files, in the order of their time in one serial run (profiled on
    # a loaded machine, so only the order counts), so that make test-fast ends with the small
    # files on both workers. The files of a shared unit (SHARED_UNITS) stand together.
    "unit/test_maps.py",  # locator and regions maps (the "maps" unit, below)
    "unit/test_map_layout.py",  # locator maps drawn and checked
    "unit/test_map_context.py",  # locator maps drawn and checked
    "unit/test_overview_map.py",  # the overview map checked
    "unit/test_map_seas.py",
    "unit/test_map_words.py",
    "unit/test_unitspeed_shared_maps.py",
    "unit/test_editorial_style.py",  # every section of 32 briefings (the "sections" unit)
    "unit/test_editorial_charts.py",  # every chart the briefings ask for
    "unit/test_editor_read.py",  # leads of five days (the "leads" unit, below)
    "unit/test_lead.py",  # the lead of every territory and day
    "unit/test_comparison_words.py",
    "unit/test_workbench_view.py",  # the as-of view against the knowledge functions
    "unit/test_hardening_state.py",
    "unit/test_factcheck.py",  # claims datasets and checks
    "unit/test_later_details.py",
    "unit/test_status_series.py",  # briefings across the status changes
    "unit/test_scale.py",  # padded data folders
    "unit/test_chart_editor.py",
    "unit/test_quotes_and_exports.py",  # two whole briefings with their exports
    "unit/test_renderspeed_warmup.py",  # a process that imports the converters and forks
    "unit/test_chart_frame_room.py",
    "unit/test_locator_caption.py",
    "unit/test_hardening_paths.py",  # every refusal on every path, in process
    "unit/test_bad_data.py",
]


# Files that read what one process makes once: each unit goes whole to one worker (by name).
SHARED_UNITS = {
    "maps": [  # the locator maps and the overview map of tests/mapcheck.py
        "unit/test_maps.py",
        "unit/test_map_layout.py",
        "unit/test_map_context.py",
        "unit/test_overview_map.py",
        "unit/test_map_seas.py",
        "unit/test_map_words.py",
        "unit/test_unitspeed_shared_maps.py",
    ],
    # Leads (tests/factsonce.py: shipped_lead) and facts of the same days (breakaway.knowledge.memo):
    # test_lead shares 17 territory-days with test_editor_read and 12 with test_comparison_words.
    "leads": [
        "unit/test_editor_read.py",
        "unit/test_lead.py",
        "unit/test_comparison_words.py",
    ],
    # Every territory-day of test_editorial_charts is one of test_editorial_style's 32.
    "sections": [
        "unit/test_editorial_style.py",
        "unit/test_editorial_charts.py",
    ],
}
_UNIT_OF = {f"tests/{name}": unit for unit, names in SHARED_UNITS.items() for name in names}


def scope_of(nodeid: str) -> str:
    """The work unit of a test id: its file, or the shared unit its file belongs to."""
    path = nodeid.split("::", 1)[0]
    return f"shared unit {_UNIT_OF[path]}" if path in _UNIT_OF else path


def grouped_files_scheduler(config, log):
    """xdist's ``loadfile`` scheduling with each of ``SHARED_UNITS`` handed out as one unit."""
    from xdist.scheduler import LoadFileScheduling

    class GroupedFiles(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return scope_of(nodeid)

    return GroupedFiles(config, log)


def costliest_first(items: list, tests_root: Path) -> list:
    """``items`` reordered file by file: the listed files first, in the list's order (stable)."""
    rank = {name: index for index, name in enumerate(COSTLIEST_FIRST)}

    def key(item) -> int:
        try:
            name = Path(item.path).relative_to(tests_root).as_posix()
        except ValueError:
            return len(rank)
        return rank.get(name, len(rank))

    return sorted(items, key=key)
