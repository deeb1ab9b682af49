"""Locator maps an editor keeps: every name on its own area or tied to it, seas named, the inset clear.

The checks (``mapcheck.editor_problems``) read the drawn figure in display pixels, apart from the
labeller's own code; each is shown to catch a planted fault.
"""

from __future__ import annotations

import numpy as np
import pytest
from mapcheck import (
    GEO_DIR,
    REGIONS,
    TEXT,
    editor_problems,
    load_territories,
    map_axes,
    put_back,
    shared_locator,
    water_hidden_share,
)

from breakaway.report import maps
from breakaway.report.maps.furniture import inset_box
from breakaway.report.maps.geometry import Extent, centroid_of
from breakaway.report.maps.labels import Frame

SEAS = {
    "south-ossetia": {"Black Sea"},
    "abkhazia": {"Black Sea"},
    "transnistria": {"Black Sea"},
    "nagorno-karabakh": {"Caspian Sea"},
}


@pytest.fixture(scope="module")
def boundaries():
    return maps.load_boundaries(GEO_DIR / "breakaway_regions.geojson")


@pytest.fixture(scope="module")
def context():
    return maps.load_context(GEO_DIR / "context.geojson")


@pytest.fixture(scope="module")
def territories():
    return load_territories()


def _problems(fig, boundaries, context, territories, territory):
    row = territories[territory]
    region = maps.patron_region_of(context, row["patron_region"])
    patron = region[1] if region else ""
    return editor_problems(fig, boundaries, territory, row["parent_state_iso3"], patron)


class _Shared:
    """Each territory's locator map as the briefing draws it, drawn once per process (mapcheck)."""

    def __getitem__(self, territory):
        return shared_locator(territory)


@pytest.fixture
def drawn():
    return _Shared()


def _names(fig):
    return {t.get_gid(): t for t in map_axes(fig).texts if (t.get_gid() or "").startswith("label-")}


@pytest.mark.parametrize("territory", REGIONS)
def test_every_locator_map_passes_the_editors_checks(
    drawn, boundaries, context, territories, territory
):
    fig = drawn[territory]
    assert _problems(fig, boundaries, context, territories, territory) == []
    names = _names(fig)
    # The checks had something to check: the territory, its parent and its capital are named.
    assert {"label-territory", f"label-{territories[territory]['parent_state_iso3']}"} <= set(names)
    assert "label-capital" in names and "label-parent-capital" in names


@pytest.mark.parametrize("territory", REGIONS)
def test_the_seas_in_the_frame_are_named_in_italics_on_the_water(drawn, territory):
    seas = {
        t.get_text().replace("\n", " "): t
        for gid, t in _names(drawn[territory]).items()
        if gid.startswith("label-sea-")
    }
    assert SEAS[territory] <= set(seas)
    assert all(t.get_fontstyle() == "italic" for t in seas.values())


@pytest.mark.parametrize("territory", REGIONS)
def test_the_inset_hides_little_of_the_water(drawn, boundaries, territory):
    # The sea shows the coast a territory lies on and holds its name (issue 20: the inset covered
    # the Black Sea; on Transnistria's map it hid 71% of the water, Odesa's coast included).
    assert water_hidden_share(drawn[territory], boundaries) < 0.2


@pytest.mark.parametrize("territory", ["south-ossetia", "abkhazia"])
def test_the_inset_leaves_the_black_sea_open(drawn, territory):
    ax = map_axes(drawn[territory])
    [inset] = ax.child_axes
    point = ax.transData.transform((38.6, 42.6))  # the Black Sea's label point (maps.json)
    assert not inset.get_window_extent().contains(*point)


# -- each check catches its planted fault ----------------------------------------------------------


@pytest.fixture
def south_ossetia():
    """The shared map (mapcheck): each test here plants a fault on it, put back after the test."""
    with put_back(shared_locator("south-ossetia")) as fig:
        yield fig


def _check(fig, boundaries, context, territories):
    return _problems(fig, boundaries, context, territories, "south-ossetia")


def test_a_name_moved_onto_a_neighbour_is_caught(south_ossetia, boundaries, context, territories):
    name = _names(south_ossetia)["label-territory"]
    name.set_position((46.8, 43.6))  # on Russia, north of Azerbaijan
    problems = _check(south_ossetia, boundaries, context, territories)
    assert any("'South Ossetia' sits on" in p and "Russia" in p for p in problems), problems


def test_a_country_name_moved_onto_the_territory_is_caught(
    south_ossetia, boundaries, context, territories
):
    _names(south_ossetia)["label-GEO"].set_position(
        centroid_of(boundaries["south-ossetia"]["geometry"])
    )
    problems = _check(south_ossetia, boundaries, context, territories)
    assert any("'Georgia'" in p and "South Ossetia" in p for p in problems), problems


def test_a_name_set_apart_without_a_leader_is_caught(
    south_ossetia, boundaries, context, territories
):
    ax = map_axes(south_ossetia)
    _names(south_ossetia)["label-territory"].set_position((42.3, 41.6))  # Georgia, far south-west
    for line in ax.lines:
        if line.get_gid() == "leader-territory":
            line.remove()
    problems = _check(south_ossetia, boundaries, context, territories)
    assert "'South Ossetia' sits apart from its area with no leader" in problems


def test_a_sea_name_on_land_and_overlapping_names_are_caught(
    south_ossetia, boundaries, context, territories
):
    names = _names(south_ossetia)
    names["label-sea-black-sea"].set_position((42.5, 41.3))  # Georgia's south
    names["label-capital"].set_position(names["label-parent-capital"].get_position())
    problems = _check(south_ossetia, boundaries, context, territories)
    assert any(p.startswith("'Black Sea' sits on land (") for p in problems), problems
    assert "'Tskhinvali' overlaps 'Tbilisi'" in problems


def test_an_inset_put_on_the_territory_is_caught(south_ossetia, boundaries, context, territories):
    ax = map_axes(south_ossetia)
    [inset] = ax.child_axes
    x, y = ax.transData.transform(centroid_of(boundaries["south-ossetia"]["geometry"]))
    fx, fy = south_ossetia.transFigure.inverted().transform((x, y))
    inset.set_axes_locator(None)
    inset.set_anchor("C")
    inset.set_position((fx - 0.08, fy - 0.08, 0.16, 0.16))
    problems = _check(south_ossetia, boundaries, context, territories)
    assert any(p.startswith("the inset hides South Ossetia, Georgia") for p in problems), problems
    assert any("overlaps the inset" in p for p in problems), problems


def test_a_name_pushed_past_the_frame_is_caught(south_ossetia, boundaries, context, territories):
    ax = map_axes(south_ossetia)
    west, _east = ax.get_xlim()
    name = _names(south_ossetia)["label-sea-black-sea"]
    name.set_position((west, name.get_position()[1]))
    problems = _check(south_ossetia, boundaries, context, territories)
    assert "'Black Sea' is clipped by the map's frame" in problems


def test_the_checker_reads_real_pixels_not_the_labellers_boxes(drawn):
    # The names are drawn text: their extents are what the renderer measured.
    names = _names(drawn["south-ossetia"])
    widths = [t.get_window_extent().width for t in names.values()]
    assert min(widths) > 0 and np.isfinite(widths).all()


@pytest.mark.parametrize("territory", REGIONS)
def test_the_checks_hold_with_a_note_under_the_map(boundaries, context, territories, territory):
    # The briefing prints caveats under most maps: the map shrinks, the names must still fit.
    noted = TEXT.__class__(**{**TEXT.__dict__, "note": "Control differed on this date."})
    fig = shared_locator(territory, noted)
    assert _problems(fig, boundaries, context, territories, territory) == []


# -- the inset's corner, on a made-up frame ----------------------------------------------------------


def _square_pt(x0, y0, size):
    return [
        np.array([[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]])
    ]


def test_the_inset_takes_the_one_corner_clear_of_the_parent():
    frame = Frame(Extent(0.0, 10.0, 0.0, 10.0), 100.0, 100.0)
    # The parent fills the frame but for its upper-right quarter; the territory sits low left.
    parent = [np.array([[0, 0], [100, 0], [100, 50], [50, 50], [50, 100], [0, 100], [0, 0]])]
    territory = _square_pt(10, 10, 10)
    box = inset_box(frame, 40.0, 1.0, [territory], [(1.0, parent)], [], parent, [parent])
    assert box == (60.0, 60.0, 100.0, 100.0)
    # A capital in that corner: no corner is clean, so the inset hides least (not the territory).
    box = inset_box(
        frame, 40.0, 1.0, [territory], [(1.0, parent)], [(80.0, 80.0)], parent, [parent]
    )
    assert box != (0.0, 0.0, 40.0, 40.0)


def test_the_inset_shrinks_rather_than_hide_the_parent():
    frame = Frame(Extent(0.0, 10.0, 0.0, 10.0), 100.0, 100.0)
    # The parent leaves a 32-point square free in the upper-right corner: a 40-point inset would
    # cover some of it, one drawn at 70% (28 points) does not.
    parent = [np.array([[0, 0], [100, 0], [100, 68], [68, 68], [68, 100], [0, 100], [0, 0]])]
    box = inset_box(frame, 40.0, 1.0, [], [(1.0, parent)], [], parent, [parent])
    assert box == pytest.approx((72.0, 72.0, 100.0, 100.0))
