"""Sea names: label points in open water (data/geo/maps.json), checked, and named where in frame."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from mapcheck import GEO_DIR, TEXT, capital_of, load_territories, map_axes, shared_regions_map

from breakaway.data.mapwords import load_map_words, seas
from breakaway.errors import DataError
from breakaway.report import maps
from breakaway.report.maps.geometry import clip_windows, points_inside, rings_of


@pytest.fixture(scope="module")
def boundaries():
    return maps.load_boundaries(GEO_DIR / "breakaway_regions.geojson")


def test_the_project_names_the_black_sea_and_the_caspian():
    assert [name for name, _points in seas()] == ["Black Sea", "Caspian Sea"]


def test_every_label_point_lies_in_a_window_on_no_land(boundaries):
    context = maps.load_context(GEO_DIR / "context.geojson")
    land = [f for f in boundaries.values() if f["kind"] == "country"]
    land += list(context["overview"].values())  # the 1:110m outlines of the inset, too
    windows = clip_windows().values()
    for name, points in seas():
        for lon, lat in points:
            assert any(w.west < lon < w.east and w.south < lat < w.north for w in windows), (
                f"{name} {lon, lat} lies in no clip window"
            )
            on = [
                f["name"]
                for f in land
                if points_inside(rings_of(f["geometry"]), np.array([[lon, lat]]))[0]
            ]
            assert on == [], f"{name} {lon, lat} lies on {on}"


def test_the_land_check_catches_a_point_on_land(boundaries):
    # The test above can fail: Tbilisi lies on Georgia.
    georgia = rings_of(boundaries["GEO"]["geometry"])
    assert points_inside(georgia, np.array([[44.79, 41.72]]))[0]


@pytest.mark.parametrize(
    ("sea", "words"),
    [
        ({"label_points": [[38.6, 42.6]]}, "sea 1: expected an object with a 'name'"),
        ({"name": "Black Sea"}, "'label_points': expected a list of [longitude, latitude]"),
        ({"name": "Black Sea", "label_points": [[42.6]]}, "[longitude, latitude]"),
        ({"name": "Black Sea", "label_points": [[238.6, 42.6]]}, "[longitude, latitude]"),
    ],
)
def test_a_bad_sea_is_refused_in_one_line(tmp_path: Path, sea, words):
    path = tmp_path / "maps.json"
    path.write_text(json.dumps({"boundary_notes": [], "seas": [sea]}), encoding="utf-8")
    with pytest.raises(DataError) as raised:
        load_map_words(path)
    [problem] = raised.value.problems
    assert str(path) in problem and words in problem and "\n" not in problem


def _sea_labels(fig):
    return [
        t.get_text() for t in map_axes(fig).texts if (t.get_gid() or "").startswith("label-sea")
    ]


def test_a_sea_is_named_only_where_the_frame_shows_its_label_point(boundaries):
    row = load_territories()["south-ossetia"]

    def draw(sea_names):
        return maps.locator_map(
            boundaries,
            "south-ossetia",
            "GEO",
            capital_of(row),
            "Tskhinvali",
            TEXT,
            sea_names=sea_names,
        )

    assert _sea_labels(draw([("Black Sea", [(38.6, 42.6)])])) == ["Black Sea"]
    # Only a point in the Moldova window: not in this frame, so not named.
    assert _sea_labels(draw([("Black Sea", [(30.9, 45.7)])])) == []
    assert _sea_labels(draw([])) == []


def test_the_overview_map_names_the_seas_of_both_panels(boundaries):
    fig = shared_regions_map(TEXT)  # drawn once per process, read only (mapcheck)
    named = {
        ax.get_gid(): sorted(
            t.get_text().replace("\n", " ")
            for t in ax.texts
            if t.get_gid() and t.get_gid().startswith("label-sea-")
        )
        for ax in fig.axes
        if (ax.get_gid() or "").startswith("map-")
    }
    assert named == {"map-caucasus": ["Black Sea", "Caspian Sea"], "map-moldova": ["Black Sea"]}
