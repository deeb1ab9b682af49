"""Render reports: execute each notebook once, export HTML and PDF in-process, publish atomically.

``render_reports`` is the whole run (plan, skip what is up to date, render the rest in parallel,
write the index); ``render_report`` is one report in one worker process. The module imports only
the standard library at the top so that a run with nothing to do starts no kernel and loads no
pandas or matplotlib.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from breakaway.errors import RenderError
from breakaway.render import fingerprint as fp
from breakaway.render.plan import ReportSpec
from breakaway.render.publish import (
    publish_folder,
    recover,
    remove_stale_staging,
    report_lock,
    staging_folder,
    write_json_atomic,
)

MANIFEST = "manifest.json"
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


@dataclass(frozen=True)
class RenderOptions:
    """Settings shared by every report of a run."""

    data_dir: Path
    formats: tuple[str, ...] = ("html", "pdf")
    page_size: str = "a4"
    force: bool = False
    cell_timeout: int = 300
    start_timeout: int = 60
    lock_timeout: float = 600.0
    figures_dir: Path | None = None

    def settings(self) -> dict:
        """The options that shape a report's bytes (and so belong in its fingerprint)."""
        return {"formats": sorted(self.formats), "page_size": self.page_size}


@dataclass
class RenderResult:
    """What happened to one report."""

    label: str
    status: str  # "rendered", "up to date" or "failed"
    folder: str
    message: str = ""
    timings: dict = field(default_factory=dict)


def versions() -> dict[str, str]:
    """Versions of Python and the packages that shape a report."""
    found = {"python": platform.python_version()}
    for name in VERSIONED_PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def expected_files(spec: ReportSpec, options: RenderOptions) -> list[Path]:
    """The files a finished report folder holds."""
    names = [f"{spec.kind}.ipynb", "facts.json", MANIFEST]
    names += [f"{spec.kind}.{fmt}" for fmt in options.formats]
    return [spec.folder / name for name in names]


def read_manifest(folder: Path) -> dict | None:
    """A report folder's manifest, or ``None`` when it is missing or unreadable."""
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def report_fingerprint(spec: ReportSpec, options: RenderOptions) -> tuple[str, dict[str, str]]:
    """The fingerprint of a report's inputs, and the input hashes it is made of."""
    inputs = fp.input_hashes(spec.notebook, options.data_dir)
    settings = {
        **options.settings(),
        "parameters": spec.parameters(Path("data")),
        "kind": spec.kind,
    }
    return fp.fingerprint(inputs, settings), inputs


def is_up_to_date(spec: ReportSpec, options: RenderOptions, fingerprint: str) -> bool:
    """Whether the report folder holds a good render of exactly these inputs."""
    recover(spec.folder)
    manifest = read_manifest(spec.folder)
    return (
        not options.force
        and manifest is not None
        and manifest.get("status") == "ok"
        and manifest.get("fingerprint") == fingerprint
        and all(path.exists() for path in expected_files(spec, options))
    )


def render_report(spec: ReportSpec, options: RenderOptions) -> RenderResult:
    """Render one report (in the calling process): execute, export, publish, write manifest."""
    fingerprint, inputs = report_fingerprint(spec, options)
    with report_lock(spec.folder, options.lock_timeout):
        # Checked again under the lock: a concurrent render may have just finished it.
        if is_up_to_date(spec, options, fingerprint):
            return RenderResult(spec.label, "up to date", str(spec.folder))
        remove_stale_staging(spec.folder)
        staging = staging_folder(spec.folder)
        try:
            return _render_into(spec, options, staging, fingerprint, inputs)
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def _render_into(
    spec: ReportSpec,
    options: RenderOptions,
    staging: Path,
    fingerprint: str,
    inputs: dict[str, str],
) -> RenderResult:
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from breakaway.render import convert as export

    timings: dict[str, float] = {}
    started = time.perf_counter()
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
    }
    try:
        papermill.execute_notebook(
            str(spec.notebook),
            str(executed),
            parameters=spec.parameters(options.data_dir),
            kernel_name="python3",
            progress_bar=False,
            log_output=False,
            cwd=str(spec.notebook.parent),
            execution_timeout=options.cell_timeout,
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
    except PapermillExecutionError as error:
        message = (
            f"cell {error.exec_count or error.cell_index}: {error.ename}: "
            f"{_first_line(error.evalue)}"
        )
        return _record_failure(spec, staging, executed, manifest, message, timings, started)
    except Exception as error:  # kernel died, timed out, or could not start
        message = f"{type(error).__name__}: {_first_line(str(error))}"
        return _record_failure(spec, staging, executed, manifest, message, timings, started)
    timings["execute"] = round(time.perf_counter() - started, 3)

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
    _export_figures(spec, options, export.extract_charts(notebook))

    phase = time.perf_counter()
    title = _title(spec, facts)
    html_text = export.notebook_html(
        notebook, title=title, subject=_subject(spec, facts), page_size=options.page_size
    )
    if "html" in options.formats:
        (staging / f"{spec.kind}.html").write_text(html_text, encoding="utf-8")
    timings["html"] = round(time.perf_counter() - phase, 3)
    if "pdf" in options.formats:
        phase = time.perf_counter()
        export.html_to_pdf(html_text, staging / f"{spec.kind}.pdf", base_url=staging)
        timings["pdf"] = round(time.perf_counter() - phase, 3)
    timings["total"] = round(time.perf_counter() - started, 3)
    manifest.update(
        status="ok",
        timings=timings,
        rendered_at=_now(),
        files=sorted(p.name for p in staging.iterdir()) + [MANIFEST],
    )
    write_json_atomic(staging / MANIFEST, manifest)
    publish_folder(staging, spec.folder)
    return RenderResult(spec.label, "rendered", str(spec.folder), timings=timings)


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
    spec.folder.mkdir(parents=True, exist_ok=True)
    if executed.exists():
        shutil.copyfile(executed, spec.folder / f"{spec.kind}.failed.ipynb")
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


def _export_figures(spec: ReportSpec, options: RenderOptions, charts: dict) -> None:
    if options.figures_dir is None:
        return
    folder = options.figures_dir / spec.name
    folder.mkdir(parents=True, exist_ok=True)
    for chart_id, files in charts.items():
        for suffix, content in files.items():
            short = chart_id.removeprefix(f"{spec.name}-")
            target = folder / f"{short}.{suffix}"
            temporary = target.with_name(f".{target.name}.{os.getpid()}")
            temporary.write_bytes(content)
            os.replace(temporary, target)


def _title(spec: ReportSpec, facts: dict) -> str:
    from breakaway.dates import format_date

    if spec.territory:
        return f"{facts['name']} — briefing as of {format_date(spec.as_of)}"
    return f"Post-Soviet breakaway regions compared — as of {format_date(spec.as_of)}"


def _subject(spec: ReportSpec, facts: dict) -> str:
    if spec.territory:
        return (
            f"Where {facts['name']} is, who lives there, who recognises it, and its "
            "steps towards Russia, from sourced data"
        )
    return "The post-Soviet breakaway regions side by side, from sourced data"


def _data_version(data_dir: Path) -> str:
    try:
        return str(json.loads((data_dir / "datapackage.json").read_text())["version"])
    except (OSError, ValueError, KeyError):
        return "unknown"


def _first_line(text: str) -> str:
    lines = [line.strip() for line in str(text).strip().splitlines() if line.strip()]
    return lines[0] if lines else ""


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def render_reports(
    specs: list[ReportSpec],
    options: RenderOptions,
    jobs: int,
    on_result: Callable[[RenderResult], None],
) -> list[RenderResult]:
    """Render every report that is not up to date, ``jobs`` at a time, each in its own process."""
    results: list[RenderResult] = []
    pending = []
    for spec in specs:
        fingerprint, _ = report_fingerprint(spec, options)
        if is_up_to_date(spec, options, fingerprint):
            result = RenderResult(spec.label, "up to date", str(spec.folder))
            results.append(result)
            on_result(result)
        else:
            pending.append(spec)
    if len(pending) == 1 or jobs == 1:
        for spec in pending:
            result = _safe_render(spec, options)
            results.append(result)
            on_result(result)
    elif pending:
        with ProcessPoolExecutor(max_workers=min(jobs, len(pending))) as pool:
            futures = {pool.submit(_safe_render, spec, options): spec for spec in pending}
            for future in as_completed(futures):
                result = future.result()
                results.append(result)
                on_result(result)
    return results


def _safe_render(spec: ReportSpec, options: RenderOptions) -> RenderResult:
    try:
        return render_report(spec, options)
    except RenderError as error:
        return RenderResult(spec.label, "failed", str(spec.folder), str(error))
    except Exception as error:  # an export bug must not stop the other reports
        if os.environ.get("BREAKAWAY_VERBOSE"):
            import traceback

            traceback.print_exc(file=sys.stderr)
        return RenderResult(
            spec.label,
            "failed",
            str(spec.folder),
            f"{type(error).__name__}: {_first_line(str(error))}",
        )
