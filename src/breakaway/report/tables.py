"""HTML tables for reports: every cell escaped, a caption, a header that repeats across pages."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd

from breakaway.text import html


@dataclass(frozen=True)
class Column:
    """One column of a report table: header, how to show a row, alignment."""

    header: str
    cell: Callable[[pd.Series], str]
    is_numeric: bool = False
    is_html: bool = False  # the cell function returns safe HTML (citation markers), not text
    is_nowrap: bool = False  # short values (dates, types) that must not break mid-word

    @property
    def css_class(self) -> str:
        """The ``class`` attribute for this column's cells, if any."""
        classes = [
            name for name, on in (("num", self.is_numeric), ("nowrap", self.is_nowrap)) if on
        ]
        return f' class="{" ".join(classes)}"' if classes else ""


class TableBlock:
    """A table as a notebook output (HTML), with a plain-text fallback."""

    def __init__(
        self,
        table_id: str,
        rows: pd.DataFrame,
        columns: Sequence[Column],
        caption: str,
        empty_text: str = "No rows for this date.",
    ):
        self.table_id = table_id
        self.rows = rows
        self.columns = list(columns)
        self.caption = caption
        self.empty_text = empty_text

    def to_html(self) -> str:
        """The ``<table>`` element; data-derived text escaped unless a column is marked HTML."""
        head = "".join(f'<th scope="col"{c.css_class}>{html(c.header)}</th>' for c in self.columns)
        body = []
        for _, row in self.rows.iterrows():
            cells = []
            for column in self.columns:
                value = column.cell(row)
                shown = value if column.is_html else html(value)
                cells.append(f"<td{column.css_class}>{shown}</td>")
            body.append(f"<tr>{''.join(cells)}</tr>")
        if not body:
            body.append(f'<tr><td colspan="{len(self.columns)}">{html(self.empty_text)}</td></tr>')
        # The caption is a paragraph kept with the table (CSS break-after: avoid) rather than a
        # <caption>, which WeasyPrint may leave alone at the foot of a page.
        table_id = f"table-{html(self.table_id)}"
        return (
            f'<p class="table-caption" id="{table_id}-caption">{self.caption}</p>'
            f'<table class="report-table" id="{table_id}" aria-describedby="{table_id}-caption">'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        )

    def _repr_html_(self) -> str:
        return self.to_html()


class HtmlBlock:
    """Ready HTML (built from escaped parts) as a notebook output."""

    def __init__(self, markup: str):
        self.markup = markup

    def _repr_html_(self) -> str:
        return self.markup
