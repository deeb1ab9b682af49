"""The wrappers of private matplotlib APIs still give what the layout checks rely on."""

from __future__ import annotations

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from breakaway.report.mpl_private import drawn_ticks, side_titles


def _axes():
    fig = Figure()
    FigureCanvasAgg(fig)
    return fig.add_subplot()


def test_drawn_ticks_are_only_those_inside_the_view():
    ax = _axes()
    ax.set_xticks([0.0, 0.5, 1.0, 2.0])
    ax.set_xlim(0, 1)
    assert len(ax.xaxis.get_major_ticks()) == 4  # the public getter lists the one outside too
    assert [float(tick.get_loc()) for tick in drawn_ticks(ax.xaxis)] == [0.0, 0.5, 1.0]


def test_side_titles_are_the_left_and_right_title_texts():
    ax = _axes()
    ax.set_title("centre")
    ax.set_title("left words", loc="left")
    ax.set_title("right words", loc="right")
    left, right = side_titles(ax)
    assert (left.get_text(), right.get_text()) == ("left words", "right words")
    assert left in ax.get_children() and right in ax.get_children()
