from datetime import date

from conftest import GEORGIANS, OSSETIANS, SO_2015

from breakaway.knowledge.events import events_as_of, joining_patron_events
from breakaway.knowledge.population import (
    ethnic_composition,
    latest_total,
    population_totals,
    previous_census,
)


def test_census_counts_only_once_published(dataset):
    pop = dataset.population
    # The 2015 census was published in August 2016: not known at the end of 2015.
    assert latest_total(pop, "south-ossetia", date(2016, 7, 31))["year"] == 1989
    latest = latest_total(pop, "south-ossetia", date(2016, 8, 31))
    assert (latest["year"], latest["population"]) == (2015, SO_2015)
    assert previous_census(pop, "south-ossetia", date(2020, 1, 1))["year"] == 1989
    assert latest_total(pop, "south-ossetia", date(2020, 1, 1), kind="estimate") is None
    assert (
        latest_total(pop, "south-ossetia", date(2022, 1, 1), kind="estimate")["population"] == 56405
    )
    assert latest_total(pop, "south-ossetia", date(1950, 1, 1)) is None


def test_totals_include_estimates_marked_by_kind(dataset):
    totals = population_totals(dataset.population, "south-ossetia", date(2023, 1, 1))
    assert list(totals["kind"]) == ["census", "census", "estimate"]


def test_ethnic_shares_are_of_the_census_total(dataset):
    groups = ethnic_composition(dataset.population, "south-ossetia", date(2023, 1, 1))
    shares = groups.set_index("group")["share"]
    assert shares["ossetians"] == OSSETIANS / SO_2015
    assert shares["georgians"] == GEORGIANS / SO_2015
    assert abs(shares.sum() - 1) < 1e-9


def test_events_as_of_hides_the_future_and_open_spans(dataset):
    events = dataset.events
    titles = list(events_as_of(events, "south-ossetia", date(2022, 5, 13))["title"])
    assert titles[-1] == "Referendum set for 17 July"
    assert "Referendum decree suspended" not in titles
    # August 2004 counts from 31 August.
    assert "Clashes" not in set(events_as_of(events, "south-ossetia", date(2004, 8, 30))["title"])
    war = (
        events_as_of(events, "south-ossetia", date(2008, 8, 10))
        .set_index("title")
        .loc["August war"]
    )
    assert war["end_date"] == ""
    # The suspension is a step back, not a step towards.
    assert len(joining_patron_events(events, "south-ossetia", date(2023, 1, 1))) == 1
