"""Two runs into one OUT take turns at its shared files (editions' lists, feed, index).

Each run read the feed's entries, added its own and wrote them back, with no lock: two runs at
once (different reports, or a cron job and an operator) kept only the last writer's entries.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from breakaway.errors import RenderError
from breakaway.render import publish, site
from breakaway.render.plan import RenderOptions
from breakaway.render.result import RenderResult


@pytest.fixture(autouse=True)
def _locks_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setenv(publish.LOCK_DIR_ENV, str(tmp_path / "locks"))


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*")) if folder.exists() else []


def test_a_second_holder_waits_and_is_refused_in_one_line_after_its_timeout(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with publish.site_lock(out, 5):
        with pytest.raises(RenderError, match=f"another render into {out} has held its lock"):
            with publish.site_lock(out, 0.3):
                pass
    assert _files(out) == []  # the lock lives outside OUT


def test_the_site_lock_is_not_a_reports_lock(tmp_path):
    out = tmp_path / "out"
    with publish.site_lock(out, 5):
        with publish.report_lock(out / "south-ossetia" / "2022-05-13", 0.3):
            pass  # a report publishes while another run writes the feed


def test_the_feed_and_index_wait_for_the_other_run(tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    order: list[str] = []
    monkeypatch.setattr(
        "breakaway.render.index.write_index", lambda out_dir, base_url: order.append("index")
    )
    results = [RenderResult("south-ossetia 2022-05-13", "rendered", "")]
    options = RenderOptions(data_dir=tmp_path / "data", lock_timeout=5)
    holder_ready = threading.Event()

    def other_run():
        with publish.site_lock(out, 5):
            holder_ready.set()
            time.sleep(0.5)
            order.append("other run done")

    thread = threading.Thread(target=other_run)
    thread.start()
    holder_ready.wait(5)
    site.publish_site(out, [], results, options, None, None, {})
    thread.join()
    assert order == ["other run done", "index"]


@pytest.mark.parametrize("status", ["up to date", "unchanged"])
def test_a_run_that_changed_nothing_takes_no_lock(tmp_path, monkeypatch, status):
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_text("<html></html>")
    taken = []
    monkeypatch.setattr(publish, "site_lock", lambda *a: taken.append(a))
    monkeypatch.setattr(
        "breakaway.render.index.write_index", lambda *a: pytest.fail("index rewritten")
    )
    results = [RenderResult("south-ossetia 2022-05-13", status, "")]
    options = RenderOptions(data_dir=tmp_path / "data", lock_timeout=5)
    site.publish_site(out, [], results, options, None, None, {})
    assert taken == []
    assert not (tmp_path / "locks").exists()
