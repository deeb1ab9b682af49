"""The timeline chart: events by category on an axis that spends its width where events are.

Long stretches in which nothing is recorded (for the flagship, 1923–1988) are cut out of the axis
and marked with a break, so one early dot does not leave most of the chart empty. Spans such as
wars are bars a few pixels wide at least, however short; key events are labelled in full beside
their dots, or not at all. Every tick label that starts a stretch carries its year. This module
draws one chart and writes no file.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import matplotlib
from matplotlib import lines, ticker
from matplotlib.figure import Figure

from breakaway.dates import format_date, parse_partial_date
from breakaway.report.chart_frame import PALETTE, STYLE, ChartText, finish, new_figure
from breakaway.report.chart_layout import Placer

CATEGORY_ORDER = ["status", "conflict", "referendum", "diplomacy", "politics"]
CATEGORY_LABELS = {
    "status": "Status",
    "conflict": "Conflict",
    "referendum": "Referendums",
    "diplomacy": "Diplomacy",
    "politics": "Politics",
}
# A stretch without events longer than this (and than a fifth of the whole) is cut out.
MIN_CUT_DAYS = 10 * 365
# A span (a five-day war) is drawn at least this wide, as a share of the axis.
MIN_BAR_SHARE = 0.012
# A shown stretch is at least this share of the whole, so that its year fits below it.
MIN_STRETCH_SHARE = 0.06
LABEL_WIDTH_CHARS = 30


@dataclass(frozen=True)
class BrokenAxis:
    """Days mapped to axis positions with the empty stretches between events cut out.

    Attributes:
        segments: The stretches shown, each (first day, last day), in order.
        gap: The width each cut takes on the axis, in days of the shown stretches.
    """

    segments: tuple[tuple[date, date], ...]
    gap: float

    def x(self, day: date) -> float:
        """The axis position of a day (a day inside a cut goes to the cut's middle)."""
        offset = 0.0
        for index, (first, last) in enumerate(self.segments):
            if day <= last:
                if day >= first or index == 0:
                    return offset + (day - first).days
                return offset - self.gap / 2
            offset += (last - first).days + self.gap
        return offset - self.gap + (day - self.segments[-1][1]).days

    @property
    def width(self) -> float:
        """The whole axis, in days of the shown stretches."""
        return self.x(self.segments[-1][1])

    @property
    def cuts(self) -> list[tuple[date, date]]:
        """The stretches left out: (the day after a shown stretch, the day before the next)."""
        return [
            (a[1] + timedelta(days=1), b[0] - timedelta(days=1))
            for a, b in zip(self.segments[:-1], self.segments[1:], strict=True)
        ]


def broken_axis(spans: list[tuple[date, date]], end: date) -> BrokenAxis:
    """Cut the stretches that no event or span covers, when long enough to waste the axis.

    Args:
        spans: Each event as (first day, last day); a one-day event has both the same.
        end: The report's date: the axis ends there.
    """
    spans = sorted([*spans, (end, end)])
    total = (end - spans[0][0]).days
    longest = max(MIN_CUT_DAYS, total / 5)
    covered: list[list[date]] = []
    for first, last in spans:
        if covered and (first - covered[-1][1]).days <= longest:
            covered[-1][1] = max(covered[-1][1], last)
        else:
            covered.append([first, last])
    segments = []
    for index, (first, last) in enumerate(covered):
        # Wide enough for a tick label, when the stretch is one event long (1922).
        least = (total * MIN_STRETCH_SHARE - (last - first).days) / 2
        pad = timedelta(days=max(90, round((last - first).days * 0.03), round(least)))
        tail = timedelta(days=max(2, round(total * 0.015))) if index == len(covered) - 1 else pad
        segments.append((first - pad, last + tail))
    shown = sum((last - first).days for first, last in segments)
    return BrokenAxis(tuple(segments), gap=shown * 0.04)


def _ticks(axis: BrokenAxis, end: date, most: int = 8) -> tuple[list[float], list[str]]:
    """Year ticks in each shown stretch (months in a stretch under three years), none after end.

    The first tick of each stretch, and the first of each new year, carries its year, so no
    axis reads "Apr / Oct / Apr".
    """
    positions: list[float] = []
    labels: list[str] = []
    for first, last in axis.segments:
        last = min(last, end)
        share = max(1, round(most * ((last - first).days + 1) / max(axis.width, 1)))
        years = last.year - first.year
        days: list[date]
        if share == 1 and len(axis.segments) > 1:  # a short stretch: one year, once
            middle = first + (last - first) / 2
            days, words = [middle], [str(middle.year)]
        elif (last - first).days > 3 * 365:
            step = next(s for s in (1, 2, 5, 10, 20, 50) if years / s <= share)
            days = [date(y, 1, 1) for y in range(first.year + 1, last.year + 1) if y % step == 0]
            words = [str(day.year) for day in days]
        else:
            months = years * 12 + last.month - first.month
            step = next(s for s in (1, 2, 3, 6, 12, 24) if months / s <= max(share, 2))
            days = []
            cursor = date(first.year, first.month, 1)
            while cursor <= last:
                if cursor >= first and (cursor.month - 1) % step == 0:
                    days.append(cursor)
                cursor = date(cursor.year + cursor.month // 12, cursor.month % 12 + 1, 1)
            words = [
                str(day.year)  # ticks a year apart fall on January: the year says it all
                if step >= 12
                else f"{day:%b %Y}"
                if i == 0 or day.year != days[i - 1].year
                else f"{day:%b}"
                for i, day in enumerate(days)
            ]
        if not days:  # a stretch around a single event: its year at the event
            middle = first + (last - first) / 2
            days, words = [middle], [str(middle.year)]
        positions += [axis.x(day) for day in days]
        labels += words
    return positions, labels


def _draw_breaks(ax, axis: BrokenAxis) -> None:
    """Two slanted strokes on the time axis at each cut."""
    for first, _last in axis.cuts:
        middle = axis.x(first)  # a day inside a cut lies at the cut's middle
        for shift in (-0.18, 0.18):
            ax.plot(
                [middle + (shift - 0.12) * axis.gap, middle + (shift + 0.12) * axis.gap],
                [-0.035, 0.035],
                transform=ax.get_xaxis_transform(),
                color="#444444",
                linewidth=1,
                clip_on=False,
            )


def _event_days(events, as_of: date) -> list[tuple[Any, date, date]]:
    """Each event with its first and last day (a span ends at the report's date at the latest).

    The event is the frame's row from ``itertuples()``: a named tuple of the frame's columns.
    """
    rows = []
    for event in events.itertuples():
        start = parse_partial_date(event.date).start
        end_date = getattr(event, "end_date", "")
        end = min(parse_partial_date(end_date).end, as_of) if end_date else start
        rows.append((event, start, max(start, end)))
    return rows


def timeline_cuts(events, as_of: date) -> list[tuple[int, int]]:
    """The years the timeline's axis leaves out, as (first year, last year) per cut."""
    axis = broken_axis([(start, end) for _e, start, end in _event_days(events, as_of)], as_of)
    return [(first.year, last.year) for first, last in axis.cuts]


def timeline_chart(
    events, text: ChartText, as_of: date, max_labels: int = 6, patron: str = "Russia"
) -> Figure:
    """Events by category on a time axis: dots for days, bars for spans, the as-of day marked.

    ``events``: columns ``date``, ``end_date`` (may be empty), ``category``, ``topic`` and
    optionally ``title``; dates as ISO text (partial allowed). Up to ``max_labels`` events are
    named in full where there is room beside their dot: steps about joining the patron first,
    then status changes, the most recent first. Stretches of ten years or more without an event
    are cut out of the axis (see :class:`BrokenAxis`).
    """
    rows = _event_days(events, as_of)
    axis = broken_axis([(start, end) for _e, start, end in rows], as_of)
    categories = [c for c in CATEGORY_ORDER if c in set(events["category"])]
    lanes = {category: index for index, category in enumerate(categories)}
    fig = new_figure(height=max(3.5, 2.0 + 0.42 * len(categories)))
    with matplotlib.rc_context(STYLE):
        ax = fig.add_subplot()
        dots = []
        for event, start, end in rows:
            y = lanes[event.category]
            joining = event.topic == "joining_patron"
            colour = PALETTE["vermillion"] if joining else PALETTE["blue"]
            if end > start:
                x0, x1 = axis.x(start), axis.x(end)
                x1 = max(x1, x0 + MIN_BAR_SHARE * axis.width)
                ax.plot(
                    [x0, x1], [y, y], color=colour, linewidth=6, solid_capstyle="butt", alpha=0.85
                )
            ax.plot(
                [axis.x(start)],
                [y],
                "o",
                color=colour,
                markersize=5,
                alpha=0.9,
                markeredgecolor="white",
                markeredgewidth=0.5,
            )
            # Joining the patron first, then changes of status and spans (wars), latest first.
            rank = (not joining, event.category != "status" and end == start)
            title = str(getattr(event, "title", "") or "")
            dots.append((rank, -start.toordinal(), title, axis.x(start), y))
        ax.axvline(axis.x(as_of), color=PALETTE["black"], linewidth=1, linestyle=":")
        ax.set_yticks(range(len(categories)), [CATEGORY_LABELS[c] for c in categories])
        ax.set_ylim(len(categories) - 0.4, -0.75)
        ax.spines["left"].set_visible(False)
        ax.tick_params(axis="y", length=0)
        positions, labels = _ticks(axis, as_of)
        ax.xaxis.set_major_locator(ticker.FixedLocator(positions))
        ax.xaxis.set_major_formatter(ticker.FixedFormatter(labels))
        ax.xaxis.set_minor_locator(ticker.NullLocator())
        ax.set_xlim(0, axis.width)
        ax.grid(axis="x", color="#E5E5E5", linewidth=0.6)
        ax.set_axisbelow(True)
        _draw_breaks(ax, axis)
        joining_events = any(row[0].topic == "joining_patron" for row in rows)
        legend = [
            lines.Line2D(
                [],
                [],
                marker="o",
                linestyle="none",
                color=PALETTE["vermillion"],
                label=f"About joining {patron}",
            )
        ]
        finish(fig, text, legend=legend if joining_events else None, left=0.14, axis_space_in=0.3)
        placer = Placer(fig, ax)
        placer.place(
            f"as of {format_date(as_of)}",
            (axis.x(as_of), -0.75),
            [(-3, -2, "right", "top"), (3, -2, "left", "top")],
            fontsize=7,
            color="#333333",
        )
        _label_events(placer, dots, max_labels)
    return fig


# Beside the dot, nearest first: a label never drifts away from what it names.
BESIDE = [
    (6, 0, "left", "center"),
    (-6, 0, "right", "center"),
    (0, 5, "center", "bottom"),
    (0, -5, "center", "top"),
    (4, 4, "left", "bottom"),
    (-4, 4, "right", "bottom"),
    (4, -4, "left", "top"),
    (-4, -4, "right", "top"),
]


def _label_events(placer: Placer, dots, max_labels: int) -> None:
    """The key events' titles in full beside their dots; an event with no room goes unlabelled."""
    labelled = 0
    for _rank, _day, title, x, y in sorted(dots, key=lambda d: d[:2]):
        if labelled >= max_labels or not title:
            continue
        words = textwrap.fill(title, LABEL_WIDTH_CHARS)
        if placer.place(words, (x, y), BESIDE, fontsize=6.5, color="#333333", linespacing=1.05):
            labelled += 1
