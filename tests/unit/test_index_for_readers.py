"""Issue 20, item 8: the index tells a reader what each report says, not when it was rendered.

Report folders are written by hand (no render): a manifest, the HTML and a ``facts.json`` with or
without the ``headline`` and ``latest_news`` keys.
"""

from __future__ import annotations

import json
from pathlib import Path

from bs4 import BeautifulSoup

from breakaway.render.index import write_index

AS_OF = "2022-05-13"
FACTS = {
    "name": "South Ossetia",
    "headline": "South Ossetia calls a vote on joining Russia",
    "latest_news": {"on": "2022-05-13", "text": "Bibilov set a referendum for 17 July."},
    "checked_through": "2022-05-12",
    "status": "a de facto state",
}


def _report(out: Path, name: str, facts: dict, manifest: dict | None = None, day=AS_OF) -> None:
    folder = out / name / day
    folder.mkdir(parents=True)
    manifest = manifest or {"status": "ok", "kind": "briefing"}
    manifest.setdefault("rendered_at", "2026-11-27T04:18:57+00:00")
    (folder / "manifest.json").write_text(json.dumps(manifest))
    (folder / "briefing.html").write_text("<p>report</p>")
    (folder / "facts.json").write_text(json.dumps(facts))


def _rows(out: Path) -> list[str]:
    soup = BeautifulSoup(write_index(out).read_text(), "html.parser")
    return [" ".join(row.get_text(" ").split()) for row in soup.select("tbody tr:not(.group)")]


def test_each_report_shows_its_headline_latest_news_and_checked_through_day(tmp_path):
    _report(tmp_path, "south-ossetia", FACTS)
    [row] = _rows(tmp_path)
    assert "South Ossetia calls a vote on joining Russia" in row
    assert "Latest news, 13 May 2022: Bibilov set a referendum for 17 July." in row
    assert "sources checked through 12 May 2022" in row
    page = write_index(tmp_path).read_text()
    assert "04:18" not in page and "Rendered" not in page, "render times are for operators"
    assert ">ok<" not in page and "Status" not in page


def test_without_headline_or_news_the_index_falls_back_to_the_key_facts(tmp_path):
    facts = {k: v for k, v in FACTS.items() if k not in ("headline", "latest_news")}
    _report(tmp_path, "south-ossetia", {**facts, "un_recognizers": ["RUS", "NIC"]})
    [row] = _rows(tmp_path)
    assert "A de facto state; recognised by 2 UN members" in row
    assert "Latest news" not in row
    assert "sources checked through 12 May 2022" in row


def test_odd_facts_keys_do_not_break_the_index(tmp_path):
    _report(tmp_path, "south-ossetia", {**FACTS, "headline": 7, "latest_news": ["x"]})
    [row] = _rows(tmp_path)
    assert "South Ossetia" in row and "Latest news" not in row


def test_a_failed_render_stays_visible(tmp_path):
    failed = {"status": "ok", "kind": "briefing"}
    failed["last_attempt"] = {"status": "failed", "error": "kernel died"}
    _report(tmp_path, "south-ossetia", FACTS, failed)
    soup = BeautifulSoup(write_index(tmp_path).read_text(), "html.parser")
    assert [p.get_text(" ", strip=True) for p in soup.select(".failed")] == [
        "ok, last attempt failed: kernel died"
    ]


def test_everything_from_facts_is_escaped(tmp_path):
    hostile = {
        **FACTS,
        "headline": "<script>alert(1)</script>",
        "latest_news": {"on": "2022-05-13", "text": "<img src=x onerror=alert(1)>"},
    }
    _report(tmp_path, "south-ossetia", hostile)
    page = write_index(tmp_path).read_text()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_only_the_latest_edition_carries_the_headline(tmp_path):
    _report(tmp_path, "south-ossetia", FACTS)
    older = {**FACTS, "headline": "An older headline"}
    _report(tmp_path, "south-ossetia", older, day="2022-03-01")
    rows = _rows(tmp_path)
    assert "South Ossetia calls a vote" in rows[0]
    assert "An older headline" not in " ".join(rows)


def test_without_latest_news_the_newest_dated_fact_is_shown(tmp_path):
    facts = {k: v for k, v in FACTS.items() if k != "latest_news"}
    facts["status_on"], facts["status_change"] = "1992-07-21", "A ceasefire ended the war."
    facts["joining_patron"] = [
        {"date": "2014-03-18", "title": "Asks Russia for a path to accession"},
        {"date": "2024-02", "title": "Congress of deputies asks Russia for protection"},
        {"date": "not a day", "title": "Ignored"},
    ]
    _report(tmp_path, "transnistria", facts)
    [row] = _rows(tmp_path)
    assert "Latest news, February 2024: Congress of deputies asks Russia for protection" in row
