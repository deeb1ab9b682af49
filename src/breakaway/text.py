"""Make data-derived text safe for Markdown and HTML, and write numbers the way people read them.

Everything that comes from a CSV goes through ``md`` or ``html`` before it reaches a reader, so a
title like ``<script>`` or ``[click](javascript:...)`` is shown as the literal text it is.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

# Characters with a meaning in CommonMark (and in Jinja, for `{`/`}`) are backslash-escaped; `<`,
# `>` and `&` become entities so that no raw HTML survives.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~:$])")


def md(text: object) -> str:
    """Escape data-derived text for inclusion in Markdown."""
    value = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = _MARKDOWN_SPECIAL.sub(r"\\\1", value)
    # A line break in data must not start a new Markdown block (a heading, a list, a table).
    return " ".join(value.split())


def html(text: object) -> Markup:
    """Escape data-derived text for inclusion in HTML."""
    return escape(str(text))


def number(value: float | int) -> str:
    """A count with thousands separators: 53,532."""
    return f"{int(round(value)):,}"


def amount(value: float) -> str:
    """A large amount as readers write it: ``6.2 billion``, ``5 million``, ``53,532``."""
    for size, word in ((1e9, "billion"), (1e6, "million")):
        if abs(value) >= size:
            shown = f"{value / size:.1f}".removesuffix(".0")
            return f"{shown} {word}"
    return number(value) if float(value).is_integer() else f"{value:,.1f}"


def year_span(first: int, last: int) -> str:
    """``1989–2015``, or ``2008`` when the span is one year (never ``2008–2008``)."""
    return str(first) if int(first) == int(last) else f"{first}–{last}"


def percent(share: float, digits: int = 1) -> str:
    """A share (0 to 1) as a percentage: 89.9%."""
    return f"{share * 100:.{digits}f}%"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``1 state``, ``5 states``."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count} {word}"


def join_words(items: list[str], conjunction: str = "and") -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    items = list(items)
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"
