"""How full each printed page is, from WeasyPrint's layout boxes."""

from __future__ import annotations

from pathlib import Path

import weasyprint

INKED = {"LineBox", "InlineReplacedBox", "BlockReplacedBox", "TableRowBox"}


def _descendants(box):
    for child in getattr(box, "children", None) or []:
        if type(child).__name__ == "MarginBox":
            continue  # running header and page numbers: not the page's content
        yield child
        yield from _descendants(child)


def page_fill(html_path: Path, document=None) -> list[dict]:
    """Per page: the share of the text area used, whether it opens a section, what it holds.

    ``document``: the page already laid out by ``weasyprint.HTML(...).render()``, when a caller
    lays it out once for several checks (each layout of a briefing costs seconds).
    """
    if document is None:
        document = weasyprint.HTML(filename=str(html_path)).render()
    pages = []
    for page in document.pages:
        box = page._page_box
        top = box.margin_top
        bottom = page.height - box.margin_bottom
        lowest, tags, first_heading_y = top, set(), None
        for child in _descendants(box):
            # Lines, pictures and table rows are what ink the page; their containers may reach
            # the foot of the page without holding anything there.
            if type(child).__name__ not in INKED or getattr(child, "height", None) is None:
                continue
            if _in_heading(child) and first_heading_y is None:
                first_heading_y = child.position_y
            tags.add(getattr(child, "element_tag", None))
            lowest = max(lowest, child.position_y + child.margin_height())
        content = [c for c in _descendants(box) if type(c).__name__ in INKED]
        first_y = min((c.position_y for c in content if getattr(c, "height", None)), default=top)
        pages.append(
            {
                "fill": (min(lowest, bottom) - top) / (bottom - top),
                "opens_section": first_heading_y is not None and first_heading_y <= first_y + 30,
                "has_img": "img" in tags,
                "alts": [
                    c.element.get("alt", "")
                    for c in content
                    if type(c).__name__.endswith("ReplacedBox") and c.element is not None
                ],
            }
        )
    return pages


def underfilled(pages: list[dict], most_empty: float = 1 / 3) -> list[int]:
    """Pages (1-based) more than ``most_empty`` empty that are not a section's last page."""
    found = []
    for number, page in enumerate(pages[:-1], start=1):
        next_opens = pages[number]["opens_section"]
        if not next_opens and page["fill"] < 1 - most_empty:
            found.append(number)
    return found


def _in_heading(box) -> bool:
    element = getattr(box, "element", None)
    while element is not None:
        # A section's heading, or an appendix part's title (its <summary>).
        if getattr(element, "tag", None) in ("h1", "h2", "summary"):
            return True
        element = element.getparent() if hasattr(element, "getparent") else None
    return False
