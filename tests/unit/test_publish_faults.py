"""Deterministic fault injection: a render killed at every file-system step of its publish.

The steps a render takes after its notebook ran (stage a folder, write its files, swap it in,
remove the old one) are replayed in-process with every change to the file system counted (mkdir,
rename, replace, unlink, rmdir and the atomic exchange). For each step k the process "dies" just
before step k: that step and every later one, clean-up handlers included, fail, as nothing runs
after a SIGKILL. Then a reader looks at the report, and the next run (recover and remove the stale
staging under the lock, as ``execute.render_report`` does) must find the old report or the new
one, whole, and publish the next one cleanly.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from breakaway.render import publish

FILES = {"briefing.html", "facts.json", "manifest.json"}


class Killed(BaseException):
    """The process died here (a BaseException, so no ``except Exception`` or OSError catches it)."""


class Killer:
    """Counts the file-system changes of the code under test; from step ``at`` on, each dies."""

    OPS = ("mkdir", "rename", "replace", "unlink", "rmdir")

    def __init__(self, monkeypatch, at: int):
        self.at, self.count, self.armed, self.killed_at = at, 0, True, None
        for name in self.OPS:
            monkeypatch.setattr(os, name, self._wrap(name, getattr(os, name)))
        monkeypatch.setattr(publish, "_exchange", self._wrap("exchange", publish._exchange))

    def _wrap(self, name, real):
        def step(*args, **kwargs):
            if self.armed:
                if self.killed_at is not None or self.count == self.at:
                    self.killed_at = self.killed_at or name
                    raise Killed(name)
                self.count += 1
            return real(*args, **kwargs)

        return step

    def disarm(self) -> None:
        self.armed = False


def _publish_version(target: Path, version: int) -> None:
    """What a render does once its notebook ran: lock-time clean-up, stage, write, swap."""
    publish.recover(target)
    publish.remove_stale_staging(target)
    staging = publish.staging_folder(target)
    publish.write_text_atomic(staging / "briefing.html", f"version {version}")
    publish.write_json_atomic(staging / "facts.json", {"version": version})
    publish.write_json_atomic(staging / "manifest.json", {"version": version, "status": "ok"})
    publish.publish_folder(staging, target)


def _version(folder: Path) -> int:
    """The version a folder holds, when it holds one whole report; fails otherwise."""
    names = {p.name for p in folder.iterdir()}
    assert names == FILES, f"not a whole report: {sorted(names)}"
    versions = {
        int((folder / "briefing.html").read_text().split()[-1]),
        json.loads((folder / "facts.json").read_text())["version"],
        json.loads((folder / "manifest.json").read_text())["version"],
    }
    assert len(versions) == 1, f"a mix of reports: {versions}"
    return versions.pop()


def _reader_sees(target: Path, fallback: bool) -> int | None:
    """The version a reader finds right after the kill (``None``: no report yet)."""
    if target.is_dir():
        return _version(target)
    previous = target.with_name(target.name + ".previous")
    # Only the two-rename fallback has a moment without the target, and then the old report
    # waits whole beside it for the next run's recover().
    assert fallback and previous.is_dir() or not previous.exists(), (
        "report gone, nothing to recover"
    )
    return _version(previous) if previous.is_dir() else None


def _has_exchange(tmp_path: Path) -> bool:
    first, second = tmp_path / "probe-a", tmp_path / "probe-b"
    first.mkdir()
    second.mkdir()
    try:
        return publish._exchange(first, second)
    except OSError:
        return False


@pytest.mark.parametrize("old", [True, False], ids=["over an old report", "first report"])
@pytest.mark.parametrize("fallback", [False, True], ids=["atomic exchange", "two renames"])
def test_a_kill_at_any_publish_step_leaves_the_old_or_the_new_report_whole(
    tmp_path, monkeypatch, old, fallback
):
    if not fallback and not _has_exchange(tmp_path):
        pytest.skip("this file system offers no renameat2(RENAME_EXCHANGE)")
    if fallback:
        monkeypatch.setattr(publish, "_exchange", lambda first, second: False)
    killed_at, at = [], 0
    while True:
        case = tmp_path / f"kill-before-step-{at}"
        case.mkdir()
        target = case / "2022-05-13"
        if old:
            _publish_version(target, 1)
        with monkeypatch.context() as patch:
            killer = Killer(patch, at)
            try:
                _publish_version(target, 2)
            except Killed:
                pass
            killer.disarm()
        seen = _reader_sees(target, fallback)
        assert seen in ({1, 2} if old else {None, 2}), (at, killer.killed_at, seen)
        # The next run under the report's lock: finish or undo the swap, drop the staging.
        publish.recover(target)
        publish.remove_stale_staging(target)
        if target.exists():
            assert _version(target) in ({1, 2} if old else {2}), (at, killer.killed_at)
        else:
            assert not old, "the old report was lost"
        _publish_version(target, 3)
        assert _version(target) == 3
        assert [p.name for p in case.iterdir()] == ["2022-05-13"], "leftovers after the next run"
        if killer.killed_at is None:
            break  # the publish finished: every step has had its kill
        killed_at.append(killer.killed_at)
        at += 1
    # Every kind of step was interrupted at least once: staging, writing, the swap and, over an
    # old report, removing it.
    expected = {"mkdir", "replace"} | ({"rmdir", "unlink"} if old else set())
    expected |= {"rename"} if fallback or not old else {"exchange"}
    assert expected <= set(killed_at), killed_at
    assert len(killed_at) >= (12 if old else 8), killed_at


def test_a_kill_while_recording_a_failure_keeps_the_good_manifest(tmp_path, monkeypatch):
    """A failed attempt is noted in the good report's manifest through a temporary file."""
    target = tmp_path / "2022-05-13"
    _publish_version(target, 1)
    killed = []
    for at in range(4):
        with monkeypatch.context() as patch:
            killer = Killer(patch, at)
            try:
                publish.write_json_atomic(target / "manifest.json", {"version": 1, "failed": True})
            except Killed:
                pass
            killer.disarm()
        manifest = json.loads((target / "manifest.json").read_text())
        assert manifest["version"] == 1  # the old record or the new one, never half of one
        publish.remove_stale_staging(target)
        assert {p.name for p in target.iterdir()} == FILES, "a temporary file was left"
        killed.append(killer.killed_at)
    assert "replace" in killed and None in killed


def test_the_check_catches_a_swap_that_deletes_before_it_renames(tmp_path, monkeypatch):
    """Planted: a publish that removes the old report first loses it when killed in between."""

    def careless(staging: Path, target: Path) -> None:
        if target.exists():
            for child in target.iterdir():
                child.unlink()
            target.rmdir()
        staging.rename(target)

    monkeypatch.setattr(publish, "publish_folder", careless)
    target = tmp_path / "2022-05-13"
    _publish_version(target, 1)
    with monkeypatch.context() as patch:
        killer = Killer(patch, 10)  # staged and written; the old report half deleted
        with pytest.raises(Killed):
            _publish_version(target, 2)
        killer.disarm()
    with pytest.raises(AssertionError):
        _reader_sees(target, fallback=True)
