"""Issue 13, output: nothing written outside ``--out``, no link followed, a robust index.

Every case here stops before a kernel starts (the plan refuses, or the step is called directly),
so the file runs in seconds; the signal tests are in ``test_hardening_signals.py``.
"""

from __future__ import annotations

import errno
import json
from datetime import date
from pathlib import Path

import pytest
from conftest import TABLES, write_data_dir
from reportcheck import hostile_descriptor, invoke

from breakaway import cli
from breakaway.errors import RenderError
from breakaway.render import execute, publish
from breakaway.render.index import write_index
from breakaway.render.plan import PlannedReport, RenderOptions, ReportSpec, plan_run

AS_OF = "2020-01-01"


def _data(tmp_path, territory_id: str | None = None, url: str | None = None, hostile=False):
    tables = dict(TABLES)
    if territory_id is not None:
        tables["territories.csv"] = tables["territories.csv"].replace(
            "south-ossetia,South", f'"{territory_id}",South', 1
        )
    if url is not None:
        tables["sources.csv"] = tables["sources.csv"].replace("https://example.org/a", url, 1)
    folder = write_data_dir(tmp_path / "data", tables)
    if hostile:
        hostile_descriptor(folder)
    return folder


def _render(data, out, *territories, env=None):
    return invoke(
        "render", *territories, "--data", str(data), "--out", str(out), "--as-of", AS_OF,
        "--format", "html", env=env,
    )  # fmt: skip


def _tree(folder: Path) -> dict[str, bytes | None]:
    """Every path under ``folder`` (links not followed) with the bytes of its regular files."""
    return {
        str(p.relative_to(folder)): (p.read_bytes() if p.is_file() and not p.is_symlink() else None)
        for p in sorted(folder.rglob("*"))
    }


# --- validate first: an id never reaches the file system -------------------------------------


@pytest.mark.parametrize("hostile", [False, True], ids=["shipped schema", "patterns removed"])
@pytest.mark.parametrize("kind", ["absolute", "relative"])
def test_an_id_that_is_a_path_deletes_nothing(tmp_path, hostile, kind):
    victim = tmp_path / "victim"
    precious = victim / f"{AS_OF}.previous" / "keep.txt"
    precious.parent.mkdir(parents=True)
    precious.write_text("the only copy")
    territory_id = str(victim) if kind == "absolute" else "../victim"
    data = _data(tmp_path, territory_id=territory_id, hostile=hostile)
    out = tmp_path / "out"
    out.mkdir()  # so that out/../victim resolves
    before = _tree(tmp_path)
    result = _render(data, out)
    assert result.returncode == 2, result.stderr
    assert "territories.csv, line 2, column 'territory_id'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert precious.read_text() == "the only copy"
    assert _tree(tmp_path) == before  # nothing written anywhere, --out included


def test_hostile_descriptor_ids_and_urls_write_nothing_and_link_no_script(tmp_path):
    data = _data(tmp_path, territory_id="javascript:alert(1)", url="javascript:alert(2)")
    hostile_descriptor(data)
    out = tmp_path / "out"
    before = _tree(tmp_path)
    result = _render(data, out)
    assert result.returncode == 2
    assert _tree(tmp_path) == before
    # With a good id but a script URL, validation (after the plan) still stops the run.
    data2 = _data(tmp_path / "second", url="javascript:alert(2)", hostile=True)
    before = _tree(tmp_path)
    result = _render(data2, out)
    assert result.returncode == 2
    assert "column 'url'" in result.stderr
    assert _tree(tmp_path) == before


def test_the_plan_only_reads(tmp_path, data_dir):
    """The up-to-date check no longer finishes a swap: only a validated render may."""
    out = tmp_path / "out"
    previous = out / "south-ossetia" / f"{AS_OF}.previous"
    (previous / "briefing.html").parent.mkdir(parents=True)
    (previous / "briefing.html").write_text("old")
    spec = ReportSpec("briefing", "south-ossetia", date.fromisoformat(AS_OF), out)
    before = _tree(out)
    [planned] = plan_run([spec], RenderOptions(data_dir=data_dir, formats=("html",)))
    assert not planned.is_up_to_date
    assert _tree(out) == before


# --- no symbolic link followed ------------------------------------------------------------------


def _elsewhere(tmp_path) -> Path:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "manifest.json").write_text('{"precious": true}')
    return folder


def test_a_linked_report_folder_is_refused(tmp_path, data_dir):
    elsewhere = _elsewhere(tmp_path)
    out = tmp_path / "out"
    (out / "south-ossetia").mkdir(parents=True)
    (out / "south-ossetia" / AS_OF).symlink_to(elsewhere)
    result = _render(data_dir, out, "south-ossetia")
    assert result.returncode == 2
    assert f"south-ossetia/{AS_OF} is a symbolic link" in result.stderr
    assert sorted(p.name for p in elsewhere.iterdir()) == ["manifest.json"]
    assert (elsewhere / "manifest.json").read_text() == '{"precious": true}'


def test_a_linked_figures_folder_is_refused(tmp_path, data_dir):
    import os

    elsewhere = _elsewhere(tmp_path)
    figures = tmp_path / "out" / "figures"  # a render with --out keeps its charts there
    figures.mkdir(parents=True)
    (figures / "south-ossetia").symlink_to(elsewhere)
    env = {**os.environ, "BREAKAWAY_FIGURES_DIR": str(tmp_path / "elsewhere-figures")}
    result = _render(data_dir, tmp_path / "out", "south-ossetia", env=env)
    assert result.returncode == 2
    assert "figures/south-ossetia is a symbolic link" in result.stderr
    assert sorted(p.name for p in elsewhere.iterdir()) == ["manifest.json"]


def test_a_linked_lock_file_is_refused_and_its_target_not_created(tmp_path, data_dir):
    out = tmp_path / "out"
    (out / "south-ossetia").mkdir(parents=True)
    target = tmp_path / "created-by-the-lock"
    _, lock = publish.lock_location(out / "south-ossetia" / AS_OF)  # outside out (issue 20)
    lock.parent.mkdir(parents=True)
    lock.symlink_to(target)
    result = _render(data_dir, out, "south-ossetia")
    assert result.returncode == 2
    assert ".lock is a symbolic link" in result.stderr
    assert not target.exists()
    # The lock itself refuses a link too, for a render that got past the plan.
    with pytest.raises(RenderError, match="symbolic link"):
        with publish.report_lock(out / "south-ossetia" / AS_OF, 1.0):
            pass
    assert not target.exists()


def test_staging_leftovers_of_any_kind_are_removed(tmp_path):
    parent = tmp_path / "south-ossetia"
    target = parent / AS_OF
    target.mkdir(parents=True)
    kept = tmp_path / "kept"
    kept.mkdir()
    (kept / "file.txt").write_text("not ours")
    (parent / f".{AS_OF}.tmp-dangling").symlink_to(tmp_path / "nowhere")
    (parent / f".{AS_OF}.tmp-link").symlink_to(kept)
    (parent / f".{AS_OF}.tmp-file").write_text("half")
    (parent / f".{AS_OF}.tmp-folder").mkdir()
    (target / ".manifest.json.tmp-x").write_text("{")
    publish.remove_stale_staging(target)
    assert sorted(p.name for p in parent.iterdir()) == [AS_OF]
    assert list(target.iterdir()) == []
    assert (kept / "file.txt").read_text() == "not ours"


# --- the index -----------------------------------------------------------------------------------


def _manifest(out: Path, name: str, content: str) -> Path:
    folder = out / name / AS_OF
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text(content)
    (folder / "briefing.html").write_text("<p>report</p>")
    return folder


def test_unusable_manifests_are_listed_as_unreadable(tmp_path):
    out = tmp_path / "out"
    _manifest(out, "abkhazia", "[]")
    _manifest(out, "transnistria", '{"status": "ok", "rendered_at": 12345, "last_attempt": []}')
    _manifest(out, "south-ossetia", "{not json")
    linked = _manifest(out, "nagorno-karabakh", "{}")
    (linked / "manifest.json").unlink()
    (linked / "manifest.json").symlink_to(tmp_path / "nowhere.json")
    page = write_index(out).read_text()
    assert page.count("unreadable") == 3
    # A sound report is listed with its link; readers are not shown "ok" (issue 20).
    assert "Transnistria" in page and f"./transnistria/{AS_OF}/briefing.html" in page


def test_the_index_never_links_a_script(tmp_path):
    out = tmp_path / "out"
    _manifest(out, "javascript:alert(1)", '{"status": "ok", "kind": "briefing"}')
    _manifest(out, "abkhazia", '{"status": "ok", "kind": "javascript:alert(1)"}')
    page = write_index(out).read_text()
    hrefs = [part.split('"')[0] for part in page.split('href="')[1:]]
    assert hrefs == [f"./abkhazia/{AS_OF}/briefing.html"]


def test_a_full_disk_while_writing_the_index_is_exit_1_one_line(
    tmp_path, data_dir, monkeypatch, capsys
):
    from breakaway.render import index, run

    def full(path, text):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(run, "render_reports", lambda *args, **kwargs: [])
    monkeypatch.setattr(index, "write_text_atomic", full)
    out = tmp_path / "out"
    code = cli.main(["render", "--data", str(data_dir), "--out", str(out), "--as-of", AS_OF])
    assert code == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines == [f"breakaway: {out / 'index.html'}: No space left on device"]


def test_other_data_writes_only_under_an_explicit_out(tmp_path, data_dir):
    result = invoke("render", "--data", str(data_dir), "--as-of", AS_OF)
    assert result.returncode == 2
    assert "expected an explicit --out" in result.stderr


def test_a_failure_line_prints_cell_text_escaped(capsys):
    from breakaway.render.execute import RenderResult
    from breakaway.render.progress import Progress

    Progress(total=1).report(RenderResult("x 2020-01-01", "failed", "f", "boom \x1b[2J"))
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\\x1b[2J" in err


# --- timeouts ------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["0", "-5", "soon"])
def test_the_cell_timeout_must_be_positive(tmp_path, data_dir, value):
    result = _render(data_dir, tmp_path / "out", "--cell-timeout", value)
    assert result.returncode == 2
    assert "--cell-timeout" in result.stderr
    assert not (tmp_path / "out").exists()


def test_the_cell_timeout_rules_the_iopub_timeout_too(tmp_path, data_dir, monkeypatch):
    import papermill

    seen = {}

    def execute_notebook(*args, **kwargs):
        seen.update(kwargs)
        raise RuntimeError("stop here")

    monkeypatch.setattr(papermill, "execute_notebook", execute_notebook)
    spec = ReportSpec("briefing", "south-ossetia", date.fromisoformat(AS_OF), tmp_path / "out")
    options = RenderOptions(data_dir=data_dir, formats=("html",), cell_timeout=77)
    result = execute.render_report(PlannedReport(spec, "f" * 64, {}, False), options)
    assert result.status == "failed"
    assert seen["execution_timeout"] == 77
    assert seen["iopub_timeout"] == 77
    manifest = json.loads((spec.folder / "manifest.json").read_text())
    assert manifest["status"] == "failed"


def test_old_temporaries_in_a_shared_figures_folder_are_removed(tmp_path):
    import os
    import time

    folder = tmp_path / "figures" / "abkhazia"
    folder.mkdir(parents=True)
    old = folder / ".map.svg.tmp-old"
    young = folder / ".map.svg.tmp-young"
    old.write_text("left by a killed render")
    young.write_text("a render still writing")
    an_hour_ago = time.time() - 3700
    os.utime(old, (an_hour_ago, an_hour_ago))
    publish.remove_old_temporaries(folder)
    assert not old.exists()
    assert young.exists()
