"""Put finished files in place so that a reader never sees a half-written report.

A report is built in a temporary folder beside its target, then swapped in with one atomic
``renameat2(RENAME_EXCHANGE)`` where the kernel offers it (Linux), else with two renames and a
recovery step. A lock file serialises renders of the same report; it lives outside the output
folder (``lock_location``), so that nothing a web server publishes from ``--out`` is a lock, and
is opened with ``O_NOFOLLOW``. Every temporary name starts with ``.<name>.tmp-`` so that leftovers
of a killed render, of any kind, are found and removed. Standard library only.

One path for every executor: ``staged`` gives a report its staging folders (the report's and its
charts', each beside its target), and ``publish_report`` swaps both in with SIGTERM and SIGINT
held, so a signal never leaves new charts beside an old report (and everything is written before
the first swap, so neither does a full disk). The local pool renders into the staging folders;
the Dask client writes the files a worker returned into them (``publish_files``).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import json
import os
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from breakaway.errors import RenderError
from breakaway.render.guard import UnsafePath, open_no_follow, refuse_links
from breakaway.render.locks import LOCK_DIR_ENV, LOCKS, lock_location  # noqa: F401 - re-exported
from breakaway.render.signals import building

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_OLD_SUFFIX = ".previous"


def _read_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _read_umask()


def _libc():
    # CDLL(None) is the running program, whose symbols include libc's; find_library("c") would
    # spawn gcc and ld to look for it.
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


_LIBC = _libc()


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically; ``False`` when the system cannot."""
    renameat2 = getattr(_LIBC, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def recover(target: Path) -> None:
    """Finish a swap that was interrupted between its two renames (the fallback path)."""
    previous = target.with_name(target.name + _OLD_SUFFIX)
    if previous.is_symlink() or (previous.exists() and not previous.is_dir()):
        previous.unlink()  # never ours: a swap leaves a real folder
    elif previous.exists():
        if target.exists() or target.is_symlink():
            shutil.rmtree(previous, ignore_errors=True)
        else:
            previous.rename(target)


def publish_folder(staging: Path, target: Path) -> None:
    """Make ``staging`` the new ``target`` in one step; the old target is removed after."""
    recover(target)
    if target.is_symlink():
        raise RenderError(f"{target} is a symbolic link; links are not followed (remove it)")
    if target.exists():
        if _exchange(staging, target):
            _fsync_dir(target.parent)
            shutil.rmtree(staging, ignore_errors=True)  # now holds the old report
            return
        previous = target.with_name(target.name + _OLD_SUFFIX)
        target.rename(previous)
        staging.rename(target)
        shutil.rmtree(previous, ignore_errors=True)
    else:
        staging.rename(target)
    _fsync_dir(target.parent)


def staging_folder(target: Path) -> Path:
    """A fresh temporary folder beside ``target`` (same file system, so renames are atomic)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    staging.chmod(0o777 & ~_UMASK)  # mkdtemp's 0700 would hide published reports from a web server
    return staging


def remove_stale_staging(target: Path) -> None:
    """Delete staging folders left by killed renders (call while holding the report's lock)."""
    leftovers = list(target.parent.glob(f".{target.name}.tmp-*"))
    if target.is_dir() and not target.is_symlink():
        leftovers += target.glob(".*.tmp-*")  # half-written manifests of a killed failure record
    for stale in leftovers:
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)
        else:
            stale.unlink(missing_ok=True)  # a file or a link, dangling or not: never followed


def discard_dead_render(
    target: Path, figures_target: Path | None = None, timeout: float = 5.0
) -> None:
    """Remove what a render killed mid-way left beside ``target`` and beside its charts' folder.

    Under the report's lock, which also guards its charts' staging (``staged``).
    """
    with report_lock(target, timeout):
        remove_stale_staging(target)
        if figures_target is not None:
            remove_stale_staging(figures_target)


def write_bytes_atomic(path: Path, content: bytes) -> None:
    """Write a file through a fresh temporary sibling and a rename (a link there is replaced)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.tmp-", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_UMASK)  # as a plain open() would create it
        with os.fdopen(fd, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_text_atomic(path: Path, text: str) -> None:
    """Write a text file (UTF-8) through a temporary sibling and a rename."""
    write_bytes_atomic(path, text.encode("utf-8"))


def remove_old_temporaries(folder: Path, min_age: float = 3600.0) -> None:
    """Delete ``.<name>.tmp-*`` files older than ``min_age`` seconds (left by killed renders).

    For folders that renders of different reports share (``figures/<territory>``), where a young
    temporary file may belong to a render that is still running.
    """
    now = time.time()
    for stale in folder.glob(".*.tmp-*"):
        try:
            if now - stale.lstat().st_mtime >= min_age and not stale.is_dir():
                stale.unlink()
        except OSError:
            continue


def point_latest(report_dir: Path, day: str) -> None:
    """Make ``report_dir/latest`` a relative link to ``report_dir/<day>`` (one rename).

    Nothing happens when that folder is not a real folder (a report without figures).
    """
    folder = report_dir / day
    if folder.is_symlink() or not folder.is_dir():
        return
    temporary = report_dir / f".latest.tmp-{os.getpid()}"
    if os.path.lexists(temporary):
        os.unlink(temporary)
    os.symlink(day, temporary)
    os.replace(temporary, report_dir / "latest")


def set_aside(path: Path) -> Path | None:
    """Rename a broken state file to ``<name>.broken`` (replacing an older one), for a person."""
    aside = path.with_name(path.name + ".broken")
    try:
        os.replace(path, aside)
    except FileNotFoundError:
        return None
    return aside


def write_json_atomic(path: Path, value: Mapping[str, object] | list) -> None:
    """Write JSON (sorted keys, trailing newline) atomically."""
    write_text_atomic(path, json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


@contextmanager
def report_lock(target: Path, timeout: float) -> Iterator[None]:
    """Hold an exclusive lock on one report; wait up to ``timeout`` seconds for another render."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with _held(*lock_location(target), timeout, f"another render of {target}"):
        _remove_old_lock(target)
        yield


# The lock of an output folder's shared files, named as no report's lock can be (a report's
# folder is a name, its edition an ISO date).
SITE = (".site", "feed-and-index")


@contextmanager
def site_lock(out_dir: Path, timeout: float) -> Iterator[None]:
    """Hold the lock on ``OUT``'s shared files: the editions' lists, the feed and the index.

    Each is read, changed and written again after the reports are published; two runs into one
    ``OUT`` (different reports, or a cron job and an operator) used to interleave there and the
    last writer's feed lost the other's entries. Nothing is created inside ``OUT``.
    """
    out_dir = Path(os.path.abspath(out_dir))
    where = out_dir / SITE[0] / SITE[1]  # named only: the lock file lives outside OUT
    with _held(*lock_location(where), timeout, f"another render into {out_dir}"):
        yield


@contextmanager
def _held(root: Path, lock_path: Path, timeout: float, holder: str) -> Iterator[None]:
    try:
        refuse_links(root, lock_path.parent)
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        fd = open_no_follow(lock_path, os.O_RDWR | os.O_CREAT)
    except UnsafePath as error:
        raise RenderError(str(error)) from None
    with os.fdopen(fd, "a+") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise RenderError(
                        f"{holder} has held its lock for {timeout:.0f} s; "
                        "try again when it has finished"
                    ) from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _remove_old_lock(target: Path) -> None:
    """Remove the lock an older version kept beside the report, in the published tree."""
    old = target.parent / f".{target.name}.lock"
    with contextlib.suppress(OSError):
        if not old.is_symlink() and old.is_file():
            old.unlink()


@dataclass(frozen=True)
class Staged:
    """A report's staging folders and where each goes (charts: ``None`` when none are kept)."""

    report: Path
    report_target: Path
    figures: Path | None = None
    figures_target: Path | None = None


@contextmanager
def staged(target: Path, figures_target: Path | None = None) -> Iterator[Staged]:
    """Fresh staging folders for a report and its charts; removed afterwards, whatever happens.

    Call under the report's lock (``report_lock``): interrupted swaps of both targets are finished
    and leftovers of killed renders removed first. A signal removes the staging folders too.
    """
    targets = [t for t in (target, figures_target) if t is not None]
    for each in targets:
        recover(each)
        remove_stale_staging(each)
    folders = [staging_folder(each) for each in targets]
    stage = Staged(folders[0], target, *((folders[1], figures_target) if figures_target else ()))
    try:
        with contextlib.ExitStack() as stack:
            for folder in folders:
                stack.enter_context(building(folder))
            yield stage
    finally:
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)


def publish_report(stage: Staged) -> None:
    """Swap a finished report and its charts in, with SIGTERM and SIGINT held in between.

    The report goes first: should the process die between the two renames all the same (a
    SIGKILL), the report's manifest lists charts that are not there, so the next plan finds it out
    of date and renders it again (``plan.has_its_figures``). New charts never stand beside an old
    report. An empty charts folder replaces old charts but is not created for nothing.
    """
    with signals_held():
        publish_folder(stage.report, stage.report_target)
        figures, target = stage.figures, stage.figures_target
        if figures is not None and target is not None:
            if any(figures.iterdir()) or target.exists() or target.is_symlink():
                publish_folder(figures, target)


def publish_files(
    target: Path,
    files: dict[str, bytes],
    figures_target: Path | None,
    figures: dict[str, bytes],
    lock_timeout: float,
) -> None:
    """Publish a report from its files' bytes (what a Dask worker returns), as a local render does.

    The names must have been checked to be plain file names.
    """
    with report_lock(target, lock_timeout), staged(target, figures_target) as stage:
        for name, content in files.items():
            (stage.report / name).write_bytes(content)
        if stage.figures is not None:
            for name, content in figures.items():
                (stage.figures / name).write_bytes(content)
        publish_report(stage)


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold SIGTERM and SIGINT for the duration; a held signal is delivered right after.

    Python runs signal handlers in the main thread only, so elsewhere there is nothing to hold.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held: list[int] = []
    previous = {signum: signal.getsignal(signum) for signum in (signal.SIGTERM, signal.SIGINT)}
    for signum in previous:
        signal.signal(signum, lambda number, frame: held.append(number))
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
        if held:
            os.kill(os.getpid(), held[0])  # now delivered to the handler we held it from
