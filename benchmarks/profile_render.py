"""Where one briefing's render time goes, phase by phase (issue 22).

Renders one report the way a worker does (papermill, then nbconvert and WeasyPrint in this
process) with ``time.perf_counter`` and ``time.process_time`` around each phase, and reads the
kernel-side phases from the executed notebook's own cell timings (papermill records a duration per
cell):

- kernel start and shutdown: the execute phase less the sum of the cells' durations;
- imports and data load: the ``Briefing.open`` cell (imports, parameter check, load, facts);
- each chart and the map: its cell (drawing, SVG and PNG export, CSV);
- the rest of the cells: narrative and tables;
- HTML: nbconvert; PDF layout: ``weasyprint.HTML(...).render(pdf_tags=True)``; PDF writing
  (tagging, font subsetting, compression): ``write_pdf``; figure export: the files written to
  the figures folder.

Usage::

    .venv/bin/python benchmarks/profile_render.py [TERRITORY] [--as-of DATE|today] [--repeats 3]

Prints one Markdown table (median of the repetitions, wall and CPU seconds) and the load average.
CPU seconds of the kernel phases are not measured (another process); their wall time is.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from breakaway import paths

CHART_CELLS = {
    "locator_map": "the map",
    "population_chart": "chart: population",
    "composition_chart": "chart: composition",
    "recognition_chart": "chart: recognition",
    "timeline_chart": "chart: timeline",
    "comparison_chart": "chart: comparison",
    "comparison_recognition_chart": "chart: comparison recognition",
}


class Clock:
    """Wall and CPU seconds of named phases, in order."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}

    def phase(self, name: str):
        """A context manager adding its wall and CPU seconds to ``name``."""
        clock = self

        class _Phase:
            def __enter__(self):
                self.wall, self.cpu = time.perf_counter(), time.process_time()

            def __exit__(self, *exc):
                clock.wall[name] = clock.wall.get(name, 0.0) + time.perf_counter() - self.wall
                clock.cpu[name] = clock.cpu.get(name, 0.0) + time.process_time() - self.cpu

        return _Phase()


def _cell_phases(notebook) -> dict[str, float]:
    """Kernel-side phases from papermill's per-cell durations."""
    phases: dict[str, float] = {}
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        seconds = float(cell.metadata.get("papermill", {}).get("duration") or 0.0)
        source = cell.source
        if "Briefing.open" in source or "Comparison.open" in source:
            name = "kernel: imports, data load, facts (open cell)"
        else:
            name = next(
                (label for method, label in CHART_CELLS.items() if f".{method}()" in source),
                "kernel: text and tables (other cells)",
            )
        phases[name] = phases.get(name, 0.0) + seconds
    return phases


def profile_once(territory: str, as_of: str, work: Path) -> tuple[dict, dict]:
    """One render of ``territory``: (wall seconds by phase, CPU seconds by phase)."""
    import nbformat
    import papermill

    from breakaway.render import convert
    from breakaway.render.execute import _export_figures
    from breakaway.render.plan import RenderOptions, ReportSpec

    clock = Clock()
    out = work / "out"
    out.mkdir(parents=True, exist_ok=True)
    spec = ReportSpec("briefing", territory, _day(as_of), out)
    options = RenderOptions(data_dir=paths.data_dir(), figures_dir=work / "figures")
    executed = work / "briefing.ipynb"
    # As a render that exports figures: the kernel makes PNG copies (figure_env, where it exists).
    import contextlib

    from breakaway.render import execute

    png = getattr(execute, "figure_env", lambda png: contextlib.nullcontext())(png=True)
    with clock.phase("execute (papermill: kernel + cells)"), png:
        papermill.execute_notebook(
            str(spec.notebook),
            str(executed),
            parameters=spec.parameters(options.data_dir),
            kernel_name="python3",
            progress_bar=False,
            log_output=False,
            cwd=str(spec.notebook.parent),
            request_save_on_cell_execute=False,
            shutdown_kernel="immediate",
            extra_arguments=["--IPKernelApp.log_level=ERROR"],
        )
    with clock.phase("read executed notebook, facts"):
        notebook = nbformat.read(executed, as_version=4)
        facts = convert.extract_facts(notebook)
    with clock.phase("figure export"):
        _export_figures(spec, options, convert.extract_charts(notebook))
    with clock.phase("HTML (nbconvert)"):
        html_text = convert.notebook_html(notebook, title=facts["name"], subject="profile")
    import weasyprint

    from breakaway.render.pdf_variants import pdf_variant

    with clock.phase("PDF layout (WeasyPrint render)"):
        document = weasyprint.HTML(string=html_text, base_url=str(work)).render(pdf_tags=True)
    with clock.phase("PDF writing (tags, fonts, compression)"):
        document.write_pdf(work / "briefing.pdf", pdf_variant=pdf_variant(None), pdf_tags=True)
    wall, cpu = dict(clock.wall), dict(clock.cpu)
    cells = _cell_phases(notebook)
    execute = wall["execute (papermill: kernel + cells)"]
    wall["kernel start, shutdown, messaging"] = execute - sum(cells.values())
    wall.update(cells)
    wall["PDF pages"] = len(document.pages)
    return wall, cpu


def _day(value: str):
    from breakaway.data.params import resolve_as_of

    return resolve_as_of(value)


def _load() -> str:
    return " / ".join(f"{v:.2f}" for v in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    """Profile; print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("territory", nargs="?", default="south-ossetia")
    parser.add_argument("--as-of", default="today")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    os.environ.setdefault("BREAKAWAY_FIGURES_DIR", tempfile.mkdtemp(prefix="breakaway-prof-fig-"))
    load_before = _load()
    # The first imports of nbconvert and WeasyPrint, paid once per worker process.
    started = time.perf_counter()
    import nbconvert  # noqa: F401
    import papermill  # noqa: F401
    import weasyprint  # noqa: F401

    worker_imports = time.perf_counter() - started
    runs = []
    for _ in range(args.repeats):
        with tempfile.TemporaryDirectory(prefix="breakaway-prof-") as work:
            runs.append(profile_once(args.territory, args.as_of, Path(work)))
    names = list(runs[0][0])
    print(
        f"{args.territory} as of {args.as_of}: median of {args.repeats} runs; "
        f"load average before {load_before}, after {_load()}"
    )
    print()
    print("| phase | wall s | CPU s (this process) |")
    print("| --- | ---: | ---: |")
    print(
        f"| worker's first imports (nbconvert, papermill, WeasyPrint; once) | "
        f"{worker_imports:.2f} | |"
    )
    for name in names:
        wall = statistics.median(run[0].get(name, 0.0) for run in runs)
        if name == "PDF pages":
            print(f"| {name} | {wall:.0f} | |")
            continue
        cpu_values = [run[1][name] for run in runs if name in run[1]]
        cpu = f"{statistics.median(cpu_values):.2f}" if cpu_values else ""
        print(f"| {name} | {wall:.2f} | {cpu} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
