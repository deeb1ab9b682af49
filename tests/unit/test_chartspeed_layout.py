"""The layout check draws without rasterising: it must find what a full draw would let it find.

``layout_problems`` places the figure with a draw that paints no pixels. Positions that only a
draw settles (a legend at ``loc="best"``, annotations, tick labels) must still be where a full
Agg draw puts them, and checking a figure must not change what it exports afterwards.
"""

from __future__ import annotations

from breakaway.report.blocks import figure_png, figure_svg
from breakaway.report.chart_frame import new_figure
from breakaway.report.chart_layout import layout_problems, renderer_of

HEADLINE = "A long headline reaching past the right edge of the figure " * 2

# What the checks found when they drew the figure in full (Agg, every pixel) first.
PROBLEMS_AFTER_A_FULL_DRAW = [
    f"{HEADLINE!r} leaves the figure",
    "'Overlapping words' overlaps 'Overlapping words too'",
    "'Year' leaves the figure",
    "'on a marker' covers a marker",
    "'on the line' covers a line",
    "'beside' covers a marker",
]


def _crowded_figure():
    """A figure with every kind of problem, and a legend whose place only a draw decides."""
    fig = new_figure()
    ax = fig.add_subplot()
    ax.plot([0, 1, 2, 3], [0, 2, 1, 3], marker="o", label="Recognitions")
    ax.plot([0, 3], [1.5, 1.5], label="Withdrawals")
    ax.legend(loc="best")
    ax.annotate("on a marker", (1, 2), xytext=(0, 0), textcoords="offset points", ha="center")
    ax.annotate("on the line", (0.5, 1.5), xytext=(0, 0), textcoords="offset points")
    ax.annotate(
        "beside",
        (2, 1),
        xytext=(0, -30),
        textcoords="offset points",
        arrowprops={"arrowstyle": "-"},
    )
    ax.set_title("A title")
    ax.set_xlabel("Year")
    fig.text(0.5, 0.97, HEADLINE)
    fig.text(0.02, 0.95, "Overlapping words")
    fig.text(0.03, 0.95, "Overlapping words too")
    return fig


def test_the_check_finds_what_it_found_after_a_full_draw():
    # An undrawn legend sits elsewhere: its labels would "leave the figure" and overlap.
    assert layout_problems(_crowded_figure()) == PROBLEMS_AFTER_A_FULL_DRAW


def test_a_figure_drawn_in_full_first_gives_the_same_problems():
    fig = _crowded_figure()
    fig.canvas.draw()
    assert layout_problems(fig) == PROBLEMS_AFTER_A_FULL_DRAW


def test_the_check_measures_with_the_canvas_renderer_and_fires_the_draw_event():
    fig = _crowded_figure()
    drawn = []
    fig.canvas.mpl_connect("draw_event", lambda event: drawn.append(event.renderer))
    layout_problems(fig)
    assert drawn == [renderer_of(fig)]


def test_checking_a_figure_leaves_its_exports_unchanged():
    checked = _crowded_figure()
    layout_problems(checked)
    fresh = _crowded_figure()
    assert figure_svg(checked) == figure_svg(fresh)
    assert figure_png(checked, dpi=72) == figure_png(fresh, dpi=72)
