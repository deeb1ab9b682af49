"""Render through a real Dask cluster: a LocalCluster of two worker processes on this machine.

The CLI runs as a separate process and reaches the cluster only through ``--scheduler``, as it
would reach a remote one. Sweeps are small and HTML only, to keep the suite's time down: two dates
where two workers share the work, one date where a task is killed or cancelled, as soon as it has
started (its kernel is running), never after a sleep.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from reportcheck import REPO, run_cli, start

pytestmark = pytest.mark.integration

DATES = ["2009-12-31", "2010-12-31"]
SWEEP = ["--as-of", "2009-12-31..2010-12-31", "--every", "year", "--format", "html"]
ONE_DATE = ["--as-of", "2010-12-31..2011-06-30", "--every", "year", "--format", "html"]


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local:
        with distributed.Client(local) as client:
            client.wait_for_workers(2, timeout=60)
            yield local, client


def _start_sweep(local, out: Path) -> subprocess.Popen:
    """The CLI rendering a one-date sweep on ``local``'s scheduler, not waited for."""
    return start(
        "breakaway", "render", "south-ossetia", *ONE_DATE, "--out", str(out),
        "--scheduler", local.scheduler_address,
    )  # fmt: skip


def _busy_worker(client) -> str:
    """The address of a worker running a task, once one is (two minutes at most)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        busy = [worker for worker, keys in client.processing().items() if keys]
        if busy:
            return busy[0]
        time.sleep(0.5)
    raise AssertionError("no task started on the cluster")


def _kernel_started(client, worker: str, timeout: float = 120.0) -> int:
    """The pid of ``worker``'s process once a kernel runs below it (its task has started)."""
    import psutil

    pid = client.run(os.getpid, workers=[worker])[worker]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            below = psutil.Process(pid).children(recursive=True)
        except psutil.Error:
            below = []
        if any("ipykernel" in " ".join(_cmdline(p)) for p in below):
            return pid
        time.sleep(0.1)
    raise AssertionError(f"no kernel started on {worker} within {timeout:.0f} s")


def _cmdline(process) -> list[str]:
    try:
        return process.cmdline()
    except Exception:
        return []


def _check_reports(out: Path, dates=DATES) -> None:
    for day in dates:
        folder = out / "south-ossetia" / day
        manifest = json.loads((folder / "manifest.json").read_text())
        assert manifest["status"] == "ok", manifest
        assert manifest["as_of"] == day
        assert json.loads((folder / "facts.json").read_text())["as_of"] == day
        assert "South Ossetia" in (folder / "briefing.html").read_text()
        assert not list(folder.parent.glob(f".{day}.tmp-*")), "a staging folder was left"


def test_a_sweep_renders_on_the_cluster_and_is_published_here(cluster, tmp_path):
    local, _ = cluster
    out = tmp_path / "reports"
    result = run_cli(
        "render", "south-ossetia", *SWEEP, "--out", str(out), "--scheduler", local.scheduler_address
    )
    assert result.returncode == 0, result.stderr
    assert "2 rendered" in result.stdout
    _check_reports(out)
    # The same run through the local pool would publish the same report: same fingerprint.
    manifest = json.loads((out / "south-ossetia" / DATES[0] / "manifest.json").read_text())
    assert manifest["settings"]["formats"] == ["html"]
    # Charts come back too, published with their report under --out.
    figures = out / "figures" / "south-ossetia" / DATES[0]
    assert any(figures.glob("*.svg")), "no figures published"
    # Nothing to do: the second run skips every report without reaching the cluster.
    again = run_cli(
        "render", "south-ossetia", *SWEEP, "--out", str(out), "--scheduler", "tcp://127.0.0.1:9"
    )
    assert again.returncode == 0, again.stderr
    assert "all 2 reports are up to date" in again.stdout


def test_a_worker_with_other_data_is_refused_in_one_line(cluster, tmp_path):
    local, client = cluster
    other = tmp_path / "other-data"
    shutil.copytree(REPO / "data", other)
    with (other / "events.csv").open("a", encoding="utf-8") as file:
        file.write("\n")  # one byte more: a different fingerprint, the same valid data
    env = {**os.environ, "BREAKAWAY_DATA_DIR": str(other)}
    worker = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "dask"),
            "worker",
            local.scheduler_address,
            "--nthreads",
            "1",
            "--no-dashboard",
            "--name",
            "other-data",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        client.wait_for_workers(3, timeout=60)
        out = tmp_path / "reports"
        result = run_cli(
            "render",
            "south-ossetia",
            *ONE_DATE,
            "--out",
            str(out),
            "--scheduler",
            local.scheduler_address,
        )
        assert result.returncode == 2, result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert "data fingerprint" in lines[0] and "Dask worker" in lines[0], lines[0]
        assert not (out / "south-ossetia").exists(), "nothing may be rendered after a refusal"
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    deadline = time.monotonic() + 30
    while len(client.scheduler_info()["workers"]) > 2 and time.monotonic() < deadline:
        time.sleep(0.2)


def test_a_sweep_survives_a_worker_killed_mid_task(cluster, tmp_path):
    local, client = cluster
    out = tmp_path / "reports"
    cli = _start_sweep(local, out)
    try:
        victim = _busy_worker(client)
        pid = _kernel_started(client, victim)  # inside the render: its notebook is running
        os.kill(pid, signal.SIGKILL)
        stdout, stderr = cli.communicate(timeout=600)
    finally:
        if cli.poll() is None:
            cli.kill()
    assert cli.returncode == 0, stderr
    assert "1 rendered" in stdout, stdout
    _check_reports(out, ["2010-12-31"])
    # The kill was real: the victim's process is gone (its nanny started a new one).
    assert pid not in client.run(os.getpid).values()


def test_sigterm_cancels_the_tasks_and_leaves_every_report_whole(cluster, tmp_path):
    local, client = cluster
    out = tmp_path / "reports"
    cli = _start_sweep(local, out)
    try:
        _busy_worker(client)
        cli.send_signal(signal.SIGTERM)
        stdout, stderr = cli.communicate(timeout=60)
    finally:
        if cli.poll() is None:
            cli.kill()
    assert cli.returncode == 143, stderr
    assert "stopped by SIGTERM" in stderr
    # Every report is whole: a folder holds a good report or does not exist; no staging left.
    for folder in (out / "south-ossetia").glob("*") if (out / "south-ossetia").exists() else []:
        assert ".tmp-" not in folder.name, f"a staging folder was left: {folder.name}"
        if folder.is_dir():
            assert json.loads((folder / "manifest.json").read_text())["status"] == "ok"
    # The cluster forgets the cancelled tasks.
    deadline = time.monotonic() + 30
    count = lambda dask_scheduler: len(dask_scheduler.tasks)  # noqa: E731
    while client.run_on_scheduler(count) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert client.run_on_scheduler(count) == 0
