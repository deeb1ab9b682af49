"""The before/after table of ``profile_render.py --baseline`` (benchmarks/baseline_ab.py)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, REPO / f"benchmarks/{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _row(side, wall, cpu, load, noop_wall, noop_cpu):
    return {
        "side": side,
        "wall": wall,
        "cpu": cpu,
        "load": load,
        "noop_wall": noop_wall,
        "noop_cpu": noop_cpu,
    }


def test_the_before_and_after_table_gives_each_side_its_own_medians():
    ab = _load("baseline_ab")
    rows = [
        _row("before", 40.0, 50.0, 1.0, 0.150, 0.140),
        _row("after", 30.0, 40.0, 1.5, 0.120, 0.110),
        _row("before", 20.0, 48.0, 2.0, 0.160, 0.150),
        _row("after", 18.0, 44.0, 2.5, 0.100, 0.090),
        _row("before", 36.0, 52.0, 3.0, 0.155, 0.130),
        _row("after", 28.0, 42.0, 3.5, 0.110, 0.100),
    ]
    text = "\n".join(ab.baseline_lines(rows, "2025-06-30", "abc1234"))
    assert "| before | 36.0 | 50.0 | 0.155 | 0.140 | 40.0 / 1.0, 20.0 / 2.0, 36.0 / 3.0 |" in text
    assert "| after | 28.0 | 42.0 | 0.110 | 0.100 | 30.0 / 1.5, 18.0 / 2.5, 28.0 / 3.5 |" in text
    assert "3 pairs" in text and "commit abc1234" in text
    assert "Batch CPU after / before: 0.84." in text
