"""The unit tier starts no Jupyter kernel: a trap that tells when one did.

For every test under ``tests/unit`` not marked ``integration``, the conftest puts a ``python3``
kernel spec of its own first on ``JUPYTER_PATH``, in-process and for every command the test runs
(they inherit the environment). That "kernel" only writes a file and exits; a test after which the
file exists fails, naming the rule. A real kernel start costs seconds a test, which the unit tier
(``make test-fast``, under 45 s) cannot afford.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

KERNEL_NAMES = ("python3",)
MESSAGE = (
    "a unit test started a Jupyter kernel; mark it @pytest.mark.integration and move it to "
    "tests/integration/"
)


def kernel_trap(folder: Path) -> Path:
    """Make ``folder`` a Jupyter data folder whose kernels only write ``folder/started``."""
    started = folder / "started"
    for name in KERNEL_NAMES:
        spec = folder / "kernels" / name
        spec.mkdir(parents=True, exist_ok=True)
        code = f"import pathlib; pathlib.Path({str(started)!r}).write_text('a kernel started')"
        argv = [sys.executable, "-c", code, "{connection_file}"]
        (spec / "kernel.json").write_text(
            json.dumps({"argv": argv, "display_name": "unit-tier trap", "language": "python"})
        )
    return started


def trap_path(folder: Path) -> str:
    """``JUPYTER_PATH`` with the trap first, ahead of any folder already named there."""
    return os.pathsep.join(p for p in (str(folder), os.environ.get("JUPYTER_PATH", "")) if p)
