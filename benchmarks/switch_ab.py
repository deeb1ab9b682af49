"""One render feature off and on, side by side: the whole batch alternated, in one run.

Usage::

    .venv/bin/python benchmarks/switch_ab.py BREAKAWAY_KERNEL_FORK [--pairs 3] [--as-of DATE]

Times ``breakaway render --force`` of every report (default --jobs) with the switch set to "0"
and to "1", alternated ``--pairs`` times, and prints a Markdown table: median wall and CPU
seconds (the rusage of the reaped process tree: CLI, workers, kernels, kernel server) and each
run with the load average before it. The switches: ``BREAKAWAY_KERNEL_FORK`` (kernels forked from
a pre-imported server, render/kernel_forks.py), ``BREAKAWAY_KERNEL_AHEAD`` (the next kernel
started while a report converts, render/ahead.py), ``BREAKAWAY_PDF_SPEEDUPS``
(render/pdf_speedups.py). Alternating puts both sides under the same load; a machine whose speed
drifts (this one's does, by up to 40% within an hour) still makes absolute seconds of two runs
at different times incomparable: compare within a table.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from profile_render import batch_pairs  # noqa: E402 - the benchmark folder is not a package


def lines(rows: list[dict], switch: str, as_of: str) -> list[str]:
    """The A/B as Markdown lines: medians, each run, and on/off ratios."""
    median = statistics.median
    off = [row for row in rows if not row["ahead"]]
    on = [row for row in rows if row["ahead"]]
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    out = [
        f"`benchmarks/switch_ab.py {switch}`, {stamp}: `breakaway render --force --as-of "
        f"{as_of}` (every report, default --jobs), `{switch}=0` and `=1` alternated, "
        f"{len(on)} pairs (medians; CPU of the reaped process tree):",
        "",
        f"| {switch} | wall s | CPU s | runs (wall s / load average before) |",
        "| --- | ---: | ---: | --- |",
    ]
    for label, group in (("0 (off)", off), ("1 (on)", on)):
        each = ", ".join(f"{row['wall']:.1f} / {row['load']:.1f}" for row in group)
        wall, cpu = median(r["wall"] for r in group), median(r["cpu"] for r in group)
        out.append(f"| {label} | {wall:.1f} | {cpu:.1f} | {each} |")
    wall_ratio = median(r["wall"] for r in on) / median(r["wall"] for r in off)
    cpu_ratio = median(r["cpu"] for r in on) / median(r["cpu"] for r in off)
    out += ["", f"On / off: wall {wall_ratio:.2f}, CPU {cpu_ratio:.2f}."]
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the A/B and print the Markdown."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("switch", help="the environment variable to set to 0 and 1")
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--as-of", default="2025-06-30")
    args = parser.parse_args(argv)
    if not args.switch.startswith("BREAKAWAY_"):
        parser.error(f"{args.switch}: expected one of breakaway's switches (BREAKAWAY_...)")
    rows = batch_pairs(args.pairs, args.as_of, args.switch)
    print("\n".join(lines(rows, args.switch, args.as_of)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
