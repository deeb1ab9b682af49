"""Issue 13, signals: SIGTERM and SIGINT stop every worker and kernel and leave reports whole.

Real signals, real kernels: a good render first, then a forced one that is stopped while its
kernels run. Afterwards no process that the render started may be alive (found by an environment
marker that workers and kernels inherit), the exit status says which signal stopped it, every
report is the old one or a new one, whole, and the index lists them.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import uuid

import pytest
from faultpoint import BLOCK_ENV, blocking_notebooks, wait_for
from rendered import EARLY, rendered_set
from reportcheck import REPO, command, marked_processes, start

pytestmark = pytest.mark.integration

AS_OF = EARLY  # the shared set of small reports
REPORTS = ("abkhazia", "transnistria")


def _args(out, *extra: str) -> list[str]:
    return ["render", *REPORTS, "--as-of", AS_OF, "--format", "html", "--out", str(out), *extra]


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    return rendered_set(tmp_path_factory, AS_OF)


@pytest.fixture
def marked():
    """A marker for the processes of one test, and an environment carrying it; whatever still
    carries it when the test ends is killed, so a failing test leaves nothing running."""
    marker = uuid.uuid4().hex
    yield marker, {**os.environ, "BREAKAWAY_TEST_MARK": marker}
    for process in marked_processes(marker):
        try:
            process.kill()
        except Exception:
            pass


def _cmdline(process) -> list[str]:
    try:
        return process.cmdline()
    except Exception:
        return []


def _assert_no_process_left(marker: str) -> None:
    deadline = time.monotonic() + 5
    while marked_processes(marker) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = [(p.pid, " ".join(_cmdline(p))[:120]) for p in marked_processes(marker)]
    assert left == [], f"processes left behind: {left}"


def _assert_whole(out, fingerprints: dict[str, str]) -> None:
    for name in REPORTS:
        folder = out / name / AS_OF
        manifest = json.loads((folder / "manifest.json").read_text())
        assert manifest["status"] == "ok"
        assert manifest["fingerprint"] == fingerprints[name]
        for file in manifest["files"]:
            assert (folder / file).is_file(), file
        json.loads((folder / "facts.json").read_text())
        assert (folder / "briefing.html").read_text().rstrip().endswith("</html>")
        assert not list((out / name).glob(f".{AS_OF}.tmp-*")), "staging left behind"
        assert not (out / name / f"{AS_OF}.previous").exists()
    index = (out / "index.html").read_text()
    for name in REPORTS:
        assert f"./{name}/{AS_OF}/briefing.html" in index


def _fingerprints(out) -> dict[str, str]:
    return {
        name: json.loads((out / name / AS_OF / "manifest.json").read_text())["fingerprint"]
        for name in REPORTS
    }


@pytest.fixture
def out(tmp_path, good):
    import shutil

    target = tmp_path / "reports"
    shutil.copytree(good, target)
    return target


def _blocking(tmp_path, env: dict) -> tuple[dict, object]:
    """``env`` with briefings that block in their kernels, and the folder of their markers."""
    block = tmp_path / "block"
    block.mkdir()
    return {**blocking_notebooks(tmp_path / "notebooks"), **env, BLOCK_ENV: str(block)}, block


@pytest.mark.parametrize("jobs,signum", [("2", signal.SIGTERM), ("1", signal.SIGINT)])
def test_a_signal_stops_workers_and_kernels(tmp_path, out, marked, jobs, signum):
    before = _fingerprints(out)
    marker, env = marked
    env, block = _blocking(tmp_path, env)
    process = start("breakaway", *_args(out, "--force", "--jobs", jobs), env=env)
    # The signal is sent while a kernel runs the notebook: a blocking cell says when, and keeps
    # the render from finishing, so only the signal can end the run.
    for name in REPORTS[: int(jobs)]:
        wait_for(block / f"kernel-{name}", process)
    process.send_signal(signum)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 128 + signum, stderr
    assert f"stopped by {signal.Signals(signum).name}" in stderr
    assert "Traceback" not in stderr
    _assert_no_process_left(marker)
    _assert_whole(out, before)


def test_timeout_term_leaves_no_process_and_whole_reports(tmp_path, out, marked):
    """The issue's own check: ``timeout -s TERM 5 breakaway render --force --jobs 2``.

    The briefings block in their kernels, so the run cannot finish within 5 s: the TERM always
    lands mid-render, wherever the load has got it to.
    """
    before = _fingerprints(out)
    marker, env = marked
    env, _ = _blocking(tmp_path, env)
    argv = ["timeout", "--preserve-status", "-s", "TERM", "5"]
    argv += command("breakaway", *_args(out, "--force", "--jobs", "2"))
    result = subprocess.run(argv, cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 143, result.stderr
    assert "stopped by SIGTERM" in result.stderr
    _assert_no_process_left(marker)
    _assert_whole(out, before)
