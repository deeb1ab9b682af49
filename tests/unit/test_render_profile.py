"""The render profile (benchmarks/profile_render.py) regenerates its RESULTS.md section.

Its section replaces itself and leaves the others alone; the render bench keeps it when it
rewrites the file; the kernel-side phases are read from papermill's per-cell durations, each chart
under its own name. No render here (the profile itself renders; it is run by hand or `make`).
"""

from __future__ import annotations

import importlib.util
import sys

import nbformat
from reportcheck import REPO


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, REPO / f"benchmarks/{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_the_profile_section_replaces_itself_and_nothing_else(tmp_path):
    profile = _load("profile_render")
    results = tmp_path / "RESULTS.md"
    results.write_text(
        "# Render benchmark\n\n## Verdict\n\nPASS\n\n## Profile notes\n\nnotes\n\n"
        "## Profile\n\nold numbers\n\n## Nightly\n\nnight\n"
    )
    profile.write_section(results, "## Profile\n\nnew numbers\n")
    text = results.read_text()
    assert "new numbers" in text and "old numbers" not in text
    assert text.count("## Profile\n") == 1
    assert "## Profile notes\n\nnotes" in text and "## Nightly\n\nnight" in text
    assert text.index("new numbers") < text.index("## Nightly")


def test_the_profile_section_is_added_when_missing(tmp_path):
    profile = _load("profile_render")
    results = tmp_path / "RESULTS.md"
    results.write_text("# Render benchmark\n\n## Verdict\n\nPASS\n")
    profile.write_section(results, "## Profile\n\nnumbers\n")
    assert results.read_text().endswith("## Profile\n\nnumbers\n")


def test_the_render_bench_keeps_the_profile_section(tmp_path):
    bench = _load("render_bench")
    results = tmp_path / "RESULTS.md"
    results.write_text("# R\n\n## Verdict\n\nx\n\n## Profile\n\nkernel start 0.5 s\n")
    assert "## Profile\n\nkernel start 0.5 s" in bench._existing_scale_section(results)


def test_kernel_phases_come_from_the_cells_each_chart_by_its_name():
    profile = _load("profile_render")

    def cell(source, seconds, tags=()):
        code = nbformat.v4.new_code_cell(source)
        code.metadata["papermill"] = {"duration": seconds}
        code.metadata["tags"] = list(tags)
        return code

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        cell('territory = "x"', 9.0, tags=["parameters"]),
        cell("briefing = Briefing.open(territory, as_of)", 1.0),
        cell("briefing.recognition_chart()", 0.5),
        cell("briefing.comparison_recognition_chart()", 0.25),
        cell("briefing.locator_map()", 2.0),
        cell("briefing.lead()", 0.125),
        cell("briefing.colophon()", 0.125),
    ]
    assert profile.cell_phases(notebook) == {
        profile.OPEN_CELL: 1.0,
        "kernel: chart: recognition": 0.5,
        "kernel: chart: comparison recognition": 0.25,
        "kernel: map": 2.0,
        profile.OTHER_CELLS: 0.25,
    }


def test_the_batch_comparison_gives_medians_of_each_side():
    profile = _load("profile_render")
    rows = [
        {"ahead": False, "wall": 40.0, "cpu": 33.0, "load": 1.0},
        {"ahead": True, "wall": 30.0, "cpu": 34.0, "load": 1.5},
        {"ahead": False, "wall": 20.0, "cpu": 31.0, "load": 2.0},
        {"ahead": True, "wall": 18.0, "cpu": 32.0, "load": 2.5},
        {"ahead": False, "wall": 36.0, "cpu": 35.0, "load": 3.0},
        {"ahead": True, "wall": 28.0, "cpu": 33.0, "load": 3.5},
    ]
    text = "\n".join(profile.batch_lines(rows, "2025-06-30"))
    assert "| off (before) | 36.0 | 33.0 | 40.0 / 1.0, 20.0 / 2.0, 36.0 / 3.0 |" in text
    assert "| on (after) | 28.0 | 33.0 | 30.0 / 1.5, 18.0 / 2.5, 28.0 / 3.5 |" in text
    assert "3 pairs" in text


def test_the_render_bench_keeps_the_suite_sections(tmp_path):
    bench = _load("render_bench")
    results = tmp_path / "RESULTS.md"
    results.write_text(
        "# R\n\n## Verdict\n\nx\n\n## Suite\n\nunit 40 s\n\n"
        "## Suite: before and after (issue 22)\n\nCPU 0.7\n"
    )
    kept = bench._existing_scale_section(results)
    assert "## Suite\n\nunit 40 s" in kept
    assert "## Suite: before and after (issue 22)\n\nCPU 0.7" in kept
