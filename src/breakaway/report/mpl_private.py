"""The few private matplotlib APIs the chart layout checks need, in one place.

The layout checks (``chart_layout.drawn_texts``) must see every text matplotlib will draw, as it
will draw it. Two things have no public accessor: the ticks inside the view (the public
``get_major_ticks`` and ``get_minor_ticks`` list every tick, drawn or not) and the Text objects of
the left and right titles (``get_title(loc=...)`` gives only their strings). Each private use is
wrapped here, with a targeted ignore, so a matplotlib upgrade that moves one breaks one function;
mypy's ``warn_unused_ignores`` says when an ignore is no longer needed. matplotlib is pinned in
``requirements.lock``; the unit tests of this module run on every upgrade.
"""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.axis import Axis, Tick
from matplotlib.text import Text


def drawn_ticks(axis: Axis) -> list[Tick]:
    """The major and minor ticks matplotlib draws: those inside the view, located and labelled."""
    return list(axis._update_ticks())  # type: ignore[attr-defined]  # no public equivalent


def side_titles(ax: Axes) -> tuple[Text, Text]:
    """The Text objects of the left and right titles (``ax.title`` is the centre one)."""
    return ax._left_title, ax._right_title  # type: ignore[attr-defined]  # strings only in public
