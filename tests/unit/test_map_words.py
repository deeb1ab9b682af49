"""What goes with a locator map: its position words, alt text and the caveats printed under it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from mapcheck import GEO, load_territories, load_tiny

from breakaway.report import maps


@pytest.fixture(scope="module")
def boundaries():
    return maps.load_boundaries(GEO)


@pytest.fixture(scope="module")
def territories():
    return load_territories()


@pytest.fixture
def tiny(tmp_path: Path):
    return load_tiny(tmp_path)


# -- words --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("region", "position"), [("ne", "north-east"), ("mid", "centre"), ("sw", "south-west")]
)
def test_position_word_comes_from_the_centroid_in_the_parent_box(tiny, region, position):
    assert maps.territory_position(tiny, region, "PAR") == position


@pytest.mark.parametrize(
    ("territory", "position", "location"),
    [
        ("south-ossetia", "north", "on Georgia's northern border with Russia"),
        ("abkhazia", "north-west", "on Georgia's north-western border with Russia"),
        ("transnistria", "east", "on Moldova's eastern border with Ukraine"),
        ("nagorno-karabakh", "west", "on Azerbaijan's western border with Armenia"),
    ],
)
def test_a_territory_on_a_frontier_is_placed_on_that_border(
    boundaries, territories, territory, position, location
):
    parent = territories[territory]["parent_state_iso3"]
    assert maps.territory_position(boundaries, territory, parent) == position
    assert maps.territory_location(boundaries, territory, parent) == location


def test_an_inland_territory_has_no_border_phrase(tiny):
    assert maps.territory_location(tiny, "mid", "PAR") == "in the centre of Parentland"
    assert maps.territory_location(tiny, "ne", "PAR").startswith("in the north-east of")


def test_alt_text_names_territory_parent_position_neighbours_and_capital(tiny):
    alt = maps.map_alt_text(tiny, "ne", "PAR", "Capital City")
    assert alt.startswith(
        "Map of Parentland and its neighbours Nextland, with Northeastia "
        "highlighted in the north-east of Parentland; capital Capital City "
        "marked."
    )
    assert "Farland" not in alt
    assert "capital" not in maps.map_alt_text(tiny, "ne", "PAR", None)


@pytest.mark.parametrize(
    ("territory", "words"),
    [
        (
            "south-ossetia",
            [
                "South Ossetia",
                "Georgia's northern border with Russia",
                "Tskhinvali",
                "the Caucasus",
            ],
        ),
        ("abkhazia", ["Abkhazia", "Georgia's north-western border with Russia", "Sukhumi"]),
        (
            "transnistria",
            ["Transnistria", "Moldova's eastern border with Ukraine", "Romania", "Tiraspol"],
        ),
        ("nagorno-karabakh", ["Nagorno-Karabakh", "Azerbaijan", "Armenia", "Iran", "Stepanakert"]),
    ],
)
def test_alt_text_of_the_real_maps(boundaries, territories, territory, words):
    row = territories[territory]
    alt = maps.map_alt_text(boundaries, territory, row["parent_state_iso3"], row["capital"])
    for word in words:
        assert word in alt
    assert ("inset" in alt) == (territory != "transnistria")


def test_regions_alt_text_names_every_region_with_its_parent(boundaries):
    alt = maps.regions_alt_text(boundaries)
    assert alt.startswith("Two maps")
    assert "Abkhazia (north-west)" in alt and "in Georgia" in alt
    assert "Nagorno-Karabakh (west) in Azerbaijan" in alt
    assert "Transnistria (east) in Moldova" in alt


def test_boundary_note_caveats_nagorno_karabakh_by_date():
    before = maps.boundary_note("nagorno-karabakh", date(2020, 11, 10))
    after = maps.boundary_note("nagorno-karabakh", date(2020, 11, 11))
    for note in (before, after):
        assert "Natural Earth" in note and "line of contact" in note
        assert "not the Soviet-era autonomous oblast" in note
    # The line's end is named only once it has ended.
    assert "2020" not in maps.boundary_note("nagorno-karabakh", date(2019, 1, 1))
    assert "1994–2020 line of contact" in after
    assert "no longer matches control" not in before
    assert "no longer matches control" in after
    assert "no longer matches control" not in maps.boundary_note(
        "nagorno-karabakh", date(2010, 1, 1)
    )
    early = maps.boundary_note("nagorno-karabakh", date(1992, 1, 6))
    assert "later ceasefire" in early and "1994" not in early


def test_boundary_note_keeps_each_caveat_to_its_map():
    ossetia = maps.boundary_note("south-ossetia", date(2025, 1, 1))
    assert "1:10m" in ossetia and "1:50m" in ossetia
    assert "Karabakh" not in ossetia and "Crimea" not in ossetia
    overview = maps.boundary_note(None, date(2025, 1, 1))
    assert "1994–2020" in overview and "no longer matches" in overview
    # The overview's Caucasus panel no longer reaches the Crimea sliver (test_overview_map).
    assert "Crimea" not in overview


def test_boundary_note_compares_the_drawn_area_with_the_area_in_the_data(boundaries):
    drawn = maps.words.drawn_area_km2(boundaries, "south-ossetia")
    assert 4_000 < drawn < 5_000  # Natural Earth's outline is larger than the usual 3,900 km²
    note = maps.boundary_note(
        "south-ossetia", date(2025, 1, 1), boundaries, {"south-ossetia": 3900}
    )
    assert f"about {drawn:,} km²" in note and "larger than the 3,900 km²" in note
    # The figure in the sentence is the data's, not typed into the code.
    other = maps.boundary_note(
        "south-ossetia", date(2025, 1, 1), boundaries, {"south-ossetia": 5100}
    )
    assert "smaller than the 5,100 km²" in other
