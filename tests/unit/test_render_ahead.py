"""A kernel started ahead (render/ahead.py): when it starts, when it is used, when it is stopped.

No kernel starts here: the manager and client are fakes (the unit tier's kernel trap would catch
a real one). The real kernels are in tests/integration/test_render_ahead.py.
"""

from __future__ import annotations

import contextlib
import os
import queue
from pathlib import Path

import pytest

from breakaway.render import ahead, run
from breakaway.render.execute import RenderResult


class FakeManager:
    def __init__(self, alive: bool = True):
        self.alive = alive
        self.stopped = False

    async def is_alive(self):
        return self.alive and not self.stopped

    async def shutdown_kernel(self, now=False):
        self.stopped = True

    async def cleanup_resources(self):
        pass


class FakeClient:
    def __init__(self, replies):
        self.replies = list(replies)
        self.closed = False

    def get_shell_msg(self, timeout=None):
        if not self.replies:
            raise queue.Empty
        return self.replies.pop(0)

    def stop_channels(self):
        self.closed = True


def _reply(msg_id: str) -> dict:
    return {"parent_header": {"msg_id": msg_id}, "content": {"status": "ok"}}


@pytest.fixture(autouse=True)
def _clean_state():
    ahead.expect_more(None)
    ahead.stop()
    yield
    ahead.expect_more(None)
    ahead.stop()


def _plant(monkeypatch, cwd: Path, replies=None, alive=True) -> tuple[FakeManager, FakeClient]:
    """Make start_if_wanted start fakes; start one; return them."""
    manager, client = (
        FakeManager(alive),
        FakeClient([_reply("warm")] if replies is None else replies),
    )

    def fake_start(folder):
        import os

        return ahead._Ahead(manager, client, "warm", folder, dict(os.environ))

    monkeypatch.setattr(ahead, "_start", fake_start)
    ahead.expect_more(lambda: True)
    ahead.start_if_wanted(cwd, contextlib.nullcontext)
    assert ahead.waiting()
    return manager, client


def test_no_kernel_ahead_unless_another_report_follows(monkeypatch, tmp_path):
    started = []
    monkeypatch.setattr(ahead, "_start", lambda cwd: started.append(cwd))
    ahead.start_if_wanted(tmp_path, contextlib.nullcontext)  # nobody said more would come
    ahead.expect_more(lambda: False)
    ahead.start_if_wanted(tmp_path, contextlib.nullcontext)  # the last report
    assert started == []
    assert not ahead.waiting()
    assert ahead.take(tmp_path, 1.0) is None


def test_no_kernel_ahead_when_the_operator_turned_it_off(monkeypatch, tmp_path):
    started = []
    monkeypatch.setattr(ahead, "_start", lambda cwd: started.append(cwd))
    monkeypatch.setenv("BREAKAWAY_KERNEL_AHEAD", "0")
    ahead.expect_more(lambda: True)
    ahead.start_if_wanted(tmp_path, contextlib.nullcontext)
    assert started == [] and not ahead.waiting()
    monkeypatch.setenv("BREAKAWAY_KERNEL_AHEAD", "1")
    ahead.start_if_wanted(tmp_path, contextlib.nullcontext)
    assert started == [tmp_path]


def test_the_warm_kernel_is_handed_over_once_and_its_warm_up_client_closed(monkeypatch, tmp_path):
    manager, client = _plant(monkeypatch, tmp_path)
    assert ahead.take(tmp_path, 1.0) is manager
    assert client.closed and not manager.stopped
    assert ahead.take(tmp_path, 1.0) is None  # handed over: the next report starts its own


def test_only_one_kernel_waits(monkeypatch, tmp_path):
    _plant(monkeypatch, tmp_path)
    monkeypatch.setattr(ahead, "_start", lambda cwd: pytest.fail("a second kernel started"))
    ahead.start_if_wanted(tmp_path, contextlib.nullcontext)


def test_stale_kernel_is_stopped_not_used_when_the_environment_changed(monkeypatch, tmp_path):
    manager, client = _plant(monkeypatch, tmp_path)
    monkeypatch.setenv("BREAKAWAY_FIGURE_PNG", "something else")
    assert ahead.take(tmp_path, 1.0) is None
    assert manager.stopped and client.closed


def test_stale_kernel_is_stopped_not_used_in_another_folder(monkeypatch, tmp_path):
    manager, _ = _plant(monkeypatch, tmp_path)
    assert ahead.take(tmp_path / "elsewhere", 1.0) is None
    assert manager.stopped


def test_dead_kernel_is_not_used(monkeypatch, tmp_path):
    manager, _ = _plant(monkeypatch, tmp_path, alive=False)
    assert ahead.take(tmp_path, 1.0) is None
    assert manager.stopped


def test_kernel_that_never_finished_its_imports_is_not_used(monkeypatch, tmp_path):
    # Another request's reply is not the warm-up's; then nothing comes within the timeout.
    manager, _ = _plant(monkeypatch, tmp_path, replies=[_reply("other")])
    assert ahead.take(tmp_path, 0.01) is None
    assert manager.stopped


def test_a_kernel_that_cannot_start_ahead_is_left_to_papermill(monkeypatch, tmp_path):
    def broken(cwd):
        raise RuntimeError("no kernel spec")

    monkeypatch.setattr(ahead, "_start", broken)
    ahead.expect_more(lambda: True)
    ahead.start_if_wanted(tmp_path, contextlib.nullcontext)  # no exception
    assert not ahead.waiting()


def test_stop_stops_the_waiting_kernel(monkeypatch, tmp_path):
    manager, client = _plant(monkeypatch, tmp_path)
    ahead.stop()
    assert manager.stopped and client.closed and not ahead.waiting()


def test_in_turn_every_report_but_the_last_may_start_the_next_kernel(monkeypatch, tmp_path):
    """The CLI's loop: 'more to come' is true while reports follow; a leftover is stopped."""
    seen = []
    manager = FakeManager()

    def fake_render(report, options):
        seen.append(ahead._more_to_come())
        ahead._ahead = ahead._Ahead(manager, FakeClient([]), "warm", tmp_path)
        return RenderResult(str(report), "rendered", str(tmp_path))

    monkeypatch.setattr(run, "safe_render", fake_render)
    results = run.render_in_turn(["a", "b", "c"], None, lambda result: None)
    assert [r.label for r in results] == ["a", "b", "c"]
    assert seen == [True, True, False]
    assert manager.stopped and not ahead.waiting()
    assert ahead._more_to_come is None


def test_in_turn_stops_the_waiting_kernel_when_a_render_raises(monkeypatch, tmp_path):
    manager = FakeManager()

    def interrupted(report, options):
        ahead._ahead = ahead._Ahead(manager, FakeClient([]), "warm", tmp_path)
        raise KeyboardInterrupt

    monkeypatch.setattr(run, "safe_render", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run.render_in_turn(["a", "b"], None, lambda result: None)
    assert manager.stopped and not ahead.waiting()


class SleepingKernel:
    """Stands in for a kernel manager: a process of its own session, as a kernel is."""

    def __init__(self):
        import subprocess

        self.process = subprocess.Popen(["sleep", "120"], start_new_session=True)

    async def is_alive(self):
        return self.process.poll() is None

    async def shutdown_kernel(self, now=False):
        self.process.kill()
        self.process.wait()

    async def cleanup_resources(self):
        pass


def _render_leaving_a_kernel_ahead(report, options):
    """In a pool worker: a render that leaves a kernel started ahead that no report will use."""
    kernel = SleepingKernel()
    Path(report).write_text(str(kernel.process.pid))
    ahead._ahead = ahead._Ahead(kernel, FakeClient([]), "warm", Path(report).parent)
    return RenderResult(str(report), "rendered", str(Path(report).parent))


def test_a_pool_worker_stops_its_unused_kernel_when_it_exits(tmp_path):
    from breakaway.render.pool import render_in_pool

    reports = [str(tmp_path / "one.pid"), str(tmp_path / "two.pid")]
    results = render_in_pool(reports, None, 2, lambda result: None, _render_leaving_a_kernel_ahead)
    assert sorted(r.status for r in results) == ["rendered", "rendered"]
    pids = [int(Path(report).read_text()) for report in reports]
    import time

    import psutil

    def alive(pid):
        try:
            return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            return False

    # The stand-in kernel sleeps 120 s, so a worker that leaves it running still fails here; 30 s
    # (not 5) leaves room for a loaded machine to reap the workers (it failed once at 5 s).
    deadline = time.monotonic() + 30
    while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = [pid for pid in pids if alive(pid)]
    for pid in left:  # do not leave them to the next test
        os.kill(pid, 9)
    assert left == [], "a worker exited and left its kernel started ahead running"
