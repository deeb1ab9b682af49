"""The kernel manager every render uses: kernels talk over Unix sockets, not TCP ports.

With TCP, jupyter_client picks free ports, closes them and hands them to the kernel; another
kernel starting at the same moment can bind one first, and the render fails with "Address
already in use". Parallel renders (the pool, Dask, the test suite) start many kernels at once.
IPC sockets get a fresh name per kernel, so two kernels never compete for one.

In a pool run the kernel is forked from a process that has already imported what notebooks
need (``kernel_forks``), when that process can serve it; otherwise it starts as usual.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from typing import Any

from jupyter_client.manager import AsyncKernelManager
from traitlets import default


class SocketKernelManager(AsyncKernelManager):
    """An ``AsyncKernelManager`` whose kernel listens on Unix sockets in the temp folder."""

    @default("transport")
    def _default_transport(self) -> str:
        return "ipc"

    @default("ip")
    def _default_ip(self) -> str:
        # A short, unique prefix: a socket path must stay under ~100 characters, and the
        # default ("kernel-ipc" in the working directory) would be shared and land in notebooks/.
        return os.path.join(tempfile.gettempdir(), f"breakaway-kernel-{uuid.uuid4().hex[:12]}")

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
        from breakaway.render import kernel_forks

        forked = kernel_forks.launch(kernel_cmd, env=kw.get("env"), cwd=kw.get("cwd"))
        if forked is None:
            await super()._async_launch_kernel(kernel_cmd, **kw)
            return
        # What LocalProvisioner.launch_kernel records for a process it started.
        provisioner = self.provisioner
        provisioner.process = forked  # type: ignore[union-attr]
        provisioner.pid = provisioner.pgid = forked.pid  # type: ignore[union-attr]
        provisioner.cwd = kw.get("cwd") or os.getcwd()  # type: ignore[union-attr]
        self._reconcile_connection_info(provisioner.connection_info)  # type: ignore[union-attr]
