"""The comparison's overview map passes the locator maps' checks (issue 20, item 6).

Every region's name on its area, or beside it on its own parent's land or water and tied to it;
no name on another, on the scale bar or past a panel's frame; the seas a panel shows named in
italics on the water; each parent state named. ``mapcheck.overview_problems`` reads the drawn
figure; each check is shown to catch a planted fault on this map.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from mapcheck import GEO_DIR, REGIONS, TEXT, overview_problems, put_back, shared_regions_map

from breakaway.data.mapwords import seas
from breakaway.report import maps
from breakaway.report.maps.geometry import (
    Extent,
    bounds_of,
    centroid_of,
    clip_windows,
    panel_extent,
    parent_of,
    regions_in,
    rings_of,
)
from breakaway.report.maps.naming import both, facing

# The comparison prints the boundary caveats in its caption; a note drawn under the map must not
# cost a name either (the panels then have less height).
NOTE = (
    "Nagorno-Karabakh is drawn as the area held along the 1994–2020 line of contact, including "
    "the surrounding districts, not the Soviet-era autonomous oblast."
)


@pytest.fixture(scope="module")
def boundaries():
    return maps.load_boundaries(GEO_DIR / "breakaway_regions.geojson")


@pytest.fixture
def overview():
    """The map drawn once per process (mapcheck); what a test moves or removes is put back after."""
    with put_back(shared_regions_map()) as fig:
        yield fig


def _panels(fig):
    return {ax.get_gid(): ax for ax in fig.axes if (ax.get_gid() or "").startswith("map-")}


def _names(ax):
    return {t.get_gid(): t for t in ax.texts if (t.get_gid() or "").startswith("label-")}


@pytest.mark.parametrize("note", ["", NOTE])
def test_the_overview_map_passes_the_editors_checks(boundaries, note):
    fig = shared_regions_map(replace(TEXT, note=note))  # drawn once per process, read only
    assert overview_problems(fig, boundaries) == []
    # The checks had something to check: every region and every parent state is named.
    named = {gid for ax in _panels(fig).values() for gid in _names(ax)}
    parents = {parent_of(boundaries, region) for region in REGIONS}
    assert {f"label-{fid}" for fid in [*REGIONS, *parents]} <= named


def test_each_panel_names_the_seas_it_shows_in_italics(overview):
    for gid, ax in _panels(overview).items():
        west, east = ax.get_xlim()
        south, north = ax.get_ylim()
        shown = {
            name
            for name, points in seas()
            if any(west < lon < east and south < lat < north for lon, lat in points)
        }
        named = {
            t.get_text().replace("\n", " "): t
            for g, t in _names(ax).items()
            if g.startswith("label-sea-")
        }
        assert shown and set(named) == shown, gid
        assert all(t.get_fontstyle() == "italic" for t in named.values())


def test_a_panel_spends_its_width_on_the_states_it_names(overview):
    # Issue 20: on the old map the Caucasus panel spread over its whole clip window (36–51°E,
    # 38–46.5°N), mostly Russia; names of the small regions had no room on their parents.
    caucasus = _panels(overview)["map-caucasus"]
    assert caucasus.get_xlim()[1] - caucasus.get_xlim()[0] < 14.0
    assert caucasus.get_ylim()[1] < 45.0


def test_a_panels_frame_holds_its_parents_and_its_seas_label_points_within_its_window(boundaries):
    points = [point for _name, sea_points in seas() for point in sea_points]
    for name, window in clip_windows().items():
        extent = panel_extent(boundaries, window, points)
        assert window.contains(extent), name
        for region in regions_in(boundaries, window):
            parent = bounds_of(boundaries[parent_of(boundaries, region)]["geometry"])
            assert extent.contains(parent), (name, region)
        inside = [
            (lon, lat)
            for lon, lat in points
            if window.west < lon < window.east and window.south < lat < window.north
        ]
        assert inside, name  # both windows show a sea (the Black Sea, the Caspian)
        for lon, lat in inside:  # with room for the name round it
            assert extent.contains(Extent(lon - 0.5, lon + 0.5, lat - 0.25, lat + 0.25)), name


def test_the_caucasus_panel_shows_no_ukraine_so_needs_no_crimea_note(overview, boundaries):
    # The Caucasus window holds the eastern tip of Crimea as part of UKR (data/geo/PROVENANCE.md);
    # the panel no longer reaches it, so data/geo/maps.json has no overview note about it. Should
    # the panel grow back, this fails and the note must return.
    caucasus = _panels(overview)["map-caucasus"]
    (west, east), (south, north) = caucasus.get_xlim(), caucasus.get_ylim()
    ukraine = np.concatenate(rings_of(boundaries["UKR"]["geometry"]))
    in_window = ukraine[(ukraine[:, 0] > 35.9) & (ukraine[:, 1] > 44.0)]
    assert len(in_window)  # the sliver is there to be left out
    shown = (
        (in_window[:, 0] > west)
        & (in_window[:, 0] < east)
        & (in_window[:, 1] > south)
        & (in_window[:, 1] < north)
    )
    assert not shown.any()


# -- each check catches its planted fault on this map ------------------------------------------------


def _moved(fig, panel, gid, position):
    _names(_panels(fig)[panel])[gid].set_position(position)
    return fig


def test_a_region_name_moved_onto_a_neighbour_is_caught(overview, boundaries):
    _moved(overview, "map-caucasus", "label-south-ossetia", (44.3, 43.3))  # on Russia
    problems = overview_problems(overview, boundaries)
    assert any(
        p.startswith("Caucasus: 'South Ossetia' sits on") and "Russia" in p for p in problems
    ), problems


def test_a_region_name_apart_from_its_area_without_a_leader_is_caught(overview, boundaries):
    # Where the old map set it: on Moldova proper, 30 points west of the strip, no leader.
    ax = _panels(overview)["map-moldova"]
    for line in list(ax.lines):
        if line.get_gid() == "leader-transnistria":
            line.remove()
    _moved(overview, "map-moldova", "label-transnistria", (27.9, 46.9))
    problems = overview_problems(overview, boundaries)
    assert "Moldova: 'Transnistria' sits apart from its area with no leader" in problems


def test_a_country_name_on_a_region_and_names_on_each_other_are_caught(overview, boundaries):
    _moved(
        overview,
        "map-caucasus",
        "label-GEO",
        centroid_of(boundaries["abkhazia"]["geometry"]),
    )
    names = _names(_panels(overview)["map-caucasus"])
    names["label-ARM"].set_position(names["label-AZE"].get_position())
    problems = overview_problems(overview, boundaries)
    assert any(p.startswith("Caucasus: 'Georgia'") and "Abkhazia" in p for p in problems), problems
    assert any(
        "'Armenia' overlaps 'Azerbaijan'" in p or "'Azerbaijan' overlaps 'Armenia'" in p
        for p in problems
    ), problems


def test_a_sea_name_on_land_and_a_name_past_the_frame_are_caught(overview, boundaries):
    _moved(overview, "map-caucasus", "label-sea-caspian-sea", (47.0, 43.0))  # Dagestan
    ax = _panels(overview)["map-moldova"]
    west, _east = ax.get_xlim()
    name = _names(ax)["label-ROU"]
    name.set_position((west, name.get_position()[1]))
    problems = overview_problems(overview, boundaries)
    assert any(p.startswith("Caucasus: 'Caspian Sea' sits on land (") for p in problems), problems
    assert "Moldova: 'Romania' is clipped by the map's frame" in problems


def test_a_name_on_the_scale_bar_is_caught(overview, boundaries):
    ax = _panels(overview)["map-caucasus"]
    [bar] = [line for line in ax.lines if line.get_gid() == "scale-bar"]
    x, y = bar.get_xydata().mean(axis=0)
    _moved(overview, "map-caucasus", "label-sea-caspian-sea", (x, y))
    problems = overview_problems(overview, boundaries)
    assert "Caucasus: 'Caspian Sea' overlaps the scale bar" in problems, problems


# -- the placement rules the overview adds, on made-up boxes -------------------------------------------


def test_a_name_beside_an_area_faces_it_and_both_tests_must_allow_it():
    area = [np.array([[10.0, 10.0], [20.0, 10.0], [20.0, 20.0], [10.0, 20.0], [10.0, 10.0]])]
    boxes = np.array(
        [
            [12.0, 0.0, 18.0, 8.0],  # straight below
            [22.0, 12.0, 40.0, 18.0],  # to the right
            [22.0, 0.0, 40.0, 8.0],  # off the lower-right corner
        ]
    )
    assert facing(area)(boxes).tolist() == [True, True, False]
    low = lambda b: b[:, 1] < 5  # noqa: E731 - a made-up second test
    assert both(facing(area), low)(boxes).tolist() == [True, False, False]
