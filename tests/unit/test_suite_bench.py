"""The suite benchmark reads pytest's own output: wall clock, counts, the ten slowest tests."""

from __future__ import annotations

import importlib.util

from reportcheck import REPO

OUTPUT = """\
........ [100%]
============================= slowest 10 durations =============================
41.20s call     tests/integration/test_faults.py::test_a_dying_kernel_keeps_the_good_report
30.05s setup    tests/integration/test_time_travel.py::test_tuvalu_counts_while_it_recognised
0.51s teardown tests/unit/test_maps.py::test_svg_is_byte_stable
=========== 550 passed, 2 skipped in 312.45s (0:05:12) ===========
"""


def _bench():
    spec = importlib.util.spec_from_file_location("suite_bench", REPO / "benchmarks/suite_bench.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_slowest_tests_and_summary_are_read_from_pytest_output():
    bench = _bench()
    slowest = bench.DURATION.findall(OUTPUT)
    assert slowest[0] == (
        "41.20",
        "call",
        "tests/integration/test_faults.py::test_a_dying_kernel_keeps_the_good_report",
    )
    assert [phase for _, phase, _ in slowest] == ["call", "setup", "teardown"]
    assert bench.SUMMARY.findall(OUTPUT)[-1] == ("550 passed, 2 skipped", "312.45")


def test_section_states_time_tests_load_and_the_slowest(tmp_path):
    bench = _bench()
    result = {
        "target": "make test",
        "wall": 312.4,
        "cpu": 540.6,
        "exit": 0,
        "summary": "550 passed, 2 skipped",
        "slowest": bench.DURATION.findall(OUTPUT),
        "load": "0.10 0.20 0.30 on 2 cores",
        "kernels": 56,
        "pdfs": 19,
        "by_file": [("integration/test_faults.py", 9)],
    }
    text = bench.section([result])
    row = (
        "| `make test` | 312 s | 541 s | 550 passed, 2 skipped | 0 | 56 | 19 "
        "| 0.10 0.20 0.30 on 2 cores |"
    )
    assert row in text
    assert "- 9 `integration/test_faults.py`" in text
    assert "- 41.2 s call `tests/integration/test_faults.py::test_a_dying" in text
    results = tmp_path / "RESULTS.md"
    results.write_text("# Results\n\n## Suite\n\nold\n\n## Later\n\nkept\n")
    bench.write_section(results, text)
    written = results.read_text()
    assert "old" not in written and written.endswith("## Later\n\nkept\n")
    assert written.count("## Suite") == 1
