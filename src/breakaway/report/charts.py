"""Charts: each a function ``(data frame, options) -> Figure`` with no file I/O.

The frame (palette, style, title, subtitle, legend, source line, as-of stamp) comes from
:mod:`.chart_frame`; axes and label placement from :mod:`.chart_layout`, which keeps every label
off other texts, markers and lines. Both are re-exported here for the maps and the page.
"""

from __future__ import annotations

import textwrap
from datetime import date

import matplotlib
from matplotlib import patches, ticker
from matplotlib.dates import date2num
from matplotlib.figure import Figure

from breakaway.errors import NothingToDrawError
from breakaway.knowledge.facts import same_area
from breakaway.report.chart_frame import (
    COLOUR_NAMES,
    HEIGHT_IN,
    PALETTE,
    SERIES,
    STYLE,
    WIDTH_IN,
    ChartText,
    colour_name,
    finish,
    new_figure,
    timeline_subtitle,
)
from breakaway.report.chart_layout import (
    Placer,
    count_axis,
    date_axis,
    period_label,
    renderer_of,
    spread_vertically,
    stacked,
)
from breakaway.report.chart_timeline import (
    CATEGORY_LABELS,
    CATEGORY_ORDER,
    timeline_chart,
    timeline_cuts,
)

__all__ = [
    "CATEGORY_LABELS",
    "CATEGORY_ORDER",
    "COLOUR_NAMES",
    "HEIGHT_IN",
    "PALETTE",
    "SERIES",
    "STYLE",
    "WIDTH_IN",
    "ChartText",
    "colour_name",
    "comparison_bar_chart",
    "composition_chart",
    "finish",
    "new_figure",
    "period_label",
    "area_breaks",
    "population_chart",
    "recognition_comparison_chart",
    "recognition_step_chart",
    "timeline_chart",
    "timeline_cuts",
    "timeline_subtitle",
]


def _year_axis(ax, first_year: int, last_year: int) -> None:
    """Whole-year ticks on an axis of plain year numbers (not matplotlib dates)."""
    span = last_year - first_year
    step = next(s for s in (1, 2, 5, 10, 20, 50) if span / s <= 7)
    ax.xaxis.set_major_locator(ticker.MultipleLocator(step))
    ax.xaxis.set_major_formatter(ticker.FormatStrFormatter("%d"))
    ax.set_xlim(first_year - max(1, span * 0.04), last_year + max(1, span * 0.04))


# Censuses further apart than this are joined by a dotted line with the gap named: a straight
# line across decades (and a war) would claim a steady change no one counted.
CENSUS_GAP_YEARS = 10


def area_breaks(totals) -> list[tuple[int, int]]:
    """Consecutive censuses (years) that counted different areas: no line may join them.

    A Soviet oblast and the larger area a de facto republic later held are not one population
    counted twice; a line between them would draw a change of borders as a change of people.
    ``totals`` without a ``coverage`` column (area unstated) has no break.
    """
    census = totals[totals["kind"] == "census"].sort_values("year")
    if "coverage" not in census:
        return []
    rows = list(zip(census["year"], census["coverage"].fillna(""), strict=True))
    return [
        (int(a), int(b))
        for (a, area_a), (b, area_b) in zip(rows, rows[1:], strict=False)
        if not same_area(area_a, area_b)
    ]


def population_chart(totals, text: ChartText) -> Figure:
    """Census totals as a line with markers, each labelled; estimates hollow and labelled as such.

    ``totals``: columns ``year``, ``population``, ``kind`` (census or estimate). Censuses more
    than ``CENSUS_GAP_YEARS`` apart are joined by a dotted line and the gap is named; censuses
    of different areas (``coverage``) are not joined at all, and the break is named.
    """
    fig = new_figure()
    with matplotlib.rc_context(STYLE):
        ax = fig.add_subplot()
        census = totals[totals["kind"] == "census"].sort_values("year")
        estimates = totals[totals["kind"] == "estimate"]
        years, values = list(census["year"]), list(census["population"])
        gaps, breaks = [], []
        apart = {later for _, later in area_breaks(totals)}
        for index in range(1, len(years)):
            pair = (years[index - 1 : index + 1], values[index - 1 : index + 1])
            if years[index] in apart:
                breaks.append(pair)  # different areas: no line joins them
            elif years[index] - years[index - 1] > CENSUS_GAP_YEARS:
                ax.plot(*pair, color=PALETTE["grey"], linewidth=1, linestyle=(0, (1, 2)))
                gaps.append(pair)
            else:
                ax.plot(*pair, color=PALETTE["blue"], linewidth=2)
        handles = [
            ax.plot(years, values, "o", color=PALETTE["blue"], label="Census", linestyle="none")[0]
        ]
        if not estimates.empty:
            handles += ax.plot(
                estimates["year"],
                estimates["population"],
                "o",
                linestyle="none",
                markerfacecolor="white",
                markeredgecolor=PALETTE["orange"],
                markeredgewidth=1.5,
                label="Estimate",
            )
        ax.set_ylim(0, totals["population"].max() * 1.22)
        ax.yaxis.set_major_locator(ticker.MaxNLocator(5))
        ax.yaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
        ax.set_ylabel("People")
        ax.grid(axis="y", color="#E5E5E5", linewidth=0.6)
        ax.set_axisbelow(True)
        _year_axis(ax, int(totals["year"].min()), int(totals["year"].max()))
        finish(
            fig, text, legend=handles if len(handles) > 1 else None, left=0.11, axis_space_in=0.3
        )
        placer = Placer(fig, ax)
        for row in census.itertuples():
            placer.place(
                f"{row.population:,}",
                (row.year, row.population),
                fontsize=7.5,
                color=PALETTE["blue"],
            )
        for row in estimates.itertuples():
            placer.place(
                f"{row.population:,} (estimate)",
                (row.year, row.population),
                fontsize=7,
                color="#8A5A00",
            )
        labelled = [
            (f"no census for {last - first} years", (first, last), ends)
            for (first, last), ends in gaps
        ]
        labelled += [("different areas: not joined", (a, b), ends) for (a, b), ends in breaks]
        for label, (first, last), (low, high) in labelled:
            placer.place(
                label,
                ((first + last) / 2, (low + high) / 2),
                stacked([(0, 6, "center", "bottom"), (0, -6, "center", "top")], rows=4, step=8),
                fontsize=7,
                color="#555555",
                style="italic",
            )
    return fig


def recognition_step_chart(
    steps, text: ChartText, until: date, since: date | None = None
) -> Figure:
    """UN members recognising over time: a step line, recognitions and withdrawals marked.

    ``steps``: columns ``on`` (date), ``change`` (+1/-1), ``recognizer``, ``count``. The axis
    starts at ``since`` (e.g. the declaration of independence) when that is earlier than the
    first change. Each change is named beside its marker; changes too close to tell apart share
    one label.

    Raises:
        NothingToDrawError: With no recognition at all (a flat line at zero says nothing).
    """
    if steps.empty:
        raise NothingToDrawError("No UN member state had recognised it by this date.")
    fig = new_figure()
    with matplotlib.rc_context(STYLE):
        ax = fig.add_subplot()
        first = since if since is not None else until
        first = min(first, steps["on"].iloc[0])
        xs = [first] + list(steps["on"]) + [until]
        ys = [0] + list(steps["count"]) + [steps["count"].iloc[-1]]
        ax.plot(xs, ys, drawstyle="steps-post", color=PALETTE["blue"], linewidth=2, clip_on=False)
        legend = []
        for sign, shape, colour, name in [
            (1, "^", "green", "Recognition"),
            (-1, "v", "vermillion", "Withdrawal"),
        ]:
            rows = steps[steps["change"] == sign]
            if not rows.empty:
                legend += ax.plot(
                    list(rows["on"]),
                    list(rows["count"]),
                    shape,
                    color=PALETTE[colour],
                    label=name,
                    markersize=7,
                    clip_on=False,
                )
        count_axis(ax, int(steps["count"].max()), headroom=1.6)
        date_axis(ax, first, until)
        ax.set_ylabel("UN member states")
        ax.grid(axis="y", color="#E5E5E5", linewidth=0.6)
        ax.set_axisbelow(True)
        finish(fig, text, legend=legend, left=0.09, axis_space_in=0.3)
        placer = Placer(fig, ax)
        for names, anchor, change in _step_clusters(fig, ax, steps):
            base = [(dx, 4, ha, "bottom") for dx, ha in _SIDES]
            if change < 0:
                base = [(dx, -dy, ha, "top") for dx, dy, ha, _ in base]
            placer.place(
                textwrap.fill(", ".join(names), 24),
                anchor,
                stacked(base, rows=8, step=9),
                required=True,
                fontsize=7,
                color="#333333",
                linespacing=1.1,
            )
    return fig


_SIDES = [(-5, "right"), (5, "left"), (0, "center"), (-25, "right"), (25, "left"), (60, "left")]


def _step_clusters(fig: Figure, ax, steps, within_px: float = 30.0):
    """Consecutive changes in the same direction and year closer than ``within_px``, one label each.

    Only changes of the same year share a label: on a thirty-year axis Nicaragua (2008) and
    Venezuela and Nauru (2009) lie a few pixels apart, and one label at 2008 named three
    recognitions of which two were made the next year.
    """
    clusters: list[tuple[list[str], tuple, int]] = []
    last_x = None
    for row in steps.itertuples():
        x = ax.transData.transform((matplotlib.dates.date2num(row.on), row.count))[0]
        if (
            clusters
            and last_x is not None
            and x - last_x < within_px
            and (clusters[-1][2] == row.change)
            and clusters[-1][1][0].year == row.on.year
        ):
            names = clusters[-1][0] + [row.recognizer]
            clusters[-1] = (names, (row.on, row.count), row.change)
        else:
            clusters.append(([row.recognizer], (row.on, row.count), row.change))
        last_x = x
    return clusters


OTHER_GROUPS = "Other groups"
NOT_BROKEN_DOWN = "Not broken down in this record"


def _census_shares(groups, year, named: list[str]) -> dict[str, float]:
    """One census's shares: each named group, the other recorded groups, and the rest.

    "Other groups" holds only groups the record has (its pooled ``other`` rows included); the
    share no recorded group accounts for is not broken down in this record.
    """
    shares = groups[groups["year"] == year].set_index("group")["share"].astype(float)
    result = {group: float(shares.get(group, 0.0)) for group in named}
    result[OTHER_GROUPS] = float(shares[~shares.index.isin(named)].sum())
    result[NOT_BROKEN_DOWN] = max(0.0, 1.0 - sum(result.values()))
    return result


def composition_chart(groups, text: ChartText, max_groups: int = 4) -> Figure:
    """Ethnic composition of each census as 100% horizontal bars, largest groups named.

    ``groups``: columns ``year``, ``group``, ``population``, ``share``. Groups beyond the
    ``max_groups`` largest (in the latest census) are pooled as "other groups". What a census's
    known groups leave of its total is "not broken down in this record": a census whose largest
    group is not yet in the record must not show that group as "other groups". A share is
    written inside its segment only when it fits there.
    """
    latest_year = groups["year"].max()
    latest = groups[(groups["year"] == latest_year) & (groups["group"] != "other")]
    named = list(latest.sort_values("population", ascending=False)["group"][:max_groups])
    for group in groups.sort_values("population", ascending=False)["group"]:
        if len(named) >= max_groups:
            break
        if group not in named and group != "other":
            named.append(group)
    years = sorted(groups["year"].unique())
    pooled_names = [*named, OTHER_GROUPS, NOT_BROKEN_DOWN]
    keys = [SERIES[index % len(SERIES)] for index in range(len(named))] + ["light", "white"]
    rows = {year: _census_shares(groups, year, named) for year in years}
    # A legend names only what the bars show: no empty "other groups", no missing share.
    shown = [
        (group, key)
        for group, key in zip(pooled_names, keys, strict=True)
        if group in named or any(shares[group] >= 0.005 for shares in rows.values())
    ]
    pooled_names, keys = [group for group, _ in shown], [key for _, key in shown]
    fig = new_figure(height=max(2.6, 1.55 + 0.42 * len(years)))
    with matplotlib.rc_context(STYLE):
        ax = fig.add_subplot()
        segments = []
        for row_index, year in enumerate(years):
            left = 0.0
            for group, key in zip(pooled_names, keys, strict=True):
                share = rows[year][group]
                unknown = group == NOT_BROKEN_DOWN
                ax.barh(
                    row_index,
                    share,
                    left=left,
                    color="white" if unknown else PALETTE[key],
                    height=0.62,
                    edgecolor="#8C8C8C" if unknown else "white",
                    hatch="////" if unknown else None,
                    linewidth=0.5,
                )
                if not unknown:
                    segments.append((row_index, left, share, key))
                left += share
        ax.set_yticks(range(len(years)), [str(y) for y in years])
        ax.invert_yaxis()
        ax.set_xlim(0, 1)
        ax.xaxis.set_major_formatter(ticker.PercentFormatter(1.0))
        ax.spines["left"].set_visible(False)
        ax.tick_params(axis="y", length=0)
        legend = [
            patches.Patch(facecolor="white", edgecolor="#8C8C8C", hatch="////", label=group)
            if group == NOT_BROKEN_DOWN
            else patches.Patch(
                color=PALETTE[key], label=group if group == OTHER_GROUPS else group.title()
            )
            for group, key in zip(pooled_names, keys, strict=True)
        ]
        finish(fig, text, legend=legend, left=0.08, axis_space_in=0.3)
        renderer = renderer_of(fig)
        for row_index, left, share, key in segments:
            if share < 0.03:
                continue
            dark = key in ("yellow", "sky", "light", "orange")
            label = ax.text(
                left + share / 2,
                row_index,
                f"{share * 100:.0f}%",
                ha="center",
                va="center",
                fontsize=7.5,
                color="#222222" if dark else "white",
            )
            width = ax.transData.transform((share, 0))[0] - ax.transData.transform((0, 0))[0]
            if label.get_window_extent(renderer).width > width - 4:
                label.remove()
    return fig


def comparison_bar_chart(
    values, text: ChartText, highlight: str | None = None, value_format: str = "{:,.0f}"
) -> Figure:
    """One horizontal bar per territory, the briefing's own territory highlighted.

    ``values``: columns ``label`` and ``value`` (rows in display order). Each value is written
    past its bar's end, or inside it (in white) when it would not fit past it.

    Raises:
        NothingToDrawError: When every value is zero (bars of nothing say nothing).
    """
    if not (values["value"] != 0).any():
        raise NothingToDrawError("Every value is zero.")
    fig = new_figure(height=max(2.2, 1.4 + 0.38 * len(values)))
    with matplotlib.rc_context(STYLE):
        ax = fig.add_subplot()
        colours = [
            PALETTE["vermillion"] if label == highlight else PALETTE["blue"]
            for label in values["label"]
        ]
        ax.barh(range(len(values)), values["value"], color=colours, height=0.6)
        ax.set_yticks(range(len(values)), list(values["label"]))
        ax.invert_yaxis()
        ax.set_xlim(0, max(float(values["value"].max()), 1) * 1.15)
        ax.xaxis.set_major_locator(ticker.MaxNLocator(5, integer=True))
        ax.xaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
        ax.spines["left"].set_visible(False)
        ax.tick_params(axis="y", length=0)
        finish(fig, text, left=0.28, axis_space_in=0.3)
        renderer = renderer_of(fig)
        inside_box = ax.get_window_extent(renderer)
        for index, value in enumerate(values["value"]):
            label = ax.annotate(
                value_format.format(value),
                (value, index),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                fontsize=8,
            )
            if label.get_window_extent(renderer).x1 > inside_box.x1:
                label.set(x=value, ha="right", color="white", fontweight="bold")
                label.xyann = (-3, 0)
    return fig


LINE_WIDTHS = [3.6, 2.4, 1.5, 1.0]
LINE_STYLES = ["-", (0, (5, 1.5)), (0, (1.5, 1.2)), (0, (5, 1.5, 1.5, 1.5))]


def recognition_comparison_chart(series, text: ChartText, until: date) -> Figure:
    """UN members recognising each territory over time, one step line per territory.

    ``series``: mapping of territory name to a steps frame (see ``recognition_step_chart``).
    Every line lies on its values: equal counts stay visible because lines differ in colour and
    dash and each is drawn narrower than the one beneath it. Lines at zero sit above the axis;
    each line is named at its right end.

    Raises:
        NothingToDrawError: When no territory has ever been recognised (all lines at zero).
    """
    if all(steps.empty for steps in series.values()):
        raise NothingToDrawError("No UN member state has recognised any of them.")
    fig = new_figure()
    with matplotlib.rc_context(STYLE):
        ax = fig.add_subplot()
        starts = [steps["on"].iloc[0] for steps in series.values() if not steps.empty]
        first = min(starts) if starts else date(until.year, 1, 1)
        top, ends = 1, []
        for index, (name, steps) in enumerate(series.items()):
            colour = PALETTE[SERIES[index % len(SERIES)]]
            if steps.empty:
                xs, ys = [first, until], [0, 0]
            else:
                xs = [first] + list(steps["on"]) + [until]
                ys = [0] + list(steps["count"]) + [steps["count"].iloc[-1]]
                top = max(top, int(steps["count"].max()))
            ax.plot(
                date2num(xs),
                ys,
                drawstyle="steps-post",
                color=colour,
                linewidth=LINE_WIDTHS[index % len(LINE_WIDTHS)],
                clip_on=False,
                linestyle=LINE_STYLES[index % len(LINE_STYLES)],
                label=name,
                zorder=2 + index,
            )
            ends.append((name, ys[-1], colour, ax.transData))
        count_axis(ax, top)
        date_axis(ax, first, until)
        ax.set_ylabel("UN member states")
        ax.grid(axis="y", color="#E5E5E5", linewidth=0.6)
        ax.set_axisbelow(True)
        finish(fig, text, right=0.78, axis_space_in=0.3)
        _name_line_ends(fig, ax, ends)
    return fig


def _name_line_ends(fig: Figure, ax, ends) -> None:
    """Each line's name and final count right of the plot, spread so that no two touch."""
    renderer = renderer_of(fig)
    x = ax.get_window_extent(renderer).x1 + 6
    wanted = [nudge.transform((0, value))[1] for _name, value, _colour, nudge in ends]
    gap = 7.5 * 1.25 * fig.dpi / 72
    for (name, value, colour, _nudge), y in zip(ends, spread_vertically(wanted, gap), strict=True):
        fig.text(
            x / fig.bbox.width,
            y / fig.bbox.height,
            f"{name} ({value})",
            fontsize=7.5,
            va="center",
            color=colour,
            fontweight="bold",
        )
