"""A kernel started ahead: the next report's kernel boots and imports while this one converts.

A render process (a pool worker, or the CLI rendering one report after another) spends a report's
first second or so starting a kernel and importing pandas, matplotlib and breakaway in it, and
then several seconds in WeasyPrint with its kernel gone. When more reports are waiting,
:func:`start_if_wanted` (called right after a report's notebook has run) starts the next kernel
and sends it the imports, so both happen while this process lays out the PDF; the next
:func:`take` hands that kernel to papermill instead of starting one.

The warm kernel is started exactly as papermill would start it (same kernel, arguments, working
folder and environment); its imports run silently (``silent=True``: no output, no history, no
execution count), so the notebook's cells run with the same counts and outputs as in a fresh
kernel. :func:`take` checks that nothing a kernel inherits has changed since, and that the kernel
answered its imports, else it stops it and papermill starts a fresh one.

Nothing outlives its run: the kernel is a child of this process, so the signal handlers
(``signals.stop_descendants``) kill it with the others; a pool worker stops it when it exits
(``pool``), the CLI's loop when it ends (``run``), and a stale one is stopped by :func:`take`.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# What the notebooks' first cells import: the bulk of a kernel's start-up (pandas, matplotlib,
# frictionless, IPython.display through breakaway.report). Importing is all it does.
WARM_UP = "import breakaway.report.briefing, breakaway.report.comparison  # warm-up\n"
KERNEL_NAME = "python3"
# As papermill starts it (execute.py): quiet about listening on localhost; history kept in
# memory, as nbclient asks for a kernel it starts itself.
KERNEL_ARGUMENTS = ("--IPKernelApp.log_level=ERROR", "--HistoryManager.hist_file=:memory:")

# "0" turns kernels started ahead off (a host short of memory: one more kernel, ~170 MB, while a
# report converts; or to measure what they save).
SWITCH = "BREAKAWAY_KERNEL_AHEAD"

# Whether a report will follow the current one in this process; set by whoever hands out the
# reports (the pool worker, the CLI's loop). None: never start ahead (Dask tasks, tests). In a
# pool it also reserves the report for this worker's kernel (so two workers never both start a
# kernel for the one report left), and ``_release`` gives the reservation back.
_more_to_come: Callable[[], bool] | None = None
_release: Callable[[], None] | None = None
_reserved = False


@dataclass
class _Ahead:
    manager: Any  # a started SocketKernelManager
    client: Any  # a blocking client holding the warm-up request
    request: str  # the warm-up's msg_id
    cwd: Path
    environment: dict[str, str] = field(default_factory=dict)


_ahead: _Ahead | None = None


def expect_more(
    predicate: Callable[[], bool] | None, release: Callable[[], None] | None = None
) -> None:
    """Say how to tell whether another report will render in this process (None: never).

    With ``release``, ``predicate`` reserves a waiting report when it says yes (a pool: the
    reports are shared by the workers), and ``release`` gives that reservation back: called
    once, when this process begins its next report (:func:`release_reservation`) or stops the
    kernel.
    """
    global _more_to_come, _release, _reserved
    _more_to_come, _release, _reserved = predicate, release, False


def release_reservation() -> None:
    """Give back the waiting report this process's kernel started ahead for (once; else nothing).

    The pool calls it when the worker begins its next report; :func:`take` and :func:`stop`
    call it too, so a kernel that is used, stopped or fails to start never holds a report.
    """
    global _reserved
    if _reserved and _release is not None:
        _reserved = False
        _release()


def start_if_wanted(cwd: Path, start_environment: Callable[[], contextlib.AbstractContextManager]):
    """Start the next report's kernel now, if another report will follow and none is waiting.

    ``start_environment`` is the context the kernel starts in (``execute.figure_env``): the
    environment a kernel for the next report would inherit. Never raises: a kernel that cannot
    start ahead is simply started later, by papermill, which reports the error.
    """
    global _ahead, _reserved
    if _ahead is not None or _more_to_come is None:
        return
    if os.environ.get(SWITCH, "").strip() == "0":
        return
    if not _more_to_come():
        return
    _reserved = _release is not None
    with contextlib.suppress(Exception):
        with start_environment():
            _ahead = _start(cwd)
        _say(f"started the next report's kernel ahead (pid {_pid(_ahead.manager)})")
    if _ahead is None:
        release_reservation()  # no kernel after all: another worker may start one


def _start(cwd: Path) -> _Ahead:
    from jupyter_core.utils import run_sync

    from breakaway.render.kernels import SocketKernelManager

    manager = SocketKernelManager(kernel_name=KERNEL_NAME)
    run_sync(manager.start_kernel)(extra_arguments=list(KERNEL_ARGUMENTS), cwd=str(cwd))
    try:
        client = manager.blocking_client()
        client.start_channels(shell=True, iopub=False, stdin=False, hb=False, control=False)
        request = client.execute(
            WARM_UP, silent=True, store_history=False, allow_stdin=False, stop_on_error=False
        )
    except BaseException:
        _kill(manager, None)
        raise
    return _Ahead(manager, client, request, cwd, dict(os.environ))


def take(cwd: Path, timeout: float | None) -> Any | None:
    """The kernel started ahead, warm, if it fits a report run in ``cwd`` now; else None.

    Call it inside the environment the report's kernel would start in. The kernel is the
    caller's from then on (stop it with :func:`stop_kernel`). One that no longer fits (another
    environment or folder), died, or did not finish its imports within ``timeout`` seconds is
    stopped here, and None returned: papermill then starts a fresh kernel.
    """
    global _ahead
    ahead, _ahead = _ahead, None
    release_reservation()
    if ahead is None:
        return None
    try:
        fits = ahead.cwd == cwd and ahead.environment == dict(os.environ)
        if fits and _warm(ahead, timeout):
            ahead.client.stop_channels()
            _say(f"using the kernel started ahead (pid {_pid(ahead.manager)})")
            return ahead.manager
    except Exception:  # noqa: S110 - any doubt about the kernel: use a fresh one
        pass
    _say(f"stopping the kernel started ahead (pid {_pid(ahead.manager)}): it does not fit")
    _kill(ahead.manager, ahead.client)
    return None


def _warm(ahead: _Ahead, timeout: float | None) -> bool:
    """Whether the kernel is alive and answered its warm-up (imports done, with or without error).

    An import error is left for the notebook's own cell to report, as it would in a fresh kernel.
    """
    from jupyter_core.utils import run_sync

    if not run_sync(ahead.manager.is_alive)():
        return False
    while True:
        reply = ahead.client.get_shell_msg(timeout=timeout or 60.0)  # raises queue.Empty
        if reply.get("parent_header", {}).get("msg_id") == ahead.request:
            return True


def stop() -> None:
    """Stop the kernel started ahead, if any (at the end of a run, or of a worker)."""
    global _ahead
    ahead, _ahead = _ahead, None
    release_reservation()
    if ahead is not None:
        _say(f"stopping the kernel started ahead (pid {_pid(ahead.manager)}): no report left")
        _kill(ahead.manager, ahead.client)


def _say(message: str) -> None:
    """With ``--verbose``, one line on stderr: what became of a kernel started ahead."""
    from breakaway.render.progress import say_verbose

    say_verbose(message)


def _pid(manager: Any) -> str:
    with contextlib.suppress(Exception):
        return str(manager.provisioner.pid)
    return "?"


def waiting() -> bool:
    """Whether a kernel started ahead is waiting in this process."""
    return _ahead is not None


def stop_kernel(manager: Any) -> None:
    """Stop a kernel that :func:`take` handed out (papermill stops only kernels it started)."""
    _kill(manager, None)


def _kill(manager: Any, client: Any | None) -> None:
    from jupyter_core.utils import run_sync

    if client is not None:
        with contextlib.suppress(Exception):
            client.stop_channels()
    with contextlib.suppress(Exception):
        run_sync(manager.shutdown_kernel)(now=True)
    with contextlib.suppress(Exception):
        run_sync(manager.cleanup_resources)()
