"""The reader's formats, declared once: name, file suffix, how the index labels it, how it is made.

Planning (the files a finished report holds), execution (which files to write), the index (which
links to show) and the Dask client (which files come back) all read ``EXPORTERS``; adding a format
is one entry here and its function. Standard library only: the writers import nbconvert and
WeasyPrint when called, so a run with nothing to do loads neither.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Page:
    """A converted report, ready for every exporter: its HTML and where relative links resolve."""

    html: str
    base: Path
    pdf_variant: str


@dataclass(frozen=True)
class Exporter:
    """One output format of a report."""

    name: str  # as --format names it
    suffix: str  # briefing.<suffix>
    label: str  # the index's link text
    write: Callable[[Page, Path], None]

    def file_name(self, kind: str) -> str:
        """``briefing.html``: the file of a report of ``kind`` in this format."""
        return f"{kind}.{self.suffix}"


def _write_html(page: Page, target: Path) -> None:
    target.write_text(page.html, encoding="utf-8")


def _write_pdf(page: Page, target: Path) -> None:
    from breakaway.render.convert import html_to_pdf

    html_to_pdf(page.html, target, base_url=page.base, variant=page.pdf_variant)


# In the order a report is made and the index lists them.
EXPORTERS: dict[str, Exporter] = {
    exporter.name: exporter
    for exporter in (
        Exporter("html", "html", "HTML", _write_html),
        Exporter("pdf", "pdf", "PDF", _write_pdf),
    )
}


def exporters_for(formats: tuple[str, ...] | list[str]) -> list[Exporter]:
    """The exporters of ``formats`` (checked names), in registry order."""
    return [exporter for name, exporter in EXPORTERS.items() if name in formats]
