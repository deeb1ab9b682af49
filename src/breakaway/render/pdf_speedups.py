"""Byte-identical shortcuts in the pinned WeasyPrint and pydyf, for the PDF phase of a render.

Each shortcut skips work whose result WeasyPrint already had, and changes no byte of the PDF (a
test writes the same PDF with and without them). They are installed once per process by
:func:`install`, only for the versions they were written against (``requirements.lock`` pins
them); with any other version, or with ``BREAKAWAY_PDF_SPEEDUPS=0`` (to measure them, or to rule
them out), WeasyPrint runs as published.

- **Chart text, one glyph layout per letter and style, not two per letter drawn.** WeasyPrint
  draws SVG text letter by letter: for each letter it builds a Pango layout to measure it, drops
  it, and builds it again to draw it. A briefing's seven charts have about 4,000 letters, of some
  60 distinct letters per style. Here each SVG keeps the layout of each (letter, font) it measured
  and draws every copy of that letter from it: a letter's glyphs do not depend on its position.
- **Page references built once per page count.** pydyf's ``PDF.page_references`` rebuilds the
  list of every page's reference each time it is read, and the PDF/UA tagging reads it once per
  tagged element (thousands of times for the same pages).

Must not change layout, page breaks or any drawing: a shortcut that cannot be exact is not here.
"""

from __future__ import annotations

import os
import threading
from math import inf
from typing import Any

# The versions the shortcuts were written against (and tested with): requirements.lock's pins.
WEASYPRINT_VERSION = "70.0"
PYDYF_VERSION = "0.13.0"
SWITCH = "BREAKAWAY_PDF_SPEEDUPS"

_installed: list[str] = []
# (owner, attribute, value before) of every attribute replaced, so ``uninstall`` can restore it.
_replaced: list[tuple[Any, str, Any]] = []
_lock = threading.Lock()
# The letter layouts of the SVG text being drawn in this thread (set only inside SVG ``text``).
_letters = threading.local()


def install() -> list[str]:
    """Install the shortcuts that fit the WeasyPrint and pydyf here; return their names.

    Idempotent and cheap after the first call. Returns ``[]`` when switched off or when the
    libraries are not the pinned versions.
    """
    if os.environ.get(SWITCH, "1") == "0":
        return []
    with _lock:
        if _installed:
            return list(_installed)
        import pydyf  # type: ignore[import-untyped]
        import weasyprint

        if weasyprint.__version__ == WEASYPRINT_VERSION:
            _install_svg_letters()
            _installed.append("svg-letter-layouts")
        if pydyf.__version__ == PYDYF_VERSION:
            _install_page_references()
            _installed.append("page-references")
        return list(_installed)


def installed() -> list[str]:
    """The shortcuts installed in this process."""
    return list(_installed)


def uninstall() -> None:
    """Put back what :func:`install` replaced (tests, and measuring the shortcuts' worth)."""
    with _lock:
        while _replaced:
            owner, attribute, value = _replaced.pop()
            setattr(owner, attribute, value)
        _installed.clear()


def _replace(owner: Any, attribute: str, value: Any) -> None:
    _replaced.append((owner, attribute, owner.__dict__[attribute]))
    setattr(owner, attribute, value)


def _install_svg_letters() -> None:
    from weasyprint import svg
    from weasyprint.text import line_break

    measure = line_break.split_first_line

    def split_first_line(text, style, context, max_width, justification_spacing, *args, **kw):
        cache = getattr(_letters, "cache", None)
        # SVG text measures each letter alone, at an unbounded width: those calls only.
        single = isinstance(text, str) and len(text) == 1
        if cache is None or args or kw or max_width != inf or not single:
            return measure(text, style, context, max_width, justification_spacing, *args, **kw)
        key = (
            text,
            tuple(style["font_family"]),
            style["font_style"],
            style["font_weight"],
            style["font_size"],
            style["direction"],
        )
        found = cache.get(key)
        if found is None:
            found = measure(text, style, context, max_width, justification_spacing)
            layout = found[0]
            # Drawn as it would be after ``reactivate``: built again from the same style and
            # text. Later draws of this letter reuse it as it is.
            layout.reactivate(style)
            layout.reactivate = _keep
            cache[key] = found
        return found

    _replace(line_break, "split_first_line", split_first_line)
    draw = svg.SVG.draw

    def draw_with_letters(self: Any, *args: Any, **kw: Any) -> Any:
        outer = getattr(_letters, "cache", None)
        # One cache per SVG image: its font configuration and context hold for all its text.
        _letters.cache = self.__dict__.setdefault("_breakaway_letter_layouts", {})
        try:
            return draw(self, *args, **kw)
        finally:
            _letters.cache = outer

    _replace(svg.SVG, "draw", draw_with_letters)


def _keep(style: Any) -> None:
    """A cached letter's layout is already active: nothing to rebuild."""


def _install_page_references() -> None:
    import pydyf

    def page_references(self: Any) -> tuple[bytes, ...]:
        kids = self.pages["Kids"]
        # Pages are only ever appended (``add_page``): the count says whether the list is stale.
        memo = self.__dict__.get("_breakaway_page_references")
        if memo is None or memo[0] != len(kids):
            references = tuple(f"{number} 0 R".encode("ascii") for number in kids[::3])
            memo = self.__dict__["_breakaway_page_references"] = (len(kids), references)
        return memo[1]

    _replace(pydyf.PDF, "page_references", property(page_references))
