"""The comparison notebook's one object: the four territories side by side on one day."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from breakaway import paths
from breakaway.data.load import Dataset, load_dataset
from breakaway.data.params import check_report_parameters
from breakaway.dates import format_date
from breakaway.knowledge.facts import build_facts
from breakaway.report.citations import Citations
from breakaway.report.tables import Column, HtmlBlock, TableBlock
from breakaway.text import html, join_words, number


def census_bars(facts: list[dict]) -> tuple[pd.DataFrame, list[str]]:
    """Latest census of each territory that has one, largest first, and the sources used.

    Columns: ``territory``, ``name``, ``label`` (name and census year), ``value``.
    """
    counted = sorted(
        (f for f in facts if f["latest_census"]), key=lambda f: -f["latest_census"]["population"]
    )
    values = pd.DataFrame(
        {
            "territory": [f["territory"] for f in counted],
            "name": [f["name"] for f in counted],
            "label": [f"{f['name']} ({f['latest_census']['year']})" for f in counted],
            "value": [f["latest_census"]["population"] for f in counted],
        }
    )
    return values, [s for f in counted for s in f["sources"]["latest_census"]]


def census_bars_alt(values: pd.DataFrame) -> str:
    """Alt text for a chart of ``census_bars``."""
    listed = "; ".join(f"{r.label} {number(r.value)}" for r in values.itertuples())
    return f"Bar chart of the latest census population of each breakaway region: {listed}."


class Comparison:
    """Every territory as known on one day."""

    def __init__(self, dataset: Dataset, as_of: date):
        self.data = dataset
        self.as_of = as_of
        self.cite = Citations(dataset.sources)
        self.facts = [build_facts(dataset, t, as_of) for t in dataset.territory_ids]

    @classmethod
    def open(cls, as_of: str | date = "today", data_dir: Path | str | None = None) -> Comparison:
        """Check the as-of date, load and validate the data."""
        data_dir = Path(data_dir) if data_dir else paths.data_dir()
        _, resolved = check_report_parameters(None, as_of, data_dir)
        return cls(load_dataset(data_dir), resolved)

    def title_block(self) -> HtmlBlock:
        """Title, date line and parameters used."""
        return HtmlBlock(
            '<header class="title-block"><p class="kicker">Breakaway briefing</p>'
            "<h1>Post-Soviet breakaway regions compared</h1>"
            f'<p class="dateline">What was known on {format_date(self.as_of)}</p>'
            f'<p class="parameters">Parameters: as of <code>{self.as_of.isoformat()}</code>, '
            f"data version <code>{html(self.data.version)}</code> "
            f"(<code>{html(self.data.fingerprint)}</code>)</p></header>"
        )

    def comparison_table(self) -> TableBlock:
        """Status, recognition and population of each territory."""
        rows = pd.DataFrame({"facts": self.facts})
        cite = self.cite

        def census(f):
            c = f["latest_census"]
            return f"{number(c['population'])} ({c['year']})" if c else "—"

        def status(f):
            if f["dissolved_on"]:
                return f"dissolved {format_date(f['dissolved_on'])}"
            return f["status"]

        def declared(f):
            on = f["declared_independence_on"]
            return format_date(on) if on else "—"

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
            Column("Latest census", lambda r: census(r["facts"]), is_numeric=True),
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
        caption = f"<b>Table 1.</b> The breakaway regions as known on {format_date(self.as_of)}"
        return TableBlock("comparison", rows, columns, caption)

    def regions_map(self):
        """Both map windows: the Caucasus and Moldova, every breakaway region highlighted."""
        from breakaway.report import charts, maps

        boundaries = maps.load_boundaries(paths.geo_path(self.data.data_dir))
        source_ids = [s for f in self.facts for s in f["sources"]["territory"]]
        title = "Four breakaway regions in two corners of the former Soviet Union"
        text = charts.ChartText(
            title=title,
            subtitle="The Caucasus (left) and Moldova (right); boundaries simplified from "
            "Natural Earth (public domain)",
            source_line=self.cite.publishers(source_ids),
            as_of=self.as_of,
        )
        fig = maps.regions_map(boundaries, text)
        caption = (
            f"<b>Figure {self._next_figure()}.</b> {html(title)} {self.cite.html(source_ids)} "
            f"<span class='map-note'>{html(maps.boundary_note(None, self.as_of))}</span>"
        )
        return charts.FigureBlock("comparison-map", fig, maps.regions_alt_text(boundaries), caption)

    def _next_figure(self) -> int:
        self._figures = getattr(self, "_figures", 0) + 1
        return self._figures

    def recognition_chart(self):
        """UN members recognising each territory over time, one step line each."""
        from breakaway.knowledge.recognition import count_un_recognizers_over_time
        from breakaway.report import charts

        series = {
            f["name"]: count_un_recognizers_over_time(
                self.data.recognitions, f["territory"], self.as_of
            )
            for f in self.facts
        }
        source_ids = [s for f in self.facts for s in f["sources"]["un_recognizers_ever"]]
        most = max(len(f["un_recognizers"]) for f in self.facts)
        leaders = [f["name"] for f in self.facts if len(f["un_recognizers"]) == most]
        verb = "has" if len(leaders) == 1 else "have"
        title = (
            f"{join_words(leaders)} {verb} the most UN recognitions: {most}"
            if most
            else "No breakaway region is recognised by a UN member state"
        )
        text = charts.ChartText(
            title=title,
            subtitle=f"UN member states recognising each region, 2008–{self.as_of.year}",
            source_line=self.cite.publishers(source_ids),
            as_of=self.as_of,
            note="UN member states only; withdrawals count from the day they were made.",
        )
        fig = charts.recognition_comparison_chart(series, text, self.as_of)
        alt = (
            "Step chart of UN member states recognising each breakaway region: "
            + "; ".join(
                f"{f['name']} {len(f['un_recognizers'])} now, {len(f['un_recognizers_ever'])} ever"
                for f in self.facts
            )
            + "."
        )
        caption = f"<b>Figure {self._next_figure()}.</b> {html(title)} {self.cite.html(source_ids)}"
        return charts.FigureBlock("comparison-recognition", fig, alt, caption)

    def population_chart(self):
        """Latest census population of each territory."""
        from breakaway.report import charts

        values, source_ids = census_bars(self.facts)
        title = f"{values['name'].iloc[0]} is the most populous" if len(values) else "No census yet"
        text = charts.ChartText(
            title=title,
            subtitle="People counted at each region's latest census known on "
            f"{format_date(self.as_of)}",
            source_line=self.cite.publishers(source_ids),
            as_of=self.as_of,
        )
        fig = charts.comparison_bar_chart(values, text)
        alt = census_bars_alt(values)
        caption = f"<b>Figure {self._next_figure()}.</b> {html(title)} {self.cite.html(source_ids)}"
        return charts.FigureBlock("comparison-population", fig, alt, caption)

    def sources_list(self) -> HtmlBlock:
        """The numbered list of every source cited above."""
        return HtmlBlock(f'<section class="sources-list">{self.cite.html_list()}</section>')

    def publish_facts(self):
        """All territories' facts as one output that ``render`` saves as ``facts.json``."""
        from breakaway.report.briefing import FactsOutput

        return FactsOutput(
            {
                "as_of": self.as_of.isoformat(),
                "territories": {f["territory"]: f for f in self.facts},
            }
        )
