"""How full each printed page is, from WeasyPrint's layout boxes; each page laid out once.

Laying out a briefing costs seconds, and several modules check the same rendered page (the shared
sets of ``tests/rendered.py``): ``summary`` lays a page out once a session for every check of this
file (how full each page is, what runs past the right margin, where the appendix and the lead
are) and keeps the result as JSON in a folder that every xdist worker sees, by the page's bytes.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
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


def overflows(document, tolerance: float = 0.5) -> list[str]:
    """The boxes that run past the right margin of their page, as ``page N: <tag> X pt too wide``."""

    def descendants(box):
        for child in getattr(box, "children", None) or []:
            yield child
            yield from descendants(child)

    found = []
    for number, page in enumerate(document.pages, start=1):
        right = page.width - page._page_box.margin_right
        for box in descendants(page._page_box):
            if getattr(box, "width", None) is None or type(box).__name__ == "MarginBox":
                continue
            excess = box.position_x + box.border_width() - right
            if excess > tolerance:
                found.append(f"page {number}: <{box.element_tag}> {excess:.0f} pt too wide")
    return found


def body_pages(document) -> tuple[int | None, list[float], set[int]]:
    """The page the appendix heading starts on (1-based), how full each page is (0 to 1) and the
    pages the lead (``section.lead``) is laid out on."""
    appendix_page, fills, lead_pages = None, [], set()
    for number, page in enumerate(document.pages, start=1):
        box = page._page_box
        top, bottom = box.margin_top, page.height - box.margin_bottom
        lowest = top
        for child in _descendants(box):
            element = getattr(child, "element", None)
            if appendix_page is None and element is not None and element.get("id") == "appendix":
                appendix_page = number
            if element is not None and "lead" in (element.get("class") or "").split():
                lead_pages.add(number)
            if type(child).__name__ in INKED and getattr(child, "height", None) is not None:
                lowest = max(lowest, child.position_y + child.margin_height())
        fills.append((min(lowest, bottom) - top) / (bottom - top))
    return appendix_page, fills, lead_pages


def summary(html_path: Path, cache: Path) -> dict:
    """Every layout check's input for one page, laid out at most once per ``cache`` folder.

    Keys: ``pages`` (``page_fill``), ``overflows``, ``appendix_page``, ``fills`` and
    ``lead_pages`` (``body_pages``). The first worker to ask lays the page out under a lock; the
    others wait and read its result.
    """
    content = Path(html_path).read_bytes()
    cache.mkdir(parents=True, exist_ok=True)
    # The page's bytes and its folder (its images and styles are found from there).
    key = hashlib.sha256(content + str(Path(html_path).parent).encode()).hexdigest()[:24]
    target = cache / f"{key}.json"
    with open(cache / f"{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not target.exists():
            document = weasyprint.HTML(filename=str(html_path)).render()
            appendix_page, fills, lead_pages = body_pages(document)
            result = {
                "pages": page_fill(html_path, document),
                "overflows": overflows(document),
                "appendix_page": appendix_page,
                "fills": fills,
                "lead_pages": sorted(lead_pages),
            }
            target.with_suffix(".tmp").write_text(json.dumps(result))
            target.with_suffix(".tmp").replace(target)
    result = json.loads(target.read_text())
    result["lead_pages"] = set(result["lead_pages"])
    return result
