"""A whole run: render every report the plan marks out of date, ``jobs`` at a time.

Each report renders in its own worker process (its own kernel); results arrive as they finish.
On SIGTERM/SIGINT (``signals``) the pool is shut down without waiting: the workers and kernels are
already stopped, and ``Interrupted`` travels up to the CLI. A worker killed from outside fails only
its own report (``pool``).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from pathlib import Path

from breakaway.dates import format_date
from breakaway.errors import RenderError
from breakaway.render.plan import PlannedReport, RenderOptions, read_manifest
from breakaway.render.result import RenderResult, first_line


def render_reports(
    planned: list[PlannedReport],
    options: RenderOptions,
    jobs: int,
    on_result: Callable[[RenderResult], None],
) -> list[RenderResult]:
    """Render every planned report that is not up to date, ``jobs`` at a time."""
    results, pending = settle_up_to_date(planned, on_result)
    if len(pending) == 1 or jobs == 1:
        results += render_in_turn(pending, options, on_result)
    elif pending:
        pending = longest_first(pending, options.data_dir)
        # A worker killed from outside fails its own report; the others still render (pool).
        # Imported here: a run with nothing to render needs no process pool (no-op budget).
        from breakaway.render.pool import render_in_pool

        results += render_in_pool(
            pending, options, jobs, on_result, safe_render, before_fork=warm_up_for_workers
        )
    return results


def warm_up_for_workers() -> None:
    """Load the converters here, once, when the pool's workers are forked from this process.

    Forked workers inherit what this process imported; with another start method (spawn,
    forkserver) they would not, and the work here would be wasted, so it is skipped.
    """
    import multiprocessing

    if multiprocessing.get_start_method(allow_none=False) != "fork":
        return
    from breakaway.render.convert import warm_up

    warm_up()


def render_in_turn(
    pending: list[PlannedReport],
    options: RenderOptions,
    on_result: Callable[[RenderResult], None],
) -> list[RenderResult]:
    """Render ``pending`` one after another in this process.

    While a report converts, the next one's kernel starts and imports (``ahead``); the last
    report starts none, and a kernel left waiting (a failure, a signal) is stopped at the end.
    """
    from breakaway.render import ahead

    results = []
    left = len(pending)
    ahead.expect_more(lambda: left > 0)
    try:
        for report in pending:
            left -= 1
            result = safe_render(report, options)
            results.append(result)
            on_result(result)
    finally:
        ahead.expect_more(None)
        ahead.stop()
    return results


# Seconds a report of each kind took here before, when no manifest says (a fresh --out).
TYPICAL_SECONDS = {"briefing": 10.0, "comparison": 5.0}


def longest_first(
    pending: list[PlannedReport], data_dir: Path | None = None
) -> list[PlannedReport]:
    """The reports in the order that ends a parallel run soonest: the longest first.

    With more reports than jobs, the last report to start decides when the run ends; starting
    the short comparison last lets it fill the gap while the other job finishes a briefing.
    The estimate is the report's last render time: its manifest, else the newest manifest of the
    same report as of another day (a nightly edition's new folder, a sweep). With neither (a
    fresh --out), a briefing's time is its kind's typical time scaled by how many data rows its
    territory has among the territories rendered (the rows make its tables, sources and pages:
    the longest briefing has twice the rows of another), so the longest briefing no longer starts
    third only because the reports tie.
    """
    rows = _rows_by_territory(data_dir) if data_dir is not None else {}
    rendered = [r.spec.territory for r in pending if r.spec.territory in rows]
    mean_rows = sum(rows[t] for t in rendered) / len(rendered) if rendered else 0

    def expected_seconds(report: PlannedReport) -> float:
        seconds = _last_seconds(report)
        if seconds is not None:
            return seconds
        typical = TYPICAL_SECONDS.get(report.spec.kind, 10.0)
        territory = report.spec.territory
        if report.spec.kind == "briefing" and mean_rows and territory in rows:
            return typical * rows[territory] / mean_rows
        return typical

    return sorted(pending, key=expected_seconds, reverse=True)


def _last_seconds(report: PlannedReport) -> float | None:
    """How long the report's last render took: its manifest, else its newest sibling's."""
    folder = report.spec.folder
    seconds = _manifest_seconds(folder)
    if seconds is not None:
        return seconds
    with contextlib.suppress(OSError):
        # Other days' folders (ISO dates sort by time): the newest first.
        days = sorted((p for p in folder.parent.iterdir() if p.name[:1].isdigit()), reverse=True)
        for day in days:
            if day != folder and (seconds := _manifest_seconds(day)) is not None:
                return seconds
    return None


def _manifest_seconds(folder: Path) -> float | None:
    manifest = read_manifest(folder) or {}
    timings = manifest.get("timings")
    total = timings.get("total") if isinstance(timings, dict) else None
    return float(total) if isinstance(total, int | float) and total > 0 else None


def _rows_by_territory(data_dir: Path) -> dict[str, int]:
    """Rows per ``territory_id`` over the data folder's tables (a few milliseconds)."""
    import csv  # here: a run with nothing to render never needs it (no-op budget)

    counts: dict[str, int] = {}
    for table in sorted(data_dir.glob("*.csv")):
        with contextlib.suppress(OSError, UnicodeDecodeError, csv.Error):
            with table.open(encoding="utf-8", newline="") as rows:
                reader = csv.DictReader(rows)
                if "territory_id" not in (reader.fieldnames or []):
                    continue
                for row in reader:
                    territory = row.get("territory_id") or ""
                    counts[territory] = counts.get(territory, 0) + 1
    return counts


def settle_up_to_date(
    planned: list[PlannedReport], on_result: Callable[[RenderResult], None]
) -> tuple[list[RenderResult], list[PlannedReport]]:
    """Report the reports that need no render; return their results and the reports to render.

    Shared by the local pool and the Dask executor, so both say the same about skipped reports.
    """
    results: list[RenderResult] = []
    pending = []
    for report in planned:
        if report.is_unchanged_edition:
            result = RenderResult(
                report.spec.name,
                "unchanged",
                str(report.spec.folder),
                f"no change since the edition of {format_date(report.spec.as_of)}",
            )
            results.append(result)
            on_result(result)
        elif report.is_up_to_date:
            result = RenderResult(report.spec.label, "up to date", str(report.spec.folder))
            results.append(result)
            on_result(result)
        else:
            pending.append(report)
    return results, pending


def safe_render(report: PlannedReport, options: RenderOptions) -> RenderResult:
    """Render one report; any error becomes a failed result, so the others still render."""
    from breakaway.render.execute import render_report

    spec = report.spec
    try:
        return render_report(report, options)
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
            f"{type(error).__name__}: {first_line(str(error))}",
        )
