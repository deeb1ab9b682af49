"""Issue 20, item 8: lock files live outside the published tree.

A web server publishes ``--out`` as it is; a lock file in it (``OUT/<report>/.<day>.lock``) was
published too. Locks now live in the user's runtime or cache folder, in
``breakaway/locks/<hash of OUT>/`` (or under ``$BREAKAWAY_LOCK_DIR``), never beside ``OUT`` (often
inside a web root too), and a lock an older version left in ``OUT`` is removed.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from breakaway.errors import RenderError
from breakaway.render import publish

DAY = "2020-01-01"


@pytest.fixture(autouse=True)
def user_folders(tmp_path, monkeypatch):
    """The user's runtime and cache folders, inside the test's own folder."""
    monkeypatch.delenv(publish.LOCK_DIR_ENV, raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "run"))
    (tmp_path / "run").mkdir()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def _locks_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.name.endswith(".lock"))


def _publish(out: Path) -> None:
    target = out / "south-ossetia" / DAY
    with publish.report_lock(target, 5), publish.staged(target, out / "figures" / "x") as stage:
        (stage.report / "briefing.html").write_text("new")
        publish.publish_report(stage)


def test_a_published_report_leaves_no_lock_under_out(tmp_path):
    out = tmp_path / "out"
    _publish(out)
    assert (out / "south-ossetia" / DAY / "briefing.html").read_text() == "new"
    assert _locks_under(out) == []
    root, lock = publish.lock_location(out / "south-ossetia" / DAY)
    assert lock.is_file() and out not in lock.parents
    assert lock.parent.parent == tmp_path / "run" / "breakaway" / "locks"
    assert not (tmp_path / ".breakaway-locks").exists()  # nothing beside OUT


def test_the_check_sees_a_planted_lock_under_out(tmp_path):
    out = tmp_path / "out"
    _publish(out)
    (out / "south-ossetia" / f".{DAY}.lock").write_text("")
    assert _locks_under(out) == [f"south-ossetia/.{DAY}.lock"]


def test_a_lock_an_older_version_left_in_out_is_removed(tmp_path):
    out = tmp_path / "out"
    old = out / "south-ossetia" / f".{DAY}.lock"
    old.parent.mkdir(parents=True)
    old.write_text("")
    _publish(out)
    assert _locks_under(out) == []


def test_every_spelling_of_one_out_shares_its_locks(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "alias").symlink_to(tmp_path / "real")
    first = publish.lock_location(tmp_path / "real" / "south-ossetia" / DAY)[1]
    second = publish.lock_location(tmp_path / "alias" / "south-ossetia" / DAY)[1]
    assert first.name == second.name and first.parent.name == second.parent.name
    other = publish.lock_location(tmp_path / "other" / "south-ossetia" / DAY)[1]
    assert other.parent != first.parent


def test_the_lock_still_makes_a_second_render_wait(tmp_path):
    target = tmp_path / "out" / "south-ossetia" / DAY
    with publish.report_lock(target, 5):
        with pytest.raises(RenderError, match="has held its lock"):
            with publish.report_lock(target, 0.3):
                pass


def test_breakaway_lock_dir_chooses_where_locks_live(tmp_path, monkeypatch):
    monkeypatch.setenv(publish.LOCK_DIR_ENV, str(tmp_path / "locks"))
    root, lock = publish.lock_location(tmp_path / "out" / "south-ossetia" / DAY)
    assert root == tmp_path / "locks" and root in lock.parents
    _publish(tmp_path / "out")
    assert lock.is_file()
    assert not (tmp_path / ".breakaway-locks").exists()


def test_an_unwritable_runtime_folder_sends_locks_to_the_user_cache(tmp_path, monkeypatch):
    real_access = os.access
    runtime = tmp_path / "run"
    monkeypatch.setattr(
        publish.os, "access", lambda p, mode: str(p) != str(runtime) and real_access(p, mode)
    )
    root, lock = publish.lock_location(tmp_path / "out" / "south-ossetia" / DAY)
    assert root == tmp_path / "cache" / "breakaway"
    assert lock.parent.parent == root / "locks"


def test_a_linked_lock_folder_is_refused(tmp_path):
    out = tmp_path / "out"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "run" / "breakaway").mkdir()
    (tmp_path / "run" / "breakaway" / "locks").symlink_to(elsewhere)
    with pytest.raises(RenderError, match="symbolic link"):
        with publish.report_lock(out / "south-ossetia" / DAY, 1.0):
            pass
    assert list(elsewhere.iterdir()) == []
