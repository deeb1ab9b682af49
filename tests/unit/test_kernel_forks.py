"""Kernels forked from a pre-imported server (render/kernel_forks.py): the rules, without a kernel.

Which commands and environments a fork may serve, how a forked kernel looks to jupyter_client
(its exit status arrives over the connection), and when no server runs at all. Kernels forked for
real are in tests/integration/test_kernel_forks_rendered.py.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys

import pytest

from breakaway.render import kernel_forks
from breakaway.render.kernel_forks import ForkedKernel, is_kernel_command, misfit

COMMAND = [sys.executable, "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f", "c.json"]


def test_only_ipykernel_run_by_this_python_with_the_same_options_can_be_forked():
    assert is_kernel_command(COMMAND)
    assert is_kernel_command(COMMAND, ["-Xfrozen_modules=off"])
    assert not is_kernel_command(COMMAND, [])  # the server runs with other options
    assert not is_kernel_command(["/bin/sh", "-m", "ipykernel_launcher", "-f", "c.json"])
    assert not is_kernel_command([sys.executable, "-m", "other_launcher", "-f", "c.json"])
    # The unit tier's trap kernel (kernelguard.py) is no ipykernel: it is started, not forked.
    assert not is_kernel_command([sys.executable, "-c", "print()", "c.json"])


def _request(tmp_path, **env_changes):
    env = {**os.environ, **env_changes}
    return {"argv": COMMAND, "cwd": str(tmp_path), "env": env}


def test_an_environment_read_at_import_must_match_the_servers(tmp_path):
    options = ["-Xfrozen_modules=off"]
    server = dict(os.environ)
    assert misfit(_request(tmp_path), server, options) is None
    # Read when used: the package's own variables and jupyter_client's two.
    same = _request(tmp_path, BREAKAWAY_FIGURE_PNG="1", JPY_PARENT_PID="12", JPY_SESSION_NAME="x")
    assert misfit(same, server, options) is None
    # Read at import (by Python, matplotlib, ipykernel): the fork would keep the server's value.
    for name in ("PYTHONPATH", "MPLBACKEND", "TZ", "JPY_INTERRUPT_EVENT"):
        why = misfit(_request(tmp_path, **{name: "elsewhere"}), server, options)
        assert why is not None and name in why, (name, why)
    missing = {**_request(tmp_path), "env": {k: v for k, v in server.items() if k != "HOME"}}
    if "HOME" in server:
        assert "HOME" in (misfit(missing, server, options) or "")
    assert misfit({**_request(tmp_path), "cwd": str(tmp_path / "gone")}, server, options)
    assert misfit({**_request(tmp_path), "argv": COMMAND[:1]}, server, options)


def _pair():
    ours, servers = socket.socketpair()
    return ForkedKernel(4321, ours), servers


def test_a_forked_kernel_reports_the_exit_status_the_server_sends():
    kernel, server = _pair()
    assert kernel.poll() is None
    with pytest.raises(subprocess.TimeoutExpired):
        kernel.wait(timeout=0.05)
    server.sendall(json.dumps({"exit": -9}).encode() + b"\n")
    assert kernel.wait(timeout=5) == -9
    assert kernel.poll() == -9
    kernel.send_signal(signal.SIGTERM)  # exited: nothing is signalled (pid 4321 is not ours)
    server.close()


def test_a_forked_kernel_whose_server_is_gone_counts_as_killed():
    kernel, server = _pair()
    server.close()
    assert kernel.poll() == -signal.SIGKILL


def test_letting_go_of_a_forked_kernel_closes_its_connection():
    kernel, server = _pair()
    kernel.close()
    assert server.recv(16) == b""  # the server sees the requester gone, and kills the kernel
    server.close()


def test_no_server_no_fork(monkeypatch):
    monkeypatch.delenv(kernel_forks.SOCKET_ENV, raising=False)
    assert kernel_forks.launch(COMMAND, dict(os.environ), os.getcwd()) is None
    monkeypatch.setenv(kernel_forks.SOCKET_ENV, "/nonexistent/socket")
    monkeypatch.setenv(kernel_forks.SWITCH, "0")
    assert kernel_forks.launch(COMMAND, dict(os.environ), os.getcwd()) is None
    monkeypatch.delenv(kernel_forks.SWITCH)
    # A server that is not there: the kernel starts the usual way.
    assert kernel_forks.launch(COMMAND, dict(os.environ), os.getcwd()) is None


def test_no_server_for_a_kernel_that_is_not_ipykernel(monkeypatch):
    # The unit tier's kernel spec is the trap (kernelguard.py): nothing could be forked for it,
    # so no server is started (and no pre-import paid).
    assert kernel_forks.kernel_options() is None
    with kernel_forks.serving():
        assert kernel_forks.SOCKET_ENV not in os.environ


def test_the_installed_kernel_spec_gives_the_servers_options(tmp_path, monkeypatch):
    spec = tmp_path / "kernels" / "python3"
    spec.mkdir(parents=True)
    argv = [sys.executable, "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f", "{x}"]
    (spec / "kernel.json").write_text(
        json.dumps({"argv": argv, "display_name": "p", "language": "python"})
    )
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    assert kernel_forks.kernel_options() == ["-Xfrozen_modules=off"]
    argv[1] = "-O"  # an option that is no -X setting: not served
    (spec / "kernel.json").write_text(
        json.dumps({"argv": argv, "display_name": "p", "language": "python"})
    )
    assert kernel_forks.kernel_options() is None
