"""Numbered citations for one report: the first source cited is [1], and so on.

Narrative, tables and charts cite through one ``Citations`` object, so the numbers in the text and
in the sources list at the end always agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import pandas as pd
from markupsafe import Markup

from breakaway.data.schema import split_ids
from breakaway.data.sourcing import sources_known_from


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    """Sorted numbers as runs: [1, 3, 4, 5, 6] -> [(1, 1), (3, 6)]; runs of two stay apart."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    split = []
    for first, last in runs:
        split += [(first, first), (last, last)] if last == first + 1 else [(first, last)]
    return split


class Citations:
    """Assigns numbers to sources in the order a report first cites them."""

    def __init__(self, sources: pd.DataFrame, as_of: date | None = None):
        self._sources = sources.set_index("source_id")
        self._numbers: dict[str, int] = {}
        # The as-of rule: a report as of D cites only sources published by D, even where a row
        # also names later ones.
        days = sources_known_from(sources)
        self._citable = {s for s, day in days.items() if as_of is None or day <= as_of}

    def citable_ids(self, source_ids: str | Iterable[str]) -> str:
        """The ids among ``source_ids`` published by the report's day, ``;``-separated."""
        return ";".join(s for s in split_ids(source_ids) if s in self._citable)

    def numbers(self, source_ids: str | Iterable[str]) -> list[int]:
        """The citation numbers of some sources, numbering new ones as they come."""
        result = []
        for source_id in split_ids(source_ids):
            if source_id not in self._citable:
                continue
            if source_id not in self._numbers:
                self._numbers[source_id] = len(self._numbers) + 1
            result.append(self._numbers[source_id])
        return sorted(result)

    def _marker(self, source_ids: str | Iterable[str], link) -> str:
        """Numbers as runs (``1, 3–6``), each end rendered by ``link(number)``."""
        return ", ".join(
            link(first) if first == last else f"{link(first)}–{link(last)}"
            for first, last in _runs(self.numbers(source_ids))
        )

    def markdown(self, source_ids: str | Iterable[str]) -> str:
        """A citation marker for Markdown, numbers linking to their entries: [1, 3–6]."""
        marker = self._marker(source_ids, lambda n: f"[{n}](#source-{n})")
        return f"\\[{marker}\\]" if marker else ""

    def html(self, source_ids: str | Iterable[str]) -> Markup:
        """A citation marker for HTML: ``<sup>[1, 3–6]</sup>`` with links."""
        marker = self._marker(source_ids, lambda n: f'<a href="#source-{n}">{n}</a>')
        return Markup(f'<sup class="cite">[{marker}]</sup>') if marker else Markup("")

    def publishers(self, source_ids: str | Iterable[str], limit: int = 6) -> str:
        """``[1, 4] Civil.ge; [3] RFE/RL``: a plain-text source line for charts.

        Past ``limit`` publishers the line ends with how many more there are, so a chart drawn
        from dozens of rows keeps a readable footer; the full list is in the report's sources.
        """
        by_publisher: dict[str, list[int]] = {}
        for source_id in split_ids(source_ids):
            if source_id not in self._citable:
                continue
            publisher = str(self._sources.loc[source_id, "publisher"])
            by_publisher.setdefault(publisher, []).extend(self.numbers([source_id]))
        parts = sorted((sorted(numbers), publisher) for publisher, numbers in by_publisher.items())
        shown = "; ".join(
            f"[{', '.join(map(str, numbers))}] {publisher}" for numbers, publisher in parts[:limit]
        )
        hidden = len(parts) - limit
        if hidden > 0:
            shown += f"; and {hidden} more publishers (see Sources)"
        return shown

    def cited(self) -> pd.DataFrame:
        """The sources cited so far, in citation order, with their number."""
        order = sorted(self._numbers.items(), key=lambda item: item[1])
        rows = self._sources.loc[[source_id for source_id, _ in order]].reset_index()
        rows.insert(0, "number", [number for _, number in order])
        return rows
