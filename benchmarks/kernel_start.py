"""What a kernel costs before a notebook's first cell: forked from the server, or started afresh.

Usage::

    .venv/bin/python benchmarks/kernel_start.py [--repeats 3]

Starts a kernel with the render's kernel manager (``render.kernels.SocketKernelManager``), waits
until it answers, runs the notebooks' imports (``render.ahead.WARM_UP``) and reads the kernel
process's CPU seconds; once with the kernel server of a pool run (``render.kernel_forks``) and
once without (``BREAKAWAY_KERNEL_FORK=0``), alternated. Prints a Markdown table of medians (wall
seconds from asking for the kernel to the imports' reply; CPU seconds of the kernel process).
The server's own imports (once per run, while the render process loads its converters) are not
in these figures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import psutil
from jupyter_core.utils import run_sync

from breakaway import paths
from breakaway.render import kernel_forks
from breakaway.render.ahead import KERNEL_ARGUMENTS, KERNEL_NAME, WARM_UP
from breakaway.render.kernels import SocketKernelManager


def one_kernel() -> tuple[float, float, bool]:
    """Wall and kernel CPU seconds until the warm-up imports answered; whether it was forked."""
    started = time.perf_counter()
    manager = SocketKernelManager(kernel_name=KERNEL_NAME)
    run_sync(manager.start_kernel)(
        extra_arguments=list(KERNEL_ARGUMENTS), cwd=str(paths.notebooks_dir())
    )
    client = manager.blocking_client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=120)
        client.execute_interactive(WARM_UP, timeout=120)
        wall = time.perf_counter() - started
        times = psutil.Process(manager.provisioner.pid).cpu_times()
        forked = isinstance(manager.provisioner.process, kernel_forks.ForkedKernel)
        return wall, times.user + times.system, forked
    finally:
        client.stop_channels()
        run_sync(manager.shutdown_kernel)(now=True)


def main(argv: list[str] | None = None) -> int:
    """Time kernels forked and started, alternated; print the Markdown."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    rows: dict[bool, list[tuple[float, float]]] = {True: [], False: []}
    with kernel_forks.serving():
        one_kernel()  # waits for the server's imports, which a render overlaps with its own
        for _ in range(args.repeats):
            for fork in (False, True):
                os.environ[kernel_forks.SWITCH] = "1" if fork else "0"
                wall, cpu, forked = one_kernel()
                if forked != fork:
                    raise RuntimeError(
                        f"asked for {'a fork' if fork else 'a start'}, got the other"
                    )
                rows[fork].append((wall, cpu))
    load = " / ".join(f"{value:.2f}" for value in os.getloadavg())
    print(
        f"Kernel start and the notebooks' imports, {args.repeats} of each, alternated (load "
        f"average after: {load}):\n"
    )
    print("| kernel | wall s | kernel CPU s |")
    print("| --- | ---: | ---: |")
    for fork, label in ((False, "started (python -m ipykernel_launcher)"), (True, "forked")):
        wall = statistics.median(r[0] for r in rows[fork])
        cpu = statistics.median(r[1] for r in rows[fork])
        print(f"| {label} | {wall:.2f} | {cpu:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
