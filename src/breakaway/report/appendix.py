"""The appendix of a briefing: the full record behind the body's story, one collapsible part each.

The body tells the story with one chart or short table per section; everything a reader may want
to check goes here, once: the full timeline, the recognitions, the statements of each section,
the indicators, the charts the body leaves out, the fact-check detail and the sources. On screen
each part is a ``<details>`` element (closed, its ``<summary>`` says what it holds); in print the
appendix starts on a new page with every part open (``report.css``). This module only arranges
blocks that the briefing, the voices and the record tables build; it computes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from IPython.display import Markdown
from markupsafe import Markup

from breakaway.dates import format_date
from breakaway.report.blocks import FigureBlock, HtmlBlock, TableBlock
from breakaway.report.peers import census_figure
from breakaway.report.templating import render_partial

if TYPE_CHECKING:
    from breakaway.report.briefing import Briefing

Block = FigureBlock | TableBlock | HtmlBlock

INTRO = (
    "The full record behind the sections above: every table, the fact-check detail and the "
    "sources cited."
)


def block_html(block: Block) -> Markup:
    """The HTML of a figure, a table or a ready block (already safe)."""
    if isinstance(block, FigureBlock | TableBlock):
        return Markup(block.to_html())
    return Markup(block.markup)


class AppendixPart:
    """One or more blocks inside a ``<details>`` element, as one notebook output.

    A figure inside keeps its export metadata, so ``render`` still saves the chart to
    ``figures/``.
    """

    def __init__(self, part_id: str, summary: str, blocks: list[Block]):
        self.part_id = part_id
        self.summary = summary
        self.blocks = blocks

    def to_html(self) -> Markup:
        """``<details id="appendix-…"><summary>…</summary>…</details>`` (summary escaped)."""
        body = Markup("").join(block_html(block) for block in self.blocks)
        return render_partial(
            "appendix_part", part_id=self.part_id, summary=self.summary, body=body
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        data: dict[str, Any] = {"text/html": str(self.to_html()), "text/plain": self.summary}
        metadata: dict[str, Any] = {}
        figures = [block for block in self.blocks if isinstance(block, FigureBlock)]
        if figures:
            # One chart per part at most: the export metadata names one chart.
            figure_data, metadata = figures[0]._repr_mimebundle_()
            if "image/png" in figure_data:
                data["image/png"] = figure_data["image/png"]
        return data, metadata


def part(part_id: str, summary: str, *blocks: object) -> AppendixPart | None:
    """The part holding ``blocks`` that have something to show, or None when none has.

    A section's "nothing to show" (None, or a Markdown sentence in place of a chart) is left out:
    the body already says it in words.
    """
    shown = [b for b in blocks if b is not None and not isinstance(b, Markdown)]
    if not shown:
        return None
    return AppendixPart(part_id, summary, shown)  # type: ignore[arg-type]


class Appendix:
    """The appendix parts of one briefing, each one call in the notebook."""

    def __init__(self, briefing: Briefing):
        self.briefing = briefing

    def heading(self) -> HtmlBlock:
        """The appendix heading (a new page in print) and a line saying what follows."""
        return HtmlBlock(render_partial("appendix_heading", intro=INTRO))

    def timeline(self) -> AppendixPart | None:
        """Every event known on the report date, with its sources."""
        return part("timeline", "Timeline: every recorded event", self.briefing.timeline_table())

    def recognitions(self) -> AppendixPart | None:
        """Recognitions by UN member states and by entities outside the UN, with withdrawals."""
        b = self.briefing
        return part(
            "recognitions",
            "Recognitions: UN member states and others",
            b.recognition_table(),
            b.non_un_recognition_table(),
        )

    def population(self) -> AppendixPart | None:
        """The population chart the body leaves out: ethnic composition by census."""
        return part(
            "population",
            "Population: ethnic composition by census",
            self.briefing.composition_chart(),
        )

    def joining_statements(self) -> AppendixPart | None:
        """Every statement on joining the patron, with the patron's answers."""
        b = self.briefing
        return part(
            "joining-statements",
            f"Statements on joining {b.facts['patron_state']}",
            b.voices.joining_table(),
        )

    def indicators(self) -> AppendixPart | None:
        """Outside support and presence: every sourced indicator."""
        return part(
            "indicators",
            "Support and presence from abroad: indicators",
            self.briefing.indicators_table(),
        )

    def reaction_statements(self) -> AppendixPart | None:
        """What the parent state said and did."""
        b = self.briefing
        return part(
            "reaction-statements",
            f"How {b.facts['parent_state']} reacted: statements and measures",
            b.voices.reaction_table(),
        )

    def war_statements(self) -> AppendixPart | None:
        """Statements and acts tying the territory to the war in Ukraine."""
        return part(
            "war-statements",
            "The war in Ukraine: statements and acts",
            self.briefing.voices.war_table(),
        )

    def comparison(self) -> AppendixPart | None:
        """The comparison chart the body leaves out: latest census population of each territory."""
        b = self.briefing
        figure = census_figure(
            b.page,
            f"{b.territory}-comparison",
            b.peers,
            title=f"{b.name} among the breakaway regions: latest census population",
            subtitle="People counted at each territory's latest census known on "
            f"{format_date(b.as_of)}",
            highlight_territory=b.territory,
        )
        return part("comparison", "Among the breakaway regions: population", figure)

    def factcheck(self) -> AppendixPart | None:
        """Each press claim, what the data said on its date, and the verdict."""
        return part(
            "factcheck", "Fact-check: every claim and its verdict", self.briefing.factcheck_table()
        )

    def sources(self) -> AppendixPart | None:
        """The numbered list of every source cited in the report."""
        return part("sources", "Sources", self.briefing.sources_list())
