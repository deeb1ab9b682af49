"""Nothing in a printed report runs past the right margin, and the page size option works."""

from __future__ import annotations

import pytest
from pagefill import summary
from pypdf import PdfReader
from rendered import rendered_set, shared_root
from reportcheck import run_cli

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """Every report of today (the shared set test_body_appendix lays out too)."""
    return rendered_set(tmp_path_factory, "today")


@pytest.fixture(scope="module")
def layouts(tmp_path_factory):
    """Each page laid out by WeasyPrint once a session for every layout check
    (``pagefill.summary``: test_body_appendix lays out the same briefings)."""
    cache = shared_root(tmp_path_factory) / "layouts"
    return lambda html_path: summary(html_path, cache)


def test_no_box_runs_past_the_right_margin(reports, layouts):
    pages = sorted(reports.glob("*/[0-9]*/*.html"))
    assert len(pages) == 5
    for page in pages:
        assert layouts(page)["overflows"] == [], page


def test_letter_paper_on_request(tmp_path):
    # A short report (four pages) proves the option as well as a long one, at a fifth of the cost.
    result = run_cli(
        "render",
        "transnistria",
        "--as-of",
        "1993-01-01",
        "--page-size",
        "letter",
        "--out",
        str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    pages = PdfReader(str(tmp_path / "transnistria" / "1993-01-01" / "briefing.pdf")).pages
    assert len(pages) >= 2
    for page in pages:
        box = page.mediabox
        assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_the_map_follows_the_lead_and_no_page_is_left_a_third_empty(reports, layouts):
    from pagefill import underfilled

    for page in sorted(reports.glob("*/[0-9]*/briefing.html")):
        pages = layouts(page)["pages"]
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
