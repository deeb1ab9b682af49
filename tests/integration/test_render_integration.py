"""Render real briefings from the shipped data and read them as a reader would."""

from __future__ import annotations

import json

import pytest
from rendered import rendered_set
from reportcheck import assert_clean, html_text, pdf_text, run, run_cli

pytestmark = pytest.mark.integration

SO_RECOGNIZERS_2022 = ["Nicaragua", "Nauru", "Russia", "Syria", "Venezuela"]


@pytest.fixture(scope="module")
def so_2022(tmp_path_factory):
    return rendered_set(tmp_path_factory, "2022-05-13") / "south-ossetia" / "2022-05-13"


def test_render_writes_every_promised_file(so_2022):
    for name in ["briefing.ipynb", "briefing.html", "briefing.pdf", "manifest.json", "facts.json"]:
        assert (so_2022 / name).is_file(), name
    assert (so_2022.parent.parent / "index.html").is_file()
    manifest = json.loads((so_2022 / "manifest.json").read_text())
    assert manifest["status"] == "ok"
    assert manifest["parameters"]["territory"] == "south-ossetia"
    assert set(manifest["timings"]) >= {"execute", "html", "pdf"}


def test_facts_list_the_five_un_recognizers_of_13_may_2022(so_2022):
    facts = json.loads((so_2022 / "facts.json").read_text())
    assert facts["un_recognizers"] == ["NIC", "NRU", "RUS", "SYR", "VEN"]
    assert facts["un_recognizers_ever"] == ["NIC", "NRU", "RUS", "SYR", "TUV", "VEN"]
    assert facts["un_withdrawals"] == ["TUV"]
    assert facts["latest_census"] == {
        "year": 2015,
        "population": 53532,
        # The census figure carries its caveat from population.csv.
        "caveat": "Count by the de facto South Ossetian authorities, not independently "
        "verified; Georgia disputes it.",
    }
    assert facts["sources"]["un_recognizers"], "the recognizers must cite sources"


def test_html_states_the_figures_without_code(so_2022):
    soup, text = html_text(so_2022 / "briefing.html")
    assert_clean(text)
    assert not soup.find_all("script")
    assert "five UN member states recognise South Ossetia" in text
    for name in SO_RECOGNIZERS_2022:
        assert name in text
    assert "53,532" in text
    for image in soup.find_all("img"):
        assert image.get("alt"), "every chart needs alt text"


def test_pdf_states_the_recognizers_and_the_2015_census(so_2022):
    reader, text = pdf_text(so_2022 / "briefing.pdf")
    assert_clean(text)
    assert reader.metadata.title.startswith("South Ossetia")
    recognition = text[text.index("As of 13 May 2022") :][:400]
    for name in SO_RECOGNIZERS_2022:
        assert name in recognition
    assert "Tuvalu" in recognition  # named as having withdrawn
    assert "53,532" in text
    assert "Page 1 of" in text


def test_second_render_does_no_work(so_2022):
    out = so_2022.parent.parent
    before = (so_2022 / "briefing.pdf").stat().st_mtime_ns
    result = run_cli("render", "south-ossetia", "--as-of", "2022-05-13", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "up to date" in result.stdout
    assert (so_2022 / "briefing.pdf").stat().st_mtime_ns == before


def test_a_no_op_run_imports_no_heavy_library_and_writes_nothing(so_2022):
    out = so_2022.parent.parent
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    result = run(
        "breakaway",
        *("render", "south-ossetia", "--as-of", "2022-05-13", "--out", str(out)),
        python_flags=("-X", "importtime"),
        timeout=120,
    )
    assert result.returncode == 0
    imported = {
        line.split("|")[-1].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:")
    }
    for heavy in ["pandas", "matplotlib", "papermill", "nbconvert", "weasyprint", "jupyter_client"]:
        assert heavy not in imported, heavy
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == stamps


def test_facts_hold_what_the_other_sections_state(so_2022):
    facts = json.loads((so_2022 / "facts.json").read_text())
    assert facts["joining_patron"][-1] == {
        "date": "2022-05-13",
        "title": facts["joining_patron"][-1]["title"],
    }
    assert "2022-05-30" not in [step["date"] for step in facts["joining_patron"]]
    assert facts["patron_state"] == "Russia"
    verdicts = {claim["claim_id"]: claim["verdict"] for claim in facts["claims"]}
    # The 2022 explainer's sentence, judged once: Russia, three named allies and "three small
    # Pacific island states" make at least seven; five UN members recognised it that day.
    assert verdicts["wapo-2022-south-ossetia-recognizers"] == "overstated"
    assert "wapo-2022-south-ossetia-recognizers-count" not in verdicts
    assert facts["peers"]["transnistria"]["un_recognizers"] == []


QUESTIONS = {
    "where": "Where is it?",
    "joining": "What has South Ossetia said about joining Russia?",
    "reaction": "How has Georgia reacted?",
    "war": "What does the war in Ukraine have to do with it?",
}


def _sections(soup) -> dict[str, list]:
    """Each h2 heading's text and the elements up to the next h2."""
    sections, current = {}, None
    for element in soup.find_all(True):
        if element.name == "h2":
            current = element.get_text(" ", strip=True).rstrip("¶ ").strip()
            sections[current] = []
        elif current is not None:
            sections[current].append(element)
    return sections


def test_the_explainers_four_questions_have_their_own_sections_with_sourced_voices(so_2022):
    from datetime import date

    from breakaway.dates import known_on

    soup, _ = html_text(so_2022 / "briefing.html")
    sections = _sections(soup)
    for question in QUESTIONS.values():
        assert question in sections, (question, list(sections))
    published = {}
    for item in soup.select("ol.sources li"):
        # "Title. Publisher, 31 March 2022. https://..." : the date after the publisher.
        published[item["id"]] = item.get_text(" ")
    day = date(2022, 5, 13)
    sides_seen = set()
    # Each section tells its voices in words; the full table of them is in the appendix.
    for question, part in (("joining", "joining-statements"), ("reaction", "reaction-statements")):
        assert any(e.name == "p" for e in sections[QUESTIONS[question]]), question
        tables = soup.select(f"details#appendix-{part} table")
        assert tables, question
        for row in tables[0].select("tbody tr"):
            cells = row.find_all("td")
            links = [a["href"].lstrip("#") for a in cells[-1].select("a")]
            assert links, f"a voice without a source: {row.get_text(' ')[:80]}"
            for link in links:
                assert link in published
            when = known_on(_iso(cells[0].get_text(" ", strip=True)))
            assert when <= day
            sides_seen.add(cells[1].get_text(" ", strip=True))
    text = " ".join(sides_seen)
    # Voices from all three sides: the territory's leader, the Kremlin and Georgia.
    assert "South Ossetia" in text and "Georgia" in text
    assert any(word in text for word in ("Kremlin", "Russia", "Peskov"))


def _iso(shown: str) -> str:
    """``31 March 2022`` back to ``2022-03-31`` (or a month or a year)."""
    import calendar

    parts = shown.split()
    months = list(calendar.month_name)
    if len(parts) == 3:
        return f"{parts[2]}-{months.index(parts[1]):02d}-{int(parts[0]):02d}"
    if len(parts) == 2:
        return f"{parts[1]}-{months.index(parts[0]):02d}"
    return parts[0]


def test_every_cited_source_of_a_dated_report_was_published_by_then(so_2022):
    import re

    soup, _ = html_text(so_2022 / "briefing.html")
    items = soup.select("ol.sources li")
    assert len(items) > 20
    for item in items:
        for link in item.find_all("a"):
            link.decompose()  # an address is not a date the report states
        text = item.get_text(" ")
        assert "accessed" not in text  # read in 2026: not something a 2022 report knows
        years = [int(y) for y in re.findall(r"\b(19\d\d|20\d\d)\b", text)]
        assert years, f"no publication date: {text[:100]}"
        assert max(years) <= 2022, text[:120]
