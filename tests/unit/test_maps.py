"""Locator maps: the boundaries load, maps frame what they must, and their words follow the data."""

from __future__ import annotations

import csv
import io
import json
import math
from datetime import date
from itertools import combinations
from pathlib import Path

import matplotlib.colors
import matplotlib.image
import pytest
from matplotlib.figure import Figure

from breakaway.errors import DataError, ParameterError
from breakaway.report import blocks, chart_layout, charts, maps
from breakaway.report.maps.furniture import WATER_COLOUR

REPO = Path(__file__).resolve().parents[2]
GEO = REPO / "data" / "geo" / "breakaway_regions.geojson"
REGIONS = ["south-ossetia", "abkhazia", "transnistria", "nagorno-karabakh"]
COUNTRIES = ["RUS", "TUR", "IRN", "GEO", "ARM", "AZE", "UKR", "ROU", "MDA"]
TEXT = charts.ChartText(
    title="Where it lies",
    subtitle="Highlighted in its parent state",
    source_line="Natural Earth",
    as_of=date(2025, 1, 1),
)


@pytest.fixture(scope="module")
def boundaries():
    return maps.load_boundaries(GEO)


@pytest.fixture(scope="module")
def territories():
    with (REPO / "data" / "territories.csv").open(encoding="utf-8") as handle:
        return {row["territory_id"]: row for row in csv.DictReader(handle)}


def _capital(row) -> tuple[float, float]:
    return float(row["capital_lon"]), float(row["capital_lat"])


def _bounds(geometry) -> tuple[float, float, float, float]:
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    xs = [p[0] for polygon in polygons for ring in polygon for p in ring]
    ys = [p[1] for polygon in polygons for ring in polygon for p in ring]
    return min(xs), max(xs), min(ys), max(ys)


def _map_axes(fig: Figure, gid: str):
    found = [ax for ax in fig.axes if ax.get_gid() == gid]
    assert len(found) == 1, f"expected one axes with gid {gid!r}"
    return found[0]


def _square(x0: float, y0: float, size: float, clockwise: bool = False) -> list[list[float]]:
    ring = [[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]]
    return ring[::-1] if clockwise else ring


def _feature(feature_id: str, name: str, kind: str, rings: list) -> dict:
    return {
        "type": "Feature",
        "properties": {"id": feature_id, "name": name, "kind": kind},
        "geometry": {"type": "Polygon", "coordinates": rings},
    }


# A 10° square parent at the equator, a 10° neighbour sharing its east edge, a country far away,
# and three small regions: one in the parent's north-east, one in its centre, one in its south-west.
TINY = {
    "type": "FeatureCollection",
    "features": [
        # The hole winds the same way as the exterior (not RFC 7946): drawing must still leave it empty.
        _feature("PAR", "Parentland", "country", [_square(0, 0, 10), _square(4, 1, 1)]),
        _feature("NXT", "Nextland", "country", [_square(10, 0, 10)]),
        _feature("FAR", "Farland", "country", [_square(30, 0, 10)]),
        _feature("ne", "Northeastia", "breakaway", [_square(8, 8, 1)]),
        _feature("mid", "Middlia", "breakaway", [_square(4.5, 4.5, 1)]),
        _feature("sw", "Southwestia", "breakaway", [_square(1, 1, 1)]),
    ],
}


@pytest.fixture
def tiny(tmp_path: Path):
    path = tmp_path / "tiny.geojson"
    path.write_text(json.dumps(TINY), encoding="utf-8")
    return maps.load_boundaries(path)


# -- loading ------------------------------------------------------------------------------------


def test_all_thirteen_features_load_by_id(boundaries):
    assert list(boundaries) == COUNTRIES + REGIONS
    assert {fid for fid, f in boundaries.items() if f["kind"] == "breakaway"} == set(REGIONS)
    for feature in boundaries.values():
        assert set(feature) == {"name", "kind", "geometry"}
    assert boundaries["south-ossetia"]["name"] == "South Ossetia"
    assert boundaries["GEO"]["geometry"]["type"] == "Polygon"


def test_missing_file_raises_data_error_naming_it(tmp_path: Path):
    path = tmp_path / "nowhere.geojson"
    with pytest.raises(DataError) as raised:
        maps.load_boundaries(path)
    assert len(raised.value.problems) == 1
    assert str(path) in raised.value.problems[0]
    assert "FeatureCollection" in raised.value.problems[0]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "not valid JSON"),
        (json.dumps({"type": "Feature"}), "FeatureCollection"),
        (json.dumps({"type": "FeatureCollection", "features": []}), "empty"),
        (
            json.dumps(
                {
                    "type": "FeatureCollection",
                    "features": [
                        {
                            "properties": {"name": "No id", "kind": "country"},
                            "geometry": TINY["features"][0]["geometry"],
                        }
                    ],
                }
            ),
            "id, name and kind",
        ),
        (
            json.dumps(
                {
                    "type": "FeatureCollection",
                    "features": [_feature("X", "X", "province", [_square(0, 0, 1)])],
                }
            ),
            "kind",
        ),
        (
            json.dumps(
                {
                    "type": "FeatureCollection",
                    "features": [
                        {
                            "properties": {"id": "X", "name": "X", "kind": "country"},
                            "geometry": {"type": "Point", "coordinates": [0, 0]},
                        }
                    ],
                }
            ),
            "Polygon or MultiPolygon",
        ),
        (
            json.dumps(
                {
                    "type": "FeatureCollection",
                    "features": [_feature("X", "X", "country", [_square(0, 0, 1)[:-1] + [[5, 5]]])],
                }
            ),
            "close",
        ),
        (
            json.dumps(
                {
                    "type": "FeatureCollection",
                    "features": [
                        _feature("X", "X", "country", [_square(0, 0, 1)]),
                        _feature("X", "Y", "country", [_square(2, 0, 1)]),
                    ],
                }
            ),
            "twice",
        ),
    ],
)
def test_malformed_file_raises_one_line_naming_file_and_expectation(tmp_path, content, expected):
    path = tmp_path / "bad.geojson"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataError) as raised:
        maps.load_boundaries(path)
    assert len(raised.value.problems) == 1
    problem = raised.value.problems[0]
    assert problem.startswith(str(path)) and expected in problem
    assert "\n" not in problem


# -- locator maps -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def locators(boundaries, territories):
    figures = {}
    for territory in REGIONS:
        row = territories[territory]
        fig = maps.locator_map(
            boundaries, territory, row["parent_state_iso3"], _capital(row), row["capital"], TEXT
        )
        blocks.figure_png(fig, dpi=72)  # draw once, so that text extents are final
        figures[territory] = fig
    return figures


@pytest.mark.parametrize("territory", REGIONS)
def test_locator_map_frames_the_territory_and_its_capital(
    boundaries, territories, locators, territory
):
    fig = locators[territory]
    assert isinstance(fig, Figure)
    ax = _map_axes(fig, "map")
    patches = [p for p in ax.patches if p.get_gid() == f"territory-{territory}"]
    assert len(patches) == 1 and patches[0].get_label() == territory
    assert any(
        p.get_gid() == f"country-{territories[territory]['parent_state_iso3']}" for p in ax.patches
    )
    west, east, south, north = _bounds(boundaries[territory]["geometry"])
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    assert x0 < west < east < x1 and y0 < south < north < y1
    lon, lat = _capital(territories[territory])
    assert x0 < lon < x1 and y0 < lat < y1
    texts = {t.get_gid(): t.get_text() for t in ax.texts if t.get_gid()}
    assert texts["label-capital"] == territories[territory]["capital"]
    assert texts["label-territory"] == boundaries[territory]["name"]


@pytest.mark.parametrize("territory", REGIONS)
def test_locator_map_is_drawn_to_scale(locators, territory):
    ax = _map_axes(locators[territory], "map")
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    bbox = ax.get_window_extent()
    # A degree of longitude drawn cos(mean latitude) times as long as a degree of latitude.
    x_per_degree, y_per_degree = bbox.width / (x1 - x0), bbox.height / (y1 - y0)
    assert x_per_degree / y_per_degree == pytest.approx(
        math.cos(math.radians((y0 + y1) / 2)), rel=0.01
    )


@pytest.mark.parametrize("territory", REGIONS)
def test_locator_labels_stay_inside_the_map_and_apart(locators, territory):
    fig = locators[territory]
    ax = _map_axes(fig, "map")
    frame = ax.get_window_extent()
    labels = [t.get_window_extent() for t in ax.texts if (t.get_gid() or "").startswith("label-")]
    assert len(labels) >= 4
    for box in labels:
        assert (
            frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
        )
    for first, second in combinations(labels, 2):
        assert not first.overlaps(second)
    territory_box = next(
        p for p in ax.patches if p.get_gid() == f"territory-{territory}"
    ).get_window_extent()
    for inset in ax.child_axes:
        assert not inset.get_window_extent().overlaps(territory_box), "inset hides the territory"
        for box in labels:
            assert not inset.get_window_extent().overlaps(box), "inset hides a label"


def test_overview_inset_shows_the_map_extent_unless_it_would_repeat_the_map(locators):
    georgia = _map_axes(locators["south-ossetia"], "map")
    [inset] = georgia.child_axes
    assert inset.get_gid() == "overview"
    assert inset.get_xlim() == (36.0, 51.0) and inset.get_ylim() == (38.0, 46.5)
    [extent] = [p for p in inset.patches if p.get_gid() == "overview-extent"]
    assert extent.get_x() == pytest.approx(georgia.get_xlim()[0])
    # Moldova fills most of its window: an overview would repeat the map.
    assert _map_axes(locators["transnistria"], "map").child_axes == []


def test_locator_without_capital_marks_none(boundaries):
    fig = maps.locator_map(boundaries, "nagorno-karabakh", "AZE", None, "Stepanakert", TEXT)
    ax = _map_axes(fig, "map")
    assert not [t for t in ax.texts if t.get_gid() == "label-capital"]
    assert not [line for line in ax.lines if line.get_gid() == "capital"]
    assert [t for t in ax.texts if t.get_gid() == "label-territory"]


def test_capital_given_as_lat_lon_is_refused(boundaries, territories):
    lon, lat = _capital(territories["south-ossetia"])
    with pytest.raises(ParameterError, match="longitude, latitude"):
        maps.locator_map(boundaries, "south-ossetia", "GEO", (lat, lon), "Tskhinvali", TEXT)


def test_unknown_territory_or_parent_is_refused(boundaries):
    with pytest.raises(ParameterError, match="south-ossetia"):
        maps.locator_map(boundaries, "ossetia", "GEO", None, "", TEXT)
    with pytest.raises(ParameterError, match="GEO"):
        maps.locator_map(boundaries, "south-ossetia", "GE", None, "", TEXT)


def test_locator_map_works_on_any_boundaries_file(tiny):
    fig = maps.locator_map(tiny, "ne", "PAR", (8.5, 8.5), "Capital City", TEXT)
    ax = _map_axes(fig, "map")
    assert [p for p in ax.patches if p.get_gid() == "territory-ne"]
    assert {t.get_text() for t in ax.texts} >= {"Capital City", "Northeastia", "Parentland"}


def test_holes_are_drawn_empty(tiny):
    fig = maps.locator_map(tiny, "sw", "PAR", None, "", TEXT)
    ax = _map_axes(fig, "map")
    for text in ax.texts:
        text.set_visible(False)
    image = matplotlib.image.imread(io.BytesIO(blocks.figure_png(fig, dpi=100)))

    def colour(lon: float, lat: float) -> str:
        x, y = ax.transData.transform((lon, lat))
        return matplotlib.colors.to_hex(image[image.shape[0] - int(y), int(x)])

    assert colour(4.5, 1.5) == WATER_COLOUR.lower()  # the hole in Parentland, background showing
    assert colour(7.5, 4.5) == charts.PALETTE["light"].lower()  # Parentland itself
    assert colour(1.5, 1.5) == charts.PALETTE["vermillion"].lower()


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
    assert "Crimea" in overview and "Ukraine" in overview


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


# -- the two-panel map and reproducibility ---------------------------------------------------------


def test_regions_map_has_two_panels_holding_all_four_regions(boundaries):
    fig = maps.regions_map(boundaries, TEXT)
    panels = [ax for ax in fig.axes if (ax.get_gid() or "").startswith("map-")]
    assert [ax.get_gid() for ax in panels] == ["map-caucasus", "map-moldova"]
    caucasus, moldova = panels
    assert caucasus.get_xlim() == (36.0, 51.0) and caucasus.get_ylim() == (38.0, 46.5)
    assert moldova.get_xlim() == (26.0, 31.5) and moldova.get_ylim() == (45.0, 49.0)

    def regions(ax):
        return {p.get_label() for p in ax.patches if (p.get_gid() or "").startswith("region-")}

    assert regions(caucasus) == {"south-ossetia", "abkhazia", "nagorno-karabakh"}
    assert regions(moldova) == {"transnistria"}
    names = {t.get_text() for ax in panels for t in ax.texts}
    assert names >= {boundaries[r]["name"] for r in REGIONS} | {"Georgia", "Moldova"}


def test_svg_is_byte_stable(boundaries, territories):
    row = territories["abkhazia"]

    def draw():
        return blocks.figure_svg(
            maps.locator_map(boundaries, "abkhazia", "GEO", _capital(row), row["capital"], TEXT)
        )

    first, second = draw(), draw()
    assert first == second
    assert 'id="territory-abkhazia"' in first
    assert blocks.figure_svg(maps.regions_map(boundaries, TEXT)) == blocks.figure_svg(
        maps.regions_map(boundaries, TEXT)
    )


# -- where is it: water, clipping, the parent's capital, the sibling region --------------------

# Reference points for the tests only: the data does not hold the parent states' capitals yet.
TBILISI = ("Tbilisi", (44.79, 41.72))


def _patch(fig: Figure, gid: str):
    found = [p for p in _map_axes(fig, "map").patches if p.get_gid() == gid]
    assert len(found) == 1, f"expected one patch {gid!r}"
    return found[0]


def test_water_is_tinted_and_every_region_is_clipped_to_its_parent(locators, boundaries):
    for territory, fig in locators.items():
        ax = _map_axes(fig, "map")
        assert matplotlib.colors.to_hex(ax.get_facecolor()) != "#ffffff", territory
        clip = _patch(fig, f"territory-{territory}").get_clip_path()
        assert clip is not None, f"{territory} is not clipped to its parent"
    regions = maps.regions_map(boundaries, TEXT)
    for ax in regions.axes:
        for patch in ax.patches:
            if (patch.get_gid() or "").startswith("region-"):
                assert patch.get_clip_path() is not None, patch.get_gid()


def test_the_other_breakaway_region_of_the_parent_is_drawn_and_named(boundaries, territories):
    row = territories["south-ossetia"]
    fig = maps.locator_map(
        boundaries,
        "south-ossetia",
        "GEO",
        _capital(row),
        row["capital"],
        TEXT,
        parent_capital=TBILISI,
    )
    ax = _map_axes(fig, "map")
    assert _patch(fig, "related-abkhazia") is not None
    labels = {t.get_gid(): t.get_text() for t in ax.texts}
    assert labels["label-abkhazia"] == "Abkhazia"
    assert labels["label-parent-capital"] == "Tbilisi"
    assert [line.get_gid() for line in ax.lines].count("parent-capital") == 1
    assert chart_layout.layout_problems(fig) == []
    alone = maps.locator_map(
        boundaries, "south-ossetia", "GEO", _capital(row), row["capital"], TEXT, show_related=False
    )
    assert not any(
        (p.get_gid() or "").startswith("related-") for p in _map_axes(alone, "map").patches
    )


def test_parent_capital_outside_the_parent_is_refused(boundaries, territories):
    row = territories["south-ossetia"]
    with pytest.raises(ParameterError, match="Tbilisi"):
        maps.locator_map(
            boundaries,
            "south-ossetia",
            "GEO",
            _capital(row),
            row["capital"],
            TEXT,
            parent_capital=("Tbilisi", (41.72, 44.79)),
        )


def test_maps_have_no_colliding_text(locators, boundaries):
    for territory, fig in locators.items():
        assert chart_layout.layout_problems(fig) == [], territory
    assert chart_layout.layout_problems(maps.regions_map(boundaries, TEXT)) == []
