"""Locator maps beyond their frame: the patron's region, the parent's capital, the Europe inset."""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest
from mapcheck import briefing_locator, shared_locator
from matplotlib.figure import Figure
from reportcheck import invoke

from breakaway.errors import DataError
from breakaway.report import blocks, chart_layout, charts, maps
from breakaway.report.maps.context import EUROPE
from breakaway.report.maps.geometry import points_inside, rings_of
from breakaway.report.maps.labels import Leader

REPO = Path(__file__).resolve().parents[2]
GEO = REPO / "data" / "geo"
REGIONS = ["south-ossetia", "abkhazia", "transnistria", "nagorno-karabakh"]
TEXT = charts.ChartText(
    title="Where it lies",
    subtitle="Highlighted in its parent state",
    source_line="Natural Earth",
    as_of=date(2025, 1, 1),
)


@pytest.fixture(scope="module")
def boundaries():
    return maps.load_boundaries(GEO / "breakaway_regions.geojson")


@pytest.fixture(scope="module")
def context():
    return maps.load_context(GEO / "context.geojson")


@pytest.fixture(scope="module")
def territories():
    with (REPO / "data" / "territories.csv").open(encoding="utf-8") as handle:
        return {row["territory_id"]: row for row in csv.DictReader(handle)}


def _draw(boundaries, context, territories, territory, **leave_out):
    """The briefing's locator map; ``leave_out`` drops one of the context inputs.

    Drawn once (PNG at 72 dpi), so that text extents are final; the full map is drawn once per
    process and shared with the other map tests (``mapcheck.shared_locator``: read only).
    """
    if leave_out:
        return briefing_locator(territory, TEXT, **leave_out)
    return shared_locator(territory, TEXT)


def _map_axes(fig):
    [ax] = [ax for ax in fig.axes if ax.get_gid() == "map"]
    return ax


def _labels(ax):
    return {t.get_gid(): t for t in ax.texts if (t.get_gid() or "").startswith("label-")}


def _area(xlim, ylim):
    return (xlim[1] - xlim[0]) * (ylim[1] - ylim[0])


def _what_locates(fig) -> dict[str, bool]:
    """Each item of issue 11's map bullet, read off the drawn figure."""
    ax = _map_axes(fig)
    labels = _labels(ax)
    insets = [inset for inset in ax.child_axes if inset.get_gid() == "overview"]
    inset_ratio = (
        _area(insets[0].get_xlim(), insets[0].get_ylim()) / _area(ax.get_xlim(), ax.get_ylim())
        if insets
        else 0.0
    )
    return {
        "patron region": "label-patron-region" in labels,
        "parent capital": "label-parent-capital" in labels
        and [line.get_gid() for line in ax.lines].count("parent-capital") == 1,
        "europe inset": bool(inset_ratio > 20),
    }


def test_south_ossetia_names_north_ossetia_marks_tbilisi_and_locates_itself_in_europe(
    boundaries, context, territories
):
    fig = _draw(boundaries, context, territories, "south-ossetia")
    ax = _map_axes(fig)
    labels = _labels(ax)
    assert labels["label-patron-region"].get_text() == "North Ossetia (Russia)"
    assert labels["label-patron-region"].get_fontstyle() == "italic"
    assert labels["label-parent-capital"].get_text() == "Tbilisi"
    [tbilisi] = [line for line in ax.lines if line.get_gid() == "parent-capital"]
    assert tbilisi.get_xydata()[0] == pytest.approx([44.7888, 41.727])
    assert labels["label-abkhazia"].get_text() == "Abkhazia"
    # The name sits on Russia's land, north of the territory.
    x, y = labels["label-patron-region"].get_position()
    assert points_inside(rings_of(boundaries["RUS"]["geometry"]), np.array([[x, y]]))[0]
    assert y > 42.5
    [inset] = ax.child_axes
    assert inset.get_gid() == "overview"
    assert (inset.get_xlim(), inset.get_ylim()) == (
        (EUROPE.west, EUROPE.east),
        (EUROPE.south, EUROPE.north),
    )
    assert _area(inset.get_xlim(), inset.get_ylim()) > 20 * _area(ax.get_xlim(), ax.get_ylim())
    [frame] = [p for p in inset.patches if p.get_gid() == "overview-extent"]
    assert frame.get_x() == pytest.approx(ax.get_xlim()[0])
    assert frame.get_width() == pytest.approx(ax.get_xlim()[1] - ax.get_xlim()[0])
    gids = {p.get_gid() for p in inset.patches}
    assert {"overview-GEO-Georgia", "overview-PRT-Portugal", "overview-south-ossetia"} <= gids
    assert chart_layout.layout_problems(fig) == []
    assert _what_locates(fig) == dict.fromkeys(_what_locates(fig), True)


@pytest.mark.parametrize(
    ("removed", "item"),
    [
        ({"patron_region": None}, "patron region"),
        ({"parent_capital": None}, "parent capital"),
        ({"overview": None}, "europe inset"),
    ],
)
def test_the_checks_fail_when_an_item_is_removed(boundaries, context, territories, removed, item):
    checks = _what_locates(_draw(boundaries, context, territories, "south-ossetia", **removed))
    assert checks[item] is False
    assert all(value for key, value in checks.items() if key != item)


@pytest.mark.parametrize(
    ("territory", "capital", "region"),
    [
        ("south-ossetia", "Tbilisi", "North Ossetia (Russia)"),
        ("abkhazia", "Tbilisi", "Krasnodar Krai (Russia)"),
        ("transnistria", "Chișinău", None),
        ("nagorno-karabakh", "Baku", None),
    ],
)
def test_every_locator_marks_its_parent_capital_and_stays_clean(
    boundaries, context, territories, territory, capital, region
):
    fig = _draw(boundaries, context, territories, territory)
    ax = _map_axes(fig)
    labels = _labels(ax)
    assert labels["label-parent-capital"].get_text() == capital
    if region:
        assert labels["label-patron-region"].get_text() == region
    else:
        assert "label-patron-region" not in labels
    assert _what_locates(fig)["europe inset"]
    assert chart_layout.layout_problems(fig) == []
    frame = ax.get_window_extent()
    boxes = [label.get_window_extent() for label in labels.values()]
    for box in boxes:
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 <= frame.y1
    for first, second in combinations(boxes, 2):
        assert not first.overlaps(second)
    [inset] = ax.child_axes
    markers = [line.get_window_extent() for line in ax.lines if line.get_gid() != "scale-bar"]
    for box in boxes + markers:
        assert not inset.get_window_extent().overlaps(box)


def test_context_places_lie_in_their_countries(boundaries, context):
    for kind in ("capital", "region"):
        for feature_id, feature in context[kind].items():
            country = boundaries[feature["country"]]["geometry"]
            point = np.array([feature["geometry"]["coordinates"][:2]])
            assert points_inside(rings_of(country), point)[0], feature_id
    assert set(context["region"]) == {"North Ossetia–Alania", "Krasnodar Krai"}
    assert len(context["overview"]) > 40


def test_alt_text_and_caption_say_what_the_map_adds(boundaries, context):
    region = maps.patron_region_of(context, "North Ossetia–Alania")
    alt = maps.map_alt_text(
        boundaries,
        "south-ossetia",
        "GEO",
        "Tskhinvali",
        parent_capital="Tbilisi",
        patron_region=maps.words.patron_region_name(boundaries, region),
        europe_inset=True,
    )
    assert "capital Tskhinvali and Georgia's capital Tbilisi marked" in alt
    assert "North Ossetia (Russia) named across the border" in alt
    assert alt.endswith("An inset locates the map in Europe.")
    note = maps.words.patron_region_note(boundaries, region)
    assert "GeoNames" in note and "CC BY 4.0" in note
    assert maps.words.patron_region_note(boundaries, None) == ""


def _context_file(tmp_path, features) -> Path:
    path = tmp_path / "context.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def _point(feature_id, kind, coordinates, country="GEO"):
    properties = {"id": feature_id, "name": feature_id, "kind": kind, "country": country}
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": {"type": "Point", "coordinates": coordinates},
    }


@pytest.mark.parametrize(
    ("features", "words"),
    [
        ([_point("Tbilisi", "town", [44.8, 41.7])], "kind is 'town'"),
        ([_point("Tbilisi", "capital", [41.7])], "expected [longitude, latitude]"),
        ([_point("Tbilisi", "capital", [244.8, 41.7])], "expected [longitude, latitude]"),
        ([_point("Tbilisi", "capital", [44.8, 41.7], country=None)], "country property"),
        ([_point("x", "capital", [1, 2]), _point("x", "capital", [1, 2])], "appears twice"),
        ([_point("x", "overview", [1, 2])], "Polygon"),
    ],
)
def test_a_bad_context_file_is_refused_with_a_reason(tmp_path, features, words):
    with pytest.raises(DataError) as error:
        maps.load_context(_context_file(tmp_path, features))
    [problem] = error.value.problems
    assert "context.geojson: feature" in problem and words in problem


def test_validate_rejects_a_broken_context_file_with_exit_2(data_dir):
    path = data_dir / "geo" / "context.geojson"
    path.write_bytes(path.read_bytes()[:3000])
    result = invoke("validate", "--data", str(data_dir))
    assert result.returncode == 2
    assert re.search(r"context\.geojson: cannot be read", result.stderr)
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("territory", ["south-ossetia", "abkhazia"])
def test_the_patron_region_is_named_with_a_note_under_the_map_too(
    boundaries, context, territories, territory
):
    # The alt text and caption say the name is on the map; a note shrinks the map, not the claim.
    assert territories[territory]["parent_state_iso3"] == "GEO"
    noted = charts.ChartText(**{**TEXT.__dict__, "note": "Control differed on this date."})
    fig = shared_locator(territory, noted)  # drawn with Tbilisi, the inset and the patron region
    assert "label-patron-region" in _labels(_map_axes(fig))
    assert chart_layout.layout_problems(fig) == []


def test_the_inset_outlines_only_the_parent_so_no_de_facto_border_shows(
    boundaries, context, territories
):
    fig = _draw(boundaries, context, territories, "south-ossetia")
    [inset] = [a for a in _map_axes(fig).child_axes if a.get_gid() == "overview"]
    countries = [p for p in inset.patches if (p.get_gid() or "").startswith("overview-")]
    outlined = {
        p.get_gid().split("-")[1]
        for p in countries
        if p.get_gid() != "overview-extent"
        and not p.get_gid().startswith("overview-south")
        and tuple(p.get_edgecolor()) != tuple(p.get_facecolor())
    }
    assert len(countries) > 20 and outlined == {"GEO"}


@pytest.mark.parametrize("territory", REGIONS)
def test_a_name_outside_its_area_touches_it_or_is_joined_to_it_by_a_leader(
    boundaries, context, territories, territory
):
    fig = _draw(boundaries, context, territories, territory)
    fig.canvas.draw()  # at the figure's own dpi, so text boxes and the leader agree
    ax = _map_axes(fig)
    name = _labels(ax)["label-territory"]
    leaders = [  # a leader too short to show draws nothing (no data)
        line for line in ax.lines if line.get_gid() == "leader-territory" and len(line.get_xdata())
    ]
    rings = [ax.transData.transform(ring) for ring in rings_of(boundaries[territory]["geometry"])]
    box = name.get_window_extent()  # display pixels at the figure's dpi
    vertices = np.concatenate(rings)
    on_box = np.column_stack(
        [np.clip(vertices[:, 0], box.x0, box.x1), np.clip(vertices[:, 1], box.y0, box.y1)]
    )
    gap_pt = np.hypot(*(vertices - on_box).T).min() * 72 / fig.dpi
    if not leaders:
        # The labeller's box is the line height (1.2 x the size), the drawn glyphs a little less.
        assert gap_pt < 8, f"{territory}: its name sits {gap_pt:.0f} pt away with no leader"
        return
    xs, ys = ax.transData.transform(np.column_stack(leaders[0].get_data())).T
    assert box.padded(5 * fig.dpi / 72).contains(xs[0], ys[0]), "the leader starts at the name"
    assert np.hypot(*(vertices - [xs[1], ys[1]]).T).min() * 72 / fig.dpi < 3, "and ends on it"


def test_transnistria_set_west_of_its_strip_gets_a_leader(boundaries, context, territories):
    fig = _draw(boundaries, context, territories, "transnistria")
    assert [line.get_gid() for line in _map_axes(fig).lines].count("leader-territory") == 1


def test_a_leader_starts_at_the_label_as_drawn_even_after_the_map_is_resized():
    fig = Figure(figsize=(4, 4), dpi=72)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    label = ax.text(2, 5, "Name", ha="center", va="center", fontsize=10)
    leader = Leader(label, (8.0, 5.0), (3.0, 5.0))
    ax.add_line(leader)
    ax.set_position((0, 0, 0.5, 0.5))  # the map shrinks after the labels were placed
    blocks.figure_png(fig, dpi=72)
    box = label.get_window_extent()
    xs, ys = ax.transData.transform(np.column_stack(leader.get_data())).T
    assert box.x1 < xs[0] < box.x1 + 5, "starts just right of the drawn label"
    assert xs[1] == pytest.approx(ax.transData.transform((8.0, 5.0))[0] - 1.5, abs=0.5)
