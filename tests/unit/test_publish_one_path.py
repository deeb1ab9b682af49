"""One publication for every executor, one registry of formats, the index page as a template.

Issue 21 item 5: the local pool and the Dask client publish through ``publish.publish_report``;
planning, execution, the index and the expected files read ``exporters.EXPORTERS``.
"""

from __future__ import annotations

import ast
import json
import os
import signal
import threading
from dataclasses import replace
from datetime import date
from pathlib import Path

from bs4 import BeautifulSoup

from breakaway import paths
from breakaway.data.params import FORMATS
from breakaway.render import cluster, exporters, publish
from breakaway.render.exporters import EXPORTERS, Exporter
from breakaway.render.index import write_index
from breakaway.render.plan import PlannedReport, RenderOptions, ReportSpec, expected_files

RENDER = paths.PACKAGE_DIR / "render"


def _targets(tmp_path: Path) -> tuple[Path, Path]:
    return tmp_path / "out" / "r" / "2020-01-01", tmp_path / "out" / "figures" / "r" / "2020-01-01"


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_report_and_its_charts_are_swapped_in_together(tmp_path):
    target, charts = _targets(tmp_path)
    for folder, name in ((target, "old.html"), (charts, "old.svg")):
        folder.mkdir(parents=True)
        (folder / name).write_text("old")
    with publish.report_lock(target, 5), publish.staged(target, charts) as stage:
        (stage.report / "new.html").write_text("new")
        (stage.figures / "new.svg").write_text("new")
        publish.publish_report(stage)
    assert _names(target) == ["new.html"]
    assert _names(charts) == ["new.svg"]
    # No staging folder or old copy is left beside either; the lock lives outside out/.
    assert _names(target.parent) == ["2020-01-01"]
    assert _names(charts.parent) == ["2020-01-01"]


def test_no_charts_replace_old_ones_but_no_empty_folder_is_made(tmp_path):
    target, charts = _targets(tmp_path)
    with publish.staged(target, charts) as stage:
        (stage.report / "a.html").write_text("a")
        publish.publish_report(stage)
    assert not charts.exists()
    charts.mkdir(parents=True)
    (charts / "stale.svg").write_text("from an older render")
    with publish.staged(target, charts) as stage:
        publish.publish_report(stage)
    assert _names(charts) == []


def test_staging_is_removed_when_the_render_fails(tmp_path):
    target, charts = _targets(tmp_path)
    try:
        with publish.staged(target, charts) as stage:
            (stage.figures / "half.svg").write_text("half")
            raise OSError("disk full")
    except OSError:
        pass
    assert not target.exists() and not charts.exists()
    assert _names(target.parent) == [] and _names(charts.parent) == []


def test_publish_files_is_the_dask_clients_way_in(tmp_path):
    target, charts = _targets(tmp_path)
    publish.publish_files(target, {"a.html": b"a"}, charts, {"c.svg": b"c"}, lock_timeout=5)
    assert (target / "a.html").read_bytes() == b"a"
    assert (charts / "c.svg").read_bytes() == b"c"


def test_a_signal_during_publication_is_delivered_after_it(tmp_path):
    seen = []
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: seen.append("handled"))
    try:
        with publish.signals_held():
            os.kill(os.getpid(), signal.SIGTERM)
            seen.append("after the kill, still publishing")
        seen.append("published")
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert seen[:1] == ["after the kill, still publishing"]
    assert "handled" in seen
    assert signal.getsignal(signal.SIGTERM) is previous


def test_signals_held_does_nothing_outside_the_main_thread():
    errors = []

    def publish_elsewhere():
        try:
            with publish.signals_held():
                pass
        except Exception as error:  # signal.signal raises ValueError outside the main thread
            errors.append(error)

    thread = threading.Thread(target=publish_elsewhere)
    thread.start()
    thread.join()
    assert errors == []


def _calls(module: Path) -> set[str]:
    tree = ast.parse(module.read_text())
    return {
        node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
    }


def test_only_the_publish_module_swaps_or_stages_report_folders():
    low_level = {"publish_folder", "staging_folder", "remove_stale_staging"}
    for module in sorted(RENDER.glob("*.py")):
        if module.name != "publish.py":
            assert not (_calls(module) & low_level), module.name
    assert "publish_report" in _calls(RENDER / "execute.py")
    assert "publish_files" in _calls(RENDER / "cluster.py")


def test_the_dask_client_publishes_charts_with_their_report(tmp_path):
    out = tmp_path / "out"
    spec = ReportSpec("briefing", "south-ossetia", date(2010, 12, 31), out)
    options = RenderOptions(data_dir=tmp_path, formats=("html",), figures_dir=out / "figures")
    manifest = json.dumps({"status": "ok"}).encode()
    payload = {
        "files": {"briefing.html": b"new", "manifest.json": manifest},
        "figures": {"population.svg": b"<svg/>"},
    }
    cluster.publish_remote(PlannedReport(spec, "f" * 64, {}, False), options, payload)
    assert (out / "figures" / "south-ossetia" / "2010-12-31" / "population.svg").is_file()
    assert not (out / "figures" / "south-ossetia" / "latest").exists()


# --- one registry of formats ------------------------------------------------------------------


def test_the_registry_names_the_formats_the_command_accepts():
    assert tuple(EXPORTERS) == FORMATS
    assert [e.file_name("briefing") for e in EXPORTERS.values()] == [
        "briefing.html",
        "briefing.pdf",
    ]


def test_a_new_format_is_one_registry_entry(tmp_path, monkeypatch):
    text = Exporter("txt", "txt", "Text", lambda page, target: target.write_text(page.html))
    monkeypatch.setitem(EXPORTERS, "txt", text)
    spec = ReportSpec("briefing", "south-ossetia", date(2020, 1, 1), tmp_path / "out")
    options = RenderOptions(data_dir=tmp_path, formats=("html", "txt"))
    assert spec.folder / "briefing.txt" in expected_files(spec, options)
    assert [e.name for e in exporters.exporters_for(options.formats)] == ["html", "txt"]
    # The index links every format found on disk, labelled as the registry says.
    spec.folder.mkdir(parents=True)
    for name in ("briefing.html", "briefing.txt"):
        (spec.folder / name).write_text("x")
    (spec.folder / "manifest.json").write_text(json.dumps({"status": "ok", "kind": "briefing"}))
    soup = BeautifulSoup(write_index(tmp_path / "out").read_text(), "html.parser")
    links = {a.get_text(): a["href"] for a in soup.select("td a")}
    assert links == {
        "HTML": "./south-ossetia/2020-01-01/briefing.html",
        "Text": "./south-ossetia/2020-01-01/briefing.txt",
    }
    # Without the entry, the same folder lists HTML only.
    monkeypatch.delitem(EXPORTERS, "txt")
    soup = BeautifulSoup(write_index(tmp_path / "out").read_text(), "html.parser")
    assert [a.get_text() for a in soup.select("td a")] == ["HTML"]


def test_the_index_page_is_a_template_not_a_string():
    source = (RENDER / "index.py").read_text()
    assert "<html" not in source and "<table" not in source
    template = RENDER / "templates" / "index.html.j2"
    assert "<table>" in template.read_text()
    assert "render/templates/*" in (paths.REPO_DIR / "pyproject.toml").read_text()


def test_the_index_escapes_what_it_shows(tmp_path):
    folder = tmp_path / "south-ossetia" / "2020-01-01"
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text(json.dumps({"status": "<b>ok</b>", "kind": "briefing"}))
    (folder / "facts.json").write_text(json.dumps({"name": "<script>x</script>"}))
    html = write_index(tmp_path).read_text()
    assert "<script>x" not in html and "&lt;script&gt;x" in html
    assert "<b>ok" not in html


def test_exporters_write_what_the_page_holds(tmp_path):
    page = exporters.Page("<p>hi</p>", tmp_path, "pdf/ua-1")
    EXPORTERS["html"].write(page, tmp_path / "a.html")
    assert (tmp_path / "a.html").read_text() == "<p>hi</p>"
    assert replace(EXPORTERS["html"], label="X").label == "X"
