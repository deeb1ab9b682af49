"""A kernel started ahead (render/ahead.py), with real kernels: same reports, nothing left behind.

The baseline is the shared set of small reports (``rendered.EARLY``, tests/rendered.py): two
briefings rendered with --jobs 2, one each per worker, so each in a kernel started for it. Here
the same briefings are rendered after another report, in kernels started while that report
converted.
"""

from __future__ import annotations

import json
import os
import re
import uuid

import nbformat
import psutil
import pytest
from rendered import EARLY, rendered_set
from reportcheck import invoke, marked_processes, run_cli

from breakaway.render import ahead

pytestmark = pytest.mark.integration

AS_OF = EARLY  # the shared set of small reports
WARM = ("abkhazia", "transnistria")  # rendered second and third below, in warm kernels


def _kernels_below_me() -> list:
    kernels = []
    for child in psutil.Process().children(recursive=True):
        try:
            if "ipykernel" in " ".join(child.cmdline()):
                kernels.append(child)
        except psutil.Error:
            continue
    return kernels


def _cells(path) -> list:
    """Each code cell's execution count and outputs (object addresses in text/plain masked)."""
    notebook = nbformat.read(path, as_version=4)
    return [
        (
            cell.get("execution_count"),
            re.sub(r" at 0x[0-9a-f]+>", " at 0x…>", json.dumps(cell.outputs)),
        )
        for cell in notebook.cells
        if cell.cell_type == "code"
    ]


def test_reports_rendered_in_kernels_started_ahead_are_the_same(
    tmp_path, tmp_path_factory, monkeypatch
):
    baseline = rendered_set(tmp_path_factory, AS_OF)
    taken = []
    real_take = ahead.take

    def spy(*args, **kwargs):
        kernel = real_take(*args, **kwargs)
        taken.append(kernel is not None)
        return kernel

    monkeypatch.setattr(ahead, "take", spy)
    out = tmp_path / "out"
    result = invoke(
        "render",
        "nagorno-karabakh",
        *WARM,
        "--as-of",
        AS_OF,
        "--format",
        "html",
        "--jobs",
        "1",
        "--out",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    # The first report's kernel started cold; the next two were started ahead, warm.
    assert taken == [False, True, True]
    assert _kernels_below_me() == [], "a kernel outlived the run"
    assert not ahead.waiting()
    for territory in WARM:
        folder = f"{territory}/{AS_OF}"
        for name in ("briefing.html", "facts.json"):
            mine, theirs = out / folder / name, baseline / folder / name
            assert mine.read_bytes() == theirs.read_bytes(), f"{folder}/{name} differs"
        # The executed notebook too, but for papermill's timings: the same execution counts
        # (the warm-up ran silently, outside the history) and the same outputs.
        assert _cells(out / folder / "briefing.ipynb") == _cells(
            baseline / folder / "briefing.ipynb"
        )
        charts = sorted(p.name for p in (baseline / "figures" / folder).iterdir())
        assert {name.rsplit(".", 1)[1] for name in charts} == {"svg", "png", "csv"}
        assert sorted(p.name for p in (out / "figures" / folder).iterdir()) == charts
        for chart in charts:
            mine = (out / "figures" / folder / chart).read_bytes()
            assert mine == (baseline / "figures" / folder / chart).read_bytes(), chart


def test_pool_workers_leave_no_kernel_started_ahead(tmp_path):
    """Three reports on two workers: one starts a kernel ahead that may go unused; none outlives."""
    marker = uuid.uuid4().hex
    env = {**os.environ, "BREAKAWAY_TEST_MARK": marker}
    result = run_cli(
        "render",
        "nagorno-karabakh",
        *WARM,
        "--as-of",
        AS_OF,
        "--format",
        "html",
        "--jobs",
        "2",
        "--verbose",
        "--out",
        str(tmp_path / "out"),
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert "kernel ahead" in result.stderr, "no worker started a kernel ahead: nothing tested"
    assert marked_processes(marker) == [], "a kernel or worker outlived the run"
