"""Before and after on the same load: the batch and the no-op run of a commit and of this tree.

Used by ``profile_render.py --baseline REV``: each side runs from its own code (a snapshot of the
commit's ``src/``, ``notebooks/`` and ``data/`` on ``PYTHONPATH``, or the working tree), the two
alternated so that both see the same load; CPU seconds are the rusage of each command's reaped
process tree (CLI, workers, kernels), steadier than wall seconds on a shared machine.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from breakaway import paths


def snapshot_of(rev: str, into: Path) -> Path:
    """``src/``, ``notebooks/`` and ``data/`` of commit ``rev``, compiled, in ``into``; its src."""
    import subprocess

    root = paths.PACKAGE_DIR.parents[1]
    archive = subprocess.run(
        ["git", "-C", str(root), "archive", rev, "src", "notebooks", "data"],
        capture_output=True,
        check=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(into / "src")], check=True)
    return into / "src"


def baseline_pairs(pairs: int, as_of: str, rev: str, noops: int = 5) -> list[dict]:
    """The whole batch of commit ``rev`` (before) and of this working tree (after), alternated.

    Each side runs ``render --force`` (every report, default --jobs, kernels started ahead as
    configured) from its own code, then ``noops`` runs with nothing to do on the same output.
    CPU seconds are the rusage of each command's reaped process tree (CLI, workers, kernels):
    back to back, the two sides share the machine's load.
    """
    import resource
    import shutil
    import subprocess

    command = Path(sys.executable).parent / "breakaway"
    base = Path(tempfile.mkdtemp(prefix="breakaway-profile-baseline-"))
    sides = {"before": snapshot_of(rev, base), "after": paths.PACKAGE_DIR.parent}

    def timed(args: list[str], env: dict) -> tuple[float, float]:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(args)}: exit {done.returncode}: {done.stderr}")
        return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime

    rows = []
    try:
        for _ in range(pairs):
            for side, src in sides.items():
                out = Path(tempfile.mkdtemp(prefix="breakaway-profile-batch-"))
                env = {
                    **os.environ,
                    "PYTHONPATH": str(src),
                    "BREAKAWAY_FIGURES_DIR": str(out / "figures"),
                }
                load = os.getloadavg()[0]
                args = [str(command), "render", "--as-of", as_of, "--out", str(out / "b")]
                wall, cpu = timed([*args[:2], "--force", *args[2:]], env)
                noop = [timed(args, env) for _ in range(noops)]
                shutil.rmtree(out, ignore_errors=True)
                rows.append(
                    {
                        "side": side,
                        "wall": wall,
                        "cpu": cpu,
                        "load": load,
                        "noop_wall": statistics.median(w for w, _ in noop),
                        "noop_cpu": statistics.median(c for _, c in noop),
                    }
                )
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return rows


def baseline_lines(rows: list[dict], as_of: str, rev: str) -> list[str]:
    """The before/after A/B as Markdown lines (medians, then each run)."""
    median = statistics.median
    lines = [
        "",
        f"Before and after, side by side: the whole batch, `breakaway render --force --as-of "
        f"{as_of}` (every report, default --jobs), from commit {rev} (before) and from this "
        f"working tree (after), alternated, {len(rows) // 2} pairs; then a run with nothing to "
        "do on the same output, 5 times each (medians; CPU of the reaped process tree):",
        "",
        "| code | batch wall s | batch CPU s | no-op wall s | no-op CPU s | runs (batch wall s / "
        "load average before) |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for side in ("before", "after"):
        group = [row for row in rows if row["side"] == side]
        each = ", ".join(f"{row['wall']:.1f} / {row['load']:.1f}" for row in group)
        cells = [median(r[key] for r in group) for key in ("wall", "cpu")]
        noop = [median(r[key] for r in group) for key in ("noop_wall", "noop_cpu")]
        lines.append(
            f"| {side} | {cells[0]:.1f} | {cells[1]:.1f} | {noop[0]:.3f} | {noop[1]:.3f} | {each} |"
        )
    before = median(r["cpu"] for r in rows if r["side"] == "before")
    after = median(r["cpu"] for r in rows if r["side"] == "after")
    lines += ["", f"Batch CPU after / before: {after / before:.2f}."]
    return lines
