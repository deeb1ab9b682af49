"""Time the test suite as CI runs it, and name its ten slowest tests.

Method
------
``make test-fast`` (the unit tier) and ``make test`` (the whole suite) are each run once as pytest
commands on every core (``-n auto``), with ``--durations=10``; the wall clock of each, its CPU time
(user + system seconds of pytest, its xdist workers and every process they started), its test
counts, the ten slowest tests and the machine's load before the run (``/proc/loadavg``, as
``uptime`` shows it) are recorded. Wall clocks on a loaded machine are not comparable: the load is
printed beside them. CPU time is much less sensitive to other load, so it is the figure to compare
between two runs on a shared machine (it is blind to how well the work spreads over the cores).

Renders are counted too, since their number does not depend on the load: each tier runs with a
Jupyter kernel spec that logs every kernel start (one per notebook execution, see
``tests/rendercount.py``) and its own ``--basetemp``, under which the PDFs written are counted (a
copy of a shared set counts once). The integration tier's kernel starts are listed by test file.

The section ``## Suite`` of ``benchmarks/RESULTS.md`` is replaced with the results.

Usage::

    .venv/bin/python benchmarks/suite_bench.py [--only fast|full] [--out benchmarks/RESULTS.md]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from rendercount import counting_kernels, kernel_starts, pdfs_made  # noqa: E402

SECTION = "## Suite"
TIERS = {
    "fast": ("make test-fast", ["tests/unit", "-m", "not integration"]),
    "full": ("make test", []),
}
DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)s (call|setup|teardown)\s+(\S+)", re.M)
# "=== 3 passed in 1.2s ===", or without the rules under -q: "3 passed in 1.2s".
SUMMARY = re.compile(r"^(?:=+ )?(\d+ (?:passed|failed|error|skipped).*?) in ([\d.]+)s", re.M)


def load() -> str:
    """The 1-, 5- and 15-minute load averages and the core count."""
    try:
        averages = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        averages = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"{averages} on {os.cpu_count()} cores"


def _children_cpu() -> float:
    """User + system seconds of every finished child process (and theirs) of this one."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_tier(name: str) -> dict:
    """Run one tier; its wall clock, pytest's summary line, its ten slowest tests, its renders."""
    target, args = TIERS[name]
    before = load()
    with tempfile.TemporaryDirectory(prefix="suite-bench-") as scratch:
        log = counting_kernels(Path(scratch) / "jupyter")
        basetemp = Path(scratch) / "basetemp"
        path = os.pathsep.join(p for p in (str(log.parent), os.environ.get("JUPYTER_PATH")) if p)
        env = {**os.environ, "JUPYTER_PATH": path}
        argv = [sys.executable, "-m", "pytest", "-n", "auto", "-q", "--durations=10"]
        argv += [f"--basetemp={basetemp}", *args]
        cpu_before = _children_cpu()
        started = time.perf_counter()
        result = subprocess.run(argv, cwd=REPO, capture_output=True, text=True, env=env)
        wall = time.perf_counter() - started
        cpu = _children_cpu() - cpu_before
        kernels = kernel_starts(log)
        pdfs = pdfs_made(basetemp) if basetemp.exists() else 0
    summary = SUMMARY.findall(result.stdout)
    return {
        "target": target,
        "wall": wall,
        "cpu": cpu,
        "exit": result.returncode,
        "summary": summary[-1][0] if summary else "no summary",
        "slowest": DURATION.findall(result.stdout)[:10],
        "load": before,
        "kernels": sum(kernels.values()),
        "by_file": kernels.most_common(),
        "pdfs": pdfs,
    }


def section(results: list[dict]) -> str:
    """The ``## Suite`` section: one row per tier, then the slowest tests of each."""
    lines = [
        SECTION,
        "",
        "`benchmarks/suite_bench.py` (part of `make bench`): each tier once, on every core.",
        "",
        "| target | wall clock | CPU (user + system) | tests | exit | kernels | PDFs "
        "| load before (1, 5, 15 min) |",
        "|---|---:|---:|---|---:|---:|---:|---|",
    ]
    for r in results:
        lines.append(
            f"| `{r['target']}` | {r['wall']:.0f} s | {r['cpu']:.0f} s | {r['summary']} "
            f"| {r['exit']} | {r['kernels']} | {r['pdfs']} | {r['load']} |"
        )
    for r in results:
        lines += ["", f"Slowest ten of `{r['target']}`:", ""]
        lines += [f"- {float(s):.1f} s {phase} `{test}`" for s, phase, test in r["slowest"]]
    for r in results:
        if r["by_file"]:
            lines += ["", f"Kernels started by `{r['target']}`, by test file:", ""]
            lines += [f"- {count} `{name}`" for name, count in r["by_file"]]
    return "\n".join(lines) + "\n"


def write_section(path: Path, text: str) -> None:
    """Replace (or add) the ``## Suite`` section of ``path``."""
    try:
        current = path.read_text(encoding="utf-8")
    except OSError:
        current = ""
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.M | re.S)
    if pattern.search(current):
        updated = pattern.sub(lambda _: text + "\n", current).rstrip() + "\n"
    else:
        updated = current.rstrip() + "\n\n" + text
    path.write_text(updated, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Run the suite benchmark; return 1 if a tier failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(TIERS), help="run one tier only")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "RESULTS.md")
    options = parser.parse_args(argv)
    results = [run_tier(name) for name in ([options.only] if options.only else ["fast", "full"])]
    text = section(results)
    print(text)
    write_section(options.out, text)
    return 1 if any(r["exit"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
