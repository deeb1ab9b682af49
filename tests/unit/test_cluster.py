"""The Dask executor without a cluster: who is refused, what a worker may send, how it publishes."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest
from conftest import write_data_dir
from reportcheck import run

from breakaway.errors import ParameterError, RenderError
from breakaway.render import cluster
from breakaway.render.plan import PlannedReport, RenderOptions, ReportSpec

SAME = {"version": "0.1.0", "code": "c0de", "data": "da7a"}


def test_identical_workers_pass():
    cluster.check_workers(SAME, {"tcp://a:1": dict(SAME), "tcp://b:1": dict(SAME)})


@pytest.mark.parametrize(
    ("key", "words"),
    [("version", "package version"), ("code", "code and notebooks"), ("data", "data fingerprint")],
)
def test_one_differing_worker_is_refused_in_one_line(key, words):
    other = {**SAME, key: "other"}
    with pytest.raises(ParameterError) as caught:
        cluster.check_workers(SAME, {"tcp://a:1": dict(SAME), "tcp://b:1": other})
    message = str(caught.value)
    assert "\n" not in message
    assert "tcp://b:1" in message and words in message and "'other'" in message


def test_a_scheduler_without_workers_is_refused():
    with pytest.raises(ParameterError, match="no workers"):
        cluster.check_workers(SAME, {})


def test_worker_description_follows_its_own_data_folder(tmp_path, monkeypatch):
    first = write_data_dir(tmp_path / "one")
    second = write_data_dir(tmp_path / "two")
    assert cluster.describe_worker(first) == cluster.describe_worker(second)
    with (second / "territories.csv").open("a") as file:
        file.write("\n")
    assert cluster.describe_worker(first)["data"] != cluster.describe_worker(second)["data"]
    assert cluster.describe_worker(first)["code"] == cluster.describe_worker(second)["code"]
    # A worker's folder comes from its own environment, not from the client's path.
    monkeypatch.setenv("BREAKAWAY_DATA_DIR", str(second))
    assert cluster.worker_data_dir() == second.resolve()


def _planned(out: Path, data: Path) -> tuple[PlannedReport, RenderOptions]:
    spec = ReportSpec("briefing", "south-ossetia", date(2010, 12, 31), out)
    options = RenderOptions(data_dir=data, formats=("html",), figures_dir=out.parent / "figures")
    return PlannedReport(spec, "f" * 64, {}, is_up_to_date=False), options


def test_a_worker_with_other_data_refuses_the_task_before_rendering(tmp_path, monkeypatch):
    here = write_data_dir(tmp_path / "here")
    there = write_data_dir(tmp_path / "there")
    (there / "events.csv").write_text((there / "events.csv").read_text() + "\n")
    monkeypatch.setenv("BREAKAWAY_DATA_DIR", str(there))
    report, options = _planned(tmp_path / "out", here)
    with pytest.raises(cluster.WorkerMismatch, match="data fingerprint"):
        cluster.render_remote(report, options, cluster.describe_worker(here))
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("name", ["../escape.html", "sub/briefing.html", ".hidden", "", "a" * 200])
def test_files_from_a_worker_must_have_plain_names(name):
    with pytest.raises(RenderError):
        cluster._checked_files({name: b"x"})


def test_publish_remote_swaps_in_the_files_and_figures(tmp_path):
    report, options = _planned(tmp_path / "out", tmp_path)
    folder = report.spec.folder
    folder.mkdir(parents=True)
    (folder / "briefing.html").write_text("old")
    (folder / "stale.txt").write_text("from the old report")
    manifest = json.dumps({"status": "ok", "fingerprint": report.fingerprint}).encode()
    payload = {
        "status": "rendered",
        "files": {"briefing.html": b"new", "manifest.json": manifest, "facts.json": b"{}"},
        "figures": {"population.svg": b"<svg/>"},
        "timings": {"total": 1.0},
    }
    cluster.publish_remote(report, options, payload)
    assert sorted(p.name for p in folder.iterdir()) == [
        "briefing.html",
        "facts.json",
        "manifest.json",
    ]
    assert (folder / "briefing.html").read_text() == "new"
    figures = tmp_path / "figures" / "south-ossetia"
    assert (figures / "2010-12-31" / "population.svg").read_bytes() == b"<svg/>"
    # A past date's charts are published with their report; latest moves only with an edition.
    assert not (figures / "latest").exists()
    assert not [p for p in folder.parent.iterdir() if p.name.startswith(".2010-12-31.tmp")]


def test_a_failure_on_a_worker_keeps_the_last_good_report(tmp_path):
    report, options = _planned(tmp_path / "out", tmp_path)
    folder = report.spec.folder
    folder.mkdir(parents=True)
    (folder / "briefing.html").write_text("good")
    (folder / "manifest.json").write_text(json.dumps({"status": "ok", "fingerprint": "old"}))
    attempt = {"status": "failed", "error": "cell 3: boom"}
    payload = {
        "status": "failed",
        "message": "cell 3: boom",
        "files": {
            "briefing.failed.ipynb": b"{}",
            "manifest.json": json.dumps({"last_attempt": attempt}).encode(),
        },
    }
    result = cluster._record_failure(report, options, payload, payload["message"])
    assert result.status == "failed"
    assert (folder / "briefing.html").read_text() == "good"
    assert (folder / "briefing.failed.ipynb").read_bytes() == b"{}"
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["status"] == "ok" and manifest["last_attempt"] == attempt


def test_an_unreachable_scheduler_is_one_line_and_exit_2(tmp_path, data_dir):
    # Port 9 (discard) on loopback: nothing listens, so each try is refused at once; the tiny
    # data folder validates in a moment, and the retries stop after 0.2 s.
    result = run(
        "breakaway",
        "render",
        "south-ossetia",
        "--as-of",
        "2010-12-31",
        "--format",
        "html",
        "--data",
        str(data_dir),
        "--out",
        str(tmp_path / "out"),
        "--scheduler",
        "tcp://127.0.0.1:9",
        env={**os.environ, "BREAKAWAY_SCHEDULER_TIMEOUT": "0.2"},
    )
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot reach the Dask scheduler" in lines[0], result.stderr
    assert not (tmp_path / "out" / "south-ossetia").exists()


def test_importing_the_cli_does_not_import_dask():
    # The executor is chosen at run time; the command itself must stay light.
    result = run(
        "breakaway",
        "--help",
        python_flags=("-X", "importtime"),
    )
    assert result.returncode == 0
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines()}
    assert "distributed" not in imported and "dask" not in imported


def test_a_first_failure_keeps_the_workers_record_of_it(tmp_path):
    report, options = _planned(tmp_path / "out", tmp_path)
    attempt = {"status": "failed", "error": "cell 3: boom"}
    remote = {"report": "south-ossetia", "fingerprint": report.fingerprint, "versions": {"x": "1"}}
    payload = {
        "status": "failed",
        "message": "cell 3: boom",
        "files": {"manifest.json": json.dumps({**remote, "last_attempt": attempt}).encode()},
    }
    cluster._record_failure(report, options, payload, payload["message"])
    manifest = json.loads((report.spec.folder / "manifest.json").read_text())
    assert manifest["status"] == "failed" and manifest["versions"] == {"x": "1"}
    assert manifest["last_attempt"] == attempt
    assert not (report.spec.folder / "briefing.failed.ipynb").exists()


def test_nothing_to_render_never_contacts_the_scheduler(tmp_path):
    report, options = _planned(tmp_path / "out", tmp_path)
    done = PlannedReport(report.spec, report.fingerprint, {}, is_up_to_date=True)
    seen = []
    results = cluster.render_on_cluster([done], options, "tcp://127.0.0.1:9", seen.append)
    assert [r.status for r in results] == ["up to date"] and seen == results
