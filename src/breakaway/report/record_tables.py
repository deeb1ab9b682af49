"""The tables of the record: recognitions, timeline, indicators and press claims.

Each takes the rows known on the page's date (from ``knowledge/``) and declares its table once
on the page, which numbers and captions it. Curator notes are never printed: readers get a row's
``caveat``.
"""

from __future__ import annotations

import pandas as pd

from breakaway.dates import format_date
from breakaway.knowledge.indicators import indicator_label, indicator_value
from breakaway.report.blocks import Column, TableBlock
from breakaway.report.page import Page
from breakaway.report.speakers import typeset


def recognition_table(
    page: Page, rows: pd.DataFrame, territory: str, name: str, recognizer_type: str
) -> TableBlock:
    """Recognitions of one type (UN members or not) known on the page's date, with withdrawals."""
    rows = rows[rows["recognizer_type"] == recognizer_type]
    columns = [
        Column("Recognised by", lambda r: r["recognizer"]),
        Column("Recognised", lambda r: format_date(r["recognized_on"]), is_nowrap=True),
        Column(
            "Withdrawn",
            lambda r: format_date(r["withdrawn_on"]) if r["withdrawn_on"] else "—",
            is_nowrap=True,
        ),
        # Curator notes are never printed; readers get the row's caveat.
        Column(
            "Note",
            lambda r: " ".join(
                p for p in ("Contested." if r["is_contested"] else "", r.get("caveat", "")) if p
            ),
        ),
        page.sources_column(),
    ]
    who = "UN member states" if recognizer_type == "un_member" else "entities outside the UN"
    return page.table(
        f"{territory}-recognitions-{recognizer_type.replace('_', '-')}",
        title=f"Recognitions of {name} by {who}, known on {format_date(page.as_of)}",
        rows=rows,
        columns=columns,
        empty_text=f"This record holds no recognition by {who} made by this date.",
    )


def timeline_table(page: Page, rows: pd.DataFrame, territory: str, name: str) -> TableBlock:
    """The events known on the report date, with their sources."""
    columns = [
        Column(
            "Date",
            lambda r: (
                format_date(r["date"])
                + (f" – {format_date(r['end_date'])}" if r["end_date"] else "")
            ),
        ),
        Column("Event", lambda r: typeset(r["title"])),  # our words: house typography
        Column("What happened", lambda r: typeset(r["description"])),
        page.sources_column(),
    ]
    return page.table(
        f"{territory}-timeline",
        title=f"Timeline of {name} up to {format_date(page.as_of)}",
        rows=rows,
        columns=columns,
        empty_text="This record holds no event up to this date.",
    )


def indicators_table(page: Page, rows: pd.DataFrame, territory: str, name: str) -> TableBlock:
    """Sourced context: outside support and presence (budget, troops, passports)."""
    columns = [
        Column("Indicator", lambda r: indicator_label(r["indicator"])),
        Column("Value", lambda r: indicator_value(r["value"], r["unit"]), is_numeric=True),
        Column("Year", lambda r: str(r["year"]), is_nowrap=True),
        Column("Note", lambda r: r.get("caveat", "")),
        page.sources_column(),
    ]
    return page.table(
        f"{territory}-indicators",
        title=f"Support and presence from abroad in {name}: sourced indicators up to "
        f"{page.as_of.year}",
        rows=rows,
        columns=columns,
        empty_text="This record holds no sourced indicator for this territory up to this date.",
    )


def factcheck_table(page: Page, checked: pd.DataFrame, territory: str, name: str) -> TableBlock:
    """Each press claim, what the data said on its date, and the verdict."""
    columns = [
        Column("Claimed", lambda r: f"{format_date(r['claimed_on'])}, {r['publisher']}"),
        # The publisher's exact words in quotation marks; otherwise our paraphrase, without them.
        Column("Claim", lambda r: f"“{r['quote']}”" if r.get("quote") else r["claim"]),
        Column("Verdict", lambda r: r["verdict"], is_nowrap=True),
        Column("Why: the data on that day", lambda r: r["explanation"]),
        page.sources_column(),
    ]
    return page.table(
        f"{territory}-factcheck",
        title=f"Press claims about {name} checked against the data of their day",
        rows=checked,
        columns=columns,
        empty_text="This record holds no press claim about this territory up to this date.",
    )
