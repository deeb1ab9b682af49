"""The shipped data: valid, fully sourced, and right on the points careless authors get wrong."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from breakaway.knowledge.recognition import un_recognizers_as_of, un_recognizers_ever

REPO = Path(__file__).resolve().parents[2]


def test_every_row_cites_sources_that_exist(shipped):
    known = set(shipped.sources["source_id"])
    cited = set()
    tables = ["territories", "recognitions", "population", "events", "statements"]
    for name in [*tables, "indicators", "claims", "status", "people"]:
        frame = getattr(shipped, name)
        for line, ids in zip(frame["line"], frame["source_ids"], strict=True):
            assert ids, f"{name}.csv line {line} cites nothing"
            missing = set(ids.split(";")) - known
            assert not missing, f"{name}.csv line {line} cites unknown {missing}"
            cited |= set(ids.split(";"))
    assert cited == known, f"sources never cited: {sorted(known - cited)}"


def test_every_territory_has_data(shipped):
    for territory in ["south-ossetia", "abkhazia", "transnistria", "nagorno-karabakh"]:
        for name in ["population", "events", "statements"]:
            frame = getattr(shipped, name)
            assert (frame["territory_id"] == territory).any(), f"{territory} has no {name}"
    # Nagorno-Karabakh's mutual recognitions rested on a Pinterest caption; no dated act was
    # found, so it has none (see data/NOTES-curation.md).
    for territory in ["south-ossetia", "abkhazia", "transnistria"]:
        assert (shipped.recognitions["territory_id"] == territory).any(), territory


def test_vanuatu_never_recognised_south_ossetia(shipped):
    rows = shipped.recognitions
    assert not (
        (rows["territory_id"] == "south-ossetia") & (rows["recognizer_iso3"] == "VUT")
    ).any()


@pytest.mark.parametrize(
    ("territory", "now", "ever"),
    [
        (
            "south-ossetia",
            ["NIC", "NRU", "RUS", "SYR", "VEN"],
            ["NIC", "NRU", "RUS", "SYR", "TUV", "VEN"],
        ),
        (
            "abkhazia",
            ["NIC", "NRU", "RUS", "SYR", "VEN"],
            ["NIC", "NRU", "RUS", "SYR", "TUV", "VEN", "VUT"],
        ),
        ("transnistria", [], []),
        ("nagorno-karabakh", [], []),
    ],
)
def test_current_and_ever_un_recognizers(shipped, territory, now, ever):
    today = date(2025, 1, 1)
    assert un_recognizers_as_of(shipped.recognitions, territory, today) == now
    assert un_recognizers_ever(shipped.recognitions, territory, today) == ever


def test_nauru_recognised_the_two_a_day_apart(shipped):
    rows = shipped.recognitions[shipped.recognitions["recognizer_iso3"] == "NRU"]
    dates = dict(zip(rows["territory_id"], rows["recognized_on"], strict=True))
    assert dates == {"abkhazia": "2009-12-15", "south-ossetia": "2009-12-16"}


def test_the_2022_accession_sequence_is_complete(shipped):
    events = shipped.events[shipped.events["territory_id"] == "south-ossetia"]
    dates = set(events["date"])
    for day in ["2022-03-30", "2022-04-10", "2022-05-08", "2022-05-13", "2022-05-30"]:
        assert day in dates, day


def test_the_2015_census_counts_from_its_publication_in_august_2016(shipped):
    from breakaway.knowledge.population import latest_total

    before = latest_total(shipped.population, "south-ossetia", date(2016, 8, 12))
    after = latest_total(shipped.population, "south-ossetia", date(2016, 8, 13))
    assert before is None or before["year"] < 2015
    assert (after["year"], after["population"]) == (2015, 53532)


def test_armenians_are_the_largest_group_of_nagorno_karabakh_in_1989(shipped):
    from breakaway.knowledge.population import ethnic_composition

    groups = ethnic_composition(shipped.population, "nagorno-karabakh", date(2010, 1, 1))
    census_1989 = groups[groups["year"] == 1989]
    assert census_1989.iloc[0]["group"] == "armenians"
    assert census_1989.iloc[0]["share"] > 0.75


DEFUNCT = {"Donetsk People's Republic", "Luhansk People's Republic", "Nagorno-Karabakh"}


@pytest.mark.parametrize("territory", ["south-ossetia", "abkhazia", "transnistria"])
def test_no_defunct_entity_recognises_anything_in_2026(shipped, territory):
    from breakaway.knowledge.recognition import recognitions_as_of

    rows = recognitions_as_of(shipped.recognitions, territory, date(2026, 11, 27))
    current = set(rows.loc[rows["is_active"], "recognizer"])
    assert not current & DEFUNCT, current & DEFUNCT
    ended = rows[rows["recognizer"].isin(DEFUNCT)]
    assert (ended["withdrawn_on"] != "").all()


def test_recognitions_of_entities_that_ceased_end_on_that_day(shipped):
    rows = shipped.recognitions[shipped.recognitions["end_reason"] == "recognizer_ceased"]
    assert len(rows) >= 2
    for row in rows.itertuples():
        expected = "2024-01-01" if row.recognizer == "Nagorno-Karabakh" else "2022-09-30"
        assert row.withdrawn_on == expected, row.recognizer


def test_the_september_2023_exodus_is_in_the_record(shipped):
    from breakaway.knowledge.events import events_as_of

    rows = events_as_of(shipped.events, "nagorno-karabakh", date(2024, 6, 30))
    september = rows[rows["date"].str.startswith("2023-09")]
    assert september["title"].str.contains("100,000|exodus|fled|left", case=False).any()
