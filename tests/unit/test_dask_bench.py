"""The Dask bench's arithmetic: overhead, per-report cost, the archive projection, its section."""

from __future__ import annotations

import importlib.util
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _bench():
    spec = importlib.util.spec_from_file_location("dask_bench", REPO / "benchmarks/dask_bench.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


RESULTS = {
    "times": {"local": [100.0, 104.0], "dask": [105.0, 107.0]},
    "per_report": {"local": 9.0, "dask": 9.5},
    "load": 2.0,
    "at": "2026-11-27 14:00 UTC",
}


def test_section_states_overhead_cost_and_projection():
    bench = _bench()
    text = bench.section(RESULTS)
    # medians 102 and 106: +3.9%; cost 106 s x 2 workers / 20 reports = 10.6 s per report
    assert "PASS" in text and "+3.9%" in text
    assert "**10.6 s**" in text
    assert "| 1 | 1100 | 3.2 h |" in text  # 1,100 x 10.6 s
    assert "| 8 | 138 | 24 min |" in text  # ceil(1100 / 8) x 10.6 s
    assert "| 64 | 18 | 191 s |" not in text and "| 64 | 18 | 3 min |" in text
    slow = {**RESULTS, "times": {"local": [100.0], "dask": [115.0]}}
    assert "FAIL" in bench.section(slow)


def test_write_section_replaces_only_its_own(tmp_path):
    bench = _bench()
    target = tmp_path / "RESULTS.md"
    target.write_text("# Results\n\n## Nightly\n\nkept\n\n## Dask\n\nold\n\n## Scale\n\nkept too\n")
    bench.write_section(target, "## Dask\n\nnew\n")
    text = target.read_text()
    assert "old" not in text and "new" in text
    assert "kept\n" in text and "kept too" in text
