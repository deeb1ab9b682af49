"""Time the two nights an operator sees: nothing new, and one new event.

Method
------
A temporary copy of the project's data and a temporary output folder. Night 0 (not timed) renders
every report as of day 0 (``BREAKAWAY_TODAY``), HTML only. Then:

- **No-change night**: ``breakaway render`` as of day 1, ``--repeats`` times (each on a fresh day,
  so each is a real "next night"); the median wall clock, and whether any kernel started (a new
  report folder or a heavy import would show it).
- **One-new-event night**: one event (with its source) is added to one territory, and the run as of
  the next day is timed once; the reports it rendered are listed (only that territory's briefing
  and the comparison should be).

The section ``## Nightly`` of ``benchmarks/RESULTS.md`` is replaced with the results.

Usage::

    .venv/bin/python benchmarks/nightly_bench.py [--repeats 5] [--out benchmarks/RESULTS.md]
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from breakaway import paths

BIN = Path(sys.executable).parent
SECTION = "## Nightly"
TERRITORY = "transnistria"
DAY0 = date(2030, 1, 1)  # nights in the future of the data, so nothing in it changes by date
TARGET_NOOP_S = 0.5  # issue 22: a quiet night at most 0.5 s on an idle machine


def _render(data: Path, out: Path, day: date) -> tuple[float, subprocess.CompletedProcess]:
    env = {**os.environ, "BREAKAWAY_TODAY": day.isoformat()}
    command = [str(BIN / "breakaway"), "render", "--data", str(data), "--out", str(out)]
    started = time.perf_counter()
    done = subprocess.run(
        [*command, "--format", "html"], env=env, capture_output=True, text=True, timeout=1800
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"nightly_bench.py: render failed on {day}: {done.stderr.strip()}")
    return elapsed, done


def _add_event(data: Path, day: date) -> None:
    """Append one sourced event, written against each table's own header (new columns empty)."""
    _append_row(
        data / "events.csv",
        {
            "event_id": "bench-event",
            "territory_id": TERRITORY,
            "date": day.isoformat(),
            "category": "politics",
            "side": "territory",
            "topic": "other",
            "title": "Benchmark event",
            "description": "A row added by the nightly benchmark.",
            "source_ids": "bench-source",
        },
    )
    _append_row(
        data / "sources.csv",
        {
            "source_id": "bench-source",
            "title": "Benchmark source",
            "publisher": "Bench",
            "url": "https://example.org/bench",
            "accessed_on": day.isoformat(),
            "published_on": day.isoformat(),
            "kind": "news",
            "title_is_label": "false",
        },
    )


def _append_row(path: Path, row: dict[str, str]) -> None:
    with open(path, encoding="utf-8", newline="") as file:
        header = next(csv.reader(file))
    with open(path, "a", encoding="utf-8", newline="") as file:
        csv.DictWriter(file, fieldnames=header, lineterminator="\n").writerow(row)


def measure(repeats: int) -> dict:
    """Run the nights in a temporary folder and return what was measured."""
    root = Path(tempfile.mkdtemp(prefix="breakaway-nightly-"))
    try:
        data, out = root / "data", root / "reports"
        shutil.copytree(paths.data_dir(), data)
        os.environ["BREAKAWAY_FIGURES_DIR"] = str(root / "figures")
        _render(data, out, DAY0)
        before = sorted(p.name for p in out.iterdir())
        quiet = []
        for night in range(1, repeats + 1):
            elapsed, done = _render(data, out, DAY0 + timedelta(days=night))
            if "nothing to do" not in done.stdout:
                raise SystemExit(f"nightly_bench.py: night {night} was not a no-op: {done.stdout}")
            quiet.append(elapsed)
        new_folders = [
            p
            for p in out.rglob("*")
            if p.is_dir() and p.name > DAY0.isoformat() and p.name[:2] == "20"
        ]
        load = " / ".join(f"{v:.2f}" for v in os.getloadavg())  # right after the quiet nights
        event_day = DAY0 + timedelta(days=repeats + 1)
        _add_event(data, event_day)
        busy, done = _render(data, out, event_day)
        rendered = re.findall(r"^(\S+) \S+: rendered", done.stdout, flags=re.M)
        return {
            "reports": len([p for p in before if (out / p).is_dir()]),
            "noop_median": statistics.median(quiet),
            "noop_runs": quiet,
            "noop_kernels": len(new_folders),
            "load": load,
            "event_seconds": busy,
            "event_rendered": rendered,
        }
    finally:
        shutil.rmtree(root, ignore_errors=True)


def section(results: dict) -> str:
    """The ``## Nightly`` section of RESULTS.md."""
    verdict = "PASS" if results["noop_median"] <= TARGET_NOOP_S else "FAIL"
    runs = ", ".join(f"{s:.2f}" for s in results["noop_runs"])
    rendered = ", ".join(results["event_rendered"]) or "none"
    return (
        f"{SECTION}\n\n"
        f"Measured by `benchmarks/nightly_bench.py` (`make bench`), {results['reports']} reports, "
        "HTML, a copy of the project's data.\n\n"
        f"- {verdict}: a night with nothing new takes **{results['noop_median']:.2f} s** "
        f"(median of {len(results['noop_runs'])} nights: {runs}; target at most "
        f"{TARGET_NOOP_S:.2f} s; load average {results['load']}) and started "
        f"**{results['noop_kernels']}** kernels.\n"
        f"- A night with one new event in {TERRITORY} took **{results['event_seconds']:.1f} s** "
        f"and rendered: {rendered} (expected: {TERRITORY} and comparison only).\n"
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
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--out", type=Path, default=paths.REPO_DIR / "benchmarks" / "RESULTS.md")
    args = parser.parse_args()
    results = measure(args.repeats)
    text = section(results)
    write_section(args.out, text)
    print(text)
    print(
        f"quiet night: {results['noop_median']:.2f} s (target <= {TARGET_NOOP_S} s), "
        f"load average {results['load']}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
