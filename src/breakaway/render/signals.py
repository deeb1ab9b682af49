"""SIGTERM and SIGINT: stop every worker and kernel, leave each report whole, say so, exit.

Exit status after a signal is ``128 + signal number``, as a shell reports it: 143 for SIGTERM
(``timeout``, ``kill``, systemd), 130 for SIGINT (Ctrl-C).

Who does what:

- The CLI process (``handle_signals``) kills every process below it: each kernel with its whole
  process group (jupyter_client starts kernels in a session of their own, so a signal to our group
  never reaches them), each worker with SIGTERM, then SIGKILL for anything still alive after a
  grace period. It removes the staging folder of a report it was rendering itself and raises
  ``Interrupted``, so the CLI writes the index from the manifests on disk and exits.
- A worker (``init_worker``) ignores SIGINT (Ctrl-C reaches the whole terminal group; the CLI
  decides), and on SIGTERM kills its kernels, removes its staging folder and exits at once. On
  Linux it also asks for SIGTERM when the CLI dies, even by SIGKILL, so no worker outlives it.

Reports stay whole because nothing is published except by one atomic rename; a half-built report
lives only in a staging folder, which is removed here or by the next run.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

HANDLED = (signal.SIGTERM, signal.SIGINT)
GRACE_SECONDS = 5.0
_PR_SET_PDEATHSIG = 1
# The staging folder of the report this process is building, removed when a signal stops it.
_staging: list[Path] = []


class Interrupted(BaseException):  # noqa: N818 - like KeyboardInterrupt, not an error
    """A signal stopped the run (a ``BaseException``, so no ``except Exception`` swallows it)."""

    def __init__(self, signum: int):
        self.signum = signum
        super().__init__(signal.Signals(signum).name)

    @property
    def exit_code(self) -> int:
        """``128 + signal number``: 143 for SIGTERM, 130 for SIGINT."""
        return 128 + self.signum


@contextlib.contextmanager
def building(staging: Path) -> Iterator[None]:
    """Mark ``staging`` as the folder this process is building, for removal on a signal."""
    import shutil  # noqa: F401 (loaded now, not in the signal handler that removes the folder)

    _staging.append(staging)
    try:
        yield
    finally:
        with contextlib.suppress(ValueError):
            _staging.remove(staging)


@contextlib.contextmanager
def handle_signals() -> Iterator[None]:
    """In the CLI process: on SIGTERM/SIGINT stop everything below us and raise ``Interrupted``."""
    previous = {signum: signal.getsignal(signum) for signum in HANDLED}
    for signum in HANDLED:
        signal.signal(signum, _stop_run)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _stop_run(signum: int, frame) -> None:
    for handled in HANDLED:  # a second Ctrl-C must not interrupt the clean-up
        signal.signal(handled, signal.SIG_IGN)
    stop_descendants()
    _remove_staging()
    raise Interrupted(signum)


def init_worker() -> None:
    """In a pool worker: ignore SIGINT, clean up and exit on SIGTERM, die with the CLI."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop_worker)
    _die_with_parent()


def _stop_worker(signum: int, frame) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    stop_descendants(grace=0.0)
    _remove_staging()
    os._exit(128 + signum)


def _die_with_parent() -> None:
    import ctypes  # in a worker only: a run with nothing to do never loads it

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):
        return  # not Linux: the CLI's handler still stops the workers
    if os.getppid() == 1:  # the CLI died before prctl took effect
        os.kill(os.getpid(), signal.SIGTERM)


def _remove_staging() -> None:
    import shutil  # already loaded by building(): there is a folder to remove only after it

    for staging in list(_staging):
        shutil.rmtree(staging, ignore_errors=True)


def stop_descendants(grace: float = GRACE_SECONDS) -> None:
    """Kill every process below this one: kernels with their groups at once, workers gently.

    Workers get SIGTERM (they then stop their own kernels) and ``grace`` seconds; whatever is
    still alive after that gets SIGKILL. Kernels are killed outright: nothing in them needs a
    graceful shutdown, and a dead kernel cannot publish anything.
    """
    import psutil

    me = psutil.Process()
    own_session = os.getsid(0)
    deadline = time.monotonic() + grace
    while True:
        try:
            children = me.children(recursive=True)
        except psutil.Error:
            return
        if not children:
            return
        late = time.monotonic() >= deadline
        for child in children:
            _signal_child(child.pid, own_session, late)
        psutil.wait_procs(children, timeout=0.2)
        if late:
            psutil.wait_procs(children, timeout=1.0)
            return


def _signal_child(pid: int, own_session: int, late: bool) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        if os.getsid(pid) == pid and pid != own_session:
            os.killpg(pid, signal.SIGKILL)  # a kernel leads its own session and group
        else:
            os.kill(pid, signal.SIGKILL if late else signal.SIGTERM)
