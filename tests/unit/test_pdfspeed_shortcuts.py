"""The PDF phase's shortcuts in WeasyPrint and pydyf change no byte of the PDF (issue 22).

``render/pdf_speedups.py`` keeps each chart's letter layouts and pydyf's page references instead
of rebuilding them. A page here has what the shortcuts touch: charts whose text repeats letters
in two sizes, weights and families, and enough pages and links for the PDF/UA tags to read the
page references many times. Its PDF is written with and without the shortcuts and compared.
"""

from __future__ import annotations

import base64

import pytest

from breakaway.render import pdf_speedups

weasyprint = pytest.importorskip("weasyprint")

CHART = """<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200" viewBox="0 0 400 200">
<g font-family="DejaVu Sans"><text x="10" y="20" font-size="12">South Ossetia, 53,532 in 2015</text>
<text x="10" y="40" font-size="9" font-weight="bold">South Ossetia, 53,532 in 2015</text>
<text x="10" y="60" font-size="12" font-family="DejaVu Sans Mono">Tskhinvali 1989-2015</text>
<text x="200" y="80" font-size="12" text-anchor="middle">Recognised by 5 UN members</text>
<text x="10" y="100" font-size="12" dx="0 1 2">A</text><text x="10" y="120">a</text>
<path d="M0 150 L400 150" stroke="#555"/></g></svg>"""


def _page() -> str:
    uri = "data:image/svg+xml;base64," + base64.b64encode(CHART.encode()).decode()
    rows = "".join(
        f"<tr><td>{i}</td><td>Event {i} in <a href='#s{i}'>Tskhinvali</a></td></tr>"
        for i in range(120)
    )
    sources = "".join(f"<li id='s{i}'>Source {i}, https://example.org/{i}</li>" for i in range(120))
    figures = "".join(
        f"<figure><img alt='chart {i}' src='{uri}' style='width:14cm'></figure>" for i in range(3)
    )
    return (
        "<html lang='en'><head><title>t</title></head><body><h1>Briefing</h1>"
        f"{figures}<table>{rows}</table><ol>{sources}</ol></body></html>"
    )


def _pdf(tmp_path, name: str) -> bytes:
    document = weasyprint.HTML(string=_page(), base_url=str(tmp_path)).render(pdf_tags=True)
    document.metadata.created = document.metadata.modified = "2025-06-30T00:00:00+00:00"
    target = tmp_path / name
    document.write_pdf(target, pdf_variant="pdf/ua-1", pdf_tags=True)
    return target.read_bytes()


@pytest.fixture
def without_shortcuts():
    pdf_speedups.uninstall()
    yield
    pdf_speedups.uninstall()


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> dict:
    """The page's PDF written without, then with the shortcuts, counting the layouts each built.

    Both checks below read these two PDFs: a WeasyPrint render of the page costs about half a
    second, and each check used to write the same two of its own.
    """
    from weasyprint.text import line_break

    folder = tmp_path_factory.mktemp("pdfspeed")
    built = [0]
    setup = line_break.Layout.setup

    def counted(self, style):
        built[0] += 1
        return setup(self, style)

    pdf_speedups.uninstall()
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(line_break.Layout, "setup", counted)
            plain = _pdf(folder, "plain.pdf")
            plain_layouts, built[0] = built[0], 0
            names = pdf_speedups.install()
            quick = _pdf(folder, "quick.pdf")
            installed = pdf_speedups.installed()
    finally:
        pdf_speedups.uninstall()
    return {
        "plain": plain,
        "quick": quick,
        "plain layouts": plain_layouts,
        "quick layouts": built[0],
        "install": names,
        "installed": installed,
    }


def test_the_pdf_is_the_same_byte_for_byte_with_the_shortcuts(written):
    assert written["install"] == ["svg-letter-layouts", "page-references"]
    assert written["quick"] == written["plain"]


def test_chart_letters_are_laid_out_once_per_letter_and_font(written):
    letters = sum(len(text) for text in _texts()) * 3  # three figures
    # Without the shortcut every letter drawn is laid out twice (measured, then drawn).
    assert written["plain layouts"] - written["quick layouts"] >= letters
    assert written["installed"] == ["svg-letter-layouts", "page-references"]


def _texts() -> list[str]:
    import re

    return re.findall(r"<text[^>]*>([^<]*)</text>", CHART)


def test_page_references_follow_pages_added_after_a_read(without_shortcuts):
    import pydyf

    pdf_speedups.install()
    pdf = pydyf.PDF()
    first = pydyf.Dictionary({"Type": "/Page"})
    pdf.add_page(first)
    assert pdf.page_references == (f"{first.number} 0 R".encode(),)
    second = pydyf.Dictionary({"Type": "/Page"})
    pdf.add_page(second)
    assert pdf.page_references == (
        f"{first.number} 0 R".encode(),
        f"{second.number} 0 R".encode(),
    )
    assert pdf.page_references is pdf.page_references  # built once per page count


def test_switched_off_or_another_version_installs_nothing(without_shortcuts, monkeypatch):
    monkeypatch.setenv(pdf_speedups.SWITCH, "0")
    assert pdf_speedups.install() == []
    monkeypatch.delenv(pdf_speedups.SWITCH)
    monkeypatch.setattr(weasyprint, "__version__", "0.0")
    import pydyf

    monkeypatch.setattr(pydyf, "__version__", "0.0")
    assert pdf_speedups.install() == []


def test_uninstall_puts_weasyprint_back(without_shortcuts):
    from weasyprint import svg
    from weasyprint.text import line_break

    before = (line_break.split_first_line, svg.SVG.draw)
    pdf_speedups.install()
    assert (line_break.split_first_line, svg.SVG.draw) != before
    pdf_speedups.uninstall()
    assert (line_break.split_first_line, svg.SVG.draw) == before
