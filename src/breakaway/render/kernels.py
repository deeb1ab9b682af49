"""The kernel manager every render uses: kernels talk over Unix sockets, not TCP ports.

With TCP, jupyter_client picks free ports, closes them and hands them to the kernel; another
kernel starting at the same moment can bind one first, and the render fails with "Address
already in use". Parallel renders (the pool, Dask, the test suite) start many kernels at once.
IPC sockets get a fresh name per kernel, so two kernels never compete for one.
"""

from __future__ import annotations

import os
import tempfile
import uuid

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
