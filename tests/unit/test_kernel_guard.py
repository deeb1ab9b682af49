"""The unit tier's kernel trap catches a kernel start, in-process and in a command."""

from __future__ import annotations

import subprocess
import sys
import time

from kernelguard import kernel_trap, trap_path


def _wait(path, seconds: float = 60.0) -> bool:
    deadline = time.monotonic() + seconds
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return path.exists()


def test_the_trap_catches_a_kernel_started_in_process(tmp_path, monkeypatch):
    from jupyter_client.manager import KernelManager

    started = kernel_trap(tmp_path)
    monkeypatch.setenv("JUPYTER_PATH", trap_path(tmp_path))
    manager = KernelManager(kernel_name="python3")
    manager.start_kernel()
    try:
        assert _wait(started), "the python3 kernel spec on JUPYTER_PATH was not the trap"
    finally:
        manager.cleanup_resources()
    started.unlink()  # caught here, so this test's own guard stays quiet


def test_the_trap_catches_a_kernel_started_by_a_command(tmp_path, monkeypatch):
    started = kernel_trap(tmp_path)
    monkeypatch.setenv("JUPYTER_PATH", trap_path(tmp_path))
    # The command starts a kernel as nbclient does and waits for its process to end: the trap's
    # "kernel" exits at once (start_new_kernel waited about 2 s more to see it had died); a real
    # kernel stays up, is stopped after 20 s, and leaves no trap file.
    code = (
        "import subprocess\n"
        "from jupyter_client.manager import KernelManager\n"
        "manager = KernelManager(kernel_name='python3')\n"
        "manager.start_kernel()\n"
        "try:\n"
        "    manager.provisioner.process.wait(timeout=20)\n"
        "except subprocess.TimeoutExpired:\n"
        "    manager.shutdown_kernel(now=True)\n"
    )
    subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=120)
    assert started.exists(), "a command's kernel did not use the trap"
    started.unlink()
