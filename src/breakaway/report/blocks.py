"""The notebook outputs a report is made of: figures, tables and ready HTML.

Each block renders through a Jinja partial (``templating``) and carries what ``render`` needs to
export it (a figure's SVG and PNG). Blocks are built by :class:`breakaway.report.page.Page`, which
numbers and captions them; they never write files.
"""

from __future__ import annotations

import base64
import io
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import matplotlib
import pandas as pd
from markupsafe import Markup
from matplotlib.figure import Figure

from breakaway.report.charts import STYLE
from breakaway.report.templating import render_partial

# Path data in a chart's SVG is in points (1/72 inch, the figure's own size). matplotlib writes
# six decimals; a hundredth of a point is 1/7200 inch, finer than any printer or screen shows
# (2400 dpi is 0.03 pt), so path coordinates are rounded to it: the locator map's outlines and
# label halos shrink by about a quarter, and every reader of the SVG (WeasyPrint, a browser, the
# PDF) has that much less to parse and draw, for the same picture.
SVG_PATH_DECIMALS = 2
_PATH_DATA = re.compile(r' d="([^"]*)"')
_DECIMAL = re.compile(r"-?\d+\.\d+")


def _short_number(match: re.Match) -> str:
    text = f"{float(match.group()):.{SVG_PATH_DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def round_path_data(svg: str) -> str:
    """``svg`` with every number in its paths' ``d`` attributes cut to ``SVG_PATH_DECIMALS``."""
    return _PATH_DATA.sub(lambda path: f' d="{_DECIMAL.sub(_short_number, path.group(1))}"', svg)


def figure_svg(fig: Figure) -> str:
    """The figure as SVG text with no timestamp or creator, so equal pictures are equal bytes.

    Path coordinates are rounded to a hundredth of a point (``round_path_data``).
    """
    buffer = io.StringIO()
    with matplotlib.rc_context(STYLE):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return round_path_data(buffer.getvalue())


def figure_png(fig: Figure, dpi: int = 150) -> bytes:
    """The figure as PNG bytes with no software stamp."""
    buffer = io.BytesIO()
    with matplotlib.rc_context(STYLE):
        fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


# Set to "1" by ``breakaway render`` when it exports the charts (figures/ holds a PNG of each);
# a notebook run by hand, whose page shows the SVG, makes no PNG (about a third of a chart's cost).
FIGURE_PNG_ENV = "BREAKAWAY_FIGURE_PNG"


def png_wanted() -> bool:
    """Whether figure outputs carry a PNG copy (``$BREAKAWAY_FIGURE_PNG`` is ``1``)."""
    return os.environ.get(FIGURE_PNG_ENV) == "1"


class FigureBlock:
    """A chart as a notebook output: inline SVG with alt text, plus SVG and PNG for export.

    The ``breakaway`` output metadata names the chart so that ``render`` can export it to
    ``figures/`` without the notebook writing files. The PNG is made only when the render asks
    for it (``png_wanted``): the page itself shows the SVG.
    For analysts, ``.figure`` is the matplotlib
    Figure and ``.data`` the frame it draws (None for a chart that declares none).
    """

    def __init__(
        self,
        chart_id: str,
        fig: Figure,
        alt: str,
        caption: str = "",
        data: pd.DataFrame | None = None,
    ):
        self.chart_id = chart_id
        self.figure = fig
        self.data = data
        self.alt = alt
        self.caption = Markup(caption)
        self.svg = figure_svg(fig)
        self.png = figure_png(fig) if png_wanted() else None
        # The data the chart draws, exported beside it for anyone who reuses the chart.
        # Text cells that a spreadsheet would run as a formula are neutralised (a leading ').
        self.csv = _csv_export(data) if data is not None else ""

    def to_html(self) -> str:
        """The ``<figure>`` element, alt text escaped, the caption as given (safe HTML)."""
        return render_partial(
            "figure",
            chart_id=self.chart_id,
            svg_base64=base64.b64encode(self.svg.encode()).decode(),
            alt=self.alt,
            caption=self.caption,
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = {"text/html": self.to_html(), "text/plain": self.alt}
        if self.png is not None:
            data["image/png"] = base64.b64encode(self.png).decode()
        metadata = {"breakaway": {"chart": self.chart_id, "svg": self.svg, "csv": self.csv}}
        return data, metadata


@dataclass(frozen=True)
class Column:
    """One column of a report table: header, how to show a row, alignment."""

    header: str
    cell: Callable[[pd.Series], str]
    is_numeric: bool = False
    is_html: bool = False  # the cell function returns safe HTML (citation markers), not text
    is_nowrap: bool = False  # short values (dates, types) that must not break mid-word

    @property
    def css_class(self) -> Markup:
        """The ``class`` attribute for this column's cells, if any."""
        classes = [
            name for name, on in (("num", self.is_numeric), ("nowrap", self.is_nowrap)) if on
        ]
        return Markup(f' class="{" ".join(classes)}"') if classes else Markup("")


class TableBlock:
    """A table as a notebook output (HTML), with its caption kept beside it."""

    def __init__(
        self,
        table_id: str,
        rows: pd.DataFrame,
        columns: Sequence[Column],
        caption: str,
        empty_text: str = "No rows for this date.",
    ):
        self.table_id = table_id
        self.rows = rows
        self.columns = list(columns)
        self.caption = Markup(caption)
        self.empty_text = empty_text

    def to_html(self) -> str:
        """The caption and ``<table>``; data-derived text escaped unless a column is marked HTML."""
        cells = [
            [
                (column, Markup(column.cell(row)) if column.is_html else column.cell(row))
                for column in self.columns
            ]
            for _, row in self.rows.iterrows()
        ]
        return render_partial(
            "table",
            table_id=self.table_id,
            caption=self.caption,
            columns=self.columns,
            rows=cells,
            empty_text=self.empty_text,
        )

    def _repr_html_(self) -> str:
        return self.to_html()


class HtmlBlock:
    """Ready HTML (rendered from a partial) as a notebook output."""

    def __init__(self, markup: str):
        self.markup = markup

    def _repr_html_(self) -> str:
        return str(self.markup)


def _csv_export(data: pd.DataFrame) -> str:
    """The chart's data as CSV, every text cell safe to open in a spreadsheet."""
    from breakaway.data.safety import formula_safe

    safe = data.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = safe[column].map(formula_safe)
    safe.columns = [formula_safe(str(c)) for c in safe.columns]
    return safe.to_csv(index=False, lineterminator="\n")
