"""Kernels started ahead in a pool: one per waiting report, never one stopped unused (issue 22).

With one report left and two workers finishing their notebooks, both used to start a kernel
for it; one was stopped unused at the end of the run. No kernel starts here: fakes stand in.
"""

from __future__ import annotations

import contextlib
import multiprocessing

import pytest

from breakaway.render import ahead, pool


class FakeManager:
    def __init__(self):
        self.stopped = False

    async def is_alive(self):
        return not self.stopped

    async def shutdown_kernel(self, now=False):
        self.stopped = True

    async def cleanup_resources(self):
        pass


class FakeClient:
    def get_shell_msg(self, timeout=None):
        return {"parent_header": {"msg_id": "warm"}}

    def stop_channels(self):
        pass


@pytest.fixture(autouse=True)
def _clean_state():
    ahead.expect_more(None)
    ahead.stop()
    yield
    ahead.expect_more(None)
    ahead.stop()


def _counters(unstarted: int):
    context = multiprocessing.get_context()
    return context.Value("q", unstarted), context.Value("q", 0, lock=False)


def test_one_report_left_gets_one_kernel_ahead_not_one_per_worker():
    unstarted, promised = _counters(1)
    reserve_a, release_a = pool.ahead_gate(unstarted, promised)
    reserve_b, _ = pool.ahead_gate(unstarted, promised)  # the other worker
    assert reserve_a() is True
    assert reserve_b() is False  # the report left already has a kernel waiting for it
    release_a()
    assert reserve_b() is True


def test_as_many_kernels_ahead_as_reports_wait():
    unstarted, promised = _counters(2)
    reserve, _ = pool.ahead_gate(unstarted, promised)
    assert [reserve(), reserve(), reserve()] == [True, True, False]


def test_no_report_waiting_no_kernel_ahead():
    unstarted, promised = _counters(0)
    reserve, _ = pool.ahead_gate(unstarted, promised)
    assert reserve() is False


def _fake_start(monkeypatch, started: list):
    def fake(cwd):
        import os

        started.append(cwd)
        return ahead._Ahead(FakeManager(), FakeClient(), "warm", cwd, dict(os.environ))

    monkeypatch.setattr(ahead, "_start", fake)


def test_a_kernel_ahead_holds_its_report_until_it_is_taken(monkeypatch, tmp_path):
    unstarted, promised = _counters(1)
    started: list = []
    _fake_start(monkeypatch, started)
    reserve, release = pool.ahead_gate(unstarted, promised)
    ahead.expect_more(reserve, release)
    ahead.start_if_wanted(tmp_path, contextlib.nullcontext)
    assert started == [tmp_path] and promised.value == 1
    ahead.start_if_wanted(tmp_path, contextlib.nullcontext)  # one waits already: no second
    assert started == [tmp_path]
    assert ahead.take(tmp_path, 1.0) is not None
    assert promised.value == 0
    ahead.release_reservation()  # given back once only
    assert promised.value == 0


def test_a_stopped_kernel_ahead_gives_its_report_back(monkeypatch, tmp_path):
    unstarted, promised = _counters(1)
    _fake_start(monkeypatch, [])
    ahead.expect_more(*pool.ahead_gate(unstarted, promised))
    ahead.start_if_wanted(tmp_path, contextlib.nullcontext)
    assert promised.value == 1
    ahead.stop()
    assert promised.value == 0


def test_a_kernel_that_fails_to_start_ahead_holds_no_report(monkeypatch, tmp_path):
    unstarted, promised = _counters(1)

    def broken(cwd):
        raise RuntimeError("no kernel spec")

    monkeypatch.setattr(ahead, "_start", broken)
    ahead.expect_more(*pool.ahead_gate(unstarted, promised))
    ahead.start_if_wanted(tmp_path, contextlib.nullcontext)
    assert not ahead.waiting() and promised.value == 0


def test_turned_off_reserves_nothing(monkeypatch, tmp_path):
    unstarted, promised = _counters(1)
    monkeypatch.setenv("BREAKAWAY_KERNEL_AHEAD", "0")
    _fake_start(monkeypatch, [])
    ahead.expect_more(*pool.ahead_gate(unstarted, promised))
    ahead.start_if_wanted(tmp_path, contextlib.nullcontext)
    assert promised.value == 0 and not ahead.waiting()


def test_beginning_a_report_ends_the_reservation_of_this_workers_kernel(monkeypatch, tmp_path):
    unstarted, promised = _counters(2)
    context = multiprocessing.get_context()
    slots = context.Array("q", 2, lock=False)
    monkeypatch.setattr(pool, "_slots", slots)
    monkeypatch.setattr(pool, "_unstarted", unstarted)
    monkeypatch.setattr(pool, "_promised", promised)
    _fake_start(monkeypatch, [])
    ahead.expect_more(*pool.ahead_gate(unstarted, promised))
    ahead.start_if_wanted(tmp_path, contextlib.nullcontext)  # for one of the two waiting
    assert promised.value == 1
    seen = {}

    def render(report, options):
        seen["counts"] = (unstarted.value, promised.value)
        return "done"

    assert pool._render_marked(0, "report", "options", render) == "done"
    # Begun: one report fewer waits, and no kernel holds it any more, so the other worker
    # may start one for the report still waiting.
    assert seen["counts"] == (1, 0)
    assert slots[0] == 0
