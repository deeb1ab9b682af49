"""Kernels forked from the pre-imported server (render/kernel_forks.py), with real kernels.

A pool render forks every kernel; a forked kernel runs where and with what a started one would,
leads its own process group, dies when its requester lets go of it or the server stops, and a
request the server cannot serve gets a kernel started the usual way. That forked and started
kernels make the same reports is checked by test_render_ahead_rendered (its baseline, the set
of small reports, is rendered by a pool, so in forked kernels; its renders, one report after
another, in started ones) and below against a pool render with forks switched off.
"""

from __future__ import annotations

import json
import os
import time

import psutil
import pytest
from jupyter_core.utils import run_sync
from rendered import EARLY, rendered_log, rendered_set
from reportcheck import run_cli

from breakaway.render import kernel_forks
from breakaway.render.kernels import SocketKernelManager

pytestmark = pytest.mark.integration

ARGS = ["--IPKernelApp.log_level=ERROR", "--HistoryManager.hist_file=:memory:"]


def _run(manager, code: str) -> str:
    """Run ``code`` in the kernel; what it printed."""
    client = manager.blocking_client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        printed = []
        reply = client.execute_interactive(
            code, timeout=60, output_hook=lambda m: printed.append(m["content"].get("text", ""))
        )
        assert reply["content"]["status"] == "ok", reply["content"]
        return "".join(printed)
    finally:
        client.stop_channels()


def _gone(pid: int, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
            return True
        time.sleep(0.05)
    return False


def test_a_forked_kernel_runs_where_and_with_what_it_was_asked(tmp_path, monkeypatch):
    monkeypatch.setenv("BREAKAWAY_FORK_TEST", "asked")
    with kernel_forks.serving():
        manager = SocketKernelManager(kernel_name="python3")
        run_sync(manager.start_kernel)(extra_arguments=ARGS, cwd=str(tmp_path))
        try:
            forked = manager.provisioner.process
            assert isinstance(forked, kernel_forks.ForkedKernel)
            kernel = psutil.Process(forked.pid)
            assert kernel_forks.SERVE_FLAG in kernel.parent().cmdline()  # the server's child
            assert os.getsid(forked.pid) == forked.pid  # leads its own session and group
            said = _run(
                manager,
                "import json, os, sys, matplotlib\n"
                "print(json.dumps([os.getcwd(), os.environ.get('BREAKAWAY_FORK_TEST'),"
                " sys.path[0], os.path.basename(sys.argv[0]), matplotlib.get_backend(),"
                " 'breakaway.report.briefing' in sys.modules]))",
            )
            cwd, variable, path0, argv0, backend, preloaded = json.loads(said)
            assert cwd == path0 == str(tmp_path)
            assert variable == "asked"
            assert argv0 == "ipykernel_launcher.py"
            assert backend == kernel_forks.INLINE_BACKEND
            assert preloaded  # imported once, in the server
        finally:
            run_sync(manager.shutdown_kernel)(now=True)
        assert _gone(forked.pid)
        assert forked.returncode is not None  # the server sent its exit status


def test_a_forked_kernel_dies_when_its_requester_lets_go_or_the_server_stops(tmp_path):
    with kernel_forks.serving():
        first = kernel_forks.launch(_command(), dict(os.environ), str(tmp_path))
        second = kernel_forks.launch(_command(), dict(os.environ), str(tmp_path))
        assert first is not None and second is not None
        assert psutil.pid_exists(first.pid) and psutil.pid_exists(second.pid)
        first.close()  # as when its worker is killed: the connection closes
        assert _gone(first.pid), "a kernel outlived its requester"
        assert psutil.pid_exists(second.pid)
    assert _gone(second.pid), "a kernel outlived the server"


def test_a_request_the_server_cannot_serve_gets_a_started_kernel(tmp_path, monkeypatch):
    with kernel_forks.serving():
        # Read at import: a fork would keep the server's value, so it is refused.
        monkeypatch.setenv("MPLBACKEND", "agg")
        assert kernel_forks.launch(_command(), dict(os.environ), str(tmp_path)) is None
        manager = SocketKernelManager(kernel_name="python3")
        run_sync(manager.start_kernel)(extra_arguments=ARGS, cwd=str(tmp_path))
        try:
            assert not isinstance(manager.provisioner.process, kernel_forks.ForkedKernel)
            assert _run(manager, "import matplotlib; print(matplotlib.get_backend())").strip() in {
                "agg",
                "Agg",
            }
        finally:
            run_sync(manager.shutdown_kernel)(now=True)


def _command() -> list[str]:
    from jupyter_client.kernelspec import KernelSpecManager

    argv = KernelSpecManager().get_kernel_spec("python3").argv
    return [a.replace("{connection_file}", "/nonexistent/connection.json") for a in argv]


def test_a_pool_render_forks_its_kernels_and_makes_the_same_reports(tmp_path, tmp_path_factory):
    said = rendered_log(tmp_path_factory, EARLY)  # two briefings, --jobs 2: a pool
    assert said.count("kernel forked") >= 2, said
    assert "kernel not forked" not in said, said
    baseline = rendered_set(tmp_path_factory, EARLY)
    out = tmp_path / "out"
    result = run_cli(
        "render",
        "abkhazia",
        "transnistria",
        "--as-of",
        EARLY,
        "--jobs",
        "2",
        "--format",
        "html",
        "--verbose",
        "--out",
        str(out),
        env={**os.environ, kernel_forks.SWITCH: "0"},
    )
    assert result.returncode == 0, result.stderr
    assert "kernel forked" not in result.stderr
    for territory in ("abkhazia", "transnistria"):
        folder = f"{territory}/{EARLY}"
        for name in ("briefing.html", "facts.json"):
            mine, theirs = out / folder / name, baseline / folder / name
            assert mine.read_bytes() == theirs.read_bytes(), f"{folder}/{name} differs"
        charts = sorted(p.name for p in (baseline / "figures" / folder).iterdir())
        assert charts, "the baseline exported no charts"
        for chart in charts:
            mine = out / "figures" / folder / chart
            assert mine.read_bytes() == (baseline / "figures" / folder / chart).read_bytes(), chart
