"""A briefing, not a research file: eight pages of body, then the appendix, then the colophon.

Read as a reader would: the PDF's text and WeasyPrint's layout boxes say on which page the
appendix starts and how full the body's pages are; the HTML says what lies in the body, what in
the appendix's collapsible parts, and what in the colophon.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pagefill import summary
from rendered import rendered_set, shared_root
from reportcheck import CHROMIUM, CHROMIUM_FLAGS, pdf_pages  # each PDF's text once a session

pytestmark = pytest.mark.integration

AS_OF = "2022-05-13"
BODY_PAGES = 8
# Parts every briefing of South Ossetia as of 13 May 2022 has, in reading order.
SO_2022_PARTS = [
    "timeline",
    "recognitions",
    "population",
    "joining-statements",
    "indicators",
    "reaction-statements",
    "war-statements",
    "comparison",
    "factcheck",
    "sources",
]


@pytest.fixture(scope="module")
def so_2022(tmp_path_factory) -> Path:
    return rendered_set(tmp_path_factory, AS_OF) / "south-ossetia" / AS_OF


@pytest.fixture(scope="module")
def today(tmp_path_factory) -> list[Path]:
    # Each briefing's edition folder (its ``latest`` link leads to the same one).
    found = sorted(rendered_set(tmp_path_factory, "today").glob("*/[0-9]*/briefing.html"))
    assert len(found) == 4, found
    return found


# -- helpers: the layout and the parts of the page -------------------------------------------


@pytest.fixture(scope="module")
def layouts(tmp_path_factory):
    """Each page laid out by WeasyPrint once a session for every layout check
    (``pagefill.summary``: test_print_layout lays out today's briefings too)."""
    return shared_root(tmp_path_factory) / "layouts"


def body_layout(html_path: Path, cache: Path) -> tuple[int | None, list[float]]:
    """The page the appendix heading starts on (1-based) and how full each page is (0 to 1)."""
    appendix_page, fills, _ = laid_out(html_path, cache)
    return appendix_page, fills


def laid_out(html_path: Path, cache: Path) -> tuple[int | None, list[float], set[int]]:
    """``body_layout`` and the pages the lead (``section.lead``) is laid out on."""
    found = summary(html_path, cache)
    return found["appendix_page"], found["fills"], found["lead_pages"]


def half_empty_body_pages(appendix_page: int, fills: list[float]) -> list[int]:
    """Body pages less than half full, before the page the appendix starts on (it follows the
    body on the same page, so no body page but the one it shares may be short)."""
    return [n for n, fill in enumerate(fills[: appendix_page - 1], start=1) if fill < 0.5]


def split(html_path: Path) -> tuple[BeautifulSoup, list, list]:
    """The page, its body elements (before the appendix heading) and its appendix elements."""
    soup = BeautifulSoup(html_path.read_text(encoding="utf-8"), "html.parser")
    heading = soup.find(id="appendix")
    assert heading is not None and heading.name == "h2", "no appendix heading"
    after = set(id(e) for e in heading.find_all_next(True))
    body = [e for e in soup.find_all(True) if id(e) not in after and e is not heading]
    appendix = [e for e in soup.find_all(True) if id(e) in after]
    return soup, body, appendix


def body_text(html_path: Path) -> str:
    """The words of the body, before the appendix heading."""
    soup = BeautifulSoup(html_path.read_text(encoding="utf-8"), "html.parser")
    heading = soup.find(id="appendix")
    for element in heading.find_all_next():
        element.extract()
    heading.extract()
    main = soup.find("main") or soup
    return " ".join(main.get_text(" ").split())


# -- the body ends by page 8 --------------------------------------------------------------------


def test_the_body_of_so_2022_ends_by_page_8_in_the_pdf_and_its_pages_are_full(so_2022, layouts):
    pages = pdf_pages(so_2022 / "briefing.pdf")
    starts = [n for n, text in enumerate(pages, 1) if re.search(r"^Appendix\s*$", text, re.M)]
    assert starts, "no page holds the appendix heading"
    assert starts[0] <= BODY_PAGES + 1, f"the body runs to page {starts[0] - 1}"
    appendix_page, fills = body_layout(so_2022 / "briefing.html", layouts)
    assert appendix_page == starts[0], (appendix_page, starts)
    assert half_empty_body_pages(appendix_page, fills) == [], [round(f, 2) for f in fills]


def test_every_briefing_of_today_has_its_lead_on_page_1_and_ends_its_body_by_page_8(today, layouts):
    for html_path in today:
        appendix_page, fills, lead_pages = laid_out(html_path, layouts)
        assert lead_pages == {1}, (html_path, sorted(lead_pages))  # the short answer, whole
        assert appendix_page is not None, f"{html_path}: no appendix"
        assert appendix_page <= BODY_PAGES + 1, (html_path, appendix_page)
        assert half_empty_body_pages(appendix_page, fills) == [], (
            html_path,
            [round(f, 2) for f in fills],
        )


def test_the_half_empty_check_finds_a_half_empty_body_page():
    # The appendix starts on page 5, after the body on the same page: pages 2 and 4 are short.
    assert half_empty_body_pages(5, [0.9, 0.4, 0.8, 0.3, 1.0, 1.0]) == [2, 4]
    assert half_empty_body_pages(3, [0.9, 0.2, 1.0]) == [2]
    # The page the body ends and the appendix starts on may be short (the report's last page).
    assert half_empty_body_pages(3, [0.9, 0.8, 0.2]) == []


# -- one chart or one short table per section; the full record in the appendix -----------------


def _sections(body: list) -> dict[str, list]:
    sections, current = {}, None
    for element in body:
        if element.name == "h2":
            current = element.get_text(" ", strip=True).rstrip("¶ ").strip()
            sections[current] = []
        elif current is not None:
            sections[current].append(element)
    return sections


def check_sections(html_path: Path) -> None:
    """Each body section shows at most one chart and no full table; the record is after."""
    _, body, appendix = split(html_path)
    sections = _sections(body)
    assert len(sections) >= 5, (html_path, list(sections))
    for title, elements in sections.items():
        charts = [e for e in elements if e.name == "figure"]
        tables = [e for e in elements if e.name == "table"]
        assert len(charts) <= 1, (html_path, title, len(charts))
        assert not tables, (html_path, title, "a full table in the body")
    assert not [e for e in body if e.name == "ol" and "sources" in e.get("class", [])]
    assert [e for e in appendix if e.name == "table"], html_path


def test_each_body_section_of_so_2022_has_at_most_one_chart_and_no_full_table(so_2022):
    check_sections(so_2022 / "briefing.html")


def test_each_body_section_of_today_has_at_most_one_chart_and_no_full_table(today):
    for html_path in today:
        check_sections(html_path)


def test_the_appendix_parts_are_collapsible_details_holding_every_table(so_2022):
    soup, _, appendix = split(so_2022 / "briefing.html")
    parts = [e for e in appendix if e.name == "details"]
    assert [p["id"].removeprefix("appendix-") for p in parts] == SO_2022_PARTS
    for part in parts:
        summary = part.find("summary", recursive=False)
        assert summary is not None and summary.get_text(strip=True), part["id"]
        assert part.contents[0] is summary, f"{part['id']}: the summary comes first"
        assert not part.has_attr("open"), f"{part['id']}: closed on screen"
    # Every table and the sources list lie inside a part: nothing of the record outside.
    for table in soup.select("table.report-table"):
        assert table.find_parent("details", class_="appendix-part"), table.get("id")
    assert soup.select_one("ol.sources").find_parent("details")["id"] == "appendix-sources"
    # Every statement of the joining, reaction and war sections sits in its part.
    for part_id in ("joining-statements", "reaction-statements", "war-statements"):
        rows = soup.select(f"#appendix-{part_id} table tbody tr")
        assert len(rows) >= 5, part_id


def test_print_shows_the_parts_open_and_the_appendix_follows_the_body(so_2022):
    css = (so_2022 / "briefing.html").read_text(encoding="utf-8")
    print_css = css[css.index("@media print") :]
    # No forced page: it left a body page of three lines (Abkhazia, 20 August 2008).
    assert not re.search(r"appendix-heading[^{]*\{[^}]*break-before: page", print_css)
    assert re.search(r"h2\.appendix-heading[^{]*\{[^}]*break-after: avoid", print_css)
    # The PDF holds every part's content though the <details> are closed in the HTML.
    text = "\n".join(pdf_pages(so_2022 / "briefing.pdf"))
    for words in ("Timeline of South Ossetia up to 13 May 2022", "Press claims about South"):
        assert words in text


def test_each_statement_and_event_appears_once_in_the_body(so_2022):
    soup, _, _ = split(so_2022 / "briefing.html")
    text = body_text(so_2022 / "briefing.html")
    said = [
        " ".join(td.get_text(" ").split())
        for part_id in ("joining-statements", "reaction-statements", "war-statements")
        for td in soup.select(f"#appendix-{part_id} tbody td:nth-of-type(3)")
    ]
    happened = [
        " ".join(td.get_text(" ").split())
        for td in soup.select("#appendix-timeline tbody td:nth-of-type(3)")
    ]
    checked, told = 0, 0
    for words in said + happened:
        # The paraphrase or description alone (a quotation after it is the speaker's own).
        words = words.split(" “", 1)[0].rstrip(".")
        if len(words) < 40:
            continue
        checked += 1
        told += text.count(words) == 1
        assert text.count(words) <= 1, f"told {text.count(words)} times in the body: {words[:80]}"
    # The body does tell some of them (so the matching works), but not all (it selects).
    assert checked > 50 and 5 <= told < checked, (checked, told)


# -- the colophon --------------------------------------------------------------------------------


def test_the_colophon_holds_the_parameters_and_fingerprint_and_page_1_does_not(so_2022):
    manifest = json.loads((so_2022 / "manifest.json").read_text())
    fingerprint, version = manifest["data"]["fingerprint"], manifest["data_version"]
    soup = BeautifulSoup((so_2022 / "briefing.html").read_text(encoding="utf-8"), "html.parser")
    colophon = soup.select_one("footer.colophon")
    words = colophon.get_text(" ")
    for expected in ("south-ossetia", AS_OF, fingerprint, version):
        assert expected in words, expected
    # It comes last: after the sources, with no reader text after it.
    assert colophon.find_previous("ol", class_="sources") is not None
    after = [p for p in colophon.find_all_next("p") if colophon not in p.parents]
    assert not [p for p in after if p.get_text(strip=True)]
    title = soup.select_one("header.title-block").get_text(" ")
    assert "What was known on 13 May 2022" in title and "Sources checked through" in title
    assert fingerprint not in title and "Parameters" not in title
    pages = pdf_pages(so_2022 / "briefing.pdf")
    assert fingerprint not in pages[0] and "south-ossetia" not in pages[0]
    assert "Parameters" not in pages[0]
    assert fingerprint in pages[-1].replace("\n", "") and "Colophon" in pages[-1]


def test_the_colophon_of_the_comparison_too(tmp_path_factory):
    folder = rendered_set(tmp_path_factory, AS_OF) / "comparison" / AS_OF
    soup = BeautifulSoup((folder / "comparison.html").read_text(encoding="utf-8"), "html.parser")
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["data"]["fingerprint"] in soup.select_one("footer.colophon").get_text()
    assert manifest["data"]["fingerprint"] not in soup.select_one("header.title-block").get_text()


# -- the sources: every address whole ----------------------------------------------------------


def test_every_source_url_is_printed_whole(so_2022):
    soup = BeautifulSoup((so_2022 / "briefing.html").read_text(encoding="utf-8"), "html.parser")
    urls = [a["href"] for a in soup.select("ol.sources a.source-url")]
    assert len(urls) > 20
    for a in soup.select("ol.sources a.source-url"):
        assert a.select_one(".url-print").get_text() == a["href"]
    pages = pdf_pages(so_2022 / "briefing.pdf")
    # A wrapped address continues on the next line: read the lines joined.
    joined = "".join(line.strip() for text in pages for line in text.splitlines())
    for url in urls:
        assert url in joined, f"address cut or broken: {url}"


# -- in a browser: closed on screen, open in print ---------------------------------------------


@pytest.mark.skipif(
    CHROMIUM is None,
    reason="chromium is not installed (make test installs it)",
)
def test_chromium_shows_the_parts_closed_on_screen_and_open_in_print(so_2022):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1100, "height": 1400})
        page.goto((so_2022 / "briefing.html").as_uri(), wait_until="load")
        tables = page.locator("details.appendix-part table")
        assert tables.count() >= 5
        on_screen = [tables.nth(i).is_visible() for i in range(tables.count())]
        page.locator("#appendix-timeline > summary").click()  # a reader opens one part
        opened = page.locator("#appendix-timeline table").is_visible()
        page.emulate_media(media="print")
        in_print = [tables.nth(i).is_visible() for i in range(tables.count())]
        browser.close()
    assert not any(on_screen) and opened
    assert all(in_print)
