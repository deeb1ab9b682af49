"""Editions: a night with nothing new renders nothing; a new row makes a new edition that says so."""

from __future__ import annotations

import hashlib
import json
import os
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from conftest import TABLES, write_data_dir
from reportcheck import html_text, run

pytestmark = pytest.mark.integration
ATOM = "{http://www.w3.org/2005/Atom}"
NEW_EVENT = (
    "so-talks,south-ossetia,2026-11-27,,diplomacy,parent,relations,Talks resume in Geneva,"
    "Delegations met again.,,src-news,,\n"
)
NEW_SOURCE = (
    "src-news,Talks resume,Wire W,https://example.org/w,2026-11-27,2026-11-27,news,false,,\n"
)


def _render(data, out, day, *extra):
    env = {**os.environ, "BREAKAWAY_TODAY": day}
    return run(
        "breakaway",
        "render",
        "--data",
        str(data),
        "--out",
        str(out),
        "--format",
        "html",
        "--jobs",
        "2",
        *extra,
        env=env,
    )


def _tree(folder):
    return {
        p.relative_to(folder): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


@pytest.fixture(scope="module")
def nights(tmp_path_factory):
    root = tmp_path_factory.mktemp("editions")
    data = write_data_dir(root / "data")
    out = root / "reports"
    first = _render(data, out, "2026-11-26")
    assert first.returncode == 0, first.stderr
    second = run(
        "breakaway",
        *("render", "--data", str(data), "--out", str(out), "--format", "html"),
        env={**os.environ, "BREAKAWAY_TODAY": "2026-11-27"},
        python_flags=("-X", "importtime"),
    )
    assert second.returncode == 0, second.stderr
    second.index_html = (out / "index.html").read_text()
    # One event becomes known on 27 November; the night of the 28th makes new editions.
    (data / "events.csv").write_text(TABLES["events.csv"] + NEW_EVENT)
    (data / "sources.csv").write_text(TABLES["sources.csv"] + NEW_SOURCE)
    third = _render(data, out, "2026-11-28")
    assert third.returncode == 0, third.stderr
    return data, out, first, second, third


def test_a_night_with_nothing_new_renders_nothing_and_says_the_edition_was_checked(nights):
    _, out, _, second, _ = nights
    assert "no change since the edition of 26 November 2026" in second.stdout
    assert "up to date; nothing to do" in second.stdout
    assert not (out / "south-ossetia" / "2026-11-27").exists()
    imported = {
        line.split("|")[-1].strip()
        for line in second.stderr.splitlines()
        if line.startswith("import time:")
    }
    for heavy in ("pandas", "matplotlib", "papermill", "nbconvert", "weasyprint", "jupyter_client"):
        assert heavy not in imported, heavy  # no kernel, no heavy library
    index = " ".join(second.index_html.split())
    # A night with nothing to do writes nothing: the check day is recorded with the next write.
    assert '<span class="summary">checked again 26 November 2026' in index


def test_one_new_event_makes_new_editions_that_list_exactly_that_event(nights):
    data, out, *_ = nights
    briefing = out / "south-ossetia" / "2026-11-28" / "briefing.html"
    assert briefing.is_file()
    assert (out / "comparison" / "2026-11-28" / "comparison.html").is_file()
    assert os.readlink(out / "south-ossetia" / "latest") == "2026-11-28"
    soup, text = html_text(briefing)
    box = text[text.index("Since the last edition") :][:400]
    assert box.startswith("Since the last edition (26 November 2026)")
    assert "one change in the data" in box
    assert "On 27 November 2026: Talks resume in Geneva" in box
    # The other territory's news did not change: no new edition for it.
    assert not (out / "nagorno-karabakh" / "2026-11-28").exists()
    # breakaway diff lists the same change.
    diff = run(
        "breakaway",
        *("diff", "south-ossetia", "--from", "2026-11-26", "--to", "2026-11-28"),
        *("--data", str(data), "--format", "json"),
        env={**os.environ, "BREAKAWAY_TODAY": "2026-11-28"},
    )
    assert diff.returncode == 0, diff.stderr
    import json

    changes = json.loads(diff.stdout)["changes"]
    assert [c["text"] for c in changes] == ["Talks resume in Geneva"]


def test_the_feed_is_atom_with_an_entry_per_new_edition(nights):
    _, out, *_ = nights
    feed = ElementTree.parse(out / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{required}") is not None, required
    entries = feed.findall(f"{ATOM}entry")
    titles = [e.find(f"{ATOM}title").text for e in entries]
    assert "South Ossetia: edition of 28 November 2026" in titles
    assert "South Ossetia: edition of 26 November 2026" in titles
    assert not any("Nagorno-Karabakh: edition of 28" in t for t in titles)
    for entry in entries:
        for required in ("id", "title", "updated", "link", "summary"):
            assert entry.find(f"{ATOM}{required}") is not None


def test_a_trial_run_with_other_data_leaves_the_default_output_alone(tmp_path, nights):
    data, out, *_ = nights
    figures = tmp_path / "figures"
    figures.mkdir()
    (figures / "keep.txt").write_text("x")
    before = (_tree(out), _tree(figures))
    env = {
        **os.environ,
        "BREAKAWAY_REPORTS_DIR": str(out),
        "BREAKAWAY_FIGURES_DIR": str(figures),
        "BREAKAWAY_TODAY": "2026-11-29",
    }
    trial = run("breakaway", "render", "south-ossetia", "--data", str(data), env=env)
    assert trial.returncode == 2
    assert "--out" in trial.stderr
    assert (_tree(out), _tree(figures)) == before


def test_every_report_records_its_data_and_the_index_marks_other_data(nights):
    data, out, *_ = nights
    manifest = json.loads((out / "south-ossetia" / "latest" / "manifest.json").read_text())
    assert manifest["data"]["folder"] == str(data.resolve())
    assert manifest["data"]["is_project_data"] is False
    assert len(manifest["data"]["fingerprint"]) == 16
    html = (out / "south-ossetia" / "latest" / "briefing.html").read_text()
    assert manifest["data"]["fingerprint"] in html, "the briefing prints the same data fingerprint"
    soup = BeautifulSoup((out / "index.html").read_text(), "html.parser")
    notes = [span.get_text(" ", strip=True) for span in soup.select("span.trial")]
    assert notes and all(note == f"Built from other data: {data.resolve()}" for note in notes)


def test_kernels_start_without_the_unencrypted_tcp_warning(nights):
    # ipykernel warns on every start over plain TCP; the kernel manager gives our kernels
    # CurveZMQ keys (the kernelspec declares "supported_encryption"), so nothing is printed.
    *_, first, _, third = nights
    for run_ in (first, third):
        assert "Kernel is running over TCP without encryption" not in run_.stderr
        assert "rendered" in run_.stdout, "the run started kernels"
