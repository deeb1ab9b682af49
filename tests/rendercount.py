"""Count what a test run renders: Jupyter kernels started (one per notebook execution) and PDFs.

Wall clocks on a shared machine measure the other processes as much as the tests; the number of
notebook executions and PDFs a run makes does not depend on the load. ``counting_kernels(folder)``
makes ``folder`` a Jupyter data folder whose ``python3`` kernel is the real one (same argv and
metadata) preceded by one line appended to ``folder/kernels.log``: the test that caused it
(``PYTEST_CURRENT_TEST``, which every process a test starts inherits). Put the folder first on
``JUPYTER_PATH`` for the run; ``kernel_starts`` reads the log back.

``pdfs_made(basetemp)`` counts the PDFs a run wrote under its ``--basetemp``: copies of a shared
set (``shutil.copytree`` keeps the modification time) count once.

Usage (what ``benchmarks/suite_bench.py --count`` does)::

    python tests/rendercount.py run -- tests/integration -n 2
"""

from __future__ import annotations

import collections
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

KERNEL = "python3"
LOG = "kernels.log"


def _real_spec() -> dict:
    from jupyter_client.kernelspec import KernelSpecManager

    spec = KernelSpecManager().get_kernel_spec(KERNEL)
    return spec.to_dict()


def counting_kernels(folder: Path) -> Path:
    """Make ``folder`` a Jupyter data folder whose kernel logs each start; the log's path."""
    log = folder / LOG
    spec = _real_spec()
    # The connection file's place in the real argv as None: the kernel manager fills in every
    # "{connection_file}" of an argv, this code's text included, so the text holds none.
    real = [None if a == "{connection_file}" else a for a in spec["argv"]]
    code = (
        "import os, sys; "
        f"open({str(log)!r}, 'a').write(os.environ.get('PYTEST_CURRENT_TEST', '-') + '\\n'); "
        f"argv = {real!r}; "
        "argv = [sys.argv[1] if a is None else a for a in argv]; "
        "os.execv(argv[0], argv)"
    )
    spec["argv"] = [sys.executable, "-c", code, "{connection_file}"]
    target = folder / "kernels" / KERNEL
    target.mkdir(parents=True, exist_ok=True)
    (target / "kernel.json").write_text(json.dumps(spec, indent=1))
    log.touch()
    return log


def kernel_starts(log: Path) -> collections.Counter:
    """Kernels started, by test file (the part of ``PYTEST_CURRENT_TEST`` before ``::``)."""
    counts: collections.Counter = collections.Counter()
    for line in log.read_text().splitlines():
        counts[line.split("::")[0] or "-"] += 1
    return counts


def pdfs_made(basetemp: Path) -> int:
    """PDFs written under ``basetemp``, a copy (same size and modification time) counted once."""
    seen = set()
    for path in basetemp.rglob("*.pdf"):
        stat = path.stat()
        seen.add((path.name, stat.st_size, stat.st_mtime_ns))
    return len(seen)


def run(pytest_args: list[str]) -> dict:
    """Run pytest with counting kernels and a fresh ``--basetemp``; what it rendered."""
    with tempfile.TemporaryDirectory(prefix="rendercount-") as scratch:
        folder = Path(scratch)
        log = counting_kernels(folder / "jupyter")
        basetemp = folder / "basetemp"
        path = os.pathsep.join(p for p in (str(log.parent), os.environ.get("JUPYTER_PATH")) if p)
        env = {**os.environ, "JUPYTER_PATH": path}
        argv = [sys.executable, "-m", "pytest", f"--basetemp={basetemp}", *pytest_args]
        result = subprocess.run(argv, env=env, cwd=Path(__file__).resolve().parent.parent)
        starts = kernel_starts(log)
        return {
            "exit": result.returncode,
            "kernels": sum(starts.values()),
            "by_file": dict(starts.most_common()),
            "pdfs": pdfs_made(basetemp) if basetemp.exists() else 0,
        }


if __name__ == "__main__":
    if sys.argv[1:2] != ["run"]:
        sys.exit("usage: python tests/rendercount.py run -- PYTEST ARGS")
    args = sys.argv[2:]
    if args[:1] == ["--"]:
        args = args[1:]
    print(json.dumps(run(args), indent=2))
