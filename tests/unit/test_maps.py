"""Locator maps: the boundaries load and maps frame what they must (their words: test_map_words)."""

from __future__ import annotations

import io
import json
import math
from itertools import combinations
from pathlib import Path

import matplotlib.colors
import matplotlib.image
import pytest
from mapcheck import (
    COUNTRIES,
    GEO,
    REGIONS,
    TEXT,
    TINY,
    load_territories,
    load_tiny,
    shared_regions_map,
)
from mapcheck import capital_of as _capital
from mapcheck import feature as _feature
from mapcheck import map_axes as _map_axes
from mapcheck import square as _square
from matplotlib.figure import Figure

from breakaway.errors import DataError, ParameterError
from breakaway.report import blocks, chart_layout, charts, maps
from breakaway.report.maps.furniture import WATER_COLOUR


@pytest.fixture(scope="module")
def boundaries():
    return maps.load_boundaries(GEO)


@pytest.fixture(scope="module")
def territories():
    return load_territories()


def _bounds(geometry) -> tuple[float, float, float, float]:
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    xs = [p[0] for polygon in polygons for ring in polygon for p in ring]
    ys = [p[1] for polygon in polygons for ring in polygon for p in ring]
    return min(xs), max(xs), min(ys), max(ys)


@pytest.fixture
def tiny(tmp_path: Path):
    return load_tiny(tmp_path)


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


# -- the two-panel map and reproducibility ---------------------------------------------------------


def test_regions_map_has_two_panels_holding_all_four_regions(boundaries):
    fig = shared_regions_map(TEXT)
    panels = [ax for ax in fig.axes if (ax.get_gid() or "").startswith("map-")]
    assert [ax.get_gid() for ax in panels] == ["map-caucasus", "map-moldova"]
    caucasus, moldova = panels
    # Each panel shows its part of its clip window: the parents and the seas it names.
    for ax, (west, east, south, north) in [
        (caucasus, (36, 51, 38, 46.5)),
        (moldova, (26, 31.5, 45, 49)),
    ]:
        (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
        assert west <= x0 < x1 <= east and south <= y0 < y1 <= north

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
    regions = shared_regions_map(TEXT)
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
    assert chart_layout.layout_problems(shared_regions_map(TEXT)) == []
