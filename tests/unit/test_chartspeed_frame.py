"""Fitting a chart's words stops measuring a wrap at its first line too wide: the same wrap.

``chart_frame._fitted_text`` narrows the wrap until the widest line fits between its left edge
and the figure's right edge. It now gives up on a wrap at the first line that is too wide
instead of measuring every line; the wrap it keeps must be the one the widest-line rule keeps.
"""

from __future__ import annotations

import textwrap

import pytest

from breakaway.report.chart_frame import _fitted_text, new_figure, outline_width

NARROW_THEN_WIDE = "ill lil fil " * 6 + "WWW MMM WMW MWM " * 6
WIDE_THEN_NARROW = "WWW MMM WMW MWM " * 6 + "ill lil fil " * 6
TITLES = [
    "Short",
    "South Ossetia has been recognised by five states since 2008; Tuvalu withdrew in 2014",
    "Source: Ministry of Foreign Affairs of the Russian Federation; Parliament of Georgia; "
    "Civil Georgia; OC Media; Caucasian Knot; RFE/RL · Data as of 30 June 2025",
    NARROW_THEN_WIDE,
    WIDE_THEN_NARROW,
]


def _widest_line_wrap(fig, x: float, words: str, fontsize: float) -> str:
    """The wrap the rule keeps: the first (widest) one whose widest line fits, as it always was."""
    room = (0.96 - x) * fig.get_figwidth() * 72
    text = fig.text(x, 0.5, words, fontsize=fontsize)
    prop = text.get_fontproperties().copy()
    shown, width = words, len(words)
    while max(outline_width(line, prop) for line in shown.split("\n")) > room and width > 20:
        width = int(width * 0.92)
        shown = "\n".join(textwrap.wrap(words, width))
    text.remove()
    return shown


@pytest.mark.parametrize("words", TITLES)
@pytest.mark.parametrize("x, fontsize", [(0.01, 11.5), (0.01, 7), (0.5, 8.5)])
def test_the_fitted_text_is_the_widest_line_wrap(words, x, fontsize):
    fig = new_figure()
    expected = _widest_line_wrap(fig, x, words, fontsize)
    assert _fitted_text(fig, x, 0.5, words, fontsize=fontsize).get_text() == expected


def test_a_wide_line_below_a_narrow_one_still_narrows_the_wrap():
    fig = new_figure()
    fitted = _fitted_text(fig, 0.5, 0.5, NARROW_THEN_WIDE, fontsize=11.5).get_text()
    lines = fitted.split("\n")
    first_too_wide = textwrap.wrap(NARROW_THEN_WIDE, int(len(NARROW_THEN_WIDE) * 0.92))
    assert len(lines) > len(first_too_wide)
