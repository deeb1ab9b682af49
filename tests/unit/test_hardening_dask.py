"""Issue 23, findings 5 and 10: Dask waits are bounded and a stopped run leaves nothing running.

Before, a scheduler port that accepted and never answered hung the run for ever (Dask bounds the
TCP connect, not the handshake after it); an HTTP endpoint gave a traceback; SIGTERM returned at
once while the tasks went on running on the workers; a killed worker left its scratch folder.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import psutil
import pytest
from reportcheck import invoke, run_cli, start

from breakaway.render import worker_tasks

AS_OF = "2010-12-31"


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DASK_SCHEDULER_ADDRESS"}
    return {**env, "BREAKAWAY_SCHEDULER_TIMEOUT": "2", **extra}


def _render_on(address: str, out) -> list[str]:
    return [
        "render", "south-ossetia", "--as-of", AS_OF, "--format", "html", "--out", str(out),
        "--scheduler", address,
    ]  # fmt: skip


def _one_line(result) -> str:
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture
def silent_port():
    """A local port that accepts connections and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join(timeout=2)
    for connection in held:
        connection.close()
    server.close()


@pytest.mark.integration  # seconds of work: the whole suite runs it
def test_a_silent_scheduler_port_is_one_line_within_the_timeout(tmp_path, silent_port):
    began = time.monotonic()
    result = run_cli(*_render_on(f"tcp://127.0.0.1:{silent_port}", tmp_path / "out"),
                     env=_env(), timeout=90)  # fmt: skip
    line = _one_line(result)
    assert "cannot reach the Dask scheduler" in line and "no answer within 2 s" in line
    assert time.monotonic() - began < 60
    assert not (tmp_path / "out").exists()


class _Page(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - the name http.server calls
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"<html>dashboard</html>" * 1000)

    def log_message(self, *args):
        pass


@pytest.mark.integration  # seconds of work: the whole suite runs it
def test_an_http_endpoint_is_one_line(tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        address = f"tcp://127.0.0.1:{server.server_address[1]}"
        result = run_cli(*_render_on(address, tmp_path / "out"), env=_env(), timeout=90)
    finally:
        server.shutdown()
        server.server_close()
    assert "cannot reach the Dask scheduler" in _one_line(result)


@pytest.mark.parametrize("value", ["soon", "-1", "0"])
def test_the_scheduler_timeout_is_checked_like_a_parameter(tmp_path, value):
    # In process: refused before any task or kernel (a new interpreter costs a second).
    result = invoke(*_render_on("tcp://127.0.0.1:9", tmp_path / "out"),
                    env=_env(BREAKAWAY_SCHEDULER_TIMEOUT=value))  # fmt: skip
    assert "BREAKAWAY_SCHEDULER_TIMEOUT" in _one_line(result)


def test_a_dead_workers_scratch_is_removed_by_the_next_task(tmp_path, monkeypatch):
    monkeypatch.setattr(worker_tasks.tempfile, "gettempdir", lambda: str(tmp_path))
    gone = subprocess.Popen(["true"])
    gone.wait()
    root = worker_tasks.scratch_root()
    dead = root / f"{gone.pid}-leftover"
    (dead / "out").mkdir(parents=True)
    alive = root / f"{os.getppid()}-busy"
    alive.mkdir()
    fresh = worker_tasks.new_scratch()
    assert not dead.exists(), "a killed worker's scratch was left"
    assert alive.is_dir() and fresh.is_dir() and fresh.parent == root
    assert fresh.name.startswith(f"{os.getpid()}-")


# --- a real cluster in this process -------------------------------------------------------


def _kernels_of(process: psutil.Process) -> list[psutil.Process]:
    found = []
    for child in process.children(recursive=True):
        try:
            if "ipykernel" in " ".join(child.cmdline()):
                found.append(child)
        except psutil.Error:
            continue
    return found


def _wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    pytest.fail(f"{what} within {timeout:.0f} s")


@pytest.mark.integration
def test_sigterm_leaves_no_task_running_on_a_local_cluster_worker(tmp_path):
    distributed = pytest.importorskip("distributed")
    saved = dict(os.environ)
    me = psutil.Process()
    out = tmp_path / "out"
    try:
        # Threads, not processes: the worker (and the kernels its tasks start) are this process's.
        with distributed.LocalCluster(
            n_workers=1,
            threads_per_worker=1,
            processes=False,
            protocol="tcp",  # the CLI is another process
            dashboard_address=None,
        ) as local:
            worker = next(iter(local.workers.values()))
            cli = start(
                "breakaway", "render", "south-ossetia", "--as-of", "2008-12-31..2010-12-31",
                "--every", "year", "--format", "html", "--out", str(out),
                "--scheduler", local.scheduler_address, env=_env(BREAKAWAY_SCHEDULER_TIMEOUT="20"),
            )  # fmt: skip
            try:
                _wait_for(
                    lambda: _kernels_of(me) or cli.poll() is not None, 180, "no kernel started"
                )
                assert cli.poll() is None, cli.communicate()[1]
                cli.send_signal(signal.SIGTERM)
                stdout, stderr = cli.communicate(timeout=60)
            finally:
                if cli.poll() is None:
                    cli.kill()
            assert cli.returncode == 143, stderr
            # At once, not when the notebook would have finished anyway (well over 5 s more).
            _wait_for(
                lambda: not worker.active_threads and not _kernels_of(me),
                5,
                "a task (or its kernel) was still running on the worker",
            )
    finally:
        os.environ.clear()
        os.environ.update(saved)
    leftovers = [
        p for p in worker_tasks.scratch_root().iterdir() if p.name.startswith(f"{os.getpid()}-")
    ]
    assert leftovers == [], "a task's scratch folder was left"
