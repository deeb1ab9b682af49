"""The comparison notebook's one object: the four territories side by side on one day."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from . import paths
from .citations import Citations
from .data import Dataset, load_dataset
from .dates import format_date
from .facts import build_facts
from .params import check_report_parameters
from .tables import Column, HtmlBlock, TableBlock
from .text import html, number


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

        columns = [
            Column("Territory", lambda r: r["facts"]["name"]),
            Column("Parent state", lambda r: r["facts"]["parent_state"]),
            Column("Status", lambda r: r["facts"]["status"]),
            Column(
                "Declared independence",
                lambda r: (
                    format_date(r["facts"]["declared_independence_on"])
                    if r["facts"]["declared_independence_on"]
                    else "—"
                ),
            ),
            Column(
                "UN members recognising now",
                lambda r: str(len(r["facts"]["un_recognizers"])),
                is_numeric=True,
            ),
            Column(
                "UN members ever",
                lambda r: str(len(r["facts"]["un_recognizers_ever"])),
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

    def sources_list(self) -> HtmlBlock:
        """The numbered list of every source cited above."""
        return HtmlBlock(f'<section class="sources-list">{self.cite.html_list()}</section>')

    def publish_facts(self):
        """All territories' facts as one output that ``render`` saves as ``facts.json``."""
        from .briefing import FactsOutput

        return FactsOutput(
            {
                "as_of": self.as_of.isoformat(),
                "territories": {f["territory"]: f for f in self.facts},
            }
        )
