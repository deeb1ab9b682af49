"""Nothing in a printed report runs past the right margin, and the page size option works."""

from __future__ import annotations

import pytest
import weasyprint
from pypdf import PdfReader
from rendered import rendered_set
from reportcheck import run_cli

pytestmark = pytest.mark.integration


def _overflows(document, tolerance: float = 0.5) -> list[str]:
    def descendants(box):
        for child in getattr(box, "children", None) or []:
            yield child
            yield from descendants(child)

    found = []
    for number, page in enumerate(document.pages, start=1):
        right = page.width - page._page_box.margin_right
        for box in descendants(page._page_box):
            if getattr(box, "width", None) is None or type(box).__name__ == "MarginBox":
                continue
            excess = box.position_x + box.border_width() - right
            if excess > tolerance:
                found.append(f"page {number}: <{box.element_tag}> {excess:.0f} pt too wide")
    return found


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    return rendered_set(tmp_path_factory, "2025-06-30")


@pytest.fixture(scope="module")
def layouts():
    """Each page laid out by WeasyPrint once for this module's checks (seconds a briefing)."""
    done: dict = {}

    def layout(html_path):
        if html_path not in done:
            done[html_path] = weasyprint.HTML(filename=str(html_path)).render()
        return done[html_path]

    yield layout
    done.clear()


def test_no_box_runs_past_the_right_margin(reports, layouts):
    pages = sorted(reports.glob("*/2025-06-30/*.html"))
    assert len(pages) == 5
    for page in pages:
        assert _overflows(layouts(page)) == [], page


def test_letter_paper_on_request(tmp_path):
    result = run_cli(
        "render",
        "transnistria",
        "--as-of",
        "2025-06-30",
        "--page-size",
        "letter",
        "--out",
        str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    box = (
        PdfReader(str(tmp_path / "transnistria" / "2025-06-30" / "briefing.pdf")).pages[0].mediabox
    )
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_the_map_follows_the_lead_and_no_page_is_left_a_third_empty(reports, layouts):
    from pagefill import page_fill, underfilled

    for page in sorted(reports.glob("*/2025-06-30/briefing.html")):
        pages = page_fill(page, layouts(page))
        # Page 1 is the short answer (issue 20); the key facts and the map come right after it.
        assert any(alt.startswith("Map of") for p in pages[:2] for alt in p["alts"]), page
        assert underfilled(pages) == [], (page, [round(p["fill"], 2) for p in pages])


def test_the_fill_check_finds_a_half_empty_page_inside_a_section():
    from pagefill import underfilled

    pages = [
        {"fill": 0.5, "opens_section": True},  # half empty, but the next page opens a section
        {"fill": 0.9, "opens_section": True},
        {"fill": 0.5, "opens_section": False},  # half empty inside a section: flagged
        {"fill": 0.95, "opens_section": False},
        {"fill": 0.2, "opens_section": False},  # the last page may be short
    ]
    assert underfilled(pages) == [3]
