"""What a report's kernel spends, cell by cell, before and after: CPU seconds, same load.

For each report (a briefing of a territory on a day, or the comparison), one child process per
side runs with that side's code on ``PYTHONPATH`` (``--baseline REV``: a snapshot of the commit's
``src/``, ``notebooks/`` and ``data/``, as ``baseline_ab.py`` makes; after: this working tree) and
measures, as a render's kernel would run them (``BREAKAWAY_FIGURE_PNG=1``, the data's validation
claimed as the CLI claims it):

- **imports**: CPU seconds of ``import breakaway.report.briefing, breakaway.report.comparison``
  once IPython and ipykernel are loaded (a kernel has them);
- **cells**: each code cell of the notebook run in this process (the parameters cell set as
  papermill sets it; the cell's value formatted as the kernel formats it: ``_repr_mimebundle_``
  or ``_repr_html_``), CPU seconds by ``time.process_time``;
- **kernel**: the whole notebook executed by papermill in a fresh kernel (start, imports, cells,
  messaging): the kernel's CPU seconds, from the rusage of the reaped child.

Sides alternate (before, after, before, after...) ``--pairs`` times so that both see the same
load; the table gives medians (``--after REV``: a commit's snapshot as the after side;
``--only TEXT``: only the reports whose label has it). ``--batch-pairs N`` adds the whole batch
and the no-op of both sides (``baseline_ab.baseline_pairs``, as ``profile_render.py
--baseline`` times them). ``--write RESULTS.md`` puts the section under
"## Render profile" as "### Kernel side" (replacing an earlier one). CPU seconds on a shared
machine still vary with the load (caches, frequency): the load average is printed.

Usage::

    .venv/bin/python benchmarks/profile_kernel.py --baseline REV [--pairs 3] [--batch-pairs 2]
        [--write benchmarks/RESULTS.md]
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

REPORTS = [
    ("briefing", {"territory": "south-ossetia", "as_of": "2025-06-30"}),
    ("briefing", {"territory": "south-ossetia", "as_of": "2008-08-20"}),
    ("briefing", {"territory": "nagorno-karabakh", "as_of": "2025-06-30"}),
    ("briefing", {"territory": "nagorno-karabakh", "as_of": "2008-08-20"}),
    ("comparison", {"as_of": "2025-06-30"}),
]
PARENT = "## Render profile"
HEADING = "### Kernel side"


def _label(notebook: str, params: dict) -> str:
    return f"{params.get('territory', 'comparison')} as of {params['as_of']}"


def _formatted(value) -> None:
    """Format a cell's value as the kernel's display formatter would (the costly part)."""
    if value is None:
        return
    for method in ("_repr_mimebundle_", "_repr_html_", "_repr_markdown_"):
        if hasattr(value, method):
            getattr(value, method)()
            return


def measure(root: Path, notebook: str, params: dict) -> dict:
    """In this process (the side's code on sys.path): imports, each cell, then a kernel run."""
    import resource

    os.environ["BREAKAWAY_FIGURE_PNG"] = "1"
    started = time.process_time()
    # A kernel has these before the notebook's imports.
    import ipykernel.ipkernel  # noqa: F401
    import IPython  # noqa: F401

    from breakaway import paths
    from breakaway.data.fingerprint import VALIDATED_ENV, data_hashes, short_fingerprint

    os.environ[VALIDATED_ENV] = short_fingerprint(data_hashes(paths.data_dir()))
    started = time.process_time()
    import breakaway.report.briefing
    import breakaway.report.comparison  # noqa: F401

    imports = time.process_time() - started
    source = json.loads((root / "notebooks" / f"{notebook}.ipynb").read_text(encoding="utf-8"))
    cwd = os.getcwd()
    os.chdir(root / "notebooks")
    namespace: dict = {}
    cells = []
    try:
        for cell in source["cells"]:
            if cell["cell_type"] != "code":
                continue
            text = "".join(cell["source"])
            if "parameters" in cell["metadata"].get("tags", []):
                exec(text, namespace)  # noqa: S102
                namespace.update(params)
                continue
            tree = ast.parse(text)
            last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
            started = time.process_time()
            exec(compile(tree, "<cell>", "exec"), namespace)  # noqa: S102
            if last is not None:
                _formatted(eval(compile(ast.Expression(last.value), "<cell>", "eval"), namespace))  # noqa: S307
            call = text.strip().splitlines()[-1].split("  #")[0].strip()
            cells.append([call, time.process_time() - started])
    finally:
        os.chdir(cwd)
    import papermill

    with tempfile.TemporaryDirectory(prefix="breakaway-profile-kernel-") as work:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        papermill.execute_notebook(
            str(root / "notebooks" / f"{notebook}.ipynb"),
            str(Path(work) / "out.ipynb"),
            parameters=params,
            cwd=str(root / "notebooks"),
            progress_bar=False,
            request_save_on_cell_execute=False,
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    kernel = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return {"imports": imports, "cells": cells, "kernel": kernel}


def run_side(src: Path, notebook: str, params: dict) -> dict:
    """``measure`` in a child process with ``src`` first on its path."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    args = [sys.executable, __file__, "--child", str(src.parent), notebook, json.dumps(params)]
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)}: exit {done.returncode}: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def section(
    rows: dict, rev: str, pairs: int, loads: list[float], batch: list[str], after: str
) -> str:
    """The Markdown: totals per report, then South Ossetia's cells, before and after."""
    median = statistics.median

    def total(side: list[dict], key: str) -> float:
        if key == "cells":
            return median(sum(seconds for _, seconds in run["cells"]) for run in side)
        return median(run[key] for run in side)

    lines = [
        HEADING,
        "",
        f"Written by `benchmarks/profile_kernel.py` (its docstring has the method) on "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC: commit {rev} (before) against {after} "
        f"(after), alternated, {pairs} pairs per report, medians of CPU seconds; load average "
        f"(1 min) during the runs {min(loads):.1f} to {max(loads):.1f} (a shared 2-core machine: "
        "CPU seconds too vary with the load, by about 10%).",
        "",
        "| report | imports before | after | cells before | after | kernel before | after "
        "| kernel after / before |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, sides in rows.items():
        values = [total(sides[s], k) for k in ("imports", "cells", "kernel") for s in sides]
        ratio = values[5] / values[4]
        lines.append(f"| {label} | " + " | ".join(f"{v:.2f}" for v in values) + f" | {ratio:.2f} |")
    lines += [
        "",
        "imports: the notebooks' imports in a process that has IPython and ipykernel; cells: the "
        "cells run in one process; kernel: papermill's whole run in a fresh kernel (start, "
        "imports, cells, messaging), the kernel process's CPU.",
    ]
    first = next(iter(rows))
    before, after = rows[first]["before"], rows[first]["after"]
    lines += [
        "",
        f"{first}, cell by cell (CPU s, medians; cells under 0.05 s in both left out):",
        "",
        "| cell | before | after |",
        "| --- | ---: | ---: |",
    ]
    for index, (call, _) in enumerate(after[0]["cells"]):
        old = median(run["cells"][index][1] for run in before)
        new = median(run["cells"][index][1] for run in after)
        if max(old, new) >= 0.05:
            lines.append(f"| `{call}` | {old:.2f} | {new:.2f} |")
    return "\n".join([*lines, *batch]) + "\n"


def write_section(path: Path, text: str) -> None:
    """Put ``text`` under "## Render profile", in place of an earlier "### Kernel side"."""
    old = path.read_text(encoding="utf-8")
    own = re.compile(rf"^{re.escape(HEADING)}\n.*?(?=^### |^## |\Z)", re.M | re.S)
    if own.search(old):
        new = own.sub(lambda _: text.rstrip() + "\n\n", old, count=1)
    else:
        parent = re.compile(rf"^{re.escape(PARENT)}\n.*?(?=^## |\Z)", re.M | re.S)
        found = parent.search(old)
        if found is None:
            new = old.rstrip() + f"\n\n{PARENT}\n\n" + text
        else:
            end = found.end()
            new = old[:end].rstrip() + "\n\n" + text.rstrip() + "\n\n" + old[end:]
    path.write_text(new.rstrip() + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Measure both sides, alternated; print the section, or write it into RESULTS.md."""
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--child":
        root, notebook, params = Path(argv[1]), argv[2], json.loads(argv[3])
        print(json.dumps(measure(root, notebook, params)))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", metavar="REV", required=True)
    parser.add_argument(
        "--after", metavar="REV", help="measure commit REV as the after side, not the working tree"
    )
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--only", help="only the reports whose label contains this")
    parser.add_argument("--batch-pairs", type=int, default=0)
    parser.add_argument("--as-of", default="2025-06-30", help="the batch's date")
    parser.add_argument("--write", type=Path)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).parent))
    from baseline_ab import baseline_lines, baseline_pairs, snapshot_of

    from breakaway import paths

    base = Path(tempfile.mkdtemp(prefix="breakaway-profile-kernel-"))
    after = paths.PACKAGE_DIR.parent
    if args.after:
        (base / "after").mkdir()
        after = snapshot_of(args.after, base / "after")
    sides = {"before": snapshot_of(args.baseline, base), "after": after}
    rows: dict[str, dict[str, list[dict]]] = {}
    loads = []
    for notebook, params in REPORTS:
        label = _label(notebook, params)
        if args.only and args.only not in label:
            continue
        rows[label] = {"before": [], "after": []}
        for _ in range(args.pairs):
            for side, src in sides.items():
                loads.append(os.getloadavg()[0])
                rows[label][side].append(run_side(src, notebook, params))
        print(label, "done", file=sys.stderr)
    batch: list[str] = []
    if args.batch_pairs:
        found = baseline_pairs(args.batch_pairs, args.as_of, args.baseline)
        batch = baseline_lines(found, args.as_of, args.baseline)
    named = f"commit {args.after}" if args.after else "this working tree"
    text = section(rows, args.baseline, args.pairs, loads, batch, named)
    if args.write:
        write_section(args.write, text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
