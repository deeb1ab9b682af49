"""The analyst's as-of view (issue 21, item 1): ``load_dataset().as_of(day)``.

Unit tier: the shipped data and tiny data folders, in process, no renders.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

import breakaway
from breakaway.data.asof import NEVER
from breakaway.knowledge.events import events_as_of, statements_as_of
from breakaway.knowledge.factcheck import check_claims
from breakaway.knowledge.facts import build_facts
from breakaway.knowledge.indicators import indicators_as_of
from breakaway.knowledge.population import population_totals
from breakaway.knowledge.recognition import recognitions_as_of


@pytest.fixture(scope="module")
def shipped_data():
    return breakaway.load_dataset()


def test_south_ossetia_as_of_2010_is_recognised_by_four_un_members_and_nothing_later(
    shipped_data,
):
    view = shipped_data.as_of("2010-01-01")
    rows = view.recognitions[view.recognitions["territory_id"] == "south-ossetia"]
    un = rows[rows["recognizer_type"] == "un_member"]
    assert set(un["recognizer"]) == {"Russia", "Nicaragua", "Venezuela", "Nauru"}
    # Nothing dated, or reported, after the day: Tuvalu (2011), Syria (2018) are absent.
    assert all(day <= date(2010, 1, 1) for day in rows["known_from"])
    assert not {"Tuvalu", "Syria"} & set(rows["recognizer"])
    sources = rows.attrs["sources"]
    assert isinstance(sources, pd.DataFrame) and not sources.empty
    cited = {s for cell in view.recognitions["source_ids"] for s in cell.split(";")}
    assert set(sources["source_id"]) <= cited
    assert all(day <= date(2010, 1, 1) for day in sources["known_from"])
    # Every row keeps at least one of its sources in attrs (the rule's "a source by D").
    listed = set(sources["source_id"])
    assert all(set(cell.split(";")) & listed for cell in view.recognitions["source_ids"])


def test_every_declared_table_is_a_frame_of_the_view(shipped_data):
    view = shipped_data.as_of(date(2015, 6, 30))
    for name in shipped_data.tables:
        frame = getattr(view, name)
        assert isinstance(frame, pd.DataFrame), name
        assert "sources" in frame.attrs, name
        assert (frame["known_from"] <= date(2015, 6, 30)).all(), name
    with pytest.raises(AttributeError, match="the tables are"):
        view.no_such_table  # noqa: B018


def test_the_sources_table_holds_only_what_was_published(shipped_data):
    early, late = shipped_data.as_of("2000-01-01").sources, shipped_data.as_of("today").sources
    assert 0 < len(early) < len(late)
    assert (early["known_from"] <= date(2000, 1, 1)).all()


def test_an_end_not_yet_known_is_blank(shipped_data):
    def tuvalu(day):
        rows = shipped_data.as_of(day, territory="south-ossetia").recognitions
        return rows.set_index("recognizer").loc["Tuvalu", "withdrawn_on"]

    assert tuvalu("2013-01-01") == ""
    assert tuvalu("2020-01-01") != ""


def test_a_territory_view_keeps_its_rows_and_their_sources(shipped_data):
    view = shipped_data.as_of("2020-01-01", territory="abkhazia")
    assert set(view.events["territory_id"]) == {"abkhazia"}
    cited = {s for cell in view.events["source_ids"] for s in cell.split(";")}
    assert set(view.events.attrs["sources"]["source_id"]) <= cited


def test_view_frames_concatenate_and_merge(shipped_data):
    view = shipped_data.as_of("2020-01-01")
    events = view.events
    both = pd.concat([events.head(3), events.tail(3)])
    assert both.attrs["sources"] is events.attrs["sources"]
    merged = events.merge(view.territories[["territory_id", "name"]], on="territory_id")
    assert len(merged) == len(events)
    assert len(pd.concat([events, view.statements])) == len(events) + len(view.statements)


def test_a_bad_day_is_refused_in_one_line(shipped_data):
    with pytest.raises(breakaway.ParameterError, match="not a full date"):
        shipped_data.as_of("2010")


def _days(dataset, step: int = 12) -> list[date]:
    """Days on which something becomes known, the days before, and every 1 January."""
    days = {date(year, 1, 1) for year in range(1988, date.today().year + 1)}
    for frame in dataset.tables.values():
        for column in ("known_from", "end_known_from"):
            if column in frame.columns:
                days |= {d for d in frame[column] if d not in (NEVER, date.min)}
    days = sorted(d for d in days if date(1988, 1, 1) <= d <= date.today())
    days = days[::step]  # a spread of the days the record changes on, to keep this quick
    return sorted(set(days) | {d - timedelta(days=1) for d in days})


@pytest.mark.parametrize(
    "step", [pytest.param(60, id="a-few-days"), pytest.param(12, marks=pytest.mark.integration)]
)
def test_the_view_and_the_reports_knowledge_functions_agree(shipped_data, step):
    data = shipped_data
    checked = 0
    for day in _days(data, step):
        for territory in data.territory_ids:
            view = data.as_of(day, territory=territory)
            rec = recognitions_as_of(data.recognitions, territory, day)
            assert _pairs(view.recognitions, "recognizer", "withdrawn_on") == _pairs(
                rec, "recognizer", "withdrawn_on"
            ), (territory, day)
            ev = events_as_of(data.events, territory, day)
            assert _pairs(view.events, "event_id", "end_date") == _pairs(ev, "event_id", "end_date")
            totals = population_totals(data.population, territory, day)
            mine = view.population[view.population["group"] == "total"]
            assert _pairs(mine, "year", "kind") == _pairs(totals, "year", "kind")
            ind = indicators_as_of(data.indicators, territory, day)
            assert _pairs(view.indicators, "indicator", "year") == _pairs(ind, "indicator", "year")
            said = statements_as_of(data.statements, territory, day)
            assert set(view.statements["statement_id"]) == set(said["statement_id"])
            claims = check_claims(data, territory, day)
            assert set(view.claims["claim_id"]) == set(claims["claim_id"])
            facts = build_facts(data, territory, day)
            un = view.recognitions[view.recognitions["recognizer_type"] == "un_member"]
            active = un[un["withdrawn_on"] == ""]
            assert sorted(active["recognizer_iso3"]) == facts["un_recognizers"]
            checked += 1
    assert checked >= 40 if step > 12 else checked > 100


def _pairs(frame: pd.DataFrame, *columns: str) -> set[tuple]:
    return set(frame[list(columns)].itertuples(index=False, name=None))


def test_a_briefing_hands_analysts_the_view_of_its_day(shipped_data):
    from breakaway.report.briefing import Briefing

    briefing = Briefing(shipped_data, "south-ossetia", date(2010, 1, 1))
    assert briefing.known.day == date(2010, 1, 1)
    assert set(briefing.known.recognitions["territory_id"]) == {"south-ossetia"}
    # The frame its timeline table shows is the view's events, row for row.
    shown = events_as_of(shipped_data.events, "south-ossetia", date(2010, 1, 1))
    assert list(briefing.known.events["event_id"]) == list(shown["event_id"])
