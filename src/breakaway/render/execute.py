"""Render one report in the calling process: execute the notebook, convert, publish atomically.

A report is built in a staging folder beside its target, its charts in one beside theirs, and
both are swapped in together (``publish.publish_report``); a failure keeps the failed notebook
beside the last good report and records the attempt in its manifest. Every path written is
checked first (``guard``): inside its root, no symbolic link on the way.
"""

from __future__ import annotations

import json
import os
import platform
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from breakaway import paths
from breakaway.data.fingerprint import hash_bytes, short_fingerprint
from breakaway.errors import RenderError
from breakaway.knowledge.facts_types import PublishedFacts, briefing_facts
from breakaway.render import ahead
from breakaway.render.exporters import Page, exporters_for
from breakaway.render.guard import UnsafePath, refuse_links
from breakaway.render.plan import (
    MANIFEST,
    PlannedReport,
    RenderOptions,
    ReportSpec,
    figures_folder,
    is_up_to_date,
    read_manifest,
)
from breakaway.render.publish import (
    Staged,
    publish_report,
    recover,
    report_lock,
    staged,
    write_bytes_atomic,
    write_json_atomic,
)
from breakaway.render.result import RenderResult, first_line  # noqa: F401 - re-exported

# The kernel makes a PNG of each chart only when this is "1" (breakaway.report.blocks reads it):
# only a render that exports the charts to figures/ wants them.
FIGURE_PNG_ENV = "BREAKAWAY_FIGURE_PNG"

VERSIONED_PACKAGES = (
    "breakaway",
    "papermill",
    "nbconvert",
    "nbclient",
    "weasyprint",
    "pandas",
    "matplotlib",
    "frictionless",
)


def versions() -> dict[str, str]:
    """Versions of Python and the packages that shape a report."""
    # Imported here: importlib.metadata costs ~20 ms, and a run with nothing to do needs none.
    from importlib import metadata

    found = {"python": platform.python_version()}
    for name in VERSIONED_PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def render_report(planned: PlannedReport, options: RenderOptions) -> RenderResult:
    """Render one report (in the calling process): execute, export, publish, write manifest."""
    spec, fingerprint, inputs = planned.spec, planned.fingerprint, planned.inputs
    figures = figures_folder(spec, options)
    try:
        refuse_links(spec.out_dir, spec.folder)
        if figures is not None and options.figures_dir is not None:
            refuse_links(options.figures_dir, figures)
    except UnsafePath as error:
        raise RenderError(str(error)) from None
    with report_lock(spec.folder, options.lock_timeout):
        # Only now, validated and under the lock, may an interrupted swap be finished.
        recover(spec.folder)
        if figures is not None:
            recover(figures)
        # Checked again under the lock: a concurrent render may have just finished it.
        if is_up_to_date(spec, options, fingerprint):
            return RenderResult(spec.label, "up to date", str(spec.folder))
        with staged(spec.folder, figures) as stage:
            return _render_into(spec, options, stage, fingerprint, inputs)


def _render_into(
    spec: ReportSpec,
    options: RenderOptions,
    stage: Staged,
    fingerprint: str,
    inputs: dict[str, str],
) -> RenderResult:
    from papermill.exceptions import PapermillExecutionError

    from breakaway.render import convert as export

    timings: dict[str, float] = {}
    started = time.perf_counter()
    staging = stage.report
    executed = staging / f"{spec.kind}.ipynb"
    manifest = {
        "report": spec.name,
        "kind": spec.kind,
        "parameters": spec.parameters(Path("data")),
        "as_of": spec.as_of.isoformat(),
        "fingerprint": fingerprint,
        "inputs": inputs,
        "settings": options.settings(),
        "versions": versions(),
        "data_version": _data_version(options.data_dir),
        "data": built_from(options.data_dir, inputs),
    }
    png = options.figures_dir is not None
    cwd = spec.notebook.parent
    warm = None
    try:
        with figure_env(png=png):
            # A kernel started while the previous report converted, if one fits (ahead.py).
            warm = ahead.take(cwd, options.start_timeout)
            run_notebook(spec, options, executed, warm)
    except PapermillExecutionError as error:
        message = (
            f"cell {error.exec_count or error.cell_index}: {error.ename}: "
            f"{first_line(error.evalue)}"
        )
        return _record_failure(spec, staging, executed, manifest, message, timings, started)
    except Exception as error:  # kernel died, timed out, or could not start
        message = f"{type(error).__name__}: {first_line(str(error))}"
        return _record_failure(spec, staging, executed, manifest, message, timings, started)
    finally:
        if warm is not None:  # papermill stops only the kernels it started
            ahead.stop_kernel(warm)
    timings["execute"] = round(time.perf_counter() - started, 3)
    # The next report's kernel starts and imports while this one converts (ahead.py).
    ahead.start_if_wanted(cwd, lambda: figure_env(png=png))

    import nbformat

    notebook = nbformat.read(executed, as_version=4)
    facts = export.extract_facts(notebook)
    if facts is None:
        return _record_failure(
            spec,
            staging,
            executed,
            manifest,
            "the notebook published no facts (publish_facts() cell missing?)",
            timings,
            started,
        )
    write_json_atomic(staging / "facts.json", facts)
    exported = _export_figures(spec, stage, export.extract_charts(notebook))

    phase = time.perf_counter()
    title = _title(spec, facts)
    with export.time_limit(options.cell_timeout, "the HTML conversion"):
        html_text = export.notebook_html(
            notebook, title=title, subject=_subject(spec, facts), page_size=options.page_size
        )
    page = Page(html_text, staging, options.pdf_variant)
    timings["html"] = round(time.perf_counter() - phase, 3)
    for exporter in exporters_for(options.formats):
        phase = time.perf_counter()
        with export.time_limit(options.cell_timeout, f"the {exporter.name.upper()} conversion"):
            exporter.write(page, staging / exporter.file_name(spec.kind))
        timings[exporter.name] = round(
            timings.get(exporter.name, 0) + time.perf_counter() - phase, 3
        )
    timings["total"] = round(time.perf_counter() - started, 3)
    manifest.update(
        status="ok",
        timings=timings,
        rendered_at=_now(),
        files=sorted(p.name for p in staging.iterdir()) + [MANIFEST],
    )
    if exported is not None:
        manifest["figures"] = exported
    write_json_atomic(staging / MANIFEST, manifest)
    publish_report(stage)
    return RenderResult(spec.label, "rendered", str(spec.folder), timings=timings)


def run_notebook(spec: ReportSpec, options: RenderOptions, executed: Path, kernel=None) -> None:
    """Execute the report's notebook into ``executed`` with papermill.

    In ``kernel`` (a started kernel manager, from ``ahead``) when given, which the caller stops;
    else in a kernel papermill starts and stops. Raises what papermill raises.
    """
    import papermill

    from breakaway.render.kernels import SocketKernelManager

    papermill.execute_notebook(
        str(spec.notebook),
        str(executed),
        parameters=spec.parameters(options.data_dir),
        kernel_name="python3",
        kernel_manager_class=SocketKernelManager,
        progress_bar=False,
        log_output=False,
        cwd=str(spec.notebook.parent),
        km=kernel,
        execution_timeout=options.cell_timeout,
        # nbclient waits only 4 s for a cell's last output after it finished by default; a
        # slow machine then fails a good report. The operator's --cell-timeout rules both.
        iopub_timeout=options.cell_timeout,
        start_timeout=options.start_timeout,
        report_mode=False,
        # The kernel listens on localhost only; its start-up warning about that is noise
        # in an operator's cron mail.
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
        # Save once at the end (or on a failing cell), not after each of ~30 cells, and stop
        # the kernel at once: nothing in it needs a graceful shutdown. Measured: ~1 s saved
        # per report (benchmarks/RESULTS.md).
        request_save_on_cell_execute=False,
        shutdown_kernel="immediate",
    )


@contextmanager
def figure_env(png: bool) -> Iterator[None]:
    """Tell the kernel started inside this block whether to make PNG copies of its charts.

    The kernel inherits this process's environment when it starts; the previous value is put
    back afterwards.
    """
    previous = os.environ.get(FIGURE_PNG_ENV)
    os.environ[FIGURE_PNG_ENV] = "1" if png else "0"
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(FIGURE_PNG_ENV, None)
        else:
            os.environ[FIGURE_PNG_ENV] = previous


def _record_failure(
    spec: ReportSpec,
    staging: Path,
    executed: Path,
    manifest: dict,
    message: str,
    timings: dict,
    started: float,
) -> RenderResult:
    """Keep the failed notebook beside the last good report and note the attempt."""
    refuse_links(spec.out_dir, spec.folder / f"{spec.kind}.failed.ipynb")
    spec.folder.mkdir(parents=True, exist_ok=True)
    if executed.exists():
        write_bytes_atomic(spec.folder / f"{spec.kind}.failed.ipynb", executed.read_bytes())
    timings["total"] = round(time.perf_counter() - started, 3)
    attempt = {
        "status": "failed",
        "error": message,
        "at": _now(),
        "timings": timings,
        "fingerprint": manifest["fingerprint"],
    }
    previous = read_manifest(spec.folder)
    if previous is not None and previous.get("status") == "ok":
        previous["last_attempt"] = attempt
        write_json_atomic(spec.folder / MANIFEST, previous)
    else:
        write_json_atomic(spec.folder / MANIFEST, {**manifest, **attempt, "last_attempt": attempt})
    return RenderResult(spec.label, "failed", str(spec.folder), message, timings)


def _export_figures(spec: ReportSpec, stage: Staged, charts: dict) -> dict[str, str] | None:
    """Write the charts into their staging folder; their names and hashes for the manifest.

    One folder per report and date (``<figures>/<report>/<as_of>/``), published with the report;
    ``<figures>/<report>/latest`` moves only with a new edition (``editions``).
    """
    if stage.figures is None:
        return None
    exported = {}
    for chart_id, files in charts.items():
        for suffix, content in files.items():
            name = f"{chart_id.removeprefix(f'{spec.name}-')}.{suffix}"
            refuse_links(stage.figures, stage.figures / name).write_bytes(content)
            exported[name] = hash_bytes(content)
    return dict(sorted(exported.items()))


def _title(spec: ReportSpec, facts: PublishedFacts) -> str:
    from breakaway.dates import format_date

    if spec.territory:
        return f"{briefing_facts(facts)['name']} — briefing as of {format_date(spec.as_of)}"
    return f"Post-Soviet breakaway regions compared — as of {format_date(spec.as_of)}"


def _subject(spec: ReportSpec, facts: PublishedFacts) -> str:
    if spec.territory:
        briefing = briefing_facts(facts)
        patron = briefing.get("patron_state") or "its patron state"
        return (
            f"Where {briefing['name']} is, who lives there, who recognises it, and its "
            f"steps towards {patron}, from sourced data"
        )
    return "The post-Soviet breakaway regions side by side, from sourced data"


def built_from(data_dir: Path, inputs: dict[str, str]) -> dict:
    """Which data a report was built from: the project's ``data/`` or another folder (a trial).

    The fingerprint is the one a briefing prints, taken from the hashes the plan already made.
    """
    project = paths.data_dir().resolve()
    is_project = Path(data_dir).resolve() == project
    return {
        "folder": "data" if is_project else str(Path(data_dir).resolve()),
        "is_project_data": is_project,
        "fingerprint": short_fingerprint(
            {name: digest for name, digest in inputs.items() if name.startswith("data/")}
        ),
    }


def _data_version(data_dir: Path) -> str:
    try:
        return str(json.loads((data_dir / "datapackage.json").read_text())["version"])
    except (OSError, ValueError, KeyError):
        return "unknown"


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()
