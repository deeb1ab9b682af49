"""On a Dask worker: each task's scratch folder and kernels, so that nothing outlives its run.

- **Scratch.** A task renders in ``<tmp>/breakaway-tasks-<uid>/<worker pid>-<random>``. A worker
  killed mid-task (SIGKILL, the OOM killer) cannot remove its folder, so every task first removes
  the folders of worker processes that no longer exist.
- **Stopping.** Cancelling a Dask future does not stop a task that is running: its thread goes on,
  and so does its Jupyter kernel. The client therefore runs :func:`stop_run` on every worker when
  SIGTERM stops it: the kernels of that run (found by the mark each task puts in the environment
  its kernel inherits) are killed with their process groups, so each task ends at once, fails and
  removes its own scratch.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import stat
import tempfile
from pathlib import Path

RUN_MARK = "BREAKAWAY_RUN_MARK"


def scratch_root() -> Path:
    """This user's folder of task scratch folders (created private, never through a link)."""
    root = Path(tempfile.gettempdir()) / f"breakaway-tasks-{os.getuid()}"
    with contextlib.suppress(FileExistsError):
        root.mkdir(mode=0o700)
    status = os.lstat(root)
    if not stat.S_ISDIR(status.st_mode) or status.st_uid != os.getuid():
        raise OSError(f"{root} is not a folder of this user's; refusing to use it for scratch")
    return root


def new_scratch() -> Path:
    """A fresh scratch folder for one task, after removing those of dead worker processes."""
    root = scratch_root()
    remove_dead_scratch(root)
    return Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=root))


def remove_dead_scratch(root: Path) -> list[Path]:
    """Remove the scratch folders whose worker process no longer exists; return them."""
    import psutil

    removed = []
    for folder in root.iterdir():
        owner = folder.name.split("-", 1)[0]
        if not owner.isdigit() or psutil.pid_exists(int(owner)):
            continue
        if folder.is_dir() and not folder.is_symlink():
            shutil.rmtree(folder, ignore_errors=True)
        else:
            folder.unlink(missing_ok=True)
        removed.append(folder)
    return removed


def stop_run(mark: str) -> int:
    """Kill every kernel below this worker that belongs to the run ``mark``; return how many."""
    import psutil

    if not mark:
        return 0
    killed = 0
    for process in psutil.Process().children(recursive=True):
        with contextlib.suppress(psutil.Error, OSError):
            if process.environ().get(RUN_MARK) != mark:
                continue
            if os.getsid(process.pid) == process.pid:
                os.killpg(process.pid, signal.SIGKILL)
            else:
                process.kill()
            killed += 1
    return killed
