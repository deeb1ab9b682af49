"""Locator maps: where each breakaway region lies, from ``data/geo/breakaway_regions.geojson``.

Maps keep the chart contract of :mod:`breakaway.charts`: each is a function ``(boundaries,
options) -> Figure`` that ends with ``charts.finish`` and writes no file. ``load_boundaries`` is the
one reader. The words that go with a map come from the same geometry: alt text (``map_alt_text``,
``regions_alt_text``) and the caption's caveat about the boundaries (``boundary_note``).

Maps are plain longitude/latitude axes with an aspect of 1/cos(mean latitude), drawn with matplotlib
alone. This module must not depend on geopandas or shapely, must not use pyplot, must not alter the
boundaries (overlays are drawn as stored, see ``data/geo/PROVENANCE.md``) and must not hard-code a
position for any country or label: every placement is computed from the geometry, deterministically,
so that SVG exports stay byte-stable.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import matplotlib
import numpy as np
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.path import Path as MplPath
from matplotlib.textpath import TextPath

from breakaway.errors import DataError, ParameterError
from breakaway.report import charts
from breakaway.text import join_words

Boundaries = dict[str, dict]
# A label's box in points from the lower-left corner of the map axes: x0, y0, x1, y1.
Box = tuple[float, float, float, float]

KINDS = ("country", "breakaway")
# One degree of latitude on a sphere of the mean Earth radius, 6,371.0 km.
KM_PER_DEGREE = 2 * math.pi * 6371.0 / 360

TERRITORY_COLOUR = charts.PALETTE["vermillion"]
PARENT_COLOUR = charts.PALETTE["light"]
NEIGHBOUR_COLOUR = "#ECECEC"  # PALETTE["light"] halfway to white
EDGE_COLOUR = "#A6A6A6"
PARENT_EDGE_COLOUR = "#6F6F6F"
HALO = [patheffects.withStroke(linewidth=2.4, foreground="white")]

# Countries closer than this to the parent's outline count as its neighbours. The countries were
# simplified one by one, so shared borders leave gaps of up to about 1 km (PROVENANCE.md).
NEIGHBOUR_GAP_DEGREES = 0.05
# Territories' capitals lie inside them; a capital further than this from the territory's bounding
# box is taken to be a (lat, lon) pair passed as (lon, lat).
CAPITAL_SLACK_DEGREES = 0.2


@dataclass(frozen=True)
class Extent:
    """A longitude/latitude rectangle in degrees."""

    west: float
    east: float
    south: float
    north: float

    @property
    def mid_latitude(self) -> float:
        """The latitude halfway between south and north."""
        return (self.south + self.north) / 2

    @property
    def ground_aspect(self) -> float:
        """Width over height as drawn: degrees of longitude shrink with cos(latitude)."""
        return (
            (self.east - self.west)
            * math.cos(math.radians(self.mid_latitude))
            / (self.north - self.south)
        )

    def contains(self, other: Extent) -> bool:
        """Whether ``other`` lies wholly inside this rectangle."""
        return (
            self.west <= other.west
            and other.east <= self.east
            and self.south <= other.south
            and other.north <= self.north
        )


# The clip windows of breakaway_regions.geojson (see its PROVENANCE.md): beyond them the file has no
# land, so a map must not look past them.
WINDOWS = {
    "Caucasus": Extent(36.0, 51.0, 38.0, 46.5),
    "Moldova": Extent(26.0, 31.5, 45.0, 49.0),
}
WINDOW_PHRASES = {"Caucasus": "the Caucasus", "Moldova": "Moldova and its surroundings"}

# -- reading ------------------------------------------------------------------------------------


def load_boundaries(path: Path) -> Boundaries:
    """The features of a boundaries GeoJSON file by their ``id`` property.

    Args:
        path: A GeoJSON FeatureCollection of Polygon/MultiPolygon features with the properties
            ``id``, ``name`` and ``kind`` (``country`` or ``breakaway``), longitude/latitude.

    Returns:
        ``{id: {"name": ..., "kind": ..., "geometry": {"type": ..., "coordinates": ...}}}`` in
        file order.

    Raises:
        DataError: The file is missing, is not JSON, or is not such a FeatureCollection. The one
            problem line names the file and what was expected.
    """
    path = Path(path)
    expected = (
        "a GeoJSON FeatureCollection of Polygon/MultiPolygon features with properties "
        "id, name and kind"
    )
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(
            [f"{path}: file not found; expected {expected} (see data/geo/PROVENANCE.md)"]
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise DataError([f"{path}: cannot be read ({error}); expected {expected}"]) from None
    except json.JSONDecodeError as error:
        raise DataError(
            [f"{path}: not valid JSON ({error.msg}, line {error.lineno}); expected {expected}"]
        ) from None
    if (
        not isinstance(document, dict)
        or document.get("type") != "FeatureCollection"
        or not isinstance(document.get("features"), list)
    ):
        raise DataError([f"{path}: expected {expected}, found no FeatureCollection"])
    boundaries: Boundaries = {}
    for number, feature in enumerate(document["features"], start=1):
        where = f"{path}: feature {number}"
        properties = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(properties, dict):
            raise DataError([f"{where} has no properties; expected {expected}"])
        feature_id, name, kind = (properties.get(key) for key in ("id", "name", "kind"))
        if not all(isinstance(value, str) and value for value in (feature_id, name, kind)):
            raise DataError([f"{where}: expected the text properties id, name and kind"])
        where = f"{path}: feature {number} ({feature_id})"
        if kind not in KINDS:
            raise DataError([f"{where}: kind is {kind!r}; expected one of {', '.join(KINDS)}"])
        if feature_id in boundaries:
            raise DataError([f"{where}: id appears twice; expected unique ids"])
        geometry = feature.get("geometry")
        problem = _geometry_problem(geometry)
        if problem:
            raise DataError([f"{where}: {problem}"])
        boundaries[feature_id] = {"name": name, "kind": kind, "geometry": geometry}
    if not boundaries:
        raise DataError([f"{path}: the FeatureCollection is empty; expected {expected}"])
    return boundaries


def _geometry_problem(geometry: object) -> str:
    """What is wrong with a GeoJSON Polygon/MultiPolygon geometry, or ``""``."""
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        return "expected a Polygon or MultiPolygon geometry"
    coordinates = geometry.get("coordinates")
    polygons = [coordinates] if geometry["type"] == "Polygon" else coordinates
    if not isinstance(polygons, list) or not polygons:
        return "expected polygon coordinates"
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            return "expected each polygon to be a list of rings"
        for ring in polygon:
            if not isinstance(ring, list) or len(ring) < 4:
                return "expected each ring to have at least 4 positions"
            for position in ring:
                if not (
                    isinstance(position, list)
                    and len(position) >= 2
                    and all(
                        isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
                        for v in position[:2]
                    )
                ):
                    return f"expected [longitude, latitude] positions, found {position!r}"
            if ring[0][:2] != ring[-1][:2]:
                return "expected every ring to close (first position = last position)"
    return ""


# -- geometry -----------------------------------------------------------------------------------


def _polygons(geometry: dict) -> list[list[np.ndarray]]:
    """The geometry as polygons, each a list of rings (exterior first) as (n, 2) arrays."""
    coordinates = geometry["coordinates"]
    polygons = [coordinates] if geometry["type"] == "Polygon" else coordinates
    return [[np.asarray(ring, dtype=float)[:, :2] for ring in polygon] for polygon in polygons]


def _rings(geometry: dict) -> list[np.ndarray]:
    return [ring for polygon in _polygons(geometry) for ring in polygon]


def _signed_area(ring: np.ndarray) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return float(np.dot(x[:-1], y[1:]) - np.dot(x[1:], y[:-1])) / 2


def _bounds(geometry: dict) -> Extent:
    points = np.concatenate(_rings(geometry))
    return Extent(
        float(points[:, 0].min()),
        float(points[:, 0].max()),
        float(points[:, 1].min()),
        float(points[:, 1].max()),
    )


def _centroid(geometry: dict) -> tuple[float, float]:
    """The area centroid in longitude/latitude (holes subtract)."""
    total = cx = cy = 0.0
    for polygon in _polygons(geometry):
        for index, ring in enumerate(polygon):
            area = _signed_area(ring)
            # Orientation is not trusted: exteriors add, holes subtract.
            sign = 1.0 if index == 0 else -1.0
            x0, y0, x1, y1 = ring[:-1, 0], ring[:-1, 1], ring[1:, 0], ring[1:, 1]
            cross = x0 * y1 - x1 * y0
            factor = sign * math.copysign(1.0, area) if area else 0.0
            total += factor * abs(area)
            cx += factor * float(np.dot(x0 + x1, cross)) / 6
            cy += factor * float(np.dot(y0 + y1, cross)) / 6
    return cx / total, cy / total


def _contains(rings: list[np.ndarray], points: np.ndarray) -> np.ndarray:
    """Even-odd point-in-polygon test of (n, 2) points against all rings of a geometry."""
    inside = np.zeros(len(points), dtype=bool)
    if not len(points):
        return inside
    px, py = points[:, :1], points[:, 1:2]
    for ring in rings:
        xi, yi, xj, yj = ring[:-1, 0], ring[:-1, 1], ring[1:, 0], ring[1:, 1]
        crosses = (yi > py) != (yj > py)
        with np.errstate(divide="ignore", invalid="ignore"):
            x_cross = (xj - xi) * (py - yi) / (yj - yi) + xi
        inside ^= (np.count_nonzero(crosses & (px < x_cross), axis=1) % 2).astype(bool)
    return inside


def _distance_to_edges(rings: list[np.ndarray], points: np.ndarray) -> np.ndarray:
    """Distance from each point to the nearest ring edge, in the points' units."""
    starts = np.concatenate([ring[:-1] for ring in rings])
    ends = np.concatenate([ring[1:] for ring in rings])
    edge = ends - starts
    length2 = np.maximum((edge**2).sum(axis=1), 1e-12)
    nearest = np.full(len(points), np.inf)
    for chunk in range(0, len(points), 2048):
        p = points[chunk : chunk + 2048, None, :]
        t = np.clip(((p - starts) * edge).sum(axis=2) / length2, 0.0, 1.0)
        gap = p - (starts + t[..., None] * edge)
        nearest[chunk : chunk + 2048] = np.sqrt((gap**2).sum(axis=2)).min(axis=1)
    return nearest


def _path(geometry: dict) -> MplPath:
    """One compound path: exteriors counter-clockwise, holes clockwise, so holes stay empty."""
    vertices, codes = [], []
    for polygon in _polygons(geometry):
        for index, ring in enumerate(polygon):
            counter_clockwise = _signed_area(ring) > 0
            if counter_clockwise != (index == 0):
                ring = ring[::-1]
            vertices.append(ring)
            codes += [MplPath.MOVETO] + [MplPath.LINETO] * (len(ring) - 2) + [MplPath.CLOSEPOLY]
    return MplPath(np.concatenate(vertices), codes)


def _feature(boundaries: Boundaries, feature_id: str, kind: str) -> dict:
    feature = boundaries.get(feature_id)
    if feature is None or feature["kind"] != kind:
        known = sorted(k for k, f in boundaries.items() if f["kind"] == kind)
        raise ParameterError(
            f"no {kind} {feature_id!r} in the boundaries; known: {', '.join(known)}"
        )
    return feature


def _window_for(boundaries: Boundaries, extent: Extent) -> tuple[str, Extent]:
    """The named clip window holding ``extent``; for other files, the bounds of all features."""
    for name, window in WINDOWS.items():
        if window.contains(extent):
            return name, window
    points = np.concatenate([np.concatenate(_rings(f["geometry"])) for f in boundaries.values()])
    return "", Extent(
        float(points[:, 0].min()),
        float(points[:, 0].max()),
        float(points[:, 1].min()),
        float(points[:, 1].max()),
    )


def _overview_window(boundaries: Boundaries, parent_iso3: str) -> tuple[str, Extent] | None:
    """The named window a locator map's overview inset shows, or None for no inset.

    An inset would only repeat the map when the parent and its margin already fill most of the
    window, as Moldova does.
    """
    parent_box = _bounds(boundaries[parent_iso3]["geometry"])
    name, window = _window_for(boundaries, parent_box)
    if _share_of(_locator_core(parent_box), window) >= OVERVIEW_UP_TO_SHARE:
        return None
    return name, window


def _parent_of(boundaries: Boundaries, region_id: str) -> str:
    """The country holding most of a region's outline (its parent state, drawn de jure)."""
    vertices = np.concatenate(_rings(boundaries[region_id]["geometry"]))
    counts = {
        cid: int(_contains(_rings(f["geometry"]), vertices).sum())
        for cid, f in boundaries.items()
        if f["kind"] == "country"
    }
    best = max(counts, key=lambda cid: counts[cid]) if counts else ""
    if not best or counts[best] == 0:
        raise ParameterError(f"no country in the boundaries contains {region_id!r}")
    return best


def neighbours(boundaries: Boundaries, country_id: str) -> list[str]:
    """Ids of the countries bordering ``country_id``, ordered by name.

    Args:
        boundaries: Features from ``load_boundaries``.
        country_id: A country feature id (ISO 3166-1 alpha-3).

    Returns:
        Countries whose outline comes within ``NEIGHBOUR_GAP_DEGREES`` of the country's outline.
    """
    rings = _rings(_feature(boundaries, country_id, "country")["geometry"])
    own = _bounds(boundaries[country_id]["geometry"])
    found = []
    for other_id, other in boundaries.items():
        if other_id == country_id or other["kind"] != "country":
            continue
        box = _bounds(other["geometry"])
        gap = NEIGHBOUR_GAP_DEGREES
        if (
            box.west > own.east + gap
            or box.east < own.west - gap
            or box.south > own.north + gap
            or box.north < own.south - gap
        ):
            continue
        vertices = np.concatenate(_rings(other["geometry"]))
        if _distance_to_edges(rings, vertices).min() <= gap:
            found.append(other_id)
    return sorted(found, key=lambda cid: boundaries[cid]["name"])


# -- words --------------------------------------------------------------------------------------


def territory_position(boundaries: Boundaries, territory_id: str, parent_iso3: str) -> str:
    """Where a territory lies in its parent state: ``north``, ``south-west``, ``centre``...

    The territory's area centroid is placed in the parent's bounding box, cut into thirds each way.

    Args:
        boundaries: Features from ``load_boundaries``.
        territory_id: A breakaway feature id.
        parent_iso3: The parent country's feature id.

    Returns:
        One of ``centre``, ``north``, ``south``, ``east``, ``west`` or two of them joined
        (``north-east``).
    """
    x, y = _centroid(_feature(boundaries, territory_id, "breakaway")["geometry"])
    box = _bounds(_feature(boundaries, parent_iso3, "country")["geometry"])
    across = (x - box.west) / (box.east - box.west)
    up = (y - box.south) / (box.north - box.south)
    vertical = "north" if up > 2 / 3 else "south" if up < 1 / 3 else ""
    horizontal = "east" if across > 2 / 3 else "west" if across < 1 / 3 else ""
    return "-".join(word for word in (vertical, horizontal) if word) or "centre"


def _in_the(position: str) -> str:
    return f"in the {position} of the country"


def map_alt_text(
    boundaries: Boundaries, territory_id: str, parent_iso3: str, capital_name: str | None = None
) -> str:
    """Alt text for ``locator_map``, built from the boundaries.

    Args:
        boundaries: Features from ``load_boundaries``.
        territory_id: The highlighted breakaway feature id.
        parent_iso3: The parent country's feature id.
        capital_name: The capital marked on the map, or None when none is marked.

    Returns:
        For example "Map of Georgia and its neighbours Armenia, Azerbaijan, Russia and Turkey,
        with South Ossetia highlighted in the centre of the country; capital Tskhinvali marked."
    """
    territory = _feature(boundaries, territory_id, "breakaway")["name"]
    parent = _feature(boundaries, parent_iso3, "country")["name"]
    names = [boundaries[cid]["name"] for cid in neighbours(boundaries, parent_iso3)]
    around = f" and its neighbours {join_words(names)}," if names else ""
    position = territory_position(boundaries, territory_id, parent_iso3)
    text = f"Map of {parent}{around} with {territory} highlighted {_in_the(position)}"
    if capital_name:
        text += f"; capital {capital_name} marked"
    text += "."
    overview = _overview_window(boundaries, parent_iso3)
    if overview:
        where = WINDOW_PHRASES.get(overview[0], "the surrounding region")
        text += f" An inset locates the map within {where}."
    return text


def regions_alt_text(boundaries: Boundaries) -> str:
    """Alt text for ``regions_map``, built from the boundaries.

    Args:
        boundaries: Features from ``load_boundaries``.

    Returns:
        One sentence per panel naming each highlighted region, its parent state and its position.
    """
    sentences = []
    for title, window in WINDOWS.items():
        regions = _regions_in(boundaries, window)
        if not regions:
            continue
        by_parent: dict[str, list[str]] = {}
        for region_id in regions:
            by_parent.setdefault(_parent_of(boundaries, region_id), []).append(region_id)
        parts = []
        for parent_id, region_ids in by_parent.items():
            named = [
                f"{boundaries[r]['name']} ({territory_position(boundaries, r, parent_id)})"
                for r in region_ids
            ]
            parts.append(f"{join_words(named)} in {boundaries[parent_id]['name']}")
        sentences.append(f"{title}: {'; '.join(parts)}.")
    count = len(sentences)
    head = (
        f"{'Two maps' if count == 2 else 'Map'} of the breakaway regions, highlighted, with "
        f"country names; position within the parent state in brackets."
    )
    return " ".join([head, *sentences])


# Natural Earth's Nagorno-Karabakh is the 1994-2020 line of contact; the front moved in the war of
# 27 September-10 November 2020 and the ceasefire of 10 November 2020 ended that line for good.
WAR_2020_STARTED_ON = date(2020, 9, 27)
CEASEFIRE_2020_ON = date(2020, 11, 10)
CEASEFIRE_1994_ON = date(1994, 5, 12)


def boundary_note(territory_id: str | None, as_of: date) -> str:
    """The caveat to print under a map, from the limitations in ``data/geo/PROVENANCE.md``.

    Args:
        territory_id: The territory of a locator map, or None for the map of all regions.
        as_of: The date the briefing describes.

    Returns:
        A few short sentences: the source and its scales, then what the outlines do not show.
        Meant for the figure caption; it is longer than the one line ``ChartText.note`` holds.
    """
    notes = [
        "Boundaries: Natural Earth, simplified; regions (1:10m) and countries (1:50m) come "
        "from different scales."
    ]
    shows = {territory_id} if territory_id else {"nagorno-karabakh", "crimea"}
    if "south-ossetia" in shows:
        notes.append(
            "Natural Earth's South Ossetia (about 4,470 km²) is larger than the "
            "3,900 km² usually given."
        )
    if "transnistria" in shows:
        notes.append(
            "Natural Earth's Transnistria (about 3,050 km²) is narrower than the area "
            "its authorities claim (about 4,160 km²)."
        )
    if "nagorno-karabakh" in shows:
        notes.append(
            "Nagorno-Karabakh is drawn as the area held along the 1994–2020 line of "
            "contact, including the surrounding districts, not the Soviet-era "
            "autonomous oblast."
        )
        if as_of < CEASEFIRE_1994_ON:
            notes.append(
                "That line dates from the ceasefire of May 1994; control differed before it."
            )
        elif as_of > CEASEFIRE_2020_ON:
            notes.append(
                "Since the ceasefire of 10 November 2020 it no longer matches control "
                "on the ground."
            )
        elif as_of >= WAR_2020_STARTED_ON:
            notes.append("The war that began on 27 September 2020 was moving that line.")
    if "crimea" in shows:
        notes.append(
            "The eastern tip of Crimea, top left of the Caucasus map, is drawn as part of Ukraine."
        )
    return " ".join(notes)


# -- drawing helpers ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Frame:
    """A map axes: its extent and its drawn size in points, for placing labels."""

    extent: Extent
    width_pt: float
    height_pt: float

    def to_pt(self, lonlat: np.ndarray) -> np.ndarray:
        e = self.extent
        return np.column_stack(
            [
                (lonlat[:, 0] - e.west) / (e.east - e.west) * self.width_pt,
                (lonlat[:, 1] - e.south) / (e.north - e.south) * self.height_pt,
            ]
        )

    def to_lonlat(self, x: float, y: float) -> tuple[float, float]:
        e = self.extent
        return (
            e.west + x / self.width_pt * (e.east - e.west),
            e.south + y / self.height_pt * (e.north - e.south),
        )

    def rings_pt(self, geometry: dict) -> list[np.ndarray]:
        return [self.to_pt(ring) for ring in _rings(geometry)]

    def coverage(self, box: Box, rings: list[np.ndarray]) -> float:
        """Share of ``box`` inside ``rings`` (sampled on a 12 x 12 grid)."""
        xs = np.linspace(box[0], box[2], 12)
        ys = np.linspace(box[1], box[3], 12)
        grid = np.array([(x, y) for y in ys for x in xs])
        return float(_contains(rings, grid).mean())


def _text_size(text: str, size: float, weight: str = "normal") -> tuple[float, float]:
    """Width and height in points of one line of text in the house font."""
    prop = FontProperties(family=charts.STYLE["font.family"], size=size, weight=weight)
    width = TextPath((0, 0), text, prop=prop).get_extents().x1
    return float(width), size * 1.2


def _box_samples(boxes: np.ndarray) -> np.ndarray:
    """Nine points (corners, edge midpoints, centre) of each (k, 4) box, as (k, 9, 2)."""
    xs = np.stack([boxes[:, 0], (boxes[:, 0] + boxes[:, 2]) / 2, boxes[:, 2]], axis=1)
    ys = np.stack([boxes[:, 1], (boxes[:, 1] + boxes[:, 3]) / 2, boxes[:, 3]], axis=1)
    return np.stack(
        [np.stack([xs[:, i], ys[:, j]], axis=1) for j in range(3) for i in range(3)], axis=1
    )


@dataclass
class _Label:
    text: str
    size: float
    weight: str = "normal"
    colour: str = "#222222"
    halo: bool = False
    style: str = "normal"


class _Labeller:
    """Places labels on one map so that they stay inside it and do not overlap.

    Labels are placed one at a time, in order of importance; each takes the first free spot from
    its candidates, and a label with no free spot is left out rather than drawn over another.
    """

    PAD = 2.0  # points kept clear around a label
    EDGE = 3.0  # points kept clear of the map's frame

    def __init__(self, ax: Axes, frame: _Frame):
        self.ax = ax
        self.frame = frame
        self.taken: list[Box] = []
        self.keep_out: dict[str, list[np.ndarray]] = {}

    def block(self, box: Box) -> None:
        """Keep labels off ``box`` (an inset, a scale bar, a marker)."""
        self.taken.append(box)

    def avoid(self, key: str, rings: list[np.ndarray]) -> None:
        """Keep labels other than ``key``'s own off the shape ``rings`` (in points)."""
        self.keep_out[key] = rings

    def _boxes(self, centres: np.ndarray, label: _Label) -> np.ndarray:
        width, height = _text_size(label.text, label.size, label.weight)
        half = np.array([width / 2, height / 2])
        return np.hstack([centres - half, centres + half])

    def _free(self, boxes: np.ndarray, own: str) -> np.ndarray:
        pad = self.PAD
        grown = boxes + np.array([-pad, -pad, pad, pad])
        free = (
            (grown[:, 0] >= self.EDGE)
            & (grown[:, 1] >= self.EDGE)
            & (grown[:, 2] <= self.frame.width_pt - self.EDGE)
            & (grown[:, 3] <= self.frame.height_pt - self.EDGE)
        )
        for x0, y0, x1, y1 in self.taken:
            free &= ~(
                (grown[:, 0] < x1) & (grown[:, 2] > x0) & (grown[:, 1] < y1) & (grown[:, 3] > y0)
            )
        samples = _box_samples(grown)
        for key, rings in self.keep_out.items():
            if key == own:
                continue
            hit = _contains(rings, samples.reshape(-1, 2)).reshape(len(boxes), 9).any(axis=1)
            vertices = np.concatenate(rings)
            vx, vy = vertices[None, :, 0], vertices[None, :, 1]
            covered = (
                (vx > grown[:, :1])
                & (vx < grown[:, 2:3])
                & (vy > grown[:, 1:2])
                & (vy < grown[:, 3:4])
            ).any(axis=1)
            free &= ~(hit | covered)
        return free

    def _draw(self, label: _Label, box: np.ndarray, gid: str) -> None:
        self.taken.append(tuple(float(v) for v in box))
        lon, lat = self.frame.to_lonlat((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
        self.ax.text(
            lon,
            lat,
            label.text,
            ha="center",
            va="center",
            fontsize=label.size,
            fontweight=label.weight,
            color=label.colour,
            fontstyle=label.style,
            path_effects=HALO if label.halo else None,
            zorder=5,
            gid=gid,
        )

    def place_inside(
        self, label: _Label, rings: list[np.ndarray], own: str, gid: str, whole: bool = False
    ) -> bool:
        """Label a shape at its roomiest free spot inside the map.

        Args:
            label: The text and its style.
            rings: The shape, in points.
            own: The shape's key in ``keep_out`` (its own outline does not repel the label).
            gid: The SVG id of the text.
            whole: Only accept a spot where the whole label lies inside the shape.

        Returns:
            Whether the label was placed.
        """
        step = 4.0
        xs = np.arange(step / 2, self.frame.width_pt, step)
        ys = np.arange(step / 2, self.frame.height_pt, step)
        grid = np.array([(x, y) for y in ys for x in xs])
        grid = grid[_contains(rings, grid)]
        if not len(grid):
            return False
        # The roomiest spot is the one furthest from the shape's edge and the map's frame.
        room = np.minimum.reduce(
            [
                _distance_to_edges(rings, grid),
                grid[:, 0],
                grid[:, 1],
                self.frame.width_pt - grid[:, 0],
                self.frame.height_pt - grid[:, 1],
            ]
        )
        order = np.argsort(-room, kind="stable")
        grid = grid[order]
        boxes = self._boxes(grid, label)
        free = self._free(boxes, own)
        inside = _contains(rings, _box_samples(boxes).reshape(-1, 2)).reshape(len(boxes), 9)
        tiers = [inside.all(axis=1)]
        if not whole:
            tiers.append(inside.sum(axis=1) >= 6)
        for tier in tiers:
            choice = np.flatnonzero(free & tier)
            if len(choice):
                self._draw(label, boxes[choice[0]], gid)
                return True
        return False

    def place_beside(self, label: _Label, box: Box, own: str, gid: str, gap: float = 3.0) -> bool:
        """Label something at the first free spot around ``box``: right, left, above, below.

        Args:
            label: The text and its style.
            box: What is being labelled, in points.
            own: The key in ``keep_out`` that does not repel this label.
            gid: The SVG id of the text.
            gap: Points between ``box`` and the label.

        Returns:
            Whether the label was placed.
        """
        width, height = _text_size(label.text, label.size, label.weight)
        x0, y0, x1, y1 = box
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        right, left = x1 + gap + width / 2, x0 - gap - width / 2
        above, below = y1 + gap + height / 2, y0 - gap - height / 2
        centres = np.array(
            [
                (right, cy),
                (left, cy),
                (cx, above),
                (cx, below),
                (right, above),
                (left, above),
                (right, below),
                (left, below),
            ]
        )
        boxes = self._boxes(centres, label)
        choice = np.flatnonzero(self._free(boxes, own))
        if len(choice):
            self._draw(label, boxes[choice[0]], gid)
            return True
        return False


def _ticks(low: float, high: float, most: int = 6) -> list[float]:
    for step in (0.5, 1.0, 2.0, 5.0, 10.0, 20.0):
        first = math.ceil(low / step) * step
        ticks = [first + i * step for i in range(int((high - first) // step) + 1)]
        if len(ticks) <= most:
            return [t for t in ticks if low < t < high]
    return []


def _degrees(value: float, positive: str, negative: str) -> str:
    return f"{abs(value):g}°{positive if value >= 0 else negative}"


def _style_map_axes(ax: Axes, extent: Extent, graticule: bool, gid: str) -> None:
    ax.set_gid(gid)
    ax.set_xlim(extent.west, extent.east)
    ax.set_ylim(extent.south, extent.north)
    ax.set_aspect(1 / math.cos(math.radians(extent.mid_latitude)), adjustable="box")
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color("#9A9A9A")
        spine.set_linewidth(0.6)
    if graticule:
        ax.set_xticks(_ticks(extent.west, extent.east))
        ax.set_yticks(_ticks(extent.south, extent.north))
        ax.xaxis.set_major_formatter(lambda v, _: _degrees(v, "E", "W"))
        ax.yaxis.set_major_formatter(lambda v, _: _degrees(v, "N", "S"))
        ax.tick_params(labelsize=7, length=2, width=0.5, colors="#666666", pad=2)
        # Between the country fills (zorder 1) and the highlighted region (1.6).
        ax.grid(True, color="#8C8C8C", linewidth=0.3, alpha=0.6)
        ax.set_axisbelow("line")
    else:
        ax.set_xticks([])
        ax.set_yticks([])
    ax.set_facecolor("white")


def _add_shape(
    ax: Axes,
    geometry: dict,
    gid: str,
    label: str,
    facecolor: str,
    edgecolor: str,
    linewidth: float,
    zorder: float,
) -> PathPatch:
    patch = PathPatch(
        _path(geometry),
        facecolor=facecolor,
        edgecolor=edgecolor,
        linewidth=linewidth,
        zorder=zorder,
        label=label,
        gid=gid,
        joinstyle="round",
    )
    ax.add_patch(patch)
    return patch


def _draw_countries(
    ax: Axes, boundaries: Boundaries, highlight_parents: set[str], linewidth: float = 0.5
) -> None:
    for feature_id, feature in boundaries.items():
        if feature["kind"] != "country":
            continue
        is_parent = feature_id in highlight_parents
        _add_shape(
            ax,
            feature["geometry"],
            f"country-{feature_id}",
            feature_id,
            PARENT_COLOUR if is_parent else NEIGHBOUR_COLOUR,
            PARENT_EDGE_COLOUR if is_parent else EDGE_COLOUR,
            linewidth * (1.3 if is_parent else 1.0),
            1.2 if is_parent else 1.0,
        )


def _nice_length_km(target: float) -> float:
    for length in (5, 10, 20, 25, 50, 100, 150, 200, 250, 500, 1000):
        if length >= target:
            return float(length)
    return 1000.0


def _corner_boxes(frame: _Frame, width: float, height: float, margin: float) -> dict[str, Box]:
    w, h = frame.width_pt, frame.height_pt
    return {
        "lower left": (margin, margin, margin + width, margin + height),
        "lower right": (w - margin - width, margin, w - margin, margin + height),
        "upper left": (margin, h - margin - height, margin + width, h - margin),
        "upper right": (w - margin - width, h - margin - height, w - margin, h - margin),
    }


def _best_corner(
    frame: _Frame,
    corners: dict[str, Box],
    must_avoid: list[list[np.ndarray]],
    prefer_off: list[tuple[float, list[np.ndarray]]],
    points: list[tuple[float, float]],
) -> str:
    """The corner covering none of ``must_avoid``/``points`` and least of the weighted shapes."""
    scored = []
    for rank, (name, box) in enumerate(corners.items()):
        x0, y0, x1, y1 = box
        blocked = any(x0 <= x <= x1 and y0 <= y <= y1 for x, y in points)
        for rings in must_avoid:
            vertices = np.concatenate(rings)
            blocked |= bool(
                (
                    (vertices[:, 0] > x0)
                    & (vertices[:, 0] < x1)
                    & (vertices[:, 1] > y0)
                    & (vertices[:, 1] < y1)
                ).any()
            )
            blocked |= frame.coverage(box, rings) > 0
        cost = sum(weight * frame.coverage(box, rings) for weight, rings in prefer_off)
        scored.append((blocked, round(cost, 6), rank, name))
    return min(scored)[3]


def _draw_scale_bar(ax: Axes, frame: _Frame, box: Box, length_km: float) -> None:
    """A bar of ``length_km`` at the bottom of ``box``, true at the map's mean latitude."""
    e = frame.extent
    km_per_degree_lon = KM_PER_DEGREE * math.cos(math.radians(e.mid_latitude))
    x0, y0 = frame.to_lonlat(box[0] + 4, box[1] + 5)
    x1 = x0 + length_km / km_per_degree_lon
    tick = (e.north - e.south) * 3 / frame.height_pt
    style = {
        "color": "#222222",
        "linewidth": 1.0,
        "zorder": 6,
        "solid_capstyle": "butt",
        "path_effects": [patheffects.withStroke(linewidth=2.6, foreground="white")],
        "gid": "scale-bar",
    }
    ax.plot([x0, x0, x1, x1], [y0 + tick, y0, y0, y0 + tick], **style)
    ax.text(
        (x0 + x1) / 2,
        y0 + tick * 1.6,
        f"{length_km:g} km",
        ha="center",
        va="bottom",
        fontsize=7,
        color="#222222",
        path_effects=HALO,
        zorder=6,
    )


def _scale_bar_size(frame: _Frame) -> tuple[float, float, float]:
    """Length in km and the box (width, height in points) a scale bar needs."""
    e = frame.extent
    km_wide = (e.east - e.west) * KM_PER_DEGREE * math.cos(math.radians(e.mid_latitude))
    length_km = _nice_length_km(km_wide * 0.15)
    width = length_km / km_wide * frame.width_pt
    return length_km, width + 8, 22.0


def _frame_of(ax: Axes, extent: Extent) -> _Frame:
    ax.apply_aspect()
    position = ax.get_position()
    fig_w, fig_h = ax.figure.get_size_inches()
    return _Frame(extent, position.width * fig_w * 72, position.height * fig_h * 72)


# -- extents ------------------------------------------------------------------------------------


def _fit_extent(core: Extent, box_aspect: float, window: Extent) -> Extent:
    """``core`` grown to the shape of the axes box, then moved (or cut) to stay in ``window``."""
    cos_lat = math.cos(math.radians(core.mid_latitude))
    width, height = core.east - core.west, core.north - core.south
    if width * cos_lat / height < box_aspect:
        width = box_aspect * height / cos_lat
    else:
        height = width * cos_lat / box_aspect
    cx, cy = (core.west + core.east) / 2, (core.south + core.north) / 2

    def span(centre: float, size: float, low: float, high: float) -> tuple[float, float]:
        if size >= high - low:
            return low, high
        start = min(max(centre - size / 2, low), high - size)
        return start, start + size

    west, east = span(cx, width, window.west, window.east)
    south, north = span(cy, height, window.south, window.north)
    return Extent(west, east, south, north)


def _locator_core(parent: Extent) -> Extent:
    """The parent's bounding box with a margin of a tenth of its longer side."""
    cos_lat = math.cos(math.radians(parent.mid_latitude))
    margin = 0.1 * max((parent.east - parent.west) * cos_lat, parent.north - parent.south)
    return Extent(
        parent.west - margin / cos_lat,
        parent.east + margin / cos_lat,
        parent.south - margin,
        parent.north + margin,
    )


def _regions_in(boundaries: Boundaries, window: Extent) -> list[str]:
    return [
        fid
        for fid, f in boundaries.items()
        if f["kind"] == "breakaway" and window.contains(_bounds(f["geometry"]))
    ]


# -- maps ---------------------------------------------------------------------------------------

LOCATOR_HEIGHT_IN = 4.6
REGIONS_HEIGHT_IN = 4.0
# Figure fractions above the map (title, subtitle) and below it (tick labels, note, source line).
MAP_TOP = 0.84
MAP_BOTTOM, MAP_BOTTOM_WITH_NOTE = 0.1, 0.14
# A locator map whose parent (with margin) covers this share of its window gets no overview.
OVERVIEW_UP_TO_SHARE = 0.6


def locator_map(
    boundaries: Boundaries,
    territory_id: str,
    parent_iso3: str,
    capital: tuple[float, float] | None,
    capital_name: str,
    text: charts.ChartText,
) -> Figure:
    """A territory highlighted inside its parent state, with neighbours, capital and an inset.

    The map shows the parent's bounding box with a margin, grown to fill the figure but never
    past the boundaries file's clip window. Country names sit at each country's roomiest visible
    spot; a scale bar (true at the map's mean latitude), a light graticule and an overview inset of
    the whole window complete it.

    Args:
        boundaries: Features from ``load_boundaries``.
        territory_id: The breakaway feature to highlight.
        parent_iso3: Its parent state's feature id.
        capital: The capital as (longitude, latitude), GeoJSON order; None to mark no capital.
        capital_name: The capital's label.
        text: Title, subtitle, source line, as-of date and note.

    Returns:
        The finished figure.

    Raises:
        ParameterError: An unknown territory or parent, or a capital outside the territory
            (often a (latitude, longitude) pair).
    """
    territory = _feature(boundaries, territory_id, "breakaway")
    parent = _feature(boundaries, parent_iso3, "country")
    territory_box = _bounds(territory["geometry"])
    if capital is not None:
        lon, lat = capital
        slack = CAPITAL_SLACK_DEGREES
        if not (
            territory_box.west - slack <= lon <= territory_box.east + slack
            and territory_box.south - slack <= lat <= territory_box.north + slack
        ):
            raise ParameterError(
                f"capital {capital_name} at {capital} lies outside "
                f"{territory['name']}; pass it as (longitude, latitude)"
            )
    parent_box = _bounds(parent["geometry"])
    _name, window = _window_for(boundaries, parent_box)
    overview = _overview_window(boundaries, parent_iso3)

    fig = charts.new_figure(height=LOCATOR_HEIGHT_IN)
    with matplotlib.rc_context(charts.STYLE):
        ax = fig.add_subplot()
        charts.finish(
            fig, text, top=MAP_TOP, bottom=MAP_BOTTOM_WITH_NOTE if text.note else MAP_BOTTOM
        )
        fig_w, fig_h = fig.get_size_inches()
        params = fig.subplotpars
        box_w = (params.right - params.left) * fig_w
        box_h = (params.top - params.bottom) * fig_h
        extent = _fit_extent(_locator_core(parent_box), box_w / box_h, window)
        _style_map_axes(ax, extent, graticule=True, gid="map")
        frame = _frame_of(ax, extent)

        _draw_countries(ax, boundaries, {parent_iso3})
        _add_shape(
            ax,
            territory["geometry"],
            f"territory-{territory_id}",
            territory_id,
            TERRITORY_COLOUR,
            "white",
            0.5,
            1.6,
        )

        labeller = _Labeller(ax, frame)
        territory_rings = frame.rings_pt(territory["geometry"])
        parent_rings = frame.rings_pt(parent["geometry"])
        labeller.avoid(territory_id, territory_rings)
        capital_pt = None
        if capital is not None:
            capital_pt = frame.to_pt(np.array([capital], dtype=float))[0]

        # The overview inset locates the map in its clip window, in the corner that hides least of
        # the parent and none of the territory.
        if overview:
            inset_aspect = window.ground_aspect
            inset_w = min(0.27 * frame.width_pt, 0.42 * frame.height_pt * inset_aspect)
            inset_h = inset_w / inset_aspect
            corners = _corner_boxes(frame, inset_w, inset_h, margin=0.0)
            avoid_points = [tuple(capital_pt)] if capital_pt is not None else []
            corner = _best_corner(
                frame, corners, [territory_rings], [(1.0, parent_rings)], avoid_points
            )
            x0, y0, x1, y1 = corners[corner]
            labeller.block(corners[corner])
            _draw_overview(
                ax,
                [
                    x0 / frame.width_pt,
                    y0 / frame.height_pt,
                    (x1 - x0) / frame.width_pt,
                    (y1 - y0) / frame.height_pt,
                ],
                boundaries,
                window,
                extent,
                territory_id,
                parent_iso3,
            )

        # Scale bar in the free corner that hides least of the parent, preferring open sea.
        length_km, bar_w, bar_h = _scale_bar_size(frame)
        corners = {
            name: box
            for name, box in _corner_boxes(frame, bar_w, bar_h, 6.0).items()
            if not _overlaps(box, labeller.taken)
        }
        land = [
            frame.rings_pt(f["geometry"]) for f in boundaries.values() if f["kind"] == "country"
        ]
        corner = _best_corner(
            frame,
            corners,
            [territory_rings],
            [(1.0, parent_rings)] + [(0.25, rings) for rings in land],
            [],
        )
        _draw_scale_bar(ax, frame, corners[corner], length_km)
        labeller.block(corners[corner])

        if capital_pt is not None:
            ax.plot(
                [capital[0]],
                [capital[1]],
                marker="o",
                markersize=4.5,
                markerfacecolor="#111111",
                markeredgecolor="white",
                markeredgewidth=1.0,
                linestyle="none",
                zorder=6,
                gid="capital",
            )
            radius = 3.0
            dot = (
                capital_pt[0] - radius,
                capital_pt[1] - radius,
                capital_pt[0] + radius,
                capital_pt[1] + radius,
            )
            labeller.place_beside(
                _Label(capital_name, 7.5, halo=True), dot, territory_id, "label-capital", gap=0.5
            )
            labeller.block(dot)

        name_label = _Label(territory["name"], 8.5, "bold", "#111111")
        if not labeller.place_inside(
            name_label, territory_rings, territory_id, "label-territory", whole=True
        ):
            name_label.halo = True
            x0, y0 = np.concatenate(territory_rings).min(axis=0)
            x1, y1 = np.concatenate(territory_rings).max(axis=0)
            labeller.place_beside(name_label, (x0, y0, x1, y1), territory_id, "label-territory")

        _label_countries(labeller, boundaries, frame, first=parent_iso3)
    return fig


def _share_of(extent: Extent, window: Extent) -> float:
    """The share of ``window``'s area that ``extent`` covers."""
    width = min(extent.east, window.east) - max(extent.west, window.west)
    height = min(extent.north, window.north) - max(extent.south, window.south)
    return (
        max(width, 0)
        * max(height, 0)
        / ((window.east - window.west) * (window.north - window.south))
    )


def _overlaps(box: Box, boxes: list[Box]) -> bool:
    return any(box[0] < b[2] and box[2] > b[0] and box[1] < b[3] and box[3] > b[1] for b in boxes)


def _draw_overview(
    ax: Axes,
    bounds: list[float],
    boundaries: Boundaries,
    window: Extent,
    shown: Extent,
    territory_id: str,
    parent_iso3: str,
) -> None:
    inset = ax.inset_axes(bounds)
    _style_map_axes(inset, window, graticule=False, gid="overview")
    inset.set_anchor("SW")
    _draw_countries(inset, boundaries, {parent_iso3}, linewidth=0.25)
    _add_shape(
        inset,
        boundaries[territory_id]["geometry"],
        f"overview-{territory_id}",
        territory_id,
        TERRITORY_COLOUR,
        TERRITORY_COLOUR,
        0.25,
        1.6,
    )
    inset.add_patch(
        Rectangle(
            (shown.west, shown.south),
            shown.east - shown.west,
            shown.north - shown.south,
            fill=False,
            edgecolor="#111111",
            linewidth=0.9,
            zorder=3,
            gid="overview-extent",
        )
    )
    for spine in inset.spines.values():
        spine.set_color("#6F6F6F")
    inset.set_facecolor("white")
    inset.set_zorder(7)


def _label_countries(
    labeller: _Labeller, boundaries: Boundaries, frame: _Frame, first: str | None = None
) -> None:
    """Name every country that shows enough of itself, the parent first, then the largest."""
    visible = []
    for feature_id, feature in boundaries.items():
        if feature["kind"] != "country":
            continue
        rings = frame.rings_pt(feature["geometry"])
        share = frame.coverage((0, 0, frame.width_pt, frame.height_pt), rings)
        if share > 0:
            visible.append((feature_id != first, -round(share, 6), feature_id, rings))
    for is_neighbour, _share, feature_id, rings in sorted(visible, key=lambda v: v[:3]):
        name = boundaries[feature_id]["name"]
        size, colour = (7.5, "#6A6A6A") if is_neighbour else (9.5, "#333333")
        # Whole label inside the country, then a size smaller, then mostly inside.
        for label, whole in [
            (_Label(name, size, colour=colour), True),
            (_Label(name, size - 1, colour=colour), True),
            (_Label(name, size - 1, colour=colour), False),
        ]:
            if labeller.place_inside(label, rings, feature_id, f"label-{feature_id}", whole):
                break


def regions_map(boundaries: Boundaries, text: charts.ChartText) -> Figure:
    """The four breakaway regions in two panels: the Caucasus and Moldova.

    Each panel shows one clip window of the boundaries file at its own scale (each has a scale
    bar); regions are highlighted and named, countries named in grey, parent states a shade
    darker than the rest.

    Args:
        boundaries: Features from ``load_boundaries``.
        text: Title, subtitle, source line, as-of date and note.

    Returns:
        The finished figure.
    """
    windows = list(WINDOWS.items())
    fig = charts.new_figure(height=REGIONS_HEIGHT_IN)
    with matplotlib.rc_context(charts.STYLE):
        grid = fig.add_gridspec(
            1, len(windows), width_ratios=[w.ground_aspect for _, w in windows], wspace=0.12
        )
        axes = [fig.add_subplot(grid[0, index]) for index in range(len(windows))]
        charts.finish(
            fig, text, top=MAP_TOP - 0.02, bottom=MAP_BOTTOM_WITH_NOTE if text.note else MAP_BOTTOM
        )
        for ax, (title, window) in zip(axes, windows, strict=True):
            _style_map_axes(ax, window, graticule=True, gid=f"map-{title.lower()}")
            ax.set_title(title, loc="left", fontsize=8.5, color="#333333", pad=4)
            frame = _frame_of(ax, window)
            regions = _regions_in(boundaries, window)
            parents = {_parent_of(boundaries, region_id) for region_id in regions}
            _draw_countries(ax, boundaries, parents)
            labeller = _Labeller(ax, frame)
            for region_id in regions:
                geometry = boundaries[region_id]["geometry"]
                _add_shape(
                    ax,
                    geometry,
                    f"region-{region_id}",
                    region_id,
                    TERRITORY_COLOUR,
                    "white",
                    0.4,
                    1.6,
                )
                labeller.avoid(region_id, frame.rings_pt(geometry))

            land = [
                frame.rings_pt(f["geometry"]) for f in boundaries.values() if f["kind"] == "country"
            ]
            length_km, bar_w, bar_h = _scale_bar_size(frame)
            corners = _corner_boxes(frame, bar_w, bar_h, 6.0)
            corner = _best_corner(
                frame,
                corners,
                list(labeller.keep_out.values()),
                [(1.0, rings) for rings in land],
                [],
            )
            _draw_scale_bar(ax, frame, corners[corner], length_km)
            labeller.block(corners[corner])

            # Largest region first, so that crowded small ones take what room is left.
            for region_id in sorted(regions, key=lambda r: -abs(_area(boundaries[r]))):
                rings = labeller.keep_out[region_id]
                low, high = np.concatenate(rings).min(axis=0), np.concatenate(rings).max(axis=0)
                label = _Label(boundaries[region_id]["name"], 7.5, "bold", "#111111", halo=True)
                labeller.place_beside(
                    label,
                    (low[0], low[1], high[0], high[1]),
                    region_id,
                    f"label-{region_id}",
                    gap=2.0,
                )
            _label_countries(labeller, boundaries, frame)
    return fig


def _area(feature: dict) -> float:
    return sum(
        abs(_signed_area(ring)) * (1 if index == 0 else -1)
        for polygon in _polygons(feature["geometry"])
        for index, ring in enumerate(polygon)
    )
