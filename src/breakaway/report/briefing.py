"""The briefing notebook's one object: each method is one section, returned as a notebook output.

``Briefing.open(territory, as_of)`` checks the parameters, loads and validates the data, and
computes the facts once. Methods return display objects (Markdown, HTML, figures); they never
write files. The notebook stays a list of one-line calls between headings.
"""

from __future__ import annotations

from datetime import date
from functools import cached_property
from pathlib import Path

import pandas as pd
from IPython.display import Markdown

from breakaway import paths
from breakaway.data.asof import read_raw_tables
from breakaway.data.load import AsOfView, Dataset, load_dataset
from breakaway.data.params import check_report_parameters
from breakaway.dates import format_date, known_on
from breakaway.knowledge.changes import edition_changes
from breakaway.knowledge.events import steps_back, steps_towards_patron, timeline_lanes
from breakaway.knowledge.factcheck import check_claims
from breakaway.knowledge.facts import build_facts, same_area
from breakaway.knowledge.facts_types import BriefingFacts, PublishedBriefing
from breakaway.knowledge.indicators import indicators_as_of
from breakaway.knowledge.memo import one_key
from breakaway.knowledge.peers import choose_peers
from breakaway.knowledge.population import ethnic_composition, population_totals
from breakaway.knowledge.recognition import un_recognizer_steps
from breakaway.report import chart_words, charts, history, maps, narrative
from breakaway.report import record_tables as tables
from breakaway.report.appendix import Appendix
from breakaway.report.blocks import FigureBlock, HtmlBlock, TableBlock
from breakaway.report.facts_output import FactsOutput
from breakaway.report.key_facts import checked_through_text, key_fact_rows, status_note
from breakaway.report.lead import build_lead
from breakaway.report.lead_news import news_facts
from breakaway.report.narrative import group_name
from breakaway.report.page import Page
from breakaway.report.peers import population_caveats, recognition_bars_figure
from breakaway.report.territory_record import TerritoryRecord
from breakaway.report.voices import Voices
from breakaway.text import md, number, year_span

PLACE = ["capital", "longitude", "latitude"]


class Briefing:
    """One territory as known on one day."""

    def __init__(
        self, dataset: Dataset, territory: str, as_of: date, previous_edition: date | None = None
    ):
        self.data = dataset
        self.territory = territory
        self.as_of = as_of
        self.previous_edition = previous_edition
        self.facts = build_facts(dataset, territory, as_of)
        self.record = TerritoryRecord(dataset, territory, as_of)  # each table filtered once
        self.page = Page(dataset.sources, as_of)
        self.cite = self.page.cite

    @classmethod
    def open(
        cls,
        territory: str,
        as_of: str | date = "today",
        data_dir: Path | str | None = None,
        previous_edition: str | None = None,
    ) -> Briefing:
        """Check the parameters, load the data and compute the facts.

        ``previous_edition`` (ISO date), when a render makes a new edition, opens the briefing
        with what became known since that edition.
        """
        data_dir = Path(data_dir) if data_dir else paths.data_dir()
        _, resolved = check_report_parameters(territory, as_of, data_dir)  # territory unchanged
        previous = date.fromisoformat(previous_edition) if previous_edition else None
        if previous is not None and previous >= resolved:
            previous = None  # only an earlier edition can be "the last one"
        # Only the rows of the territory and its peers are loaded: a report's cost stays the same
        # however many territories the data holds.
        dataset = load_dataset(data_dir, focus=lambda rows: choose_peers(rows, territory))
        return cls(dataset, territory, resolved, previous)

    def since_last_edition(self) -> Markdown | None:
        """What became known since the previous edition, each with its citation."""
        if self.previous_edition is None:
            return None
        found = edition_changes(  # the same list as the edition's feed entry
            read_raw_tables(self.data.data_dir), self.territory, self.previous_edition, self.as_of
        )
        return Markdown(narrative.since_last_edition(found, self.previous_edition, self.cite))

    @cached_property
    def known(self) -> AsOfView:
        """The territory's tables as known on the report date (``briefing.known.events``)."""
        return self.data.as_of(self.as_of, territory=self.territory)

    @cached_property
    def peers(self) -> list[BriefingFacts]:
        """The facts of the territories it is compared with (itself included), on the same day."""
        with one_key(self.data):  # nothing changes the data meanwhile: its memo key made once
            return [
                self.facts if t == self.territory else build_facts(self.data, t, self.as_of)
                for t in choose_peers(self.data.territories, self.territory)
            ]

    @cached_property
    def joining_patron(self) -> pd.DataFrame:
        """Steps towards joining the patron known on the report date (several sections use them)."""
        return steps_towards_patron(self.record.events)

    @cached_property
    def voices(self) -> Voices:
        """The sections built from statements: joining the patron, the parent state, the war."""
        known = (self.record.statements, self.record.events)
        return Voices(self.page, self.data, self.territory, self.facts, known)

    @cached_property
    def claims(self) -> pd.DataFrame:
        """Press claims about the territory, checked against the data of their day."""
        return check_claims(self.data, self.territory, self.as_of)

    @property
    def name(self) -> str:
        """The territory's display name (unescaped; escape before use)."""
        return self.facts["name"]

    # -- sections ----------------------------------------------------------------------------

    def title_block(self) -> HtmlBlock:
        """Title, date line and how far the sources were checked."""
        f = self.facts
        checked = checked_through_text(f["checked_through"], f["latest_recorded_on"], self.as_of)
        return self.page.title_block(f["name"], checked=checked)

    def lead(self) -> HtmlBlock:
        """The short answer: a headline and a 300–500-word lead, the latest news first."""
        lead = build_lead(self.facts, self.record.lead_record)
        return HtmlBlock(lead.html(self.cite))

    def key_facts(self) -> HtmlBlock:
        """The key-facts box: what a reader needs before the first paragraph."""
        has_reaction = not self.voices.reaction_rows().empty
        return self.page.key_facts(key_fact_rows(self.facts, self.joining_patron, has_reaction))

    def status_story(self) -> Markdown:
        """What it is on the report date: its status, in the history ("How did it get here?")."""
        return Markdown(narrative.status_sentence(self.facts, self.cite))

    def location_story(self) -> Markdown:
        """Where it lies (parent, border, the region across it), its capital and area."""
        boundaries, _, _, region = self._map_inputs
        parent = self.facts["parent_state_iso3"]
        where = maps.words.location_phrase(boundaries, self.territory, parent, region)
        return Markdown(narrative.location_sentence(self.facts, where, self.cite))

    @cached_property
    def _map_inputs(self) -> tuple:
        """The map's boundaries, context places, words and patron region, read once."""
        data_dir = self.data.data_dir
        region = self.data.territory(self.territory).get("patron_region")
        # The countries, the territory and its nearest sister regions: never every outline.
        boundaries = maps.locator_features(
            maps.load_boundaries(
                paths.geo_path(data_dir), check_positions=not self.data.validated_by_run
            ),
            self.territory,
            self.facts["parent_state_iso3"],
        )
        context = maps.load_context(paths.context_path(data_dir))
        patron_region = maps.patron_region_of(context, region if isinstance(region, str) else "")
        words = maps.load_map_words(maps.map_words_path(data_dir))
        return boundaries, context, words, patron_region

    def locator_map(self) -> FigureBlock | Markdown:
        """The territory inside its parent state and among its neighbours."""
        facts = self.facts
        row = self.data.territory(self.territory)
        parent = facts["parent_state_iso3"]
        boundaries, context, words, patron_region = self._map_inputs
        parent_capital = maps.parent_capital_of(context, parent)
        capital = None
        if row["capital_lat"] == row["capital_lat"] and row["capital_lon"] == row["capital_lon"]:
            capital = (float(row["capital_lon"]), float(row["capital_lat"]))  # (lon, lat)
        title = f"{self.name} lies {maps.territory_location(boundaries, self.territory, parent)}"
        alt = maps.map_alt_text(
            boundaries,
            self.territory,
            parent,
            facts["capital"],
            parent_capital=parent_capital[0] if parent_capital else None,
            patron_region=maps.words.patron_region_name(boundaries, patron_region),
            europe_inset=bool(context["overview"]),
        )
        return self.page.figure(
            f"{self.territory}-map",
            title=title,
            subtitle="Boundaries simplified from Natural Earth (public domain); capitals marked",
            source_ids=facts["sources"]["territory"],
            alt=alt,
            draw=lambda text: maps.locator_map(
                boundaries,
                self.territory,
                facts["parent_state_iso3"],
                capital,
                facts["capital"],
                text,
                parent_capital=parent_capital,
                overview=context["overview"],
                patron_region=patron_region,
                words=words,
            ),
            caption=maps.words.locator_caption(facts, parent_capital, bool(context["overview"])),
            caption_note=status_note(facts)
            + maps.boundary_note(
                self.territory,
                self.as_of,
                boundaries,
                {self.territory: int(facts["area_km2"])},
                words,
            )
            + maps.words.patron_region_note(boundaries, patron_region),
            # The capital the map marks, with the data's coordinates (lon, lat).
            data=pd.DataFrame([(facts["capital"], *(capital or ("", "")))], columns=PLACE),
        )

    def population_story(self) -> Markdown:
        """Latest census, change since the previous one, largest group, latest estimate."""
        return Markdown(narrative.population_sentence(self.facts, self.cite))

    def population_chart(self) -> FigureBlock | Markdown | None:
        """Census totals over time, estimates drawn distinctly."""
        totals = population_totals(self.data.population, self.territory, self.as_of)
        if totals.empty:
            return None  # population_story already says the record holds no census
        # The headline compares censuses only where they counted the same area as the latest.
        census = totals[totals["kind"] == "census"]
        latest_area = census.iloc[-1].get("coverage", "") if not census.empty else ""
        comparable = totals[
            totals.get("coverage", pd.Series("", index=totals.index))
            .fillna("")
            .map(lambda area: same_area(area, latest_area))
        ]
        title = chart_words.population_headline(self.name, comparable)
        points = ", ".join(
            f"{number(r.population)} in {r.year} ({r.kind})" for r in totals.itertuples()
        )
        alt = f"Line chart of the population of {self.name}: {points}."
        return self.page.figure(
            f"{self.territory}-population",
            title=title,
            subtitle=chart_words.population_subtitle(totals),
            caption=chart_words.population_caption(totals),
            source_ids=";".join(totals["source_ids"]),
            alt=alt,
            draw=lambda text: charts.population_chart(totals, text),
            caption_note=population_caveats(totals),
            data=totals[["year", "kind", "population", "source_ids"]],
        )

    def composition_chart(self) -> FigureBlock | Markdown | None:
        """Ethnic composition of every census that records it."""
        groups = ethnic_composition(self.data.population, self.territory, self.as_of)
        if groups.empty:
            if self.facts["latest_census"] is None:
                return None  # no census at all: population_story has said so once
            return Markdown(
                "The censuses known on this date do not break the population down by ethnic group."
            )
        years = sorted(groups["year"].unique())
        title = chart_words.composition_headline(self.name, groups, group_name)
        source_ids = ";".join(groups["source_ids"])
        parts = []
        for year in years:
            rows = groups[groups["year"] == year].head(3)
            shares = ", ".join(
                f"{group_name(r.group)} {r.share * 100:.1f}%" for r in rows.itertuples()
            )
            parts.append(f"{year}: {shares}")
        alt = " ".join(
            [
                f"Stacked bars of the ethnic composition of {self.name} by census.",
                "; ".join(parts) + ".",
                *chart_words.unrecorded_words(groups),
            ]
        )
        return self.page.figure(
            f"{self.territory}-composition",
            title=title,
            subtitle="Share of the census population by ethnic group, "
            f"{year_span(years[0], years[-1])}",
            caption=chart_words.composition_caption(groups, group_name),
            source_ids=source_ids,
            alt=alt,
            draw=lambda text: charts.composition_chart(groups, text),
            data=groups,
        )

    def recognition_story(self) -> Markdown:
        """Who recognises it now, who withdrew, and which non-UN entities do."""
        return Markdown(narrative.recognition_sentence(self.facts, self.cite))

    def recognition_chart(self) -> FigureBlock | Markdown:
        """UN members recognising over time, as a step line."""
        rows = self.record.recognitions
        steps = un_recognizer_steps(rows)
        un_rows = rows[rows["recognizer_type"] == "un_member"]
        now = len(self.facts["un_recognizers"])
        title = chart_words.recognition_headline(steps, self.name)
        source_ids = ";".join(un_rows["source_ids"]) or self.facts["sources"]["territory"]
        declared = self.facts["declared_independence_on"]
        since = known_on(declared) if declared else None
        # The year the chart's axis starts: the declaration when earlier than the first change.
        start = min(d.year for d in [*steps["on"].iloc[:1], since or self.as_of])
        alt = chart_words.recognition_alt(steps, self.name, self.as_of, now)
        return self.page.figure(
            f"{self.territory}-recognition",
            title=title,
            subtitle="UN member states recognising its independence, "
            f"{year_span(start, self.as_of.year)}",
            source_ids=source_ids,
            alt=alt,
            draw=lambda text: charts.recognition_step_chart(steps, text, self.as_of, since=since),
            note="UN member states only; withdrawals count from the day they were made; "
            "contested cases as noted in the table.",
            caption=chart_words.recognition_caption(steps, since),
            data=steps,
            empty_text=chart_words.never_recognised(md(self.name), since),
        )

    def recognition_table(self) -> TableBlock:
        """Recognitions by UN member states known on the report date, with withdrawals."""
        return self._recognition_table("un_member")

    def non_un_recognition_table(self) -> TableBlock:
        """Recognitions by entities that are not UN members (other breakaway states and such)."""
        return self._recognition_table("non_un")

    def _recognition_table(self, recognizer_type: str) -> TableBlock:
        rows = self.record.recognitions
        return tables.recognition_table(self.page, rows, self.territory, self.name, recognizer_type)

    def timeline_table(self) -> TableBlock:
        """The events known on the report date, with their sources."""
        return tables.timeline_table(self.page, self.record.events, self.territory, self.name)

    def indicators_table(self) -> TableBlock | None:
        """Sourced context: outside support and presence (budget, troops, passports).

        ``None`` (nothing shown) when no figure is known yet: the story above says so.
        """
        rows = indicators_as_of(self.data.indicators, self.territory, self.as_of)
        if rows.empty:
            return None
        return tables.indicators_table(self.page, rows, self.territory, self.name)

    def factcheck_table(self) -> TableBlock | None:
        """Each press claim, what the data said on its date, and the verdict.

        ``None`` (nothing shown) when no claim is known yet: the story above already says so,
        and an empty table under it would only repeat it.
        """
        if self.claims.empty:
            return None
        return tables.factcheck_table(self.page, self.claims, self.territory, self.name)

    def timeline_chart(self) -> FigureBlock | Markdown:
        """Events by category on a time axis, the report date marked."""
        rows = timeline_lanes(self.record.events)
        if rows.empty:
            return Markdown(f"This record holds no event up to {format_date(self.as_of)}.")
        first = rows["known_on"].min().year
        counts = rows["category"].value_counts()
        busiest = counts.index[0]
        title = chart_words.timeline_headline(rows, self.name, self.facts["patron_state"])
        source_ids = ";".join(rows["source_ids"])
        by_category = ", ".join(
            f"{charts.CATEGORY_LABELS[c].lower()} {n}" for c, n in counts.items()
        )
        joining = int((rows["topic"] == "joining_patron").sum())
        alt = (
            f"Timeline of {len(rows)} events about {self.name} from {first} to "
            f"{format_date(self.as_of)}, by category ({by_category}); {joining} concern "
            f"joining {self.facts['patron_state']}. The most frequent category is {busiest}."
        )
        return self.page.figure(
            f"{self.territory}-timeline",
            title=title,
            subtitle=charts.timeline_subtitle(self.facts["patron_state"], joining > 0),
            source_ids=source_ids,
            alt=alt,
            caption=chart_words.timeline_caption(rows, self.as_of, self.facts["patron_state"]),
            draw=lambda text: charts.timeline_chart(
                rows, text, self.as_of, patron=self.facts["patron_state"]
            ),
            data=rows[["date", "end_date", "category", "title", "source_ids"]],
        )

    def heading(self, section: str) -> Markdown | None:
        """A section heading in the territory's own terms, or None when the section is left out.

        ``section``: ``joining`` (joining the patron), ``reaction`` (the parent state) or ``war``
        (the war in Ukraine, from 24 February 2022 when the data ties the territory to it).
        """
        f = self.facts
        if section == "joining":
            return Markdown(
                f"## What has {md(self.name)} said about joining {md(f['patron_state'])}?"
            )
        if section == "reaction" and not self.voices.reaction_rows().empty:
            return Markdown(f"## How has {md(f['parent_state'])} reacted?")
        if section == "war" and self.voices.war_applies():
            return Markdown("## What does the war in Ukraine have to do with it?")
        return None

    def joining_story(self) -> Markdown:
        """The steps towards the patron, as known on the report date."""
        back = steps_back(self.record.events)
        return Markdown(
            narrative.joining_patron_story(
                self.joining_patron, self.facts, self.cite, back, roster=self.voices.roster
            )
        )

    def dependence_story(self) -> Markdown:
        """The latest sourced figure of each indicator of outside support and presence."""
        rows = indicators_as_of(self.data.indicators, self.territory, self.as_of)
        return Markdown(narrative.dependence_sentence(rows, self.facts, self.cite))

    def factcheck_story(self) -> Markdown:
        """How the press claims about this territory fare against the data of their day."""
        checked = self.claims
        return Markdown(narrative.factcheck_sentence(checked, self.facts))

    def comparison_story(self) -> Markdown:
        """Where this territory stands among the others on the report date."""
        return Markdown(narrative.comparison_sentence(self.facts, self.peers, self.cite))

    def comparison_recognition_chart(self) -> FigureBlock:
        """UN members recognising each territory on the report date, this one highlighted."""
        return recognition_bars_figure(
            self.page, f"{self.territory}-comparison-recognition", self.peers, self.name
        )

    def sources_list(self) -> HtmlBlock:
        """The numbered list of every source cited above."""
        return self.page.sources_list()

    def key_steps(self) -> Markdown | None:
        """The key steps (changes of status, wars) in prose, under the timeline chart."""
        story = history.key_steps_story(
            self.data.events, self.territory, self.as_of, self.cite, self.record.events
        )
        return Markdown(story) if story else None

    @cached_property
    def appendix(self) -> Appendix:
        """The full tables, the fact-check detail and the sources, after the body."""
        return Appendix(self)

    def colophon(self) -> HtmlBlock:
        """The parameters, data version and fingerprint the report was made from."""
        f, parameters = self.facts, [("territory", self.territory), ("as of", str(self.as_of))]
        return self.page.colophon(parameters, f["data_version"], f["data_fingerprint"])

    def publish_facts(self) -> FactsOutput:
        """The facts as an output that ``render`` saves as ``facts.json``.

        Besides the territory's own figures, it holds what the other sections state: the
        comparison with the other territories, the steps towards the patron and the claim verdicts.
        """
        joining = self.joining_patron
        checked = self.claims
        record = self.record.lead_record
        headline, news = news_facts(self.facts, self.data, self.territory, self.as_of, record)
        published: PublishedBriefing = {
            **self.facts,
            "headline": headline,
            "latest_news": news,
            "joining_patron": [
                {"date": row["date"], "title": row["title"]} for _, row in joining.iterrows()
            ],
            "claims": [
                {"claim_id": row["claim_id"], "verdict": row["verdict"]}
                for _, row in checked.iterrows()
            ],
            "peers": {
                f["territory"]: {
                    "un_recognizers": f["un_recognizers"],
                    "latest_census": f["latest_census"],
                    "status": f["status"],
                }
                for f in self.peers
            },
        }
        return FactsOutput(published)
