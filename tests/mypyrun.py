"""One mypy cache per test session, shared by every test that runs mypy.

A cold mypy run analyses the standard library, matplotlib and the package before it looks at the
module a test planted: about 14 s on the 2-core machine, against half a second with a warm cache.
Each test still runs mypy itself (its own exit status and output); only the cache is shared. It
lives beside the shared rendered reports (``rendered.shared_root``), so every xdist worker sees it,
and runs are serialised by a file lock so that two workers never write it at once.
"""

from __future__ import annotations

import fcntl
import subprocess

from rendered import shared_root
from reportcheck import REPO, run


def run_mypy(tmp_path_factory, *args: str) -> subprocess.CompletedProcess:
    """Run mypy with the project's settings and the session's shared cache."""
    root = shared_root(tmp_path_factory)
    config = ("--config-file", str(REPO / "pyproject.toml"), "--cache-dir", str(root / "mypy"))
    with open(root / "mypy.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        return run("mypy", *config, *args)
