"""The scale bench's synthetic data folders validate, so its timings measure real renders."""

from __future__ import annotations

import importlib.util

from reportcheck import REPO

from breakaway.data.params import read_territory_ids
from breakaway.data.validate import validate_data_dir


def _scale_bench():
    spec = importlib.util.spec_from_file_location("scale_bench", REPO / "benchmarks/scale_bench.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_synthetic_territories_validate(tmp_path):
    bench = _scale_bench()
    folder = bench.synthetic_data(REPO / "data", tmp_path / "data", 7)
    ids = read_territory_ids(folder)
    assert len(ids) == 7
    assert ids[-3:] == ["synthetic-0001", "synthetic-0002", "synthetic-0003"]
    validate_data_dir(folder)


def test_the_scale_section_replaces_itself(tmp_path):
    bench = _scale_bench()
    results = tmp_path / "RESULTS.md"
    results.write_text("# Results\n\n## Scale\n\nold\n\n## Later\n\nkept\n")
    bench.write_section(results, "## Scale\n\nnew\n")
    assert results.read_text() == "# Results\n\n## Scale\n\nnew\n\n## Later\n\nkept\n"
