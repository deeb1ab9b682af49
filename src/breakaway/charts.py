"""Charts: each a function ``(data frame, options) -> Figure`` with no file I/O.

One place applies the house style (palette, font, title as takeaway, subtitle with unit and period,
source line and as-of stamp inside the figure), so no chart can forget part of it. Exports are
reproducible: no dates or versions in the files, a fixed SVG hash salt.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from datetime import date

import matplotlib
import pandas as pd
from matplotlib.dates import YearLocator
from matplotlib.figure import Figure

from .dates import format_date
from .text import html

# Okabe & Ito's palette: distinguishable with every common colour-vision deficiency.
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "sky": "#56B4E9",
    "yellow": "#F0E442",
    "black": "#000000",
    "grey": "#767676",
    "light": "#D9D9D9",
}
SERIES = ["blue", "orange", "green", "vermillion", "purple", "sky", "yellow", "grey"]
STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.edgecolor": "#444444",
    "axes.labelcolor": "#222222",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 9,
    "xtick.color": "#444444",
    "ytick.color": "#444444",
    "svg.fonttype": "path",
    "svg.hashsalt": "breakaway",
    "path.simplify": True,
}
WIDTH_IN, HEIGHT_IN = 7.0, 3.6


@dataclass(frozen=True)
class ChartText:
    """The words every chart carries: takeaway title, subtitle, source line, as-of stamp."""

    title: str
    subtitle: str
    source_line: str
    as_of: date
    note: str = ""


def new_figure(height: float = HEIGHT_IN, width: float = WIDTH_IN) -> Figure:
    """A figure in the house style, not attached to pyplot (so nothing displays by itself)."""
    with matplotlib.rc_context(STYLE):
        return Figure(figsize=(width, height), dpi=100)


def finish(fig: Figure, text: ChartText, top: float = 0.80, bottom: float = 0.2) -> Figure:
    """Place title, subtitle, counting note, source line and as-of stamp inside the figure."""
    with matplotlib.rc_context(STYLE):
        fig.subplots_adjust(left=0.09, right=0.97, top=top, bottom=bottom)
        fig.text(0.01, 0.965, text.title, fontsize=11.5, fontweight="bold", va="top",
                 color="#111111")
        fig.text(0.01, 0.895, text.subtitle, fontsize=8.5, va="top", color="#444444")
        footer = f"Source: {text.source_line} · Data as of {format_date(text.as_of)}"
        if text.note:
            fig.text(0.01, 0.065, text.note, fontsize=7, va="bottom", color="#555555",
                     style="italic")
        fig.text(0.01, 0.015, footer, fontsize=7, va="bottom", color="#555555")
    return fig


def figure_svg(fig: Figure) -> str:
    """The figure as SVG text with no timestamp or creator, so equal pictures are equal bytes."""
    buffer = io.StringIO()
    with matplotlib.rc_context(STYLE):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


def figure_png(fig: Figure, dpi: int = 150) -> bytes:
    """The figure as PNG bytes with no software stamp."""
    buffer = io.BytesIO()
    with matplotlib.rc_context(STYLE):
        fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


class FigureBlock:
    """A chart as a notebook output: inline SVG with alt text, plus PNG and SVG for export.

    The ``breakaway`` output metadata names the chart so that ``render`` can export it to
    ``figures/`` without the notebook writing files.
    """

    def __init__(self, chart_id: str, fig: Figure, alt: str, caption: str = ""):
        self.chart_id = chart_id
        self.alt = alt
        self.caption = caption
        self.svg = figure_svg(fig)
        self.png = figure_png(fig)

    def to_html(self) -> str:
        """The ``<figure>`` element, alt text and caption escaped."""
        encoded = base64.b64encode(self.svg.encode()).decode()
        caption = f"<figcaption>{self.caption}</figcaption>" if self.caption else ""
        return (
            f'<figure class="chart" id="chart-{html(self.chart_id)}">'
            f'<img src="data:image/svg+xml;base64,{encoded}" alt="{html(self.alt)}" '
            f'role="img"/>{caption}</figure>'
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = {
            "text/html": self.to_html(),
            "image/png": base64.b64encode(self.png).decode(),
            "text/plain": self.alt,
        }
        metadata = {"breakaway": {"chart": self.chart_id, "svg": self.svg}}
        return data, metadata


def _year_axis(ax, first_year: int, last_year: int) -> None:
    span = last_year - first_year
    ax.xaxis.set_major_locator(YearLocator(base=20 if span > 60 else 10 if span > 20 else 2))


def population_chart(totals, text: ChartText) -> Figure:
    """Census totals as a line with markers; estimates as hollow markers on a dashed line.

    ``totals``: columns ``year``, ``population``, ``kind`` (census or estimate).
    """
    fig = new_figure()
    with matplotlib.rc_context(STYLE):
        ax = fig.add_subplot()
        census = totals[totals["kind"] == "census"]
        estimates = totals[totals["kind"] == "estimate"]
        ax.plot(census["year"], census["population"], color=PALETTE["blue"], marker="o",
                linewidth=2, label="Census")
        for row in census.itertuples():
            ax.annotate(f"{row.population:,}", (row.year, row.population),
                        textcoords="offset points", xytext=(0, 7), ha="center", fontsize=7.5,
                        color=PALETTE["blue"])
        if not estimates.empty:
            # Join the last census to the estimates so the dashed line reads as a continuation.
            bridge = pd.concat([census.tail(1), estimates])
            ax.plot(bridge["year"], bridge["population"], color=PALETTE["orange"],
                    linestyle="--", linewidth=1.5)
            ax.plot(estimates["year"], estimates["population"], linestyle="none", marker="o",
                    markerfacecolor="white", markeredgecolor=PALETTE["orange"],
                    markeredgewidth=1.5, label="Estimate")
        ax.set_ylim(0, totals["population"].max() * 1.18)
        ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
        ax.set_ylabel("People")
        ax.grid(axis="y", color="#E5E5E5", linewidth=0.6)
        ax.set_axisbelow(True)
        _year_axis(ax, int(totals["year"].min()), int(totals["year"].max()))
        ax.legend(frameon=False, loc="lower left", fontsize=8)
    return finish(fig, text)


def recognition_step_chart(steps, text: ChartText, until: date) -> Figure:
    """UN members recognising over time: a step line, recognitions and withdrawals marked.

    ``steps``: columns ``on`` (date), ``change`` (+1/-1), ``recognizer``, ``count``.
    """
    fig = new_figure()
    with matplotlib.rc_context(STYLE):
        ax = fig.add_subplot()
        if steps.empty:
            ax.text(0.5, 0.5, "No UN member state had recognised it by this date",
                    ha="center", va="center", transform=ax.transAxes, color="#444444")
            ax.set_yticks([0, 1])
        else:
            xs = [steps["on"].iloc[0]] + list(steps["on"]) + [until]
            ys = [0] + list(steps["count"]) + [steps["count"].iloc[-1]]
            ax.step(xs, ys, where="post", color=PALETTE["blue"], linewidth=2)
            ups = steps[steps["change"] > 0]
            downs = steps[steps["change"] < 0]
            ax.plot(list(ups["on"]), list(ups["count"]), "^", color=PALETTE["green"],
                    label="Recognition", markersize=7)
            ax.plot(list(downs["on"]), list(downs["count"]), "v", color=PALETTE["vermillion"],
                    label="Withdrawal", markersize=7)
            # Label each change once, alternating sides so same-year labels do not collide.
            for index, row in enumerate(steps.itertuples()):
                ax.annotate(row.recognizer, (row.on, row.count), textcoords="offset points",
                            xytext=(-4 if index % 2 else 4, 8 if row.change > 0 else -13),
                            ha="right" if index % 2 else "left", fontsize=7, color="#333333")
            ax.set_ylim(0, max(steps["count"].max(), 1) + 1.5)
            ax.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
            ax.legend(frameon=False, loc="upper left", fontsize=8)
        ax.set_ylabel("UN member states")
        ax.grid(axis="y", color="#E5E5E5", linewidth=0.6)
        ax.set_axisbelow(True)
    return finish(fig, text)
