"""Time one sweep of about 20 reports on the local pool and on a Dask LocalCluster.

Method
------
The sweep: four briefings (south-ossetia, abkhazia, transnistria, nagorno-karabakh) at five
year ends (2010-12-31..2014-12-31 ``--every year``), 20 reports, HTML only, ``--force``, each run
into a fresh output folder and a temporary figures folder. Two executors, alternated so that
other load on the machine falls on both alike:

- **local**: ``breakaway render ... --jobs 2`` (the process pool);
- **dask**: ``breakaway render ... --scheduler ADDRESS`` against a ``LocalCluster`` of two
  single-threaded worker processes started here (started once, before the first run; its start
  is not timed, as a cluster is started once for many sweeps).

Reported: the median wall clock of each, Dask's overhead (dask / local - 1; target under 10%),
the cost of one report on one worker (dask wall x workers / reports) and, from it, a projection
of the 1,100-report archive on 1, 8 and 64 workers. The section ``## Dask`` of
``benchmarks/RESULTS.md`` is replaced with the results.

Usage::

    .venv/bin/python benchmarks/dask_bench.py [--repeats 3] [--out benchmarks/RESULTS.md]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from breakaway import paths

BIN = Path(sys.executable).parent
SECTION = "## Dask"
TERRITORIES = ["south-ossetia", "abkhazia", "transnistria", "nagorno-karabakh"]
SWEEP = ["--as-of", "2010-12-31..2014-12-31", "--every", "year"]
REPORTS = len(TERRITORIES) * 5
WORKERS = 2
ARCHIVE = 1100
TARGET_OVERHEAD = 0.10


def _render(out: Path, figures: Path, extra: list[str]) -> float:
    env = {**os.environ, "BREAKAWAY_FIGURES_DIR": str(figures)}
    command = [str(BIN / "breakaway"), "render", *TERRITORIES, *SWEEP, "--format", "html"]
    command += ["--force", "--out", str(out), *extra]
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=3600)
    elapsed = time.perf_counter() - started
    rendered = done.stdout.count(": rendered")
    if done.returncode != 0 or rendered != REPORTS:
        raise SystemExit(
            f"dask_bench.py: {' '.join(extra)}: exit {done.returncode}, {rendered} rendered: "
            f"{done.stderr.strip()[-400:]}"
        )
    return elapsed


def _manifest_seconds(out: Path) -> list[float]:
    return [
        json.loads(p.read_text())["timings"]["total"]
        for p in out.glob("*/*/manifest.json")
        if p.parent.name[0].isdigit()
    ]


def measure(repeats: int) -> dict:
    """Run the sweep ``repeats`` times on each executor, alternating."""
    from distributed import LocalCluster

    root = Path(tempfile.mkdtemp(prefix="dask-bench-"))
    times: dict[str, list[float]] = {"local": [], "dask": []}
    per_report: dict[str, list[float]] = {"local": [], "dask": []}
    loads = []
    try:
        with LocalCluster(
            n_workers=WORKERS, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster:
            executors = {
                "local": ["--jobs", str(WORKERS)],
                "dask": ["--scheduler", cluster.scheduler_address],
            }
            for run in range(repeats):
                for name, extra in executors.items():
                    out = root / f"{name}-{run}"
                    loads.append(os.getloadavg()[0])
                    times[name].append(_render(out, root / f"figures-{name}-{run}", extra))
                    per_report[name] += _manifest_seconds(out)
                    print(f"{name} run {run + 1}: {times[name][-1]:.1f} s", flush=True)
                    shutil.rmtree(out, ignore_errors=True)
        return {
            "times": times,
            "per_report": {k: statistics.median(v) for k, v in per_report.items()},
            "load": statistics.median(loads),
            "at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        }
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _duration(seconds: float) -> str:
    if seconds >= 3600:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 60:.0f} min" if seconds >= 120 else f"{seconds:.0f} s"


def section(results: dict) -> str:
    """The ``## Dask`` section of RESULTS.md."""
    local = statistics.median(results["times"]["local"])
    dask = statistics.median(results["times"]["dask"])
    overhead = dask / local - 1
    verdict = "PASS" if overhead < TARGET_OVERHEAD else "FAIL"
    cost = dask * WORKERS / REPORTS  # seconds of one worker per report, as measured on Dask
    runs = {k: ", ".join(f"{s:.1f}" for s in v) for k, v in results["times"].items()}
    rows = "\n".join(
        f"| {n} | {math.ceil(ARCHIVE / n)} | {_duration(math.ceil(ARCHIVE / n) * cost)} |"
        for n in (1, 8, 64)
    )
    return (
        f"{SECTION}\n\n"
        f"Measured {results['at']} by `benchmarks/dask_bench.py` (`make bench`): one sweep of "
        f"{REPORTS} reports ({', '.join(TERRITORIES)} at five year ends, "
        "`--as-of 2010-12-31..2014-12-31 --every year`), HTML only, `--force`, on this 2-core "
        f"machine; the local pool with `--jobs {WORKERS}` against a `LocalCluster` of "
        f"{WORKERS} single-threaded worker processes (`--scheduler`), alternated, "
        f"{len(results['times']['local'])} runs each. Load average during the runs (other "
        f"work on the machine): {results['load']:.1f}.\n\n"
        "| executor | wall clock, median | runs | per report in its manifest, median |\n"
        "| --- | ---: | --- | ---: |\n"
        f"| local pool (`--jobs {WORKERS}`) | {local:.1f} s | {runs['local']} | "
        f"{results['per_report']['local']:.1f} s |\n"
        f"| Dask LocalCluster ({WORKERS} workers) | {dask:.1f} s | {runs['dask']} | "
        f"{results['per_report']['dask']:.1f} s |\n\n"
        f"- {verdict}: Dask's overhead over the local pool is **{overhead:+.1%}** of the wall "
        f"clock (target under {TARGET_OVERHEAD:.0%}).\n"
        f"- One report costs **{cost:.1f} s** of one worker (Dask wall clock x {WORKERS} "
        f"workers / {REPORTS} reports).\n\n"
        f"On paper, the monthly archive ({ARCHIVE:,} reports) at that cost, one report per "
        "worker at a time, each worker a core of its own:\n\n"
        "| workers | reports per worker | time |\n| ---: | ---: | ---: |\n"
        f"{rows}\n\n"
        "The projection assumes the per-report cost measured here holds on each worker (a core "
        "of this machine's speed, under the load it had during the runs: see the load average "
        "above) and that the client keeps up: it only receives "
        "files and renames folders, a few milliseconds per report. It leaves out the "
        "scheduler's start and the workers' first imports (seconds, once per cluster), and a "
        f"64-worker run ends with a partly idle last round ({math.ceil(ARCHIVE / 64)} rounds, "
        f"the last with {ARCHIVE - (math.ceil(ARCHIVE / 64) - 1) * 64} of 64 workers busy).\n"
    )


def write_section(target: Path, text: str) -> None:
    """Replace (or append) the section in ``target``."""
    old = target.read_text(encoding="utf-8") if target.exists() else ""
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.M | re.S)
    new = pattern.sub(text + "\n", old) if pattern.search(old) else old.rstrip() + "\n\n" + text
    target.write_text(new, encoding="utf-8")


def main() -> None:
    """Measure and write the section."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", type=Path, default=paths.REPO_DIR / "benchmarks" / "RESULTS.md")
    args = parser.parse_args()
    text = section(measure(args.repeats))
    write_section(args.out, text)
    print(text)


if __name__ == "__main__":
    main()
