"""PDFs people can share with anyone: tagged (PDF/UA), with a language, alt text and bookmarks.

One briefing is rendered the way an operator renders it; its PDF is read with pypdf as assistive
technology would: the structure tree, the document language, the /Alt of every figure and the
outline. The archival variant is written from the same HTML.
"""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject
from reportcheck import run

from breakaway.errors import ParameterError
from breakaway.render import convert

AS_OF = "2008-09-01"


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    result = run("breakaway", "render", "south-ossetia", "--as-of", AS_OF, "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out / "south-ossetia" / AS_OF


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


def test_pdf_is_tagged_with_a_structure_tree(report):
    root = PdfReader(report / "briefing.pdf").trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    kinds = {str(element["/S"]) for element in _elements(PdfReader(report / "briefing.pdf"))}
    assert {"/H1", "/H2", "/P", "/Figure", "/Table"} <= kinds, kinds


def test_pdf_language_comes_from_the_html(report):
    html = (report / "briefing.html").read_text(encoding="utf-8")
    lang = re.search(r'<html lang="([^"]+)"', html).group(1)
    assert PdfReader(report / "briefing.pdf").trailer["/Root"]["/Lang"] == lang == "en"


def test_every_figure_has_the_alt_text_of_its_image(report):
    html = (report / "briefing.html").read_text(encoding="utf-8")
    alts = [a for a in re.findall(r'<img [^>]*alt="([^"]*)"', html)]
    figures = [e for e in _elements(PdfReader(report / "briefing.pdf")) if e["/S"] == "/Figure"]
    assert len(figures) == len(alts) >= 5
    for figure in figures:
        assert len(str(figure.get("/Alt", ""))) > 20, f"figure without alt text: {figure}"
    assert str(figures[0]["/Alt"]).startswith("Map of Georgia")


def test_bookmarks_are_the_sections(report):
    html = (report / "briefing.html").read_text(encoding="utf-8")
    sections = [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html)]
    outline = [item.title for item in PdfReader(report / "briefing.pdf").outline]
    assert outline == [s.replace("&amp;", "&").replace("¶", "").strip() for s in sections]
    assert "Where is it?" in outline and "Sources" in outline


def test_archival_variant_on_request(report, tmp_path):
    html = (report / "briefing.html").read_text(encoding="utf-8")
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
