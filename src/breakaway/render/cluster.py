"""Render on a Dask distributed cluster: each report one task, published here as the pool would.

Used by ``breakaway render --scheduler ADDRESS`` (or ``DASK_SCHEDULER_ADDRESS``); without it the
local process pool (``run``) renders. Dask is imported only inside these functions: the CLI
imports this module only when a scheduler is named, so a quiet night never loads it.

What the client relies on, and why:

- **Same code, same data.** A worker renders with its own copy of the package and of the data
  (``BREAKAWAY_DATA_DIR``, else the project's ``data/``): no shared file system. Before anything
  is submitted, every worker reports its package version, a hash of its code and notebooks, and
  its data fingerprint; one difference and the run stops with one line (exit 2), since a report
  made from other data would carry this machine's fingerprint in its manifest. Each task checks
  again on its worker, for a worker that joined after the check.
- **Files, not paths.** A worker renders into a temporary folder of its own and returns the
  finished files as bytes; the client publishes them under ``--out`` with the same lock, staging
  folder and atomic swap as a local render (``publish``). A failure returns the failed notebook,
  which is kept beside the last good report, as locally.
- **Bounded retries.** A task whose worker dies is rescheduled by Dask (up to its
  ``allowed-failures``); one that raises is retried ``RETRIES`` times, possibly elsewhere. A
  report that still fails is a failed result (exit 1); the others still publish.
- **Signals.** ``Interrupted`` (from ``signals``) cancels every future and has every worker kill
  the kernels of this run (``worker_tasks``), so no task goes on running; nothing reaches
  ``--out`` except by a publish, so each report stays whole.
- **Bounded waits.** The scheduler must answer who it is within the connect timeout: a port that
  accepts and stays silent, or answers HTTP, is one line and exit 2.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import uuid
from collections.abc import Callable
from dataclasses import replace
from importlib import metadata
from pathlib import Path

from breakaway import paths
from breakaway.data.environment import scheduler_timeout
from breakaway.data.fingerprint import VALIDATED_ENV, data_hashes, short_fingerprint
from breakaway.errors import ParameterError, RenderError
from breakaway.render import fingerprint as fp
from breakaway.render.execute import RenderResult, first_line
from breakaway.render.guard import UnsafePath, refuse_links
from breakaway.render.plan import (
    MANIFEST,
    PlannedReport,
    RenderOptions,
    figures_folder,
    read_manifest,
)
from breakaway.render.publish import (
    publish_files,
    recover,
    report_lock,
    write_bytes_atomic,
    write_json_atomic,
)
from breakaway.render.signals import Interrupted
from breakaway.render.worker_tasks import RUN_MARK, new_scratch, stop_run

RETRIES = 2
# Seconds to reach the scheduler and hear it answer; a refused connection is retried until then (a
# scheduler that is still starting). BREAKAWAY_SCHEDULER_TIMEOUT changes it (checked at start).
CONNECT_TIMEOUT = 20
WORKER_WAIT_SECONDS = 30
# What a worker may send back as a file name: plain names only, never a path or a hidden file.
_FILE_NAME = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}$")
_CHECKED = (
    ("version", "package version"),
    ("code", "code and notebooks"),
    ("data", "data fingerprint"),
)


class WorkerMismatch(RenderError):
    """A worker runs other code or holds other data than the client."""


# -- what a worker is ---------------------------------------------------------------------------


def worker_data_dir() -> Path:
    """The data folder a worker renders from: its own ``BREAKAWAY_DATA_DIR`` or ``data/``."""
    return paths.data_dir()


def describe_worker(data_dir: Path | None = None) -> dict[str, str]:
    """The package version, a hash of the code and notebooks, and the data fingerprint here."""
    data_dir = data_dir or worker_data_dir()
    code = fp.package_hashes()
    for name in ("briefing", "comparison"):
        code |= fp.notebook_hashes(paths.notebooks_dir() / f"{name}.ipynb")
    try:
        version = metadata.version("breakaway")
    except metadata.PackageNotFoundError:
        version = "not installed"
    data = short_fingerprint(data_hashes(data_dir)) if data_dir.is_dir() else "no data folder"
    return {"version": version, "code": short_fingerprint(code), "data": data}


def mismatch(expected: dict[str, str], found: dict[str, str]) -> str | None:
    """What differs between this machine and a worker, in words, or ``None``."""
    for key, words in _CHECKED:
        if found.get(key) != expected.get(key):
            return f"{words} {found.get(key)!r} differs from this machine's {expected.get(key)!r}"
    return None


def check_workers(expected: dict[str, str], workers: dict[str, dict]) -> None:
    """Refuse, in one line, when any worker differs from this machine (or there is none)."""
    if not workers:
        raise ParameterError(
            "the Dask scheduler has no workers; expected at least one worker to render on"
        )
    for address in sorted(workers):
        difference = mismatch(expected, workers[address])
        if difference:
            raise ParameterError(
                f"Dask worker {address}: {difference}; expected every worker to run the same "
                f"breakaway and data (refusing to render; {len(workers)} workers checked)"
            )


# -- on a worker --------------------------------------------------------------------------------


def render_remote(
    report: PlannedReport, options: RenderOptions, expected: dict, run: str = ""
) -> dict:
    """On a worker: render one report into a temporary folder and return its files as bytes.

    ``run`` marks the task's kernel (through the environment it inherits), so that the client can
    have it killed when a signal stops the run (``worker_tasks.stop_run``).
    """
    from breakaway.render.run import safe_render

    data_dir = worker_data_dir()
    difference = mismatch(expected, describe_worker(data_dir))
    if difference:
        raise WorkerMismatch(f"this worker's {difference}")
    # The client validated these very bytes (same fingerprint): kernels need not check again.
    os.environ[VALIDATED_ENV] = expected["data"]
    if run:
        os.environ[RUN_MARK] = run
    scratch = new_scratch()  # and the scratch of workers killed before is removed
    try:
        spec = replace(report.spec, out_dir=scratch / "out")
        local = replace(options, data_dir=data_dir, figures_dir=scratch / "figures", force=True)
        result = safe_render(replace(report, spec=spec), local)
        figures = figures_folder(spec, local)
        return {
            "status": result.status,
            "message": result.message,
            "timings": result.timings,
            "files": _read_files(spec.folder),
            "figures": _read_files(figures) if figures else {},
        }
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _read_files(folder: Path) -> dict[str, bytes]:
    if not folder.is_dir():
        return {}
    return {
        p.name: p.read_bytes()
        for p in sorted(folder.iterdir())
        if p.is_file() and not p.is_symlink() and _FILE_NAME.match(p.name)
    }


# -- on the client ------------------------------------------------------------------------------


def connect(address: str):
    """A Dask client for ``address``, or one line (exit 2) when the scheduler cannot be reached.

    The scheduler is asked who it is first, every step within the timeout: Dask's own connect
    bounds the TCP connection but then waits for the handshake for ever, so a port that accepts
    and never answers (or answers HTTP) would hang the run or end in a traceback.
    """
    import asyncio

    from distributed import Client

    seconds = scheduler_timeout(CONNECT_TIMEOUT)
    try:
        asyncio.run(_identify(address, seconds))
        return Client(address, timeout=f"{seconds}s", set_as_default=False)
    except Exception as error:  # noqa: BLE001 - whatever it is, the scheduler is not usable
        reason = first_line(str(error)) or type(error).__name__
        if isinstance(error, TimeoutError):
            reason = f"no answer within {seconds:g} s"
        raise ParameterError(
            f"cannot reach the Dask scheduler at {address}: {reason}; "
            "expected a running scheduler (dask scheduler) with workers"
        ) from None


async def _identify(address: str, seconds: float) -> None:
    """Connect, ask the scheduler's identity and check the answer, all within ``seconds``."""
    import asyncio

    from distributed.comm import connect as open_comm

    async def ask() -> object:
        comm = await open_comm(address, timeout=seconds)
        try:
            await comm.write({"op": "identity", "reply": True})
            return await comm.read()
        finally:
            comm.abort()

    answer = await asyncio.wait_for(ask(), seconds)
    if not isinstance(answer, dict) or answer.get("type") != "Scheduler":
        raise ValueError("what answered is not a Dask scheduler")


def render_on_cluster(
    planned: list[PlannedReport],
    options: RenderOptions,
    address: str,
    on_result: Callable[[RenderResult], None],
) -> list[RenderResult]:
    """Render every planned report that is not up to date as a task on the cluster."""
    from breakaway.render.run import settle_up_to_date

    pending = [r for r in planned if not (r.is_up_to_date or r.is_unchanged_edition)]
    if not pending:  # nothing to render: no need to reach the scheduler at all
        return settle_up_to_date(planned, on_result)[0]
    client = connect(address)
    futures: dict = {}
    run = uuid.uuid4().hex
    try:
        expected = describe_worker(options.data_dir)
        try:
            client.wait_for_workers(1, timeout=WORKER_WAIT_SECONDS)
        except TimeoutError:
            pass  # check_workers says there are none
        check_workers(expected, client.run(describe_worker))
        results, pending = settle_up_to_date(planned, on_result)
        from distributed import as_completed

        for report in pending:
            future = client.submit(
                render_remote,
                report,
                options,
                expected,
                run,
                retries=RETRIES,
                pure=False,
                key=f"breakaway-{report.spec.name}-{report.spec.as_of.isoformat()}-"
                f"{report.fingerprint[:12]}-{os.getpid()}",
            )
            futures[future] = report
        for future in as_completed(list(futures), loop=client.loop):
            result = _settle(future, futures[future], options)
            results.append(result)
            on_result(result)
        return results
    except Interrupted:
        client.cancel(list(futures), force=True)
        # Cancelling does not stop a running task: kill its kernel, so it fails and cleans up now.
        with contextlib.suppress(Exception):
            client.run(stop_run, run)
        raise
    finally:
        client.close(timeout=5)


def _settle(future, report: PlannedReport, options: RenderOptions) -> RenderResult:
    """Publish what a task returned, or record why it failed (the others go on)."""
    spec = report.spec
    try:
        payload = future.result()
    except Exception as error:  # raised on every try, or its worker died too often
        message = f"on the cluster: {type(error).__name__}: {first_line(str(error))}"
        return _record_failure(report, options, {"files": {}}, message)
    if payload["status"] != "rendered":
        return _record_failure(report, options, payload, payload["message"])
    try:
        publish_remote(report, options, payload)
    except (RenderError, UnsafePath) as error:
        return RenderResult(spec.label, "failed", str(spec.folder), str(error))
    return RenderResult(spec.label, "rendered", str(spec.folder), timings=payload["timings"])


def _checked_files(files: dict) -> dict[str, bytes]:
    for name, content in files.items():
        if not (isinstance(name, str) and _FILE_NAME.match(name) and isinstance(content, bytes)):
            raise RenderError(f"a worker returned a file named {name!r}; expected a plain name")
    return files


def publish_remote(report: PlannedReport, options: RenderOptions, payload: dict) -> None:
    """Put a worker's finished files in place: locked, staged, swapped in whole with its charts.

    The same publication as a local render's (``publish.publish_report``).
    """
    spec = report.spec
    files = _checked_files(payload["files"])
    figures = _checked_files(payload.get("figures", {}))
    if MANIFEST not in files:
        raise RenderError(f"{spec.label}: the worker returned no {MANIFEST}")
    target = figures_folder(spec, options)
    refuse_links(spec.out_dir, spec.folder)
    if target is not None and options.figures_dir is not None:
        refuse_links(options.figures_dir, target)
    publish_files(spec.folder, files, target, figures, options.lock_timeout)


def _record_failure(
    report: PlannedReport, options: RenderOptions, payload: dict, message: str
) -> RenderResult:
    """As a local failure: the failed notebook beside the last good report, the attempt noted."""
    spec = report.spec
    files = _checked_files(payload.get("files", {}))
    failed_name = f"{spec.kind}.failed.ipynb"
    attempt = {"status": "failed", "error": message, "fingerprint": report.fingerprint}
    base = {"report": spec.name, "kind": spec.kind, "as_of": spec.as_of.isoformat()}
    if MANIFEST in files:  # the worker's record of its attempt, as a local failure writes it
        import json

        base = json.loads(files[MANIFEST].decode("utf-8"))
        attempt = base.get("last_attempt", attempt)
    refuse_links(spec.out_dir, spec.folder / failed_name)
    with report_lock(spec.folder, options.lock_timeout):
        recover(spec.folder)
        spec.folder.mkdir(parents=True, exist_ok=True)
        if failed_name in files:
            write_bytes_atomic(spec.folder / failed_name, files[failed_name])
        previous = read_manifest(spec.folder)
        if previous is not None and previous.get("status") == "ok":
            write_json_atomic(spec.folder / MANIFEST, {**previous, "last_attempt": attempt})
        else:
            write_json_atomic(spec.folder / MANIFEST, {**base, **attempt, "last_attempt": attempt})
    return RenderResult(spec.label, "failed", str(spec.folder), message, payload.get("timings", {}))
