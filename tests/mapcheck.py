"""Shared by the map tests: the real boundaries and territories, a tiny made-up boundaries file.

Plain values and functions (each test file declares its own fixtures from them), and the maps that
several test files read, drawn once per process (``shared_locator``, ``shared_regions_map``): a
locator map costs about a second to draw, and six files read the same ones. A shared map is for
reading only; a test that moves or removes anything draws its own (``briefing_locator``), and
``shared_*`` fails the next reader if a test changed the shared figure.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from functools import cache
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure
from matplotlib.path import Path as MplPath

from breakaway.report import blocks, chart_layout, charts, maps
from breakaway.report.maps.geometry import parent_of, rings_of

REPO = Path(__file__).resolve().parents[1]
GEO_DIR = REPO / "data" / "geo"
GEO = GEO_DIR / "breakaway_regions.geojson"
REGIONS = ["south-ossetia", "abkhazia", "transnistria", "nagorno-karabakh"]
COUNTRIES = ["RUS", "TUR", "IRN", "GEO", "ARM", "AZE", "UKR", "ROU", "MDA"]
TEXT = charts.ChartText(
    title="Where it lies",
    subtitle="Highlighted in its parent state",
    source_line="Natural Earth",
    as_of=date(2025, 1, 1),
)


def load_territories() -> dict[str, dict[str, str]]:
    """The rows of ``data/territories.csv`` by territory id."""
    with (REPO / "data" / "territories.csv").open(encoding="utf-8") as handle:
        return {row["territory_id"]: row for row in csv.DictReader(handle)}


def capital_of(row) -> tuple[float, float]:
    """A territory row's capital as (longitude, latitude)."""
    return float(row["capital_lon"]), float(row["capital_lat"])


# -- maps drawn once per process, for reading ------------------------------------------------------


@cache
def real_boundaries():
    """``data/geo/breakaway_regions.geojson``, loaded once (read only)."""
    return maps.load_boundaries(GEO)


@cache
def real_context():
    """``data/geo/context.geojson``, loaded once (read only)."""
    return maps.load_context(GEO_DIR / "context.geojson")


def briefing_locator(territory: str, text: charts.ChartText = TEXT, **leave_out) -> Figure:
    """A new locator map as the briefing draws it (capitals, patron's region, Europe inset).

    ``leave_out`` replaces one of the context inputs (``patron_region=None``). The figure is
    drawn once (PNG at 72 dpi), so that text extents and leaders are final.
    """
    row = load_territories()[territory]
    parent = row["parent_state_iso3"]
    context = real_context()
    inputs = {
        "parent_capital": maps.parent_capital_of(context, parent),
        "overview": context["overview"],
        "patron_region": maps.patron_region_of(context, row["patron_region"]),
    }
    inputs.update(leave_out)
    fig = maps.locator_map(
        real_boundaries(), territory, parent, capital_of(row), row["capital"], text, **inputs
    )
    blocks.figure_png(fig, dpi=72)
    return fig


def new_regions_map(text: charts.ChartText = TEXT) -> Figure:
    """A new overview map (the comparison's), drawn once (PNG at 72 dpi) so extents are final."""
    fig = maps.regions_map(real_boundaries(), text)
    blocks.figure_png(fig, dpi=72)
    return fig


def shared_locator(territory: str, text: charts.ChartText = TEXT) -> Figure:
    """``briefing_locator(territory, text)``, drawn once per process: read it, change nothing."""
    return _shared(("locator", territory, text), lambda: briefing_locator(territory, text))


def shared_regions_map(text: charts.ChartText = TEXT) -> Figure:
    """``new_regions_map(text)``, drawn once per process: read it, change nothing."""
    return _shared(("regions", text), lambda: new_regions_map(text))


@contextmanager
def put_back(fig: Figure) -> Iterator[Figure]:
    """``fig`` to plant faults on: names' places and visibility, lines, insets put back after.

    What a shared map's next reader checks (``_state``) must be as it was; anything else a test
    changes, it must put back itself.
    """
    axes = [*fig.axes, *(child for ax in fig.axes for child in ax.child_axes)]
    texts = [(t, t.get_position(), t.get_visible()) for ax in axes for t in ax.texts]
    lines = [(ax, list(ax.lines), list(ax._children)) for ax in axes]
    frames = [
        (ax, ax.get_axes_locator(), ax.get_anchor(), ax.get_position(True), ax.get_position())
        for ax in axes
    ]
    try:
        yield fig
    finally:
        for text, position, visible in texts:
            text.set_position(position)
            text.set_visible(visible)
        for ax, kept, children in lines:
            for line in list(ax.lines):
                if line not in kept:
                    line.remove()
            for line in kept:
                if line not in ax.lines:
                    ax.add_line(line)
            ax._children[:] = children  # a line put back draws where it did, not last
        for ax, locator, anchor, original, active in frames:
            ax.set_position(original, which="original")
            ax.set_position(active, which="active")  # where the locator put it when last drawn
            ax.set_anchor(anchor)
            ax.set_axes_locator(locator)


_SHARED: dict[tuple, tuple[Figure, tuple, list[bool]]] = {}


def _shared(key: tuple, draw) -> Figure:
    """The figure drawn for ``key``, as it was after its first drawing, for one more reader.

    A reader may draw it again (a check draws at the figure's own dpi); the next reader gets it
    drawn once more at 72 dpi, as a new one is. If a reader changed what is on it (a name moved,
    a line removed, limits set), this fails: that test must draw its own.
    """
    if key not in _SHARED:
        fig = draw()
        drawn_since = [False]
        fig.canvas.mpl_connect("draw_event", lambda _event: drawn_since.__setitem__(0, True))
        _SHARED[key] = (fig, _state(fig), drawn_since)
    fig, state, drawn_since = _SHARED[key]
    if drawn_since[0]:
        blocks.figure_png(fig, dpi=72)
        drawn_since[0] = False
    assert _state(fig) == state, f"a test changed the shared map {key[:2]}: draw your own"
    return fig


def _state(fig: Figure) -> tuple:
    """What a test could change on a map: every axes' frame and limits, texts, lines, patches."""

    def axes_state(ax) -> tuple:
        return (
            ax.get_gid(),
            tuple(ax.get_position().bounds),
            ax.get_xlim(),
            ax.get_ylim(),
            ax.get_axes_locator() is None,
            tuple(
                (t.get_gid(), t.get_text(), tuple(t.get_position()), t.get_visible())
                for t in ax.texts
            ),
            # A leader's data is set when drawn, from the drawn label: its presence is the state.
            tuple((line.get_gid(), line.get_visible()) for line in ax.lines),
            tuple((p.get_gid(), p.get_visible()) for p in ax.patches),
            tuple(axes_state(child) for child in ax.child_axes),
        )

    return (fig.get_size_inches().tolist(), tuple(axes_state(ax) for ax in fig.axes))


def map_axes(fig: Figure, gid: str = "map"):
    """The one axes of ``fig`` with this gid."""
    found = [ax for ax in fig.axes if ax.get_gid() == gid]
    assert len(found) == 1, f"expected one axes with gid {gid!r}"
    return found[0]


def square(x0: float, y0: float, size: float, clockwise: bool = False) -> list[list[float]]:
    """A closed square ring."""
    ring = [[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]]
    return ring[::-1] if clockwise else ring


def feature(feature_id: str, name: str, kind: str, rings: list) -> dict:
    """A GeoJSON polygon feature with the three properties the boundaries file holds."""
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
        feature("PAR", "Parentland", "country", [square(0, 0, 10), square(4, 1, 1)]),
        feature("NXT", "Nextland", "country", [square(10, 0, 10)]),
        feature("FAR", "Farland", "country", [square(30, 0, 10)]),
        feature("ne", "Northeastia", "breakaway", [square(8, 8, 1)]),
        feature("mid", "Middlia", "breakaway", [square(4.5, 4.5, 1)]),
        feature("sw", "Southwestia", "breakaway", [square(1, 1, 1)]),
    ],
}


def load_tiny(folder: Path):
    """``TINY`` written to ``folder`` and loaded as boundaries."""
    path = folder / "tiny.geojson"
    path.write_text(json.dumps(TINY), encoding="utf-8")
    return maps.load_boundaries(path)


# -- what an editor checks on a drawn locator map (display pixels, independent of the labeller) --


def _inside(rings, points):
    """Even-odd containment of display points in display rings (matplotlib's compiled test)."""
    inside = np.zeros(len(points), dtype=bool)
    for ring in rings:
        inside ^= MplPath(ring).contains_points(points)
    return inside


def _samples(box, step: float = 1.5):
    """Points along the edges and across the inside of a display box, ``step`` pixels apart."""
    xs = np.linspace(box.x0, box.x1, max(2, int((box.x1 - box.x0) / step) + 1))
    ys = np.linspace(box.y0, box.y1, max(2, int((box.y1 - box.y0) / step) + 1))
    return np.array([(x, y) for x in xs for y in ys])


def _touches(rings, box) -> bool:
    """Whether the area ``rings`` (display) reaches into ``box`` at all."""
    if _inside(rings, _samples(box)).any():
        return True
    vertices = np.concatenate(rings)
    return bool(
        (
            (vertices[:, 0] > box.x0)
            & (vertices[:, 0] < box.x1)
            & (vertices[:, 1] > box.y0)
            & (vertices[:, 1] < box.y1)
        ).any()
    )


def _wholly_in(rings, box) -> bool:
    """Whether ``box`` lies wholly inside the area ``rings`` (display)."""
    if not _inside(rings, _samples(box)).all():
        return False
    vertices = np.concatenate(rings)
    return not (
        (vertices[:, 0] > box.x0)
        & (vertices[:, 0] < box.x1)
        & (vertices[:, 1] > box.y0)
        & (vertices[:, 1] < box.y1)
    ).any()


def _gap(rings, box) -> float:
    """Pixels between ``box`` and the nearest vertex of ``rings``."""
    vertices = np.concatenate(rings)
    dx = np.maximum(np.maximum(box.x0 - vertices[:, 0], vertices[:, 0] - box.x1), 0)
    dy = np.maximum(np.maximum(box.y0 - vertices[:, 1], vertices[:, 1] - box.y1), 0)
    return float(np.hypot(dx, dy).min())


def editor_problems(fig: Figure, boundaries, territory: str, parent: str, patron: str = ""):
    """What an editor would refuse on a locator map, one line each; empty when it is clean.

    Names: each inside the map, apart from every other name, the scale bar, the inset and the
    capitals' markers; each on its own area (a country's name on that country and on no region,
    a sea's on no land, the patron region's on the patron) or, for a breakaway region's name too
    long for its area, beside it on its parent's land or water (no other country, no other
    region) and either touching it or tied to it by a drawn leader. The inset hides no name, no
    marker, no part of the territory or of its parent, and not the scale bar.
    """
    fig.canvas.draw()
    return _axes_problems(fig, map_axes(fig), boundaries, territory, parent, patron)


def overview_problems(fig: Figure, boundaries) -> list[str]:
    """What an editor would refuse on the overview map, panel by panel, one line each.

    The locator map's checks (``editor_problems``) on each panel, every region a territory of
    its own (its name on its area, or beside it on its own parent's land or water, tied to it);
    each line starts with the panel's name.
    """
    fig.canvas.draw()
    problems = []
    for ax in fig.axes:
        gid = ax.get_gid() or ""
        if gid.startswith("map-"):
            panel = gid.removeprefix("map-").capitalize()
            found = _axes_problems(fig, ax, boundaries, "", "", "")
            problems += [f"{panel}: {problem}" for problem in found]
    return problems


def _axes_problems(fig: Figure, ax, boundaries, territory: str, parent: str, patron: str):
    renderer = chart_layout.renderer_of(fig)
    to_px = ax.transData.transform
    rings = {
        fid: [to_px(ring) for ring in rings_of(feature["geometry"])]
        for fid, feature in boundaries.items()
    }
    regions = [fid for fid, feature in boundaries.items() if feature["kind"] == "breakaway"]
    countries = [fid for fid, feature in boundaries.items() if feature["kind"] == "country"]
    frame = ax.get_window_extent(renderer)
    names = {
        t.get_gid(): t
        for t in ax.texts
        if (t.get_gid() or "").startswith("label-") and t.get_visible() and t.get_text()
    }
    boxes = {gid: text.get_window_extent(renderer) for gid, text in names.items()}
    pad = fig.dpi / 72  # a point
    markers = [
        box
        for line in ax.lines
        if line.get_gid() in ("capital", "parent-capital")
        for box in chart_layout.marker_boxes(line)
    ]
    scale = [line.get_window_extent(renderer) for line in ax.lines if line.get_gid() == "scale-bar"]
    scale += [t.get_window_extent(renderer) for t in ax.texts if t.get_text().endswith(" km")]
    insets = [inset.get_window_extent(renderer) for inset in ax.child_axes]
    leaders = {
        line.get_gid(): line
        for line in ax.lines
        if (line.get_gid() or "").startswith("leader-") and len(line.get_xdata())
    }
    problems = []
    for gid, box in boxes.items():
        word = names[gid].get_text().replace("\n", " ")
        if not (
            frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
        ):
            problems.append(f"{word!r} is clipped by the map's frame")
        for other, other_box in boxes.items():
            if other > gid and box.overlaps(other_box):
                problems.append(f"{word!r} overlaps {names[other].get_text()!r}")
        for what, hidden in [
            ("the scale bar", scale),
            ("the inset", insets),
            ("a marker", markers),
        ]:
            if any(box.overlaps(b) for b in hidden):
                problems.append(f"{word!r} overlaps {what}")
        own = gid.removeprefix("label-")
        if own == "territory":
            own = territory
        if own in regions:
            if _wholly_in(rings[own], box):
                continue
            # Beside its area: on its parent's land or water only, and tied to the area.
            foreign = [
                fid for fid in regions + countries if fid not in (own, parent_of(boundaries, own))
            ]
            on = [boundaries[fid]["name"] for fid in foreign if _touches(rings[fid], box)]
            if on:
                problems.append(f"{word!r} sits on {', '.join(on)}")
            tied = f"leader-{'territory' if own == territory else own}" in leaders
            if not tied and _gap(rings[own], box) > 8 * pad:
                problems.append(f"{word!r} sits apart from its area with no leader")
        elif own in countries:
            if not _wholly_in(rings[own], box):
                problems.append(f"{word!r} is not wholly on {boundaries[own]['name']}")
            on = [boundaries[fid]["name"] for fid in regions if _touches(rings[fid], box)]
            if on:
                problems.append(f"{word!r} sits on {', '.join(on)}")
        elif own == "patron-region" and patron and not _wholly_in(rings[patron], box):
            problems.append(f"{word!r} is not wholly on {boundaries[patron]['name']}")
        elif own.startswith("sea-"):
            if names[gid].get_fontstyle() != "italic":
                problems.append(f"{word!r} is not in italics")
            on = [boundaries[fid]["name"] for fid in countries if _touches(rings[fid], box)]
            if on:
                problems.append(f"{word!r} sits on land ({', '.join(on)})")
    for inset in insets:
        shown = [f for f in (territory, parent) if f] or regions
        hidden = [boundaries[f]["name"] for f in shown if _touches(rings[f], inset)]
        hidden += ["a marker" for b in markers if inset.overlaps(b)]
        hidden += ["the scale bar" for b in scale if inset.overlaps(b)]
        if hidden:
            problems.append(f"the inset hides {', '.join(hidden)}")
    return problems


def water_hidden_share(fig: Figure, boundaries) -> float:
    """The share of the map's water (no country drawn) that its inset covers, on a 120 x 60 grid."""
    ax = map_axes(fig)
    frame = ax.get_window_extent()
    xs, ys = np.linspace(frame.x0, frame.x1, 120), np.linspace(frame.y0, frame.y1, 60)
    points = np.array([(x, y) for x in xs for y in ys])
    land = np.zeros(len(points), dtype=bool)
    for feature in boundaries.values():
        if feature["kind"] == "country":
            rings = [ax.transData.transform(ring) for ring in rings_of(feature["geometry"])]
            land |= _inside(rings, points)
    under = np.zeros(len(points), dtype=bool)
    for inset in ax.child_axes:
        e = inset.get_window_extent()
        x, y = points.T
        under |= (x >= e.x0) & (x <= e.x1) & (y >= e.y0) & (y <= e.y1)
    return float((~land & under).sum() / max((~land).sum(), 1))
