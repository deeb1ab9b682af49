"""Issue 20, items 7 and 8: the index and the comparison read on a 375 px phone.

Debian's headless Chromium (skipped when absent) opens the pages at 375 px and checks that the
page never scrolls sideways: ``document.scrollingElement.scrollWidth <= innerWidth``. The index is
also built by hand with the longest texts a reader could meet (a long headline, a long word, a
long base URL), and a planted stylesheet that forbids wrapping shows the check can fail.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rendered import rendered_set
from reportcheck import CHROMIUM, CHROMIUM_FLAGS

from breakaway.render.index import write_index

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="chromium is not installed (make test installs it)",
    ),
]
OVERFLOW = "[document.scrollingElement.scrollWidth, window.innerWidth]"
BASE = "https://briefings.example.org/a/rather/long/path/where/the/reports/are/published/"


def _widths(pages: list[Path]) -> list[list[int]]:
    from playwright.sync_api import sync_playwright

    found = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 375, "height": 800})
        for path in pages:
            page.goto(path.as_uri(), wait_until="load")
            found.append(page.evaluate(OVERFLOW))
        browser.close()
    return found


def _hand_made_index(out: Path) -> Path:
    facts = {
        "name": "Nagorno-Karabakh",
        "headline": "The Republic of Artsakh dissolves itself after Azerbaijan's offensive, "
        "and nearly all of its Armenian population leaves for Armenia within a week",
        "latest_news": {
            "on": "2023-09-28",
            "text": "Samvel Shahramanyan signed a decree dissolving all state institutions "
            "by 1 January 2024: Nakhichevanskaya-Stepanakertskaya-Khankendinskaya.",
        },
        "checked_through": "2023-09-30",
    }
    for report, day in (("nagorno-karabakh", "2023-09-30"), ("nagorno-karabakh", "2022-01-01")):
        folder = out / report / day
        folder.mkdir(parents=True)
        manifest = {"status": "ok", "kind": "briefing"}
        if day == "2023-09-30":
            manifest["last_attempt"] = {"status": "failed", "error": "E" * 120}
        (folder / "manifest.json").write_text(json.dumps(manifest))
        (folder / "facts.json").write_text(json.dumps(facts))
        for name in ("briefing.html", "briefing.pdf"):
            (folder / name).write_text("x")
    (out / "feed.xml").write_text("<feed/>")
    return write_index(out, BASE)


def test_the_index_with_long_texts_fits_a_phone(tmp_path):
    index = _hand_made_index(tmp_path / "out")
    [(scroll, inner)] = _widths([index])
    assert inner == 375 and scroll <= inner, f"the index scrolls sideways: {scroll} > {inner}"


def test_the_check_catches_a_planted_overflow(tmp_path):
    index = _hand_made_index(tmp_path / "out")
    planted = index.with_name("planted.html")
    planted.write_text(
        index.read_text().replace("</style>", "td { white-space: nowrap; } table "
        "{ display: table !important; }</style>")
    )  # fmt: skip
    [(scroll, inner)] = _widths([planted])
    assert scroll > inner


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    return rendered_set(tmp_path_factory, "2022-05-13")


def test_the_rendered_comparison_and_index_fit_a_phone(rendered, tmp_path):
    pages = [rendered / "comparison/2022-05-13/comparison.html", rendered / "index.html"]
    for path, (scroll, inner) in zip(pages, _widths(pages), strict=True):
        assert inner == 375 and scroll <= inner, f"{path.name} scrolls sideways: {scroll}"
