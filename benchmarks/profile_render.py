"""Where one report's render time goes, phase by phase, with and without a kernel started ahead.

Renders one report twice in a row in this process, the way a render process (a pool worker, or
the CLI with ``--jobs 1``) renders one report after another, through the render's own functions
(``execute.run_notebook``, ``convert``, WeasyPrint as ``convert.html_to_pdf`` calls it):

- **fresh kernel** (every report before issue 22's kernel pre-start; still the first report of
  each render process): the kernel starts (timed until it answers), the notebooks' imports run in
  it (timed until their reply), then papermill runs the cells; then figure export, HTML, PDF.
- **kernel started ahead** (every later report of a render process now): right after the first
  report's notebook ran, the next kernel was started and sent its imports (``render.ahead``),
  which ran while the first report converted; this report waits only for what is left.

Kernel-side phases are papermill's per-cell durations (the open cell: parameter check, data load
and facts; each chart and the map; the other cells: text and tables). The parent process is also
run under cProfile for the second report: its CPU by package shows where the parent's own time
goes (WeasyPrint's layout and drawing, pydyf, fontTools, nbconvert, waiting on the kernel).

Usage::

    .venv/bin/python benchmarks/profile_render.py [TERRITORY] [--as-of DATE|today] [--repeats 3]
        [--write benchmarks/RESULTS.md] [--batch-pairs 3]

``--baseline REV`` also times the whole batch and the no-op run of commit ``REV`` (a snapshot
of its ``src/``, ``notebooks/`` and ``data/``) against this working tree, alternated
(``--baseline-pairs``, 2 by default): a before/after on the same load. ``--batch-pairs N`` also
times the whole batch (``render --force``, every report) N times with
kernels started ahead off (``BREAKAWAY_KERNEL_AHEAD=0``) and on, alternated. Prints a Markdown
section; ``--write`` puts it in RESULTS.md under "## Profile" (replacing the
previous one; ``render_bench.py`` keeps it when it rewrites the file). Wall seconds on a shared
machine are noisy: the section gives the load average and the CPU seconds of this process.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import os
import pstats
import re
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

from breakaway import paths

HEADING = "## Profile"
CHART_CELLS = {
    "locator_map": "map",
    "regions_map": "map",
    "population_chart": "chart: population",
    "composition_chart": "chart: composition",
    "recognition_chart": "chart: recognition",
    "timeline_chart": "chart: timeline",
    "comparison_chart": "chart: comparison",
    "comparison_recognition_chart": "chart: comparison recognition",
}
OPEN_CELL = "kernel: parameter check, data load, facts (open cell)"
OTHER_CELLS = "kernel: text and tables (other cells)"
FRESH, AHEAD = "fresh kernel", "kernel started ahead"
KERNEL_READY_CPU = "kernel process CPU s when it answered (interpreter, ipykernel)"
KERNEL_IMPORTED_CPU = "kernel process CPU s after the imports"
KERNEL_CPU = "kernel process CPU s at the end (start, imports, cells)"
UNTIMED = (KERNEL_READY_CPU, KERNEL_IMPORTED_CPU, KERNEL_CPU, "PDF pages")


class Clock:
    """Wall and CPU seconds (of this process) of named phases, in order."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}

    @contextlib.contextmanager
    def phase(self, name: str):
        """Add the block's wall and CPU seconds to ``name``."""
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.wall[name] = self.wall.get(name, 0.0) + time.perf_counter() - wall
            self.cpu[name] = self.cpu.get(name, 0.0) + time.process_time() - cpu


def cell_phases(notebook) -> dict[str, float]:
    """Kernel-side phases from papermill's per-cell durations."""
    phases: dict[str, float] = {}
    for cell in notebook.cells:
        if cell.cell_type != "code" or "parameters" in cell.metadata.get("tags", []):
            continue
        seconds = float(cell.metadata.get("papermill", {}).get("duration") or 0.0)
        if ".open(" in cell.source:
            name = OPEN_CELL
        else:
            labels = (
                label for method, label in CHART_CELLS.items() if f".{method}(" in cell.source
            )
            name = next((f"kernel: {label}" for label in labels), OTHER_CELLS)
        phases[name] = phases.get(name, 0.0) + seconds
    return phases


def kernel_cpu(manager) -> float:
    """CPU seconds (user + system) the kernel process has used so far."""
    import psutil

    times = psutil.Process(manager.provisioner.pid).cpu_times()
    return times.user + times.system


def start_fresh_kernel(cwd: Path, clock: Clock):
    """A kernel started as papermill starts one, then its imports, each timed to its answer."""
    from jupyter_core.utils import run_sync

    from breakaway.render import ahead
    from breakaway.render.kernels import SocketKernelManager

    with clock.phase("kernel start (until it answers)"):
        manager = SocketKernelManager(kernel_name=ahead.KERNEL_NAME)
        run_sync(manager.start_kernel)(extra_arguments=list(ahead.KERNEL_ARGUMENTS), cwd=str(cwd))
        client = manager.blocking_client()
        client.start_channels()
        client.wait_for_ready(timeout=120)
    clock.wall[KERNEL_READY_CPU] = kernel_cpu(manager)
    with clock.phase("kernel: imports (pandas, matplotlib, breakaway)"):
        request = client.execute(ahead.WARM_UP, silent=True, store_history=False)
        while client.get_shell_msg(timeout=120)["parent_header"].get("msg_id") != request:
            pass
    client.stop_channels()
    clock.wall[KERNEL_IMPORTED_CPU] = kernel_cpu(manager)
    return manager


def render_one(spec, options, work: Path, clock: Clock, kernel, then=None):
    """Execute ``spec`` in ``kernel``, then convert; ``then`` runs right after the execution."""
    import nbformat
    import weasyprint

    from breakaway.render import ahead, convert, pdf_speedups
    from breakaway.render.execute import _export_figures, figure_env, run_notebook

    work.mkdir(parents=True, exist_ok=True)
    executed = work / f"{spec.name}.ipynb"
    with clock.phase("execute (papermill: messaging and cells)"), figure_env(png=True):
        try:
            run_notebook(spec, options, executed, kernel)
            clock.wall[KERNEL_CPU] = kernel_cpu(kernel)
        finally:
            ahead.stop_kernel(kernel)
    if then is not None:
        then()
    with clock.phase("read the executed notebook, facts"):
        notebook = nbformat.read(executed, as_version=4)
        facts = convert.extract_facts(notebook)
    with clock.phase("figure export (SVG, PNG, CSV files)"):
        figures = work / "figures" / spec.name
        figures.mkdir(parents=True, exist_ok=True)
        _export_figures(spec, SimpleNamespace(figures=figures), convert.extract_charts(notebook))
    with clock.phase("HTML (nbconvert)"):
        html = convert.notebook_html(notebook, title=str(facts.get("as_of")), subject="profile")
    pdf_speedups.install()  # as convert.html_to_pdf does (byte-identical shortcuts)
    with clock.phase("PDF layout (WeasyPrint, tagged)"):
        document = weasyprint.HTML(string=html, base_url=str(work)).render(pdf_tags=True)
    with clock.phase("PDF writing (tags, font subsets, compression)"):
        target = work / f"{spec.name}.pdf"
        document.write_pdf(target, pdf_variant=options.pdf_variant, pdf_tags=True)
    untagged = Clock()
    with untagged.phase("write"):
        document.write_pdf(work / f"{spec.name}-untagged.pdf")
    clock.wall["of which PDF tagging (tagged write less an untagged one)"] = (
        clock.wall["PDF writing (tags, font subsets, compression)"] - untagged.wall["write"]
    )
    cells = cell_phases(notebook)
    clock.wall["of which papermill and messaging (execute less the cells)"] = clock.wall[
        "execute (papermill: messaging and cells)"
    ] - sum(cells.values())
    for name, seconds in cells.items():
        clock.wall[f"of which {name}"] = seconds
    clock.wall["PDF pages"] = len(document.pages)


def critical_path(clock: Clock) -> float:
    """The report's own phases, one after another (not the "of which" parts, nor CPU counts)."""
    return sum(
        seconds
        for name, seconds in clock.wall.items()
        if not name.startswith("of which") and name not in UNTIMED
    )


def _spec(territory: str, as_of: str, work: Path):
    from breakaway.data.params import resolve_as_of
    from breakaway.render.plan import RenderOptions, ReportSpec

    kind = "comparison" if territory == "comparison" else "briefing"
    spec = ReportSpec(kind, None if kind == "comparison" else territory, resolve_as_of(as_of), work)
    return spec, RenderOptions(data_dir=paths.data_dir(), figures_dir=work / "figures")


def profile_once(territory: str, as_of: str, work: Path) -> tuple[Clock, Clock]:
    """A report with a fresh kernel, then the same report in a kernel started ahead."""
    from breakaway.render import ahead
    from breakaway.render.execute import figure_env

    spec, options = _spec(territory, as_of, work)
    cwd = spec.notebook.parent
    fresh, warm = Clock(), Clock()
    kernel = start_fresh_kernel(cwd, fresh)
    ahead.expect_more(lambda: True)
    try:
        render_one(
            spec,
            options,
            work / "fresh",
            fresh,
            kernel,
            then=lambda: ahead.start_if_wanted(cwd, lambda: figure_env(png=True)),
        )
        with warm.phase("take the kernel started ahead (wait for its imports)"):
            with figure_env(png=True):
                kernel = ahead.take(cwd, 120)
        if kernel is None:
            raise RuntimeError("the kernel started ahead was not usable")
        render_one(spec, options, work / "warm", warm, kernel)
    finally:
        ahead.expect_more(None)
        ahead.stop()
    fresh.wall["total"], warm.wall["total"] = critical_path(fresh), critical_path(warm)
    return fresh, warm


def cprofile_once(territory: str, as_of: str, work: Path) -> pstats.Stats:
    """The render process's side of one more render, under cProfile (its own, untimed run)."""
    spec, options = _spec(territory, as_of, work)
    kernel = start_fresh_kernel(spec.notebook.parent, Clock())
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        render_one(spec, options, work / "profiled", Clock(), kernel)
    finally:
        profiler.disable()
    return pstats.Stats(profiler)


def by_package(stats: pstats.Stats) -> list[tuple[str, float]]:
    """Own CPU seconds of the profiled functions, summed by top-level package."""
    totals: dict[str, float] = {}
    for (filename, _, function), row in stats.stats.items():  # type: ignore[attr-defined]
        own = row[2]
        if "site-packages/" in filename:
            package = filename.split("site-packages/", 1)[1].split("/", 1)[0]
            package = package.removesuffix(".py")
        elif "/breakaway/" in filename:
            package = "breakaway"
        elif filename == "~":
            package = "waiting on the kernel (select/poll)" if "poll" in function else "builtins"
        else:
            package = "standard library"
        totals[package] = totals.get(package, 0.0) + own
    return sorted(totals.items(), key=lambda item: -item[1])


AHEAD_SWITCH = "BREAKAWAY_KERNEL_AHEAD"


def batch_pairs(pairs: int, as_of: str, switch: str = AHEAD_SWITCH) -> list[dict]:
    """The whole batch timed with ``switch`` off ("0"), then on ("1"), ``pairs`` times.

    The batch: ``render --force``, every report, the default --jobs; by default the switch is
    kernels started ahead (``BREAKAWAY_KERNEL_AHEAD``). Wall and CPU seconds of each run; CPU is
    the rusage of the command's reaped process tree (CLI, workers, kernels).
    """
    import resource
    import shutil
    import subprocess

    command = Path(sys.executable).parent / "breakaway"
    rows = []
    for _ in range(pairs):
        for ahead_on in (False, True):
            out = Path(tempfile.mkdtemp(prefix="breakaway-profile-batch-"))
            env = {
                **os.environ,
                "BREAKAWAY_FIGURES_DIR": str(out / "figures"),
                switch: "1" if ahead_on else "0",
            }
            load = os.getloadavg()[0]
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            args = [str(command), "render", "--force", "--as-of", as_of, "--out", str(out / "b")]
            done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
            wall = time.perf_counter() - started
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            shutil.rmtree(out, ignore_errors=True)
            if done.returncode != 0:
                raise RuntimeError(f"{' '.join(args)}: exit {done.returncode}: {done.stderr}")
            cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
            rows.append({"ahead": ahead_on, "wall": wall, "cpu": cpu, "load": load})
    return rows


def batch_lines(rows: list[dict], as_of: str) -> list[str]:
    """The batch A/B as Markdown lines (medians, then each run)."""
    median = statistics.median

    def runs(ahead_on: bool) -> list[dict]:
        return [row for row in rows if row["ahead"] == ahead_on]

    off, on = runs(False), runs(True)
    lines = [
        "",
        f"The whole batch, `breakaway render --force --as-of {as_of}` (every report, default "
        f"--jobs), kernels started ahead off (`BREAKAWAY_KERNEL_AHEAD=0`: as before) and on, "
        f"alternated, {len(on)} pairs (medians; CPU of the reaped process tree):",
        "",
        "| kernels started ahead | wall s | CPU s | runs (wall s / load average before) |",
        "| --- | ---: | ---: | --- |",
    ]
    for label, group in (("off (before)", off), ("on (after)", on)):
        each = ", ".join(f"{row['wall']:.1f} / {row['load']:.1f}" for row in group)
        wall, cpu = median(r["wall"] for r in group), median(r["cpu"] for r in group)
        lines.append(f"| {label} | {wall:.1f} | {cpu:.1f} | {each} |")
    return lines


def section(
    territory: str,
    as_of: str,
    runs: list,
    stats: pstats.Stats,
    first: Clock,
    load_before: str,
    load_after: str,
    batch: list[str] | None = None,
) -> str:
    """The Markdown section: phases of both renders (medians) and the parent's CPU by package."""
    median = statistics.median
    names = [*runs[0][0].wall]
    for name in runs[0][1].wall:
        if name not in names:
            names.insert(names.index("total") if "total" in names else len(names), name)

    def cell(clocks: list[Clock], name: str, attribute: str) -> str:
        values = [getattr(c, attribute)[name] for c in clocks if name in getattr(c, attribute)]
        kernel_side = name in UNTIMED or name.startswith("kernel:")
        if not values or (attribute == "cpu" and kernel_side):
            return ""
        return f"{median(values):.0f}" if name == "PDF pages" else f"{median(values):.2f}"

    fresh = [run[0] for run in runs]
    warm = [run[1] for run in runs]
    lines = [
        HEADING,
        "",
        f"Written by `benchmarks/profile_render.py` (its docstring has the method) on "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC: {territory} as of {as_of}, median of "
        f"{len(runs)}; load average (1/5/15 min) before {load_before}, after {load_after}. "
        "On a shared machine the wall seconds are inflated and vary by the load; the CPU "
        "seconds (of the render process only: kernel-side phases have none) are steadier.",
        "",
        f"Before and after issue 22's kernel pre-start: **{FRESH}** is how every report "
        "rendered before (and the first report of each render process still does); "
        f"**{AHEAD}** is each later report of a render process now, its kernel started and "
        "its imports run while the previous report converted to HTML and PDF.",
        "",
        "Once per render process, before its first report (not in the table): importing "
        f"papermill, nbconvert and WeasyPrint took {first.wall['imports']:.2f} s "
        f"({first.cpu['imports']:.2f} s CPU).",
        "",
        f"| phase | {FRESH}: wall s | CPU s | {AHEAD}: wall s | CPU s |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name in names:
        row = [cell(fresh, name, "wall"), cell(fresh, name, "cpu")]
        row += [cell(warm, name, "wall"), cell(warm, name, "cpu")]
        label = "**total (the phases above, one after another)**" if name == "total" else name
        lines.append(f"| {label} | " + " | ".join(row) + " |")
    ranked = by_package(stats)[:12]
    lines += [
        "",
        "The render process's side of one more render under cProfile (own time by package; "
        "cProfile slows Python code down, so these add up to more than the CPU column above; "
        "the wait is the render process idle while the kernel runs the cells):",
        "",
        "| package | own s |",
        "| --- | ---: |",
        *(f"| {package} | {seconds:.2f} |" for package, seconds in ranked),
        *(batch or []),
    ]
    return "\n".join(lines) + "\n"


def write_section(path: Path, text: str) -> None:
    """Put ``text`` in ``path`` in place of its "## Profile" section (else at its end)."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    pattern = re.compile(rf"^{re.escape(HEADING)}\n.*?(?=^## |\Z)", re.M | re.S)
    if pattern.search(old):
        new = pattern.sub(lambda _: text.rstrip() + "\n\n", old, count=1)
    else:
        new = old.rstrip() + "\n\n" + text
    path.write_text(new.rstrip() + "\n", encoding="utf-8")


def _load() -> str:
    return " / ".join(f"{value:.2f}" for value in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    """Profile; print the section, or write it into RESULTS.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("territory", nargs="?", default="south-ossetia")
    parser.add_argument("--as-of", default="2025-06-30")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--write", type=Path, help="the RESULTS.md to put the section in")
    parser.add_argument(
        "--batch-pairs",
        type=int,
        default=0,
        help="also time the whole batch with kernels started ahead off and on, this many times",
    )
    parser.add_argument(
        "--baseline",
        metavar="REV",
        help="also time the batch and the no-op of commit REV and of this tree, alternated",
    )
    parser.add_argument("--baseline-pairs", type=int, default=2)
    args = parser.parse_args(argv)
    load_before = _load()
    # As the CLI does before any render: the data validated once, the claim inherited.
    from breakaway.data.fingerprint import VALIDATED_ENV, data_hashes, short_fingerprint
    from breakaway.data.validate import validate_data_dir

    validate_data_dir(paths.data_dir())
    os.environ[VALIDATED_ENV] = short_fingerprint(data_hashes(paths.data_dir()))
    first = Clock()
    with first.phase("imports"):  # as a render process pays them, once, for its first report
        from breakaway.render import convert

        convert._exporter()
        import papermill  # noqa: F401
        import weasyprint

        weasyprint.HTML(string="<p>warm-up</p>").render()
    runs = []
    for _ in range(args.repeats):
        with tempfile.TemporaryDirectory(prefix="breakaway-profile-") as work:
            runs.append(profile_once(args.territory, args.as_of, Path(work)))
    with tempfile.TemporaryDirectory(prefix="breakaway-profile-") as work:
        stats = cprofile_once(args.territory, args.as_of, Path(work))
    batch = None
    if args.batch_pairs:
        batch = batch_lines(batch_pairs(args.batch_pairs, args.as_of), args.as_of)
    if args.baseline:
        sys.path.insert(0, str(Path(__file__).parent))
        from baseline_ab import baseline_lines, baseline_pairs

        rows = baseline_pairs(args.baseline_pairs, args.as_of, args.baseline)
        batch = [*(batch or []), *baseline_lines(rows, args.as_of, args.baseline)]
    text = section(
        args.territory,
        args.as_of,
        runs,
        stats,
        first,
        load_before,
        _load(),
        batch,
    )
    if args.write:
        write_section(args.write, text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
