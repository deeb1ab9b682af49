"""The chart frame: palette, house style and the words every chart carries, placed by measure.

One place applies the house style (palette, font, title as takeaway, subtitle with unit and period,
legend in the header, source line and as-of stamp inside the figure), so no chart can forget part
of it. Exports are reproducible: no dates or versions in the files, a fixed SVG hash salt. This
module draws no data and writes no file.
"""

from __future__ import annotations

import functools
import textwrap
from dataclasses import dataclass
from datetime import date
from typing import Any

import matplotlib
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.path import Path
from matplotlib.textpath import TextPath
from matplotlib.typing import RcKeyType

from breakaway.dates import format_date
from breakaway.report.chart_layout import renderer_of
from breakaway.report.glyph_extents import line_right

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
# Colours as a reader names them, for subtitles and alt text ("colours named as drawn").
COLOUR_NAMES = {
    "blue": "blue",
    "orange": "orange",
    "green": "green",
    "vermillion": "red-orange",
    "purple": "pink",
    "sky": "light blue",
    "yellow": "yellow",
    "black": "black",
    "grey": "grey",
    "light": "light grey",
}
SERIES = ["blue", "orange", "green", "vermillion", "purple", "sky", "yellow", "grey"]
STYLE: dict[RcKeyType, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.edgecolor": "#444444",
    "axes.labelcolor": "#222222",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 9,
    "xtick.color": "#444444",
    "ytick.color": "#444444",
    # Text stays text: searchable in the PDF, and far cheaper for WeasyPrint to draw than glyph
    # outlines.
    "svg.fonttype": "none",
    "svg.hashsalt": "breakaway",
    "path.simplify": True,
    # Data-derived labels are plain text: a "$" in a name must not start mathtext.
    "text.parse_math": False,
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


def colour_name(key: str) -> str:
    """The word for a palette colour as it looks on the page (``vermillion`` -> red-orange)."""
    return COLOUR_NAMES[key]


def timeline_subtitle(patron: str = "Russia", joining: bool = True) -> str:
    """The timeline's subtitle, naming its colours as they are drawn (none that is not)."""
    words = "Events by category; bars are spans such as wars"
    if joining:
        words += f"; {colour_name('vermillion')} marks steps about joining {patron}"
    return words


def new_figure(height: float = HEIGHT_IN, width: float = WIDTH_IN) -> Figure:
    """A figure in the house style, not attached to pyplot (so nothing displays by itself)."""
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(width, height), dpi=100)
    renderer_of(fig)
    return fig


def _fits(text, room: float) -> bool:
    """Whether every line of a text reaches no further right than ``room`` points.

    Widths come from the glyph outlines (no hinting): rendered widths vary by a few per cent with
    the resolution (Agg hints glyphs to pixels) and the browser lays out the SVG's text itself, so
    wrapping goes by the outlines, with slack. The lines are measured in order and the first one
    too wide settles it: a wrap that fails is not measured to its end (each line costs a layout).
    """
    prop = text.get_fontproperties().copy()
    return all(outline_width(line, prop) <= room for line in text.get_text().split("\n"))


@functools.lru_cache(maxsize=4096)
def outline_width(line: str, prop: FontProperties) -> float:
    """How far right a line's glyph outlines reach, in points: their rightmost control point.

    A Bezier curve lies within the hull of its control points, so this never measures short; for
    DejaVu Sans, whose outlines have points at their extremes, it equals the exact extent for every
    Latin, Cyrillic and Greek glyph (52 of 4,699 glyphs measure at most 0.17 pt wider). The exact
    ``Path.get_extents`` solves each curve in Python, about 0.3 s per line of a title; charts wrap
    several texts several times, and that was most of a briefing's time. Cached, as wrapping and
    map labels measure the same lines again; ``prop`` must not change after the call (pass a copy).
    """
    reach = line_right(line, prop)  # the same float, without building the outline
    if reach is not None:
        return reach
    path = TextPath((0, 0), line, prop=prop)
    vertices = path.vertices
    if path.codes is not None:
        vertices = vertices[path.codes != Path.CLOSEPOLY]  # a CLOSEPOLY vertex is not drawn
    return float(vertices[:, 0].max()) if len(vertices) else 0.0


def _fitted_text(fig: Figure, x: float, y: float, words: str, **style):
    """A figure text at (x, y), wrapped until it fits between ``x`` and the right edge."""
    room = (0.96 - x) * fig.get_figwidth() * 72
    text = fig.text(x, y, words, **style)
    width = len(words)
    while not _fits(text, room) and width > 20:
        width = int(width * 0.92)
        text.set_text("\n".join(textwrap.wrap(words, width)))
    return text


def _bottom_of(fig: Figure, artist) -> float:
    return artist.get_window_extent(renderer_of(fig)).y0 / fig.bbox.height


def _top_of(fig: Figure, artist) -> float:
    return artist.get_window_extent(renderer_of(fig)).y1 / fig.bbox.height


# The least height a plot area keeps between the header and the footer, in inches.
MIN_PLOT_IN = 1.0


def finish(
    fig: Figure,
    text: ChartText,
    top: float | None = None,
    bottom: float = 0.2,
    left: float = 0.09,
    legend: list | None = None,
    right: float = 0.97,
    axis_space_in: float | None = None,
    _grown: int = 0,
) -> Figure:
    """Place title, subtitle, legend, counting note, source line and as-of stamp in the figure.

    Texts are measured as they are placed: the title and source line wrap to the figure's width,
    the legend sits in the header below the subtitle (outside the data area) and the plot area
    takes what room is left.

    Args:
        fig: The figure, its axes drawn.
        text: The chart's words.
        top: The highest the plot area may reach (figure fraction); the header decides otherwise.
        bottom: The plot area's bottom when ``axis_space_in`` is None (maps).
        left: The plot area's left edge.
        legend: Handles for a legend in the header, or None for no legend.
        right: The plot area's right edge.
        axis_space_in: Room for tick labels below the plot area, in inches above the footer.

    Returns:
        The figure.
    """
    inch = 1 / fig.get_figheight()
    with matplotlib.rc_context(STYLE):
        title = _fitted_text(
            fig,
            0.01,
            1 - 0.08 * inch,
            text.title,
            fontsize=11.5,
            fontweight="bold",
            va="top",
            color="#111111",
        )
        subtitle = _fitted_text(
            fig,
            0.01,
            _bottom_of(fig, title) - 0.05 * inch,
            text.subtitle,
            fontsize=8.5,
            va="top",
            color="#444444",
        )
        header = _bottom_of(fig, subtitle)
        if legend:
            box = fig.legend(
                handles=legend,
                loc="upper left",
                bbox_to_anchor=(0.005, header - 0.03 * inch),
                frameon=False,
                fontsize=7.5,
                ncols=len(legend),
                borderaxespad=0,
                borderpad=0.1,
                handlelength=1.6,
                columnspacing=1.4,
            )
            header = _bottom_of(fig, box)
        footer = _fitted_text(
            fig,
            0.01,
            0.015,
            f"Source: {text.source_line} · Data as of {format_date(text.as_of)}",
            fontsize=7,
            va="bottom",
            color="#555555",
            linespacing=1.3,
        )
        floor = _top_of(fig, footer)
        if text.note:
            note = _fitted_text(
                fig,
                0.01,
                floor + 0.03 * inch,
                text.note,
                fontsize=7,
                va="bottom",
                color="#555555",
                style="italic",
            )
            floor = _top_of(fig, note)
        plot_top = header - 0.14 * inch
        if top is not None:
            plot_top = min(plot_top, top)
        if axis_space_in is None:
            plot_bottom = max(bottom, floor + 0.25 * inch)
        else:
            plot_bottom = floor + axis_space_in * inch
        room = (plot_top - plot_bottom) * fig.get_figheight()
        if room < MIN_PLOT_IN and _grown < 3:
            # Long words (a title naming many places) left too little room to plot: the figure
            # grows by what is missing and the words are placed again.
            placed = [title, subtitle, footer] + ([box] if legend else [])
            placed += [note] if text.note else []
            for artist in placed:
                artist.remove()
            fig.set_figheight(fig.get_figheight() + MIN_PLOT_IN - room + 0.1)
            return finish(
                fig, text, top, bottom, left, legend, right, axis_space_in, _grown=_grown + 1
            )
        fig.subplots_adjust(left=left, right=right, top=plot_top, bottom=plot_bottom)
        # Wide tick labels (100,000) push the axis label off the page: move the plot right.
        renderer = renderer_of(fig)
        for _ in range(2):
            boxes = [ax.get_tightbbox(renderer) for ax in fig.axes]
            edge = min((box.x0 for box in boxes if box is not None), default=4.0)
            if edge >= 4.0 or left >= right - 0.35:
                break
            left = min(left + (4.0 - edge) / fig.bbox.width, right - 0.35)
            fig.subplots_adjust(left=left)
    return fig
