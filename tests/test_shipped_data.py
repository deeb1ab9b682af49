"""The shipped data: valid, fully sourced, and right on the points careless authors get wrong."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from breakaway.data.load import load_dataset
from breakaway.knowledge.recognition import un_recognizers_as_of, un_recognizers_ever

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def shipped():
    return load_dataset(REPO / "data")


def test_every_row_cites_sources_that_exist(shipped):
    known = set(shipped.sources["source_id"])
    cited = set()
    for name in ["territories", "recognitions", "population", "events", "indicators", "claims"]:
        frame = getattr(shipped, name)
        for line, ids in zip(frame["line"], frame["source_ids"], strict=True):
            assert ids, f"{name}.csv line {line} cites nothing"
            missing = set(ids.split(";")) - known
            assert not missing, f"{name}.csv line {line} cites unknown {missing}"
            cited |= set(ids.split(";"))
    assert cited == known, f"sources never cited: {sorted(known - cited)}"


def test_every_territory_has_data(shipped):
    for territory in ["south-ossetia", "abkhazia", "transnistria", "nagorno-karabakh"]:
        for name in ["recognitions", "population", "events"]:
            frame = getattr(shipped, name)
            assert (frame["territory_id"] == territory).any(), f"{territory} has no {name}"


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
    assert (before["year"], after["year"]) == (1989, 2015)
    assert after["population"] == 53532
