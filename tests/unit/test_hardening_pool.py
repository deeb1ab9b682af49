"""Issue 23, finding 5: a pool worker killed from outside fails its report, not the run.

The OOM killer sends SIGKILL to one worker; before, the whole run stopped with a
``BrokenProcessPool`` traceback, the other reports were abandoned, no index was written and a
staging folder stayed behind. Now the dead worker's report fails (exit 1), the others finish, the
index is written and nothing is left: no staging folder, no orphaned kernel.
"""

from __future__ import annotations

import os
import signal
import time
import uuid

import psutil
import pytest
from reportcheck import marked_processes, start

from breakaway.render.kernel_forks import SERVE_FLAG

pytestmark = pytest.mark.integration

AS_OF = "2020-01-01"
REPORTS = ("abkhazia", "transnistria", "south-ossetia")


def _kernels(marker: str) -> list:
    """The run's kernels, started by a worker or forked by the kernel server (not the server)."""
    found = []
    for process in marked_processes(marker):
        try:
            command = process.cmdline()
            forked = SERVE_FLAG in command and process.parent().cmdline() == command
            if "ipykernel" in " ".join(command) and (SERVE_FLAG not in command or forked):
                found.append(process)
        except (psutil.Error, AttributeError):
            continue
    return found


def _a_busy_worker(cli: int):
    """A pool worker of the run: a child of the CLI that is not the kernel server.

    Called once a kernel runs: both workers have taken a report by then (a worker takes one as
    soon as it starts; there are more reports than workers).
    """
    workers = [
        child for child in psutil.Process(cli).children() if SERVE_FLAG not in child.cmdline()
    ]
    assert workers, "no pool worker found"
    return workers[0]


def _first_kernel(marker: str, timeout: float = 180.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        kernels = _kernels(marker)
        if kernels:
            return kernels[0]
        time.sleep(0.1)
    pytest.fail(f"no kernel started within {timeout:.0f} s")


def _wait_gone(marker: str, timeout: float = 10.0) -> list:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        left = marked_processes(marker)
        if not left:
            return []
        time.sleep(0.1)
    return [(p.pid, p.name()) for p in marked_processes(marker)]


def test_a_killed_worker_fails_its_report_and_the_others_finish(tmp_path):
    marker = uuid.uuid4().hex
    env = {**os.environ, "BREAKAWAY_TEST_MARK": marker}
    out = tmp_path / "out"
    args = ["render", *REPORTS, "--as-of", AS_OF, "--format", "html", "--out", str(out)]
    process = start("breakaway", *args, "--jobs", "2", env=env)
    try:
        kernel = _first_kernel(marker)
        worker = _a_busy_worker(process.pid)
        assert worker.pid not in (process.pid, kernel.pid)
        victim = " ".join(worker.cmdline())
        worker.send_signal(signal.SIGKILL)  # as the OOM killer does
        stdout, stderr = process.communicate(timeout=600)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 1, stderr
    assert "Traceback" not in stderr and "BrokenProcessPool" not in stderr, stderr
    assert stderr.count("worker process died") == 1, stderr
    assert (out / "index.html").is_file()
    rendered = [name for name in REPORTS if (out / name / AS_OF / "briefing.html").is_file()]
    assert len(rendered) == len(REPORTS) - 1, (rendered, stderr)
    assert not list(out.rglob("*.tmp-*")), "a staging folder was left behind"
    assert _wait_gone(marker) == [], f"left running after {victim[:80]}"
