"""How far right a line of text's glyph outlines reach, without building the line's outline.

``chart_frame.outline_width`` wraps titles and places map labels by the rightmost control point of
a line's glyph outlines, which matplotlib's ``TextPath`` gives by laying the line out (HarfBuzz,
kerning) and copying every glyph's outline to its place: about 6 ms a line, most of it loading
the same glyphs again. Here the layout is the same call, and each glyph's rightmost point is read
once per process. The result is the same float, not an approximation: a TextPath's x coordinates
are ``scale * (glyph_x + pen_x)`` and rounding is monotonic, so the largest of them is
``scale * (max(glyph_x) + pen_x)`` for the glyph that reaches furthest.

Must not: change a font's size without setting it back as matplotlib's text-to-path does (every
caller of ``text_to_path`` sets it first), draw anything, or write files.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
from matplotlib.font_manager import FontProperties
from matplotlib.ft2font import FT2Font, LoadFlags
from matplotlib.path import Path
from matplotlib.textpath import text_to_path

_NOT_DRAWN = Path.CLOSEPOLY  # a CLOSEPOLY vertex closes a contour; it is not a point drawn


@functools.lru_cache(maxsize=8192)
def _glyph_right(fname: str, glyph_index: Any, font: FT2Font) -> float | None:
    # The key is the font file and glyph; ``font`` comes along for loading (the same object
    # for a file, as matplotlib caches its fonts), at the size text_to_path set on it.
    font.load_glyph(glyph_index, flags=LoadFlags.NO_HINTING)
    vertices, codes = font.get_path()
    if len(codes):
        vertices = vertices[np.asarray(codes) != _NOT_DRAWN]
    return float(vertices[:, 0].max()) if len(vertices) else None


def line_right(line: str, prop: FontProperties) -> float | None:
    """How far right ``line`` reaches in points, exactly as its ``TextPath`` would.

    None if the line may be mathtext (it has a ``$``): the caller measures it the slow way.
    """
    if "$" in line:
        return None
    # As TextToPath.get_text_path: the font at the size every text path is built at.
    font = text_to_path._get_font(prop)  # type: ignore[attr-defined]
    reach = None
    for item in font._layout(line, LoadFlags.NO_HINTING):
        right = _glyph_right(item.ft_object.fname, item.glyph_index, item.ft_object)
        if right is None:
            continue
        x = right + item.x  # as TextPath: the glyph's vertices (times 1.0) plus its pen position
        if reach is None or x > reach:
            reach = x
    if reach is None:
        return 0.0
    # TextPath scales its vertices by size / FONT_SCALE (an Affine2D: a * x + 0 * y + 0).
    return prop.get_size_in_points() / text_to_path.FONT_SCALE * reach
