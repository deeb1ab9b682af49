"""Chart layout: axes that suit the period shown, and labels placed where nothing else is.

Placement works on the drawn figure: every candidate position of a label is measured (its window
extent in display pixels) and checked against what is already there — other texts, markers, data
lines, the axes' edges — and the first free one wins. It is deterministic (candidates in a fixed
order), so SVG exports stay byte-stable. This module draws no chart and writes no file.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import numpy as np
from matplotlib import dates as mdates
from matplotlib import ticker
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.cbook import STEP_LOOKUP_MAP
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from breakaway.report.mpl_private import drawn_ticks, side_titles

# Candidate offsets (points) and alignments around an anchor, nearest first.
AROUND = [
    (0, 7, "center", "bottom"),
    (5, 5, "left", "bottom"),
    (-5, 5, "right", "bottom"),
    (7, 0, "left", "center"),
    (-7, 0, "right", "center"),
    (0, -8, "center", "top"),
    (5, -5, "left", "top"),
    (-5, -5, "right", "top"),
]


def period_label(first: int, last: int) -> str:
    """A period for a subtitle: ``2008`` for one year, ``2008–2014`` for several.

    Args:
        first: The first year shown.
        last: The last year shown.

    Returns:
        The years joined by an en dash, or the one year when they are equal.
    """
    return str(first) if first >= last else f"{first}–{last}"


def renderer_of(fig: Figure) -> RendererAgg:
    """The figure's renderer, attaching an Agg canvas to a figure made without pyplot."""
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    return canvas.get_renderer()


def date_axis(ax: Axes, start: date, end: date) -> None:
    """Ticks that suit the span: years for long periods, months, then days for short ones.

    The axis ends at ``end`` (the report's date) with a small margin; labels never repeat.

    Args:
        ax: The axes whose x axis holds dates.
        start: The first day shown.
        end: The last day shown (the report's date).
    """
    if end <= start:
        start = end - timedelta(days=30)
    days = (end - start).days
    pad = timedelta(days=max(2, round(days * 0.03)))
    locator: mdates.DateLocator
    label: Callable[[date, bool], str]
    ax.xaxis_date()  # as passing dates would: the axis converts and formats dates
    ax.set_xlim(mdates.date2num(start - pad), mdates.date2num(end + pad))
    if days > 365 * 3:
        years = days / 365.25
        step = next(s for s in (1, 2, 5, 10, 20, 50) if years / s <= 7)
        locator, label = mdates.YearLocator(step), _year_label
    elif days > 120:
        step = next(s for s in (1, 2, 3, 6, 12) if days / 30.4 / s <= 6)
        locator, label = mdates.MonthLocator(interval=step), _month_label
    else:
        # Fewer day ticks than year ticks: the first one and each new year's carry the year.
        step = next(s for s in (1, 2, 5, 7, 10, 14) if days / s <= 5)
        locator, label = mdates.DayLocator(interval=step), _day_label
    # The ticks drawn, fixed here: the first one shown names its year (an axis must never read
    # "Apr / Oct / Apr"), and none after the report's date is labelled (time travel: a report as
    # of 9 September 2009 must not print "2010").
    low, high = (mdates.date2num(d) for d in (start - pad, end))
    since, until = (datetime.combine(d, time()) for d in (start - pad, end + pad))
    ticks = [t for t in locator.tick_values(since, until) if low <= t <= high]
    ax.xaxis.set_major_locator(ticker.FixedLocator(ticks))
    shown = [mdates.num2date(t).date() for t in ticks]
    # A tick names its year when it is the first or the year has changed since the one before.
    ax.xaxis.set_major_formatter(
        ticker.FixedFormatter(
            [label(day, i == 0 or day.year != shown[i - 1].year) for i, day in enumerate(shown)]
        )
    )
    ax.xaxis.set_minor_locator(ticker.NullLocator())


def _year_label(day: date, _new_year: bool) -> str:
    return f"{day:%Y}"


def _month_label(day: date, new_year: bool) -> str:
    return f"{day:%b} {day.year}" if new_year else f"{day:%b}"


def _day_label(day: date, new_year: bool) -> str:
    return f"{day.day} {day:%b %Y}" if new_year else f"{day.day} {day:%b}"


def count_axis(ax: Axes, top: int, headroom: float = 0.6) -> None:
    """Whole-number ticks from 0 to at least ``top``, no more than six, zero visible.

    The axis starts a little below zero so that a line at zero is not hidden by the spine.
    """
    top = max(int(top), 1)
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100) if top / s <= 5)
    ticks = list(range(0, top + step, step)) if top % step else list(range(0, top + 1, step))
    ax.set_yticks(ticks)
    ax.yaxis.set_major_formatter(ticker.FormatStrFormatter("%d"))
    ax.set_ylim(-0.03 * ticks[-1] - 0.05, max(ticks[-1], top + headroom))


def boxes_overlap(a: Bbox, b: Bbox, slack: float = 0.5) -> bool:
    """Whether two boxes overlap by more than ``slack`` pixels each way."""
    return min(a.x1, b.x1) - max(a.x0, b.x0) > slack and min(a.y1, b.y1) - max(a.y0, b.y0) > slack


def marker_boxes(line: Line2D) -> list[Bbox]:
    """The display boxes of a line's markers (empty when it has none)."""
    if line.get_marker() in (None, "None", "", " ") or not line.get_visible():
        return []
    points = line.get_transform().transform(np.asarray(line.get_xydata(), dtype=float))
    half = line.get_markersize() * line.figure.dpi / 72 / 2
    return [Bbox([[x - half, y - half], [x + half, y + half]]) for x, y in points]


def line_points(line: Line2D, spacing: float = 2.0) -> np.ndarray:
    """Points along a drawn line (display pixels), about ``spacing`` apart, with half its width.

    Returns:
        An array of rows (x, y, half the stroke's width), all in pixels.
    """
    if line.get_linestyle() in ("None", "", " ") or not line.get_visible():
        return np.empty((0, 3))
    xy = np.asarray(line.get_xydata(), dtype=float)
    style = line.get_drawstyle()
    if style in STEP_LOOKUP_MAP and style != "default":
        xy = np.column_stack(STEP_LOOKUP_MAP[style](xy[:, 0], xy[:, 1]))
    vertices = line.get_transform().transform(xy)
    if len(vertices) == 0:
        return np.empty((0, 3))
    pieces = [vertices[:1]]
    for a, b in zip(vertices[:-1], vertices[1:], strict=True):
        count = max(1, int(math.hypot(*(b - a)) / spacing))
        pieces.append(a + (b - a) * (np.arange(1, count + 1)[:, None] / count))
    points = np.concatenate(pieces)
    half = line.get_linewidth() * line.figure.dpi / 72 / 2
    return np.column_stack([points, np.full(len(points), half)])


def covers_points(box: Bbox, points: np.ndarray) -> bool:
    """Whether ``box`` touches any of ``points`` (rows x, y, radius in pixels)."""
    x, y, r = points[:, 0], points[:, 1], points[:, 2]
    return bool(((x + r > box.x0) & (x - r < box.x1) & (y + r > box.y0) & (y - r < box.y1)).any())


@dataclass
class Placer:
    """Places labels on a drawn figure where they overlap no text, marker or data line.

    Attributes:
        fig: The figure, laid out (``finish`` has run).
        ax: The axes the labels belong to.
        within: The box labels must stay inside (display pixels); the axes by default.
    """

    fig: Figure
    ax: Axes
    within: Bbox | None = None
    boxes: list[Bbox] = field(default_factory=list)
    points: np.ndarray = field(default_factory=lambda: np.empty((0, 3)))

    def __post_init__(self):
        self.renderer = renderer_of(self.fig)
        if self.within is None:
            self.within = self.ax.get_window_extent(self.renderer)
        for text in visible_texts(self.fig, self.renderer):
            self.boxes.append(text.get_window_extent(self.renderer))
        for line in self.ax.get_lines():
            self.add_line(line)

    def add_line(self, line: Line2D) -> None:
        """Keep labels off a line's markers and stroke."""
        self.boxes.extend(marker_boxes(line))
        self.points = np.concatenate([self.points, line_points(line)])

    def is_free(self, box: Bbox) -> bool:
        """Whether ``box`` lies inside ``within`` and touches nothing placed or drawn."""
        w = self.within
        if w is None:
            raise RuntimeError("is_free() needs the placer's box; it is set when it is made")
        if box.x0 < w.x0 - 0.5 or box.x1 > w.x1 + 0.5 or box.y0 < w.y0 - 0.5 or box.y1 > w.y1 + 0.5:
            return False
        if any(boxes_overlap(box, other) for other in self.boxes):
            return False
        return not covers_points(box, self.points)

    def place(
        self,
        label: str,
        anchor: tuple,
        candidates: Sequence[tuple[float, float, str, str]] = AROUND,
        required: bool = False,
        **style,
    ) -> Text | None:
        """Put ``label`` at the first free candidate offset from ``anchor`` (data coordinates).

        Args:
            label: The text.
            anchor: The point labelled, in data coordinates.
            candidates: (dx, dy, ha, va) offsets in points, tried in order.
            required: With no free candidate, keep the first one rather than dropping the label.
            **style: Text properties (fontsize, color...).

        Returns:
            The placed annotation, or None when it was dropped.
        """
        for dx, dy, ha, va in candidates:
            text = self.ax.annotate(
                label, anchor, xytext=(dx, dy), textcoords="offset points", ha=ha, va=va, **style
            )
            box = text.get_window_extent(self.renderer)
            if self.is_free(box):
                self.boxes.append(box)
                return text
            text.remove()
        if required:
            dx, dy, ha, va = candidates[0]
            text = self.ax.annotate(
                label, anchor, xytext=(dx, dy), textcoords="offset points", ha=ha, va=va, **style
            )
            self.boxes.append(text.get_window_extent(self.renderer))
            return text
        return None


def stacked(base: Iterable[tuple[float, float, str, str]], rows: int = 4, step: float = 10.0):
    """Candidates repeated further up (positive dy) or down (negative dy), ``rows`` times."""
    base = list(base)
    out = []
    for row in range(rows):
        for dx, dy, ha, va in base:
            out.append((dx, dy + math.copysign(step * row, dy or 1), ha, va))
    return out


def spread_vertically(values: list[float], gap: float) -> list[float]:
    """Positions as near ``values`` as possible, each at least ``gap`` from the next (1-D repel)."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    placed = [values[i] for i in order]
    for index in range(1, len(placed)):
        placed[index] = max(placed[index], placed[index - 1] + gap)
    # Centre the cluster on the values it moved away from.
    shift = (sum(placed) - sum(values[i] for i in order)) / max(len(placed), 1)
    placed = [p - shift for p in placed]
    for index in range(1, len(placed)):
        placed[index] = max(placed[index], placed[index - 1] + gap)
    result = [0.0] * len(values)
    for index, position in zip(order, placed, strict=True):
        result[index] = position
    return result


def visible_texts(fig: Figure, renderer=None) -> list[Text]:
    """Every text the figure draws with something in it: titles, ticks, labels, legends.

    Tick labels count only for ticks inside the view, as matplotlib draws them.
    """
    renderer = renderer or renderer_of(fig)
    found: list[Text] = []
    seen: set[int] = set()

    def keep(text: Text) -> None:
        if id(text) in seen or not text.get_visible() or not text.get_text().strip():
            return
        seen.add(id(text))
        found.append(text)

    for text in fig.texts:
        keep(text)
    for legend in fig.legends:
        for text in legend.get_texts():
            keep(text)
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        for axis in (ax.xaxis, ax.yaxis):
            # The ticks matplotlib draws (inside the view); the public getters list every tick.
            for tick in drawn_ticks(axis):
                for label in (tick.label1, tick.label2):
                    if label.get_visible():
                        keep(label)
            keep(axis.label)
        for title in (ax.title, *side_titles(ax)):
            keep(title)
        for text in ax.texts:
            keep(text)
        ax_legend = ax.get_legend()
        if ax_legend is not None:
            for text in ax_legend.get_texts():
                keep(text)
    return found


def layout_problems(fig: Figure) -> list[str]:
    """What a reader would see as a collision in a drawn figure, one sentence each.

    Checks every visible text (titles, ticks, labels, legends, annotations): no two overlap, none
    leaves the figure, and no text inside an axes covers a marker or a data line of that axes.

    Args:
        fig: A finished figure.

    Returns:
        The problems found; empty when the layout is clean.
    """
    renderer = renderer_of(fig)
    # The draw places what only a draw places (legends, annotations, ticks); the checks read
    # positions, not pixels, so nothing is rasterised (a sixth of a full draw's CPU or less). The
    # renderer is the canvas's own, so every text measures as a full draw would measure it.
    fig.draw_without_rendering()
    texts = visible_texts(fig, renderer)
    boxes = [text.get_window_extent(renderer) for text in texts]
    problems = []
    for i, (a, box_a) in enumerate(zip(texts, boxes, strict=True)):
        page = fig.bbox
        if (
            box_a.x0 < page.x0 - 1
            or box_a.x1 > page.x1 + 1
            or box_a.y0 < -1
            or box_a.y1 > page.y1 + 1
        ):
            problems.append(f"{a.get_text()!r} leaves the figure")
        for b, box_b in zip(texts[i + 1 :], boxes[i + 1 :], strict=True):
            if boxes_overlap(box_a, box_b):
                problems.append(f"{a.get_text()!r} overlaps {b.get_text()!r}")
    for ax in fig.axes:
        markers = [box for line in ax.get_lines() for box in marker_boxes(line)]
        points = [line_points(line) for line in ax.get_lines()]
        stroke = np.concatenate(points) if points else np.empty((0, 3))
        for text in ax.texts:
            if not text.get_visible() or not text.get_text().strip():
                continue
            box = text.get_window_extent(renderer)
            if any(boxes_overlap(box, marker) for marker in markers):
                problems.append(f"{text.get_text()!r} covers a marker")
            elif covers_points(box, stroke):
                problems.append(f"{text.get_text()!r} covers a line")
    return problems
