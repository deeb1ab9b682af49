"""Details that only later sources show: a row's words must be public by the report's day too.

A row enters the record on the day its first source was published (``asof.py``), but a figure or
a fact in its text may rest on a source published much later (a referendum's result known only
from a report fifteen years on). Such words live in the row's ``detail`` column, with their own
evidence in ``detail_source_ids``; the detail is shown, after the row's own text, only once one
of those sources is published by the day:

- ``events``: ``detail`` follows ``description``;
- ``statements``: ``detail`` follows ``paraphrase``.

``reveal_details`` is the one place that applies this, for the as-of view (``load.py``) and the
knowledge layer (``knowledge/events.py``); report code reads the text it returns and never the
``detail`` columns. Loading stores each row's ``detail_known_from`` (``add_detail_known_from``);
a frame built by hand without it shows every detail, as if every source had been published.
Standard library at import (frames are only passed in): the render plan's snapshot reads it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from breakaway.data.asof import NEVER
from breakaway.data.columns import records
from breakaway.data.schema import split_ids

DETAIL = "detail"
DETAIL_SOURCE_IDS = "detail_source_ids"
DETAIL_KNOWN_FROM = "detail_known_from"
# The column whose text a table's detail completes.
DETAIL_OF = {"events": "description", "statements": "paraphrase"}


def detail_known_from(row: dict, days: dict[str, date]) -> date:
    """The first day a row's detail may be shown: its first source's publication (or never)."""
    if not str(row.get(DETAIL) or "").strip():
        return NEVER
    cited = [days.get(s, NEVER) for s in split_ids(str(row.get(DETAIL_SOURCE_IDS) or ""))]
    return min(cited, default=NEVER)


def add_detail_known_from(frame: Any, days: dict[str, date]) -> Any:
    """``frame`` with ``detail_known_from`` where the table has a ``detail`` column."""
    if DETAIL in frame.columns:
        rows = records(frame, (DETAIL, DETAIL_SOURCE_IDS))
        frame[DETAIL_KNOWN_FROM] = [detail_known_from(r, days) for r in rows]
    return frame


def detail_shown(row: dict, days: dict[str, date], as_of: date) -> bool:
    """Whether a row (as text, the render plan's kind) shows its detail on ``as_of``."""
    return detail_known_from(row, days) <= as_of


def reveal_details(rows: Any, table: str, as_of: date) -> Any:
    """Known rows (a copy) with each detail public by ``as_of`` added to their text and sources.

    A detail shown is appended to the text column (``DETAIL_OF``) and its sources to
    ``source_ids``, so that the sentence and its citation travel together; a detail not yet public
    is blanked with its sources, leaving nothing of it in the frame.
    """
    rows = rows.copy()
    text = DETAIL_OF.get(table)
    if text is None or DETAIL not in rows.columns or text not in rows.columns:
        return rows
    cells = records(rows, (text, DETAIL, DETAIL_KNOWN_FROM, "source_ids", DETAIL_SOURCE_IDS))
    shown = [
        bool(str(r.get(DETAIL) or "").strip())
        # Built by hand without the column: as if every source had been published.
        and r.get(DETAIL_KNOWN_FROM, date.min) <= as_of
        for r in cells
    ]
    rows[text] = [
        " ".join(f"{r.get(text) or ''} {r[DETAIL]}".split()) if is_shown else r.get(text)
        for r, is_shown in zip(cells, shown, strict=True)
    ]
    if "source_ids" in rows.columns:
        rows["source_ids"] = [
            _joined(r["source_ids"], r.get(DETAIL_SOURCE_IDS) or "")
            if is_shown
            else r["source_ids"]
            for r, is_shown in zip(cells, shown, strict=True)
        ]
    for column in (DETAIL, DETAIL_SOURCE_IDS):
        if column in rows.columns:
            rows[column] = [
                r[column] if is_shown else "" for r, is_shown in zip(cells, shown, strict=True)
            ]
    return rows


def _joined(ids: str, more: str) -> str:
    return ";".join(split_ids(f"{ids};{more}"))
