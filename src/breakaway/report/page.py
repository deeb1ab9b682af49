"""The page every report shares: numbered figures and tables, captions, title block, sources.

A figure is declared once (block id, title, subtitle, source ids, alt text, the drawing function);
the page derives its chart text (source line, as-of stamp), its caption with citation markers and
its number. Numbers are keyed by block id, so re-running a notebook cell keeps its number. Tables
work the same way, and the sources list at the end numbers exactly what the page cited.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
from IPython.display import Markdown
from markupsafe import Markup
from matplotlib.figure import Figure

from breakaway.dates import format_date, known_on
from breakaway.errors import NothingToDrawError
from breakaway.report.blocks import Column, FigureBlock, HtmlBlock, TableBlock
from breakaway.report.charts import ChartText
from breakaway.report.citations import Citations
from breakaway.report.templating import render_partial

# A Wayback Machine address carries the day its copy was made.
ARCHIVE_STAMP = re.compile(r"web\.archive\.org/web/(\d{8})")


def copy_day(source: dict) -> date | None:
    """The day the copy we link was made: ``copy_published_on``, or the archive's own stamp."""
    if source.get("copy_published_on"):
        return known_on(str(source["copy_published_on"]))
    stamp = ARCHIVE_STAMP.search(str(source.get("url") or ""))
    if stamp:
        try:
            return datetime.strptime(stamp[1], "%Y%m%d").date()
        except ValueError:
            return None
    return None


@dataclass(frozen=True)
class Fact:
    """One row of a key-facts box: its label, its text and the sources behind it."""

    label: str
    text: str
    source_ids: str | Iterable[str] = ()


class Page:
    """Shared parts of one report as known on ``as_of``, citing ``sources``."""

    def __init__(self, sources: pd.DataFrame, as_of: date):
        self.as_of = as_of
        self.cite = Citations(sources, as_of)
        self._numbers: dict[str, dict[str, int]] = {"Figure": {}, "Table": {}}

    def number(self, kind: str, block_id: str) -> int:
        """The number of a figure or table: the next one the first time, the same one after."""
        numbers = self._numbers[kind]
        return numbers.setdefault(block_id, len(numbers) + 1)

    def caption(self, kind: str, block_id: str, title: str, source_ids=()) -> Markup:
        """``Figure 3. Title [4, 7]``: number, title and citation marker."""
        return render_partial(
            "caption",
            kind=kind,
            number=self.number(kind, block_id),
            title=title,
            citation=self.cite.html(source_ids),
        )

    def chart_text(self, title: str, subtitle: str, source_ids, note: str = "") -> ChartText:
        """The words a chart carries, its source line built from the sources it cites."""
        return ChartText(
            title=title,
            subtitle=subtitle,
            source_line=self.cite.publishers(source_ids),
            as_of=self.as_of,
            note=note,
        )

    def figure(
        self,
        block_id: str,
        *,
        title: str,
        subtitle: str,
        source_ids,
        alt: str,
        draw: Callable[[ChartText], Figure],
        note: str = "",
        caption: str = "",
        caption_note: str = "",
        data: pd.DataFrame | None = None,
        empty_text: str = "",
    ) -> FigureBlock | Markdown:
        """A chart declared once: its text, its caption and its number all derive from here.

        The caption says what the headline does not (it never repeats the headline): ``caption``
        when given, else the subtitle. A chart with nothing to draw (every value zero) is not
        drawn: the reader gets ``empty_text`` (Markdown, escaped by the caller) instead.

        Args:
            block_id: Stable id of the figure (also the exported file's name).
            title: The takeaway, shown on the chart and in the caption.
            subtitle: What the chart shows, in a line.
            source_ids: The sources of the data drawn (``;``-separated or a list).
            alt: Alt text written from the data.
            draw: Draws the figure from its ``ChartText``.
            note: A counting note printed on the chart.
            caption: The caption's words after its number; the subtitle when empty.
            caption_note: A caveat printed after the caption (escaped).
            data: The rows the chart draws, exported as CSV beside the chart files.
            empty_text: What the reader reads when there is nothing to draw.
        """
        text = self.chart_text(title, subtitle, source_ids, note)
        try:
            fig = draw(text)
        except NothingToDrawError as nothing:
            return Markdown(empty_text or str(nothing))
        if data is not None and "source_ids" in data.columns:
            # The exported CSV obeys the as-of rule too: no source published after the day.
            data = data.assign(source_ids=data["source_ids"].map(self.cite.citable_ids))
        words = self.caption("Figure", block_id, caption or subtitle, source_ids)
        if caption_note:
            words += Markup(" <span class='map-note'>{}</span>").format(caption_note)
        return FigureBlock(block_id, fig, alt, words, data)

    def table(
        self,
        block_id: str,
        *,
        title: str,
        rows: pd.DataFrame,
        columns: Sequence[Column],
        empty_text: str = "No rows for this date.",
        source_ids=(),
    ) -> TableBlock:
        """A numbered, captioned table; each row cites its own sources in a column."""
        caption = self.caption("Table", block_id, title, source_ids)
        return TableBlock(block_id, rows, columns, caption, empty_text=empty_text)

    def sources_column(self, header: str = "Sources") -> Column:
        """The Sources column of a table: each row's citation marker."""
        return Column(header, lambda r: self.cite.html(r["source_ids"]), is_html=True)

    def title_block(
        self, heading: str, kicker: str = "Breakaway briefing", checked: str = ""
    ) -> HtmlBlock:
        """Title and the date the report describes (its parameters go to the colophon).

        ``checked``: how far the record's sources were checked (``Sources checked through ...``).
        """
        return HtmlBlock(
            render_partial(
                "title_block",
                kicker=kicker,
                heading=heading,
                known_on=format_date(self.as_of),
                checked=checked,
            )
        )

    def colophon(
        self, parameters: Sequence[tuple[str, str]], data_version: str, data_fingerprint: str
    ) -> HtmlBlock:
        """The report's last words: the parameters and the data (version, fingerprint) it used."""
        return HtmlBlock(
            render_partial(
                "colophon",
                parameters=parameters,
                data_version=data_version,
                data_fingerprint=data_fingerprint,
            )
        )

    def key_facts(self, facts: Sequence[Fact]) -> HtmlBlock:
        """The key-facts box, each fact with its citation marker."""
        rows = [
            {"label": f.label, "text": f.text, "citation": self.cite.html(f.source_ids)}
            for f in facts
        ]
        return HtmlBlock(render_partial("key_facts", rows=rows))

    def sources_list(self) -> HtmlBlock:
        """The numbered list of every source cited above, in citation order."""
        sources = []
        for source in self.cite.cited().to_dict("records"):
            accessed = date.fromisoformat(source["accessed_on"])
            copy_on = copy_day(source)
            is_later_copy = copy_on is not None and copy_on > self.as_of
            sources.append(
                {
                    **source,
                    "published_on": format_date(source["published_on"]),
                    # A report as of an earlier day does not mention when we read the page.
                    "accessed_on": format_date(accessed) if accessed <= self.as_of else "",
                    # A copy made after the report's day did not exist yet: neither its address
                    # nor its date is printed, only that the original was read in a later copy.
                    "url": "" if is_later_copy else source["url"],
                    "is_later_copy": is_later_copy,
                    "copy_published_on": format_date(copy_on)
                    if copy_on is not None and not is_later_copy
                    else "",
                }
            )
        return HtmlBlock(render_partial("sources_list", sources=sources))
