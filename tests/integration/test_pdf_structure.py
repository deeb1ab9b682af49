"""PDFs people can share with anyone: tagged (PDF/UA), with a language, alt text and bookmarks.

One briefing, rendered the way an operator renders it (the session's shared 2022-05-13 set), has
its PDF read with pypdf as assistive technology would: the structure tree, the document language, the /Alt of every figure and the
outline. The archival variant is written from a briefing's HTML too (a small one).
"""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject
from rendered import EARLY, rendered_set
from reportcheck import pdf_pages, run

from breakaway.errors import ParameterError
from breakaway.render import convert

# Draws or renders real reports: the slower tier.
pytestmark = pytest.mark.integration

AS_OF = "2022-05-13"


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    return rendered_set(tmp_path_factory, AS_OF) / "south-ossetia" / AS_OF


@pytest.fixture(scope="module")
def reader(report):
    """The briefing's PDF, opened once for the module's tests (they only read it; pypdf keeps
    each object it has parsed, so the structure tree is parsed once, not once a test)."""
    return PdfReader(report / "briefing.pdf")


def _structure(node, found: list) -> list:
    node = node.get_object()
    if isinstance(node, ArrayObject):
        for child in node:
            _structure(child, found)
    elif isinstance(node, DictionaryObject):
        if "/S" in node:
            found.append(node)
        if "/K" in node:
            _structure(node["/K"], found)
    return found


def _elements(reader: PdfReader) -> list:
    return _structure(reader.trailer["/Root"]["/StructTreeRoot"]["/K"], [])


def test_pdf_is_tagged_with_a_structure_tree(reader):
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    kinds = {str(element["/S"]) for element in _elements(reader)}
    assert {"/H1", "/H2", "/P", "/Figure", "/Table"} <= kinds, kinds


def test_pdf_language_comes_from_the_html(report, reader):
    html = (report / "briefing.html").read_text(encoding="utf-8")
    lang = re.search(r'<html lang="([^"]+)"', html).group(1)
    assert reader.trailer["/Root"]["/Lang"] == lang == "en"


def test_every_figure_has_the_alt_text_of_its_image(report, reader):
    html = (report / "briefing.html").read_text(encoding="utf-8")
    alts = [a for a in re.findall(r'<img [^>]*alt="([^"]*)"', html)]
    figures = [e for e in _elements(reader) if e["/S"] == "/Figure"]
    assert len(figures) == len(alts) >= 5
    for figure in figures:
        assert len(str(figure.get("/Alt", ""))) > 20, f"figure without alt text: {figure}"
    assert str(figures[0]["/Alt"]).startswith("Map of Georgia")


def test_bookmarks_are_the_sections(report, reader):
    html = (report / "briefing.html").read_text(encoding="utf-8")
    sections = [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html)]
    parts = [
        re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<summary>(.*?)</summary>", html)
    ]
    outline = reader.outline
    # The sections at the top level; the appendix's parts nested under its heading.
    top = [item.title for item in outline if not isinstance(item, list)]
    nested = [item.title for items in outline if isinstance(items, list) for item in items]
    assert top == [s.replace("&amp;", "&").replace("¶", "").strip() for s in sections]
    assert nested == [p.replace("&amp;", "&") for p in parts]
    assert "Where is it?" in top and top[-1] == "Appendix" and "Sources" in nested


def test_archival_variant_on_request(tmp_path_factory, tmp_path):
    # The variant is a mechanism: a briefing's HTML of the shared set of small reports (six pages)
    # proves it as well as South Ossetia's twenty, in a fraction of WeasyPrint's time.
    small = rendered_set(tmp_path_factory, EARLY) / "abkhazia" / EARLY
    html = (small / "briefing.html").read_text(encoding="utf-8")
    target = tmp_path / "archival.pdf"
    convert.html_to_pdf(html, target, base_url=tmp_path, variant="pdf/a-3u")
    reader = PdfReader(target)
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="U"' in xmp
    assert "/OutputIntents" in reader.trailer["/Root"]
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_unknown_variant_is_bad_input(tmp_path):
    with pytest.raises(ParameterError, match="pdf/ua-1"):
        convert.pdf_variant("pdf/z-9")
    result = run(
        "breakaway",
        "render",
        "south-ossetia",
        "--as-of",
        AS_OF,
        "--out",
        str(tmp_path),
        "--pdf-variant",
        "pdf/z-9",
    )
    assert result.returncode == 2, result.stderr
    assert "pdf/z-9" in result.stderr and not any(tmp_path.iterdir())


# -- the sources list ---------------------------------------------------------------------------

SOURCE = {
    "number": 1,
    "title": "Where is South Ossetia, and why does it want to join Russia?",
    "publisher": "Example News Ltd.",
    "published_on": "",
    "url": "https://www.example.com/world/2022/03/31/where-is-south-ossetia-and-why-does-it-want-"
    "to-join-russia-now?utm_source=feed#top",
    "accessed_on": "2026-11-27",
}


def test_sources_list_has_no_double_punctuation_and_shows_hosts():
    from bs4 import BeautifulSoup

    from breakaway.report.templating import render_partial

    html = str(
        render_partial(
            "sources_list", sources=[SOURCE, {**SOURCE, "number": 2, "title": "Plain title"}]
        )
    )
    items = BeautifulSoup(html, "html.parser").select("li")
    first, second = (" ".join(li.get_text(" ").split()) for li in items)
    assert "Russia?." not in first and "Ltd.." not in first
    assert first.startswith("Where is South Ossetia, and why does it want to join Russia? Example")
    assert second.startswith("Plain title. Example News Ltd.")
    link = items[0].select_one("a")
    assert link["href"] == SOURCE["url"]
    assert link.select_one(".url-host").get_text() == "example.com"
    printed = link.select_one(".url-print")
    # Printed whole (query and fragment too): a cut address cannot be typed in.
    assert printed.get_text() == SOURCE["url"] and "…" not in printed.get_text()


def test_printed_sources_print_each_url_whole(report):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((report / "briefing.html").read_text(encoding="utf-8"), "html.parser")
    urls = [a["href"] for a in soup.select("ol.sources a.source-url")]
    titles = [t.get_text().strip() for t in soup.select("ol.sources .source-title")]
    assert urls and titles
    # Each page's text, extracted once a session (seconds for a briefing), read twice below.
    pages = list(pdf_pages(report / "briefing.pdf"))
    lines = [line.strip() for page in pages[-4:] for line in page.splitlines()]
    text = "\n".join(lines)
    # Wrapped anywhere (overflow-wrap) but never cut: the lines joined hold every address.
    joined = "".join(line.strip() for page in pages for line in page.split("\n"))
    for url in urls:
        assert url in joined, f"URL {url!r} is cut or missing"
    assert not re.search(r"[?!.]\.(?!\.)", text.replace("...", "")), "double punctuation"
    assert "h ttp" not in text and "ht tp" not in text
