"""Turn an executed notebook into the reader's files: HTML without code, PDF from that HTML.

In-process (nbconvert's and WeasyPrint's Python APIs), so a render pays for no extra interpreter
start. Also pulls the facts and charts out of the notebook's outputs: the notebook never writes
files itself.
"""

from __future__ import annotations

import base64
import contextlib
import os
import signal
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import cast

import nbformat

from breakaway import paths
from breakaway.data.environment import limit
from breakaway.errors import RenderError
from breakaway.knowledge.facts_types import PublishedFacts
from breakaway.render import pdf_speedups
from breakaway.render.pdf_variants import pdf_variant
from breakaway.report.facts_output import FACTS_MIMETYPE

REMOVE_TAGS = {"remove-cell", "parameters", "injected-parameters"}
PAGE_SIZES = {"a4": "A4", "letter": "letter"}
# The most pages one PDF may have (README, "Operating it").
PAGES_VARIABLE = "BREAKAWAY_MAX_PAGES"


@cache
def _css(page_size: str) -> str:
    css = (paths.TEMPLATES_DIR / "breakaway" / "static" / "report.css").read_text(encoding="utf-8")
    return css + f"\n@page {{ size: {PAGE_SIZES[page_size]}; }}\n"


@cache
def _exporter():
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter = HTMLExporter(
        template_name="breakaway",
        extra_template_basedirs=[str(paths.TEMPLATES_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    exporter.register_preprocessor(
        TagRemovePreprocessor(remove_cell_tags=REMOVE_TAGS, enabled=True), enabled=True
    )
    return exporter


def warm_up() -> None:
    """Import papermill, nbconvert and WeasyPrint and compile the HTML template, once.

    Called by a render process before it forks its pool workers (``run``): each worker then
    starts with them loaded instead of paying for them itself, about a second of CPU per worker
    (WeasyPrint alone runs some 20 ``find_library`` look-ups, each a compiler subprocess, at
    import). Nothing here starts a thread, a kernel or a font map, so forking after it is safe.
    """
    import papermill  # noqa: F401 - imported for the workers, which run notebooks with it
    import weasyprint  # noqa: F401 - imported for the workers, which lay out PDFs with it

    pdf_speedups.install()
    blank = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("warm-up")])
    notebook_html(blank, title="warm-up", subject="warm-up")


def notebook_html(
    notebook: nbformat.NotebookNode, title: str, subject: str, page_size: str = "a4"
) -> str:
    """The report as one self-contained HTML page: no code, no prompts, no scripts."""
    notebook = nbformat.from_dict(notebook)
    notebook.metadata["title"] = title
    notebook.metadata["breakaway"] = {"author": "breakaway", "subject": subject}
    body, _ = _exporter().from_notebook_node(notebook, resources={"breakaway_css": _css(page_size)})
    return body


def html_to_pdf(html_text: str, target: Path, base_url: Path, variant: str | None = None) -> None:
    """Lay out the HTML with WeasyPrint's print CSS and write a tagged PDF.

    Args:
        html_text: The report page.
        target: The PDF to write.
        base_url: Where relative links resolve.
        variant: ``pdf/ua-1`` (the default, see :func:`pdf_variant`) or an archival ``pdf/a-*``.
    """
    import weasyprint

    pdf_speedups.install()  # byte-identical shortcuts in the pinned WeasyPrint (pdf_speedups)
    variant = pdf_variant(variant)
    document = weasyprint.HTML(string=html_text, base_url=str(base_url)).render(pdf_tags=True)
    most = limit(PAGES_VARIABLE)
    if len(document.pages) > most:
        raise RenderError(
            f"the PDF would have {len(document.pages):,} pages, more than the limit of {most:,}; "
            f"expected a shorter report (raise the limit with {PAGES_VARIABLE})"
        )
    # With SOURCE_DATE_EPOCH set, stamp that date so equal inputs give equal bytes.
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        stamp = datetime.fromtimestamp(int(epoch), tz=UTC).isoformat()
        document.metadata.created = stamp
        document.metadata.modified = stamp
    document.write_pdf(target, pdf_variant=variant, pdf_tags=True)


@contextlib.contextmanager
def time_limit(seconds: float | None, what: str) -> Iterator[None]:
    """Stop the block with ``RenderError`` after ``seconds`` (``--cell-timeout``).

    Conversion runs in the worker process's main thread (the local pool), where an interval
    timer can interrupt WeasyPrint's layout; elsewhere (a Dask worker's thread) it is not bounded.
    """
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    message = f"{what} took more than {seconds:g} s (the --cell-timeout)"
    state = {"armed": True, "fired": False}

    def expired(signum, frame):
        if not state["armed"]:
            return
        state["fired"] = True
        # The exception can land in a finalizer (WeasyPrint's FontConfiguration.__del__), where
        # Python swallows it; ring again shortly so the layout itself is interrupted.
        signal.setitimer(signal.ITIMER_REAL, 0.05)
        raise RenderError(message)

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except Exception as error:
        # Out of time, whatever else went wrong after the bell is reported as the timeout.
        if state["fired"] and str(error) != message:
            raise RenderError(message) from error
        raise
    finally:
        state["armed"] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    if state["fired"]:
        raise RenderError(message)


def extract_facts(notebook: nbformat.NotebookNode) -> PublishedFacts | None:
    """The facts the notebook published (``publish_facts()``, a ``FactsOutput``), if any."""
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if FACTS_MIMETYPE in data:
                return cast(PublishedFacts, dict(data[FACTS_MIMETYPE]))
    return None


def extract_charts(notebook: nbformat.NotebookNode) -> dict[str, dict[str, bytes]]:
    """Every chart output by id, as ``{"svg": bytes[, "png": bytes][, "csv": bytes]}``.

    The PNG is there when the kernel was asked for it (``BREAKAWAY_FIGURE_PNG``, see
    :func:`breakaway.render.execute.figure_env`).
    """
    charts = {}
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            meta = output.get("metadata", {}).get("breakaway", {})
            if "chart" in meta:
                charts[meta["chart"]] = {"svg": meta["svg"].encode()}
                png = output.get("data", {}).get("image/png")
                if png:
                    charts[meta["chart"]]["png"] = base64.b64decode(png)
                if meta.get("csv"):
                    charts[meta["chart"]]["csv"] = meta["csv"].encode()
    return charts
