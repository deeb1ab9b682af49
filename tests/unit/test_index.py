"""The index of an output folder, built from manifests alone (no render needed)."""

from __future__ import annotations

import json

from bs4 import BeautifulSoup

from breakaway.render.index import write_index

AS_OF = "2026-11-27"


def _report(out, name, kind, data=None):
    folder = out / name / AS_OF
    folder.mkdir(parents=True)
    manifest = {"status": "ok", "kind": kind, "rendered_at": f"{AS_OF}T04:00:00+00:00"}
    if data is not None:
        manifest["data"] = data
    (folder / "manifest.json").write_text(json.dumps(manifest))
    (folder / f"{kind}.html").write_text("<p>report</p>")


def _notes(out) -> dict[str, list[str]]:
    soup = BeautifulSoup(write_index(out).read_text(), "html.parser")
    rows = {}
    for row in soup.select("tbody tr:not(.group)"):
        title = row.find("td").find("span").get_text(strip=True)
        rows[title] = [span.get_text(" ", strip=True) for span in row.select("span.trial")]
    return rows


PROJECT = {"folder": "data", "is_project_data": True, "fingerprint": "a" * 16}


def test_reports_from_the_project_data_carry_no_note(tmp_path):
    _report(tmp_path, "abkhazia", "briefing", PROJECT)
    _report(tmp_path, "comparison", "comparison", PROJECT)
    assert _notes(tmp_path) == {"Abkhazia": [], "Comparison": []}


def test_a_report_from_other_data_says_which(tmp_path):
    trial = {"folder": "/tmp/edited", "is_project_data": False, "fingerprint": "a" * 16}
    _report(tmp_path, "abkhazia", "briefing", trial)
    assert _notes(tmp_path) == {"Abkhazia": ["Built from other data: /tmp/edited"]}


def test_a_briefing_and_comparison_of_one_day_from_different_data_say_so(tmp_path):
    _report(tmp_path, "abkhazia", "briefing", PROJECT)
    _report(tmp_path, "transnistria", "briefing", {**PROJECT, "fingerprint": "b" * 16})
    _report(tmp_path, "comparison", "comparison", PROJECT)
    assert _notes(tmp_path) == {
        "Abkhazia": [],
        "Transnistria": ["Built from different data than the comparison of the same day"],
        "Comparison": ["Built from different data than a briefing of the same day"],
    }


def test_manifests_from_before_the_data_record_are_listed_without_a_note(tmp_path):
    _report(tmp_path, "abkhazia", "briefing")
    _report(tmp_path, "comparison", "comparison", PROJECT)
    assert _notes(tmp_path) == {"Abkhazia": [], "Comparison": []}
