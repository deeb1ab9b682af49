"""Text widths for wrapping and map labels: the same float as a TextPath, without building it.

``chart_frame.outline_width`` decides where titles wrap and where map labels go, so any change in
its result would move a chart's words; these tests hold the fast measure to matplotlib's own
``TextPath`` outline, float for float.
"""

from __future__ import annotations

import matplotlib
import pytest
from matplotlib.font_manager import FontProperties
from matplotlib.path import Path
from matplotlib.textpath import TextPath

from breakaway.report import chart_frame
from breakaway.report.chart_frame import STYLE, outline_width
from breakaway.report.glyph_extents import line_right

LINES = [
    "South Ossetia's population has halved since 1989",
    "AVAVA WAVE Tskhinvali",  # kerning pairs
    "Цхинвали, Южная Осетия",
    "Ελλάδα",
    "ff fi fl",  # ligature candidates
    "Nagorno-Karabakh — 2023–2024 (km²)",
    "1,234,567 • 77% “quoted”",
    "x\u0301y",  # a combining mark
    "日本",  # not in DejaVu Sans: matplotlib's fallback glyph
    "a  ",
    "  b",
    "Transnistria's leaders asked Russia to protect it on 28 February 2024",
]


def _textpath_reach(line: str, prop: FontProperties) -> float:
    """The measure as it was: the rightmost drawn vertex of the line's TextPath."""
    path = TextPath((0, 0), line, prop=prop)
    vertices = path.vertices
    if path.codes is not None:
        vertices = vertices[path.codes != Path.CLOSEPOLY]
    return float(vertices[:, 0].max()) if len(vertices) else 0.0


@pytest.mark.parametrize("size", [6.5, 7.5, 9, 11.5, 13.7])
@pytest.mark.parametrize("weight", ["normal", "bold"])
@pytest.mark.parametrize("style", ["normal", "italic"])
def test_the_fast_measure_is_the_textpath_measure_float_for_float(size, weight, style):
    with matplotlib.rc_context(STYLE):
        prop = FontProperties(family="DejaVu Sans", size=size, weight=weight, style=style)
        for line in LINES:
            assert line_right(line, prop) == _textpath_reach(line, prop), line


def test_glyphs_already_measured_at_another_size_measure_the_same():
    # The per-glyph cache is at text_to_path's own size; a font drawn at another size between
    # two measures (Agg shares the font object) must not change the next measure.
    from matplotlib.backends.backend_agg import RendererAgg

    prop = FontProperties(family="DejaVu Sans", size=9)
    first = line_right("Sukhumi and Stepanakert", prop)
    RendererAgg(200, 100, 300).get_text_width_height_descent("Sukhumi", prop, ismath=False)
    assert line_right("Sukhumi and Stepanakert", prop) == first
    assert line_right("Stepanakert and Sukhumi", prop) == _textpath_reach(
        "Stepanakert and Sukhumi", prop
    )


def test_outline_width_builds_no_textpath_for_plain_text(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("TextPath built")

    monkeypatch.setattr(chart_frame, "TextPath", refuse)
    prop = FontProperties(family="DejaVu Sans", size=8.25)
    assert outline_width("A line measured once, quickly", prop) > 0
    # Text that matplotlib could read as mathtext is measured as before, by its TextPath.
    with pytest.raises(AssertionError, match="TextPath built"):
        outline_width("Costs $5 and $6", prop)
