"""The local process pool, whole under a dead worker: its report fails, the others go on.

A worker killed from outside (the OOM killer's SIGKILL, a crash) breaks a
``ProcessPoolExecutor``: every unfinished future raises ``BrokenProcessPool``, and the executor
stops the other workers. Here each worker marks the report it is rendering in a slot of shared
memory and clears it when it finishes or when SIGTERM stops it; so after a break the reports whose
slot still holds a worker's pid are the ones whose worker died. Those fail (one line each, exit 1);
every other unfinished report is rendered again in a fresh pool. What the dead worker left is
cleaned: its kernel (found by the run's mark in its environment, since it was re-parented to init)
is killed with its process group, and its report's staging folder removed; a kernel forked by the
run's kernel server (``kernel_forks``) is killed by that server as soon as the dead worker's
connection to it closes.
"""

from __future__ import annotations

import contextlib
import os
import signal
import uuid
from collections.abc import Callable, MutableSequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool

from breakaway.render.execute import RenderResult
from breakaway.render.plan import PlannedReport, RenderOptions

# Every process of one run (workers, kernels) inherits this mark, so a dead worker's kernel can be
# found after it was re-parented to init.
from breakaway.render.worker_tasks import RUN_MARK

# In a worker: the shared array of pids, one slot per report of the round.
_slots: MutableSequence[int] | None = None
# In a worker: the shared count of the round's reports that no worker has begun.
_unstarted = None
# In a worker: the shared count of kernels started ahead (in any worker) and not yet used, each
# holding one of the unstarted reports; guarded by ``_unstarted``'s lock.
_promised = None


def render_in_pool(
    pending: list[PlannedReport],
    options: RenderOptions,
    jobs: int,
    on_result: Callable[[RenderResult], None],
    render: Callable[[PlannedReport, RenderOptions], RenderResult],
    before_fork: Callable[[], None] | None = None,
) -> list[RenderResult]:
    """Render ``pending`` ``jobs`` at a time; a report whose worker dies fails, alone.

    The workers' kernels are forked from a server that imported what notebooks need
    (``kernel_forks``); it starts first, so its imports overlap ``before_fork`` (the render
    process loading the converters its workers inherit).
    """
    from breakaway.render.kernel_forks import serving

    os.environ[RUN_MARK] = uuid.uuid4().hex  # fresh for each run: only its leftovers match
    with serving():  # started after the mark: its kernels carry it too
        if before_fork is not None:
            before_fork()
        return _render_rounds(pending, options, jobs, on_result, render)


def _render_rounds(
    pending: list[PlannedReport],
    options: RenderOptions,
    jobs: int,
    on_result: Callable[[RenderResult], None],
    render: Callable[[PlannedReport, RenderOptions], RenderResult],
) -> list[RenderResult]:
    import multiprocessing

    results: list[RenderResult] = []
    remaining = list(pending)
    while remaining:
        context = multiprocessing.get_context()
        slots = context.Array("q", len(remaining), lock=False)
        # How many reports of the round no worker has begun: while some wait, a worker starts
        # the next kernel ahead while it converts its report (ahead.py).
        unstarted = context.Value("q", len(remaining))
        promised = context.Value("q", 0, lock=False)
        pool = ProcessPoolExecutor(
            max_workers=min(jobs, len(remaining)),
            mp_context=context,
            initializer=_init_worker,
            initargs=(slots, unstarted, promised),
        )
        finished = broken = False
        done: set[int] = set()
        try:
            futures = {
                pool.submit(_render_marked, index, report, options, render): index
                for index, report in enumerate(remaining)
            }
            try:
                for future in as_completed(futures):
                    result = future.result()
                    done.add(futures[future])
                    results.append(result)
                    on_result(result)
                finished = True
            except BrokenProcessPool:
                broken = True
        finally:
            # After a break, wait: the executor stops the other workers, and each clears its slot.
            pool.shutdown(wait=finished or broken, cancel_futures=True)
        if finished:
            break
        dead = {i for i in range(len(remaining)) if slots[i] and i not in done}
        _kill_leftovers()
        for index in sorted(dead):
            report = remaining[index]
            _remove_staging(report, options)
            result = RenderResult(
                report.spec.label,
                "failed",
                str(report.spec.folder),
                "its worker process died (killed by a signal, perhaps for lack of memory); "
                "the other reports went on",
            )
            results.append(result)
            on_result(result)
        if not dead:  # a break with no report to blame: give up on what is left, once
            for index, report in enumerate(remaining):
                if index not in done:
                    result = RenderResult(
                        report.spec.label,
                        "failed",
                        str(report.spec.folder),
                        "the worker pool broke; the report was not rendered",
                    )
                    results.append(result)
                    on_result(result)
            break
        remaining = [r for i, r in enumerate(remaining) if i not in done and i not in dead]
    return results


def _init_worker(slots, unstarted, promised) -> None:
    """In a worker: the pool's usual signal handling, and a slot cleared when SIGTERM stops it.

    Also: a kernel started ahead while reports wait that no other worker's kernel is started
    for (``ahead_gate``), and stopped when the worker exits (a finalizer: a pool worker leaves
    through ``os._exit``, past ``atexit``).
    """
    from multiprocessing.util import Finalize

    from breakaway.render import ahead
    from breakaway.render.signals import init_worker

    global _slots, _unstarted, _promised
    _slots = slots
    _unstarted = unstarted
    _promised = promised
    init_worker()
    ahead.expect_more(*ahead_gate(unstarted, promised))
    Finalize(None, ahead.stop, exitpriority=100)
    stop = signal.getsignal(signal.SIGTERM)
    if not callable(stop):
        raise RuntimeError("init_worker() must install a SIGTERM handler to chain to")

    def _stopped(signum, frame):
        _clear_own_slots()
        stop(signum, frame)

    signal.signal(signal.SIGTERM, _stopped)


def ahead_gate(unstarted, promised) -> tuple[Callable[[], bool], Callable[[], None]]:
    """Whether a worker may start a kernel ahead, reserving a report for it; and the release.

    A kernel is started ahead only for a report that no worker has begun and no other kernel
    started ahead waits for: with one report left, two workers finishing their notebooks at
    about the same time used to start a kernel each, and one of them (its start and imports,
    about 1.7 s of CPU on a machine whose cores are all busy) was stopped unused at the end.
    """

    def reserve() -> bool:
        with unstarted.get_lock():
            if unstarted.value - promised.value > 0:
                promised.value += 1
                return True
            return False

    def release() -> None:
        with unstarted.get_lock():
            promised.value = max(0, promised.value - 1)

    return reserve, release


def _clear_own_slots() -> None:
    if _slots is None:
        return
    me = os.getpid()
    for index in range(len(_slots)):
        if _slots[index] == me:
            _slots[index] = 0


def _render_marked(index: int, report, options, render) -> RenderResult:
    slots = _slots
    if slots is None:
        raise RuntimeError("_render_marked runs in a pool worker, after _init_worker")
    from breakaway.render import ahead

    slots[index] = os.getpid()
    if _unstarted is not None:
        # One step (the lock is re-entrant): this report is begun, and the kernel this worker
        # started ahead for it, if any, no longer holds a waiting report.
        with _unstarted.get_lock():
            _unstarted.value -= 1
            ahead.release_reservation()
    try:
        return render(report, options)
    finally:
        slots[index] = 0


def _kill_leftovers() -> None:
    """Kill what a dead worker left: every other process carrying this run's mark."""
    import psutil

    mark, me = os.environ.get(RUN_MARK), os.getpid()
    if not mark:
        return
    for process in psutil.process_iter():
        with contextlib.suppress(psutil.Error, OSError):
            if process.pid == me or process.environ().get(RUN_MARK) != mark:
                continue
            if os.getsid(process.pid) == process.pid:
                os.killpg(process.pid, signal.SIGKILL)  # a kernel leads its own group
            else:
                process.kill()


def _remove_staging(report: PlannedReport, options: RenderOptions) -> None:
    from breakaway.render.plan import figures_folder
    from breakaway.render.publish import discard_dead_render

    with contextlib.suppress(Exception):
        discard_dead_render(report.spec.folder, figures_folder(report.spec, options))
