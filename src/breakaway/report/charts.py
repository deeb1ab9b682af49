"""Charts: each a function ``(data frame, options) -> Figure`` with no file I/O.

One place applies the house style (palette, font, title as takeaway, subtitle with unit and period,
source line and as-of stamp inside the figure), so no chart can forget part of it. Exports are
reproducible: no dates or versions in the files, a fixed SVG hash salt.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import date

import matplotlib
from matplotlib import lines, ticker
from matplotlib.figure import Figure

from breakaway.dates import format_date

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


def new_figure(height: float = HEIGHT_IN, width: float = WIDTH_IN) -> Figure:
    """A figure in the house style, not attached to pyplot (so nothing displays by itself)."""
    with matplotlib.rc_context(STYLE):
        return Figure(figsize=(width, height), dpi=100)


def finish(
    fig: Figure, text: ChartText, top: float = 0.80, bottom: float = 0.2, left: float = 0.09
) -> Figure:
    """Place title, subtitle, counting note, source line and as-of stamp inside the figure.

    The source line wraps to the figure's width; the plot area shrinks to make room for it.
    """
    width_chars = int(fig.get_figwidth() * 17)  # about 17 characters of 7 pt text per inch
    footer = textwrap.wrap(
        f"Source: {text.source_line} · Data as of {format_date(text.as_of)}", width_chars
    )
    line_height = 0.11 / fig.get_figheight()  # 7 pt text with leading, as a figure fraction
    extra = line_height * (len(footer) - 1 + (1 if text.note else 0))
    with matplotlib.rc_context(STYLE):
        fig.subplots_adjust(left=left, right=0.97, top=top, bottom=bottom + extra)
        fig.text(
            0.01, 0.965, text.title, fontsize=11.5, fontweight="bold", va="top", color="#111111"
        )
        fig.text(0.01, 0.895, text.subtitle, fontsize=8.5, va="top", color="#444444")
        fig.text(
            0.01,
            0.015,
            "\n".join(footer),
            fontsize=7,
            va="bottom",
            color="#555555",
            linespacing=1.3,
        )
        if text.note:
            fig.text(
                0.01,
                0.015 + line_height * len(footer) + 0.01,
                text.note,
                fontsize=7,
                va="bottom",
                color="#555555",
                style="italic",
            )
    return fig


def _year_axis(ax, first_year: int, last_year: int) -> None:
    """Whole-year ticks on an axis of plain year numbers (not matplotlib dates)."""
    span = last_year - first_year
    ax.xaxis.set_major_locator(ticker.MultipleLocator(20 if span > 60 else 10 if span > 20 else 2))
    ax.xaxis.set_major_formatter(ticker.FormatStrFormatter("%d"))
    ax.set_xlim(first_year - max(2, span * 0.04), last_year + max(2, span * 0.04))


def population_chart(totals, text: ChartText) -> Figure:
    """Census totals as a line with markers; estimates as hollow markers on a dashed line.

    ``totals``: columns ``year``, ``population``, ``kind`` (census or estimate).
    """
    fig = new_figure()
    with matplotlib.rc_context(STYLE):
        ax = fig.add_subplot()
        census = totals[totals["kind"] == "census"]
        estimates = totals[totals["kind"] == "estimate"]
        ax.plot(
            census["year"],
            census["population"],
            color=PALETTE["blue"],
            marker="o",
            linewidth=2,
            label="Census",
        )
        for row in census.itertuples():
            ax.annotate(
                f"{row.population:,}",
                (row.year, row.population),
                textcoords="offset points",
                xytext=(0, 7),
                ha="center",
                fontsize=7.5,
                color=PALETTE["blue"],
            )
        if not estimates.empty:
            ax.plot(
                estimates["year"],
                estimates["population"],
                color=PALETTE["orange"],
                linestyle="--",
                linewidth=1.2,
                marker="o",
                markerfacecolor="white",
                markeredgecolor=PALETTE["orange"],
                markeredgewidth=1.5,
                label="Estimate",
            )
        ax.set_ylim(0, totals["population"].max() * 1.18)
        ax.yaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
        ax.set_ylabel("People")
        ax.grid(axis="y", color="#E5E5E5", linewidth=0.6)
        ax.set_axisbelow(True)
        _year_axis(ax, int(totals["year"].min()), int(totals["year"].max()))
        ax.legend(frameon=False, loc="lower left", fontsize=8)
    return finish(fig, text)


def recognition_step_chart(
    steps, text: ChartText, until: date, since: date | None = None
) -> Figure:
    """UN members recognising over time: a step line, recognitions and withdrawals marked.

    ``steps``: columns ``on`` (date), ``change`` (+1/-1), ``recognizer``, ``count``. With no
    recognition at all, a flat line at zero runs from ``since`` (e.g. the declaration of
    independence) to ``until``.
    """
    fig = new_figure()
    with matplotlib.rc_context(STYLE):
        ax = fig.add_subplot()
        if steps.empty:
            if since is not None and since < until:
                ax.plot([since, until], [0, 0], color=PALETTE["blue"], linewidth=2)
            ax.text(
                0.5,
                0.5,
                "No UN member state had recognised it by this date",
                ha="center",
                va="center",
                transform=ax.transAxes,
                color="#444444",
            )
            ax.set_yticks([0, 1])
        else:
            xs = [steps["on"].iloc[0]] + list(steps["on"]) + [until]
            ys = [0] + list(steps["count"]) + [steps["count"].iloc[-1]]
            ax.step(xs, ys, where="post", color=PALETTE["blue"], linewidth=2)
            ups = steps[steps["change"] > 0]
            downs = steps[steps["change"] < 0]
            ax.plot(
                list(ups["on"]),
                list(ups["count"]),
                "^",
                color=PALETTE["green"],
                label="Recognition",
                markersize=7,
            )
            ax.plot(
                list(downs["on"]),
                list(downs["count"]),
                "v",
                color=PALETTE["vermillion"],
                label="Withdrawal",
                markersize=7,
            )
            # Label each change once, alternating sides so same-year labels do not collide.
            for index, row in enumerate(steps.itertuples()):
                ax.annotate(
                    row.recognizer,
                    (row.on, row.count),
                    textcoords="offset points",
                    xytext=(-4 if index % 2 else 4, 8 if row.change > 0 else -13),
                    ha="right" if index % 2 else "left",
                    fontsize=7,
                    color="#333333",
                )
            ax.set_ylim(0, max(steps["count"].max(), 1) + 1.5)
            ax.yaxis.set_major_locator(ticker.MaxNLocator(integer=True))
            ax.legend(frameon=False, loc="upper left", fontsize=8)
        ax.set_ylabel("UN member states")
        ax.grid(axis="y", color="#E5E5E5", linewidth=0.6)
        ax.set_axisbelow(True)
    return finish(fig, text)


def composition_chart(groups, text: ChartText, max_groups: int = 4) -> Figure:
    """Ethnic composition of each census as 100% horizontal bars, largest groups named.

    ``groups``: columns ``year``, ``group``, ``population``, ``share``. Groups beyond the
    ``max_groups`` largest (in the latest census) are pooled as "other groups".
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
    fig = new_figure(height=max(2.6, 1.25 + 0.42 * len(years)))
    with matplotlib.rc_context(STYLE):
        ax = fig.add_subplot()
        for row_index, year in enumerate(years):
            shares = groups[groups["year"] == year].set_index("group")["share"]
            left = 0.0
            pooled = 1.0 - sum(shares.get(g, 0.0) for g in named)
            for index, group in enumerate([*named, "other groups"]):
                share = pooled if group == "other groups" else float(shares.get(group, 0.0))
                colour = (
                    PALETTE["light"]
                    if group == "other groups"
                    else PALETTE[SERIES[index % len(SERIES)]]
                )
                ax.barh(
                    row_index,
                    share,
                    left=left,
                    color=colour,
                    height=0.62,
                    label=group.title() if row_index == 0 else None,
                    edgecolor="white",
                    linewidth=0.5,
                )
                if share >= 0.07:
                    ax.text(
                        left + share / 2,
                        row_index,
                        f"{share * 100:.0f}%",
                        ha="center",
                        va="center",
                        fontsize=7.5,
                        color="white" if group != "other groups" else "#333333",
                    )
                left += share
        ax.set_yticks(range(len(years)), [str(y) for y in years])
        ax.invert_yaxis()
        ax.set_xlim(0, 1)
        ax.xaxis.set_major_formatter(ticker.PercentFormatter(1.0))
        ax.spines["left"].set_visible(False)
        ax.tick_params(axis="y", length=0)
        ax.legend(
            frameon=False,
            ncols=min(5, len(named) + 1),
            fontsize=7.5,
            loc="upper left",
            bbox_to_anchor=(0, -0.12),
        )
    return finish(fig, text, top=0.78, bottom=0.30, left=0.08)


CATEGORY_ORDER = ["status", "conflict", "referendum", "diplomacy", "politics"]
CATEGORY_LABELS = {
    "status": "Status",
    "conflict": "Conflict",
    "referendum": "Referendums",
    "diplomacy": "Diplomacy",
    "politics": "Politics",
}


def timeline_chart(events, text: ChartText, as_of: date) -> Figure:
    """Events by category on a time axis: dots for days, bars for spans, the as-of day marked.

    ``events``: columns ``date``, ``end_date`` (may be empty), ``category``,
    ``topic``; dates as ISO text (partial allowed).
    """
    from breakaway.dates import parse_partial_date

    fig = new_figure(height=3.3)
    with matplotlib.rc_context(STYLE):
        ax = fig.add_subplot()
        categories = [c for c in CATEGORY_ORDER if c in set(events["category"])]
        rows = {category: index for index, category in enumerate(categories)}
        for event in events.itertuples():
            start = parse_partial_date(event.date)
            y = rows[event.category]
            colour = PALETTE["vermillion"] if event.topic == "joining_patron" else PALETTE["blue"]
            if event.end_date:
                end = parse_partial_date(event.end_date).end
                ax.plot(
                    [start.start, end],
                    [y, y],
                    color=colour,
                    linewidth=5,
                    solid_capstyle="butt",
                    alpha=0.85,
                )
            ax.plot(
                [start.start],
                [y],
                "o",
                color=colour,
                markersize=5,
                alpha=0.85,
                markeredgecolor="white",
                markeredgewidth=0.5,
            )
        ax.axvline(as_of, color=PALETTE["black"], linewidth=1, linestyle=":")
        ax.annotate(
            f"as of {format_date(as_of)}",
            (as_of, len(categories) - 0.4),
            fontsize=7,
            ha="right",
            xytext=(-3, 0),
            textcoords="offset points",
            color="#333333",
        )
        ax.set_yticks(range(len(categories)), [CATEGORY_LABELS[c] for c in categories])
        ax.set_ylim(len(categories) - 0.3, -0.7)
        ax.spines["left"].set_visible(False)
        ax.tick_params(axis="y", length=0)
        ax.grid(axis="x", color="#E5E5E5", linewidth=0.6)
        ax.set_axisbelow(True)
        handles = [
            lines.Line2D(
                [], [], marker="o", linestyle="none", color=PALETTE["blue"], label="Event"
            ),
            lines.Line2D(
                [],
                [],
                marker="o",
                linestyle="none",
                color=PALETTE["vermillion"],
                label="About joining Russia",
            ),
        ]
        ax.legend(
            handles=handles,
            frameon=False,
            fontsize=7.5,
            loc="lower right",
            bbox_to_anchor=(1, 1.0),
            ncols=2,
        )
    return finish(fig, text, top=0.8, bottom=0.2, left=0.14)


def comparison_bar_chart(
    values, text: ChartText, highlight: str | None = None, value_format: str = "{:,.0f}"
) -> Figure:
    """One horizontal bar per territory, the briefing's own territory highlighted.

    ``values``: columns ``label`` and ``value`` (rows in display order).
    """
    fig = new_figure(height=max(2.2, 1.3 + 0.38 * len(values)))
    with matplotlib.rc_context(STYLE):
        ax = fig.add_subplot()
        colours = [
            PALETTE["vermillion"] if label == highlight else PALETTE["blue"]
            for label in values["label"]
        ]
        ax.barh(range(len(values)), values["value"], color=colours, height=0.6)
        for index, value in enumerate(values["value"]):
            ax.text(value, index, " " + value_format.format(value), va="center", fontsize=8)
        ax.set_yticks(range(len(values)), list(values["label"]))
        ax.invert_yaxis()
        ax.set_xlim(0, max(float(values["value"].max()), 1) * 1.2)
        ax.xaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
        ax.spines["left"].set_visible(False)
        ax.tick_params(axis="y", length=0)
    return finish(fig, text, top=0.76, bottom=0.2, left=0.28)


def recognition_comparison_chart(series, text: ChartText, until: date) -> Figure:
    """UN members recognising each territory over time, one step line per territory.

    ``series``: mapping of territory name to a steps frame (see ``recognition_step_chart``).
    """
    fig = new_figure()
    with matplotlib.rc_context(STYLE):
        ax = fig.add_subplot()
        top = 1
        for index, (name, steps) in enumerate(series.items()):
            colour = PALETTE[SERIES[index % len(SERIES)]]
            if steps.empty:
                ax.plot([], [], color=colour, label=f"{name} (none)", linewidth=2)
                continue
            xs = [steps["on"].iloc[0]] + list(steps["on"]) + [until]
            ys = [0] + list(steps["count"]) + [steps["count"].iloc[-1]]
            # Offset overlapping lines a little so both stay visible.
            offset = 0.06 * index
            ax.step(
                xs, [y + offset for y in ys], where="post", color=colour, linewidth=2, label=name
            )
            top = max(top, int(steps["count"].max()))
        ax.set_ylim(0, top + 1.5)
        ax.yaxis.set_major_locator(ticker.MaxNLocator(integer=True))
        ax.set_ylabel("UN member states")
        ax.grid(axis="y", color="#E5E5E5", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.legend(frameon=False, loc="upper left", fontsize=8)
    return finish(fig, text)
