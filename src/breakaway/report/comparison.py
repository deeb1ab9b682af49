"""The comparison notebook's one object: the breakaway regions side by side on one day."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
from IPython.display import Markdown

from breakaway import paths
from breakaway.data.load import Dataset, load_dataset
from breakaway.data.params import check_report_parameters
from breakaway.dates import format_date
from breakaway.knowledge.facts import build_facts
from breakaway.knowledge.facts_types import BriefingFacts, ComparisonFacts, census_population
from breakaway.knowledge.memo import one_key
from breakaway.knowledge.recognition import count_un_recognizers_over_time
from breakaway.knowledge.record import checked_through_of
from breakaway.report import charts, maps
from breakaway.report.blocks import Column, FigureBlock, HtmlBlock, TableBlock
from breakaway.report.facts_output import FactsOutput
from breakaway.report.key_facts import checked_through_text, figure_text
from breakaway.report.narrative import count_words
from breakaway.report.page import Page
from breakaway.report.peers import census_figure, withdrawn_caption
from breakaway.text import join_words, number, year_span


class Comparison:
    """Every territory as known on one day."""

    def __init__(self, dataset: Dataset, as_of: date):
        self.data = dataset
        self.as_of = as_of
        self.page = Page(dataset.sources, as_of)
        self.cite = self.page.cite
        with one_key(dataset):  # nothing changes the data meanwhile: its memo key made once
            self.facts: list[BriefingFacts] = [
                build_facts(dataset, t, as_of) for t in dataset.territory_ids
            ]

    @classmethod
    def open(cls, as_of: str | date = "today", data_dir: Path | str | None = None) -> Comparison:
        """Check the as-of date, load and validate the data."""
        data_dir = Path(data_dir) if data_dir else paths.data_dir()
        _, resolved = check_report_parameters(None, as_of, data_dir)
        return cls(load_dataset(data_dir), resolved)

    def title_block(self) -> HtmlBlock:
        """Title, date line and how far the sources were checked."""
        return self.page.title_block(
            "Post-Soviet breakaway regions compared",
            checked=checked_through_text(
                checked_through_of(self.facts), self.latest_recorded_on, self.as_of
            ),
        )

    def colophon(self) -> HtmlBlock:
        """The parameters, data version and fingerprint the report was made from."""
        return self.page.colophon(
            [("as of", self.as_of.isoformat())], self.data.version, self.data.fingerprint
        )

    @property
    def latest_recorded_on(self) -> str | None:
        """The latest day any territory's record reaches on the report's day."""
        days = [f["latest_recorded_on"] for f in self.facts if f["latest_recorded_on"]]
        return max(days, default=None)

    def comparison_table(self) -> TableBlock:
        """Status, recognition and population of each territory."""
        rows = pd.DataFrame({"facts": self.facts})
        cite = self.cite

        def census(f):
            # With its area and caveat, as everywhere a figure is printed (issue 19).
            return figure_text(f["latest_census"], "—")

        def status(f):
            if f["dissolved_on"]:
                return f"dissolved {format_date(f['dissolved_on'])}"
            if f.get("lost_control_on"):
                return f"{f['status']} since {format_date(f['lost_control_on'])}"
            return f["status"]

        def declared(f):
            on = f["declared_independence_on"]
            # A declaration the record does not (yet) hold is absent from the record, not a fact:
            # a dash would read as "never declared".
            return format_date(on) if on else "not in this record"

        columns = [
            Column(
                "Territory (parent state)",
                lambda r: f"{r['facts']['name']} ({r['facts']['parent_state']})",
            ),
            Column("Status", lambda r: status(r["facts"])),
            Column("Declared independence", lambda r: declared(r["facts"])),
            Column(
                "UN members now / ever",
                lambda r: (
                    f"{len(r['facts']['un_recognizers'])} / "
                    f"{len(r['facts']['un_recognizers_ever'])}"
                ),
                is_numeric=True,
            ),
            Column("Latest census", lambda r: census(r["facts"])),  # with its caveat: it wraps
            Column("Area, km²", lambda r: number(r["facts"]["area_km2"]), is_numeric=True),
            Column(
                "Sources",
                lambda r: cite.html(
                    r["facts"]["sources"]["territory"]
                    + r["facts"]["sources"]["un_recognizers_ever"]
                    + r["facts"]["sources"]["latest_census"]
                ),
                is_html=True,
            ),
        ]
        return self.page.table(
            "comparison",
            title=f"The breakaway regions as known on {format_date(self.as_of)}",
            rows=rows,
            columns=columns,
        )

    def regions_map(self) -> FigureBlock | Markdown:
        """Both map windows, every breakaway region highlighted; title and caveats from the data."""
        boundaries = maps.load_boundaries(paths.geo_path(self.data.data_dir))
        words = maps.load_map_words(maps.map_words_path(self.data.data_dir))
        title, subtitle = maps.overview_title(words)
        return self.page.figure(
            "comparison-map",
            title=title,
            subtitle=subtitle,
            source_ids=[s for f in self.facts for s in f["sources"]["territory"]],
            alt=maps.regions_alt_text(boundaries),
            draw=lambda text: maps.regions_map(boundaries, text, words),
            caption=where_they_lie(self.facts),
            caption_note=maps.boundary_note(
                None,
                self.as_of,
                boundaries,
                {f["territory"]: int(f["area_km2"]) for f in self.facts},
                words,
            ),
        )

    def recognition_chart(self) -> FigureBlock | Markdown:
        """UN members recognising each territory over time, one step line each."""
        series = {
            f["name"]: count_un_recognizers_over_time(
                self.data.recognitions, f["territory"], self.as_of
            )
            for f in self.facts
        }
        most = max(len(f["un_recognizers"]) for f in self.facts)
        # The year the chart's axis starts: the first recognition of any of them.
        first_year = min(
            (s["on"].iloc[0].year for s in series.values() if len(s)), default=self.as_of.year
        )
        leaders = [f["name"] for f in self.facts if len(f["un_recognizers"]) == most]
        verb = "has" if len(leaders) == 1 else "have"
        alt = (
            "Step chart of UN member states recognising each breakaway region: "
            + "; ".join(
                f"{f['name']} {len(f['un_recognizers'])} now, {len(f['un_recognizers_ever'])} ever"
                for f in self.facts
            )
            + "."
        )
        return self.page.figure(
            "comparison-recognition",
            title=f"{join_words(leaders)} {verb} the most UN recognitions: {most}"
            if most
            else "No breakaway region is recognised by a UN member state",
            subtitle="UN member states recognising each region, "
            f"{year_span(first_year, self.as_of.year)}",
            caption=withdrawn_caption(self.facts),
            source_ids=[s for f in self.facts for s in f["sources"]["un_recognizers_ever"]],
            alt=alt,
            draw=lambda text: charts.recognition_comparison_chart(series, text, self.as_of),
            note="UN member states only; withdrawals count from the day they were made.",
            empty_text="No UN member state has recognised any of the breakaway regions.",
        )

    def population_chart(self) -> FigureBlock | Markdown | None:
        """Latest census population of each territory."""
        # A census of a territory its de facto authorities no longer hold says nothing of today.
        counted = [f for f in self.facts if f["latest_census"] and not f["lost_control_on"]]
        largest = max(counted, key=census_population, default=None)
        return census_figure(
            self.page,
            "comparison-population",
            self.facts,
            title=f"{largest['name']} is the most populous"
            if largest
            else "This record holds no census",
            subtitle="People counted at each region's latest census known on "
            f"{format_date(self.as_of)}",
        )

    def sources_list(self) -> HtmlBlock:
        """The numbered list of every source cited above."""
        return self.page.sources_list()

    def publish_facts(self) -> FactsOutput:
        """All territories' facts as one output that ``render`` saves as ``facts.json``."""
        facts: ComparisonFacts = {
            "as_of": self.as_of.isoformat(),
            "checked_through": checked_through_of(self.facts),
            "headline": recognition_headline(self.facts),
            "territories": {f["territory"]: f for f in self.facts},
        }
        return FactsOutput(facts)


def where_they_lie(facts) -> str:
    """The map's caption: which state's internationally recognised borders hold each region.

    The subtitle on the map already says what the panels show; the caption adds where each region
    lies, in words either side would accept (borders, not control).
    """
    by_parent: dict[str, list[str]] = {}
    for f in facts:
        by_parent.setdefault(f["parent_state"], []).append(f["name"])
    (first_parent, first_names), *rest = by_parent.items()
    verb = "lie" if len(first_names) > 1 else "lies"
    borders = f"{first_parent}'s internationally recognised borders"
    parts = [f"{join_words(first_names)} {verb} within {borders}"]
    parts += [f"{join_words(names)} within {parent}'s" for parent, names in rest]
    return ", ".join(parts) + "."


def recognition_headline(facts) -> str:
    """One line for the feed and the index: UN recognition of each region on the day.

    Regions with the same count are named together, most recognised first; a dissolved region is
    said to be dissolved rather than counted.
    """
    counts: dict[int, list[str]] = {}
    dissolved = []
    for f in facts:
        if f["dissolved_on"]:
            dissolved.append(f"{f['name']} dissolved on {format_date(f['dissolved_on'])}")
            continue
        counts.setdefault(len(f["un_recognizers"]), []).append(f["name"])
    parts = []
    for count, names in sorted(counts.items(), reverse=True):
        if not count:
            parts.append(f"{join_words(names)} not recognised by any UN member")
            continue
        each = " each" if len(names) > 1 else ""
        parts.append(f"{join_words(names)} recognised by {count_words(count, 'UN member')}{each}")
    words = "; ".join(parts + dissolved)
    return words[0].upper() + words[1:]
