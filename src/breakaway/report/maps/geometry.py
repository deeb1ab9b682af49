"""Plane geometry on longitude/latitude rings: bounds, centroids, containment, map windows.

Pure numpy on the GeoJSON coordinates; no drawing. Maps are plain longitude/latitude axes with an
aspect of 1/cos(mean latitude).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from matplotlib.path import Path as MplPath

from breakaway.data.boundaries import Boundaries
from breakaway.data.mapwords import windows
from breakaway.errors import ParameterError

# A label's box in points from the lower-left corner of the map axes: x0, y0, x1, y1.
Box = tuple[float, float, float, float]
# One degree of latitude on a sphere of the mean Earth radius, 6,371.0 km.
KM_PER_DEGREE = 2 * math.pi * 6371.0 / 360
# Countries closer than this to the parent's outline count as its neighbours. The countries were
# simplified one by one, so shared borders leave gaps of up to about 1 km (PROVENANCE.md).
NEIGHBOUR_GAP_DEGREES = 0.05
# A locator map whose parent (with margin) covers this share of its window gets no overview.
OVERVIEW_UP_TO_SHARE = 0.6


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


def clip_windows(words: dict | None = None) -> dict[str, Extent]:
    """The named clip windows of the boundaries file (``data/geo/maps.json``), in file order.

    Beyond them the file has no land, so a map must not look past them.
    """
    return {name: Extent(*sides) for name, sides in windows(words).items()}


def polygons_of(geometry: dict) -> list[list[np.ndarray]]:
    """The geometry as polygons, each a list of rings (exterior first) as (n, 2) arrays."""
    coordinates = geometry["coordinates"]
    polygons = [coordinates] if geometry["type"] == "Polygon" else coordinates
    return [[np.asarray(ring, dtype=float)[:, :2] for ring in polygon] for polygon in polygons]


def rings_of(geometry: dict) -> list[np.ndarray]:
    """Every ring of every polygon of a geometry, as (n, 2) arrays."""
    return [ring for polygon in polygons_of(geometry) for ring in polygon]


def signed_area(ring: np.ndarray) -> float:
    """The shoelace area of a ring in square degrees (positive when anticlockwise)."""
    x, y = ring[:, 0], ring[:, 1]
    return float(np.dot(x[:-1], y[1:]) - np.dot(x[1:], y[:-1])) / 2


def bounds_of(geometry: dict) -> Extent:
    """The bounding box of a geometry."""
    points = np.concatenate(rings_of(geometry))
    return Extent(
        float(points[:, 0].min()),
        float(points[:, 0].max()),
        float(points[:, 1].min()),
        float(points[:, 1].max()),
    )


def centroid_of(geometry: dict) -> tuple[float, float]:
    """The area centroid in longitude/latitude (holes subtract)."""
    total = cx = cy = 0.0
    for polygon in polygons_of(geometry):
        for index, ring in enumerate(polygon):
            area = signed_area(ring)
            # Orientation is not trusted: exteriors add, holes subtract.
            sign = 1.0 if index == 0 else -1.0
            x0, y0, x1, y1 = ring[:-1, 0], ring[:-1, 1], ring[1:, 0], ring[1:, 1]
            cross = x0 * y1 - x1 * y0
            factor = sign * math.copysign(1.0, area) if area else 0.0
            total += factor * abs(area)
            cx += factor * float(np.dot(x0 + x1, cross)) / 6
            cy += factor * float(np.dot(y0 + y1, cross)) / 6
    return cx / total, cy / total


def points_inside(rings: list[np.ndarray], points: np.ndarray) -> np.ndarray:
    """Even-odd point-in-polygon test of (n, 2) points against all rings of a geometry.

    Each ring is tested by matplotlib's compiled ``contains_points`` (label placement asks
    thousands of points per map); XOR over the rings makes holes and islands even-odd. Only the
    points near a ring's bounding box are tested against it: a point beyond it is outside the
    ring (a margin keeps points on the box's edge with the exact test), so a country of many
    islands costs what its islands near the points cost.
    """
    inside = np.zeros(len(points), dtype=bool)
    if not len(points):
        return inside
    points = np.asarray(points, dtype=float)
    for ring in rings:
        low, high = ring.min(axis=0), ring.max(axis=0)
        margin = 1e-6 * (1.0 + float(np.abs(ring).max()))
        near = np.all((points >= low - margin) & (points <= high + margin), axis=1)
        if near.all():
            inside ^= MplPath(ring).contains_points(points)
        elif near.any():
            inside[near] ^= MplPath(ring).contains_points(points[near])
    return inside


def rings_key(rings: list[np.ndarray]) -> tuple:
    """A key equal for rings of equal coordinates (a shape's rings are rebuilt by each caller)."""
    return tuple((ring.shape, ring.tobytes()) for ring in rings)


def distance_to_edges(rings: list[np.ndarray], points: np.ndarray) -> np.ndarray:
    """Distance from each point to the nearest ring edge, in the points' units."""
    starts = np.concatenate([ring[:-1] for ring in rings])
    ends = np.concatenate([ring[1:] for ring in rings])
    edge = ends - starts
    length2 = np.maximum((edge**2).sum(axis=1), 1e-12)
    # x and y apart rather than as pairs: the same sums of the same products, in half the passes.
    start_x, start_y, edge_x, edge_y = starts[:, 0], starts[:, 1], edge[:, 0], edge[:, 1]
    nearest = np.full(len(points), np.inf)
    for chunk in range(0, len(points), 2048):
        x = points[chunk : chunk + 2048, :1]
        y = points[chunk : chunk + 2048, 1:2]
        t = np.clip(((x - start_x) * edge_x + (y - start_y) * edge_y) / length2, 0.0, 1.0)
        gap_x = x - (start_x + t * edge_x)
        gap_y = y - (start_y + t * edge_y)
        # The root of the least square: the root is monotonic and correctly rounded, so this is
        # the least root, bit for bit, for one root per point instead of one per edge.
        nearest[chunk : chunk + 2048] = np.sqrt((gap_x * gap_x + gap_y * gap_y).min(axis=1))
    return nearest


def geometry_path(geometry: dict) -> MplPath:
    """One compound path: exteriors counter-clockwise, holes clockwise, so holes stay empty."""
    vertices, codes = [], []
    for polygon in polygons_of(geometry):
        for index, ring in enumerate(polygon):
            counter_clockwise = signed_area(ring) > 0
            if counter_clockwise != (index == 0):
                ring = ring[::-1]
            vertices.append(ring)
            codes += [MplPath.MOVETO] + [MplPath.LINETO] * (len(ring) - 2) + [MplPath.CLOSEPOLY]
    return MplPath(np.concatenate(vertices), codes)


def feature_of(boundaries: Boundaries, feature_id: str, kind: str) -> dict:
    """The feature with this id and kind; a ParameterError names what was missing."""
    feature = boundaries.get(feature_id)
    if feature is None or feature["kind"] != kind:
        known = sorted(k for k, f in boundaries.items() if f["kind"] == kind)
        raise ParameterError(
            f"no {kind} {feature_id!r} in the boundaries; known: {', '.join(known)}"
        )
    return feature


def window_for(boundaries: Boundaries, extent: Extent) -> tuple[str, Extent]:
    """The named clip window holding ``extent``; for other files, the bounds of all features."""
    for name, window in clip_windows().items():
        if window.contains(extent):
            return name, window
    points = np.concatenate([np.concatenate(rings_of(f["geometry"])) for f in boundaries.values()])
    return "", Extent(
        float(points[:, 0].min()),
        float(points[:, 0].max()),
        float(points[:, 1].min()),
        float(points[:, 1].max()),
    )


def overview_window(boundaries: Boundaries, parent_iso3: str) -> tuple[str, Extent] | None:
    """The named window a locator map's overview inset shows, or None for no inset.

    An inset would only repeat the map when the parent and its margin already fill most of the
    window, as Moldova does.
    """
    parent_box = bounds_of(boundaries[parent_iso3]["geometry"])
    name, window = window_for(boundaries, parent_box)
    if share_of(locator_core(parent_box), window) >= OVERVIEW_UP_TO_SHARE:
        return None
    return name, window


def parent_of(boundaries: Boundaries, region_id: str) -> str:
    """The country holding most of a region's outline (its parent state, drawn de jure)."""
    vertices = np.concatenate(rings_of(boundaries[region_id]["geometry"]))
    counts = {
        cid: int(points_inside(rings_of(f["geometry"]), vertices).sum())
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
    rings = rings_of(feature_of(boundaries, country_id, "country")["geometry"])
    own = bounds_of(boundaries[country_id]["geometry"])
    found = []
    for other_id, other in boundaries.items():
        if other_id == country_id or other["kind"] != "country":
            continue
        box = bounds_of(other["geometry"])
        gap = NEIGHBOUR_GAP_DEGREES
        if (
            box.west > own.east + gap
            or box.east < own.west - gap
            or box.south > own.north + gap
            or box.north < own.south - gap
        ):
            continue
        vertices = np.concatenate(rings_of(other["geometry"]))
        if distance_to_edges(rings, vertices).min() <= gap:
            found.append(other_id)
    return sorted(found, key=lambda cid: boundaries[cid]["name"])


def fit_extent(core: Extent, box_aspect: float, window: Extent) -> Extent:
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


def locator_core(parent: Extent) -> Extent:
    """The parent's bounding box with a margin of a tenth of its longer side."""
    cos_lat = math.cos(math.radians(parent.mid_latitude))
    margin = 0.1 * max((parent.east - parent.west) * cos_lat, parent.north - parent.south)
    return Extent(
        parent.west - margin / cos_lat,
        parent.east + margin / cos_lat,
        parent.south - margin,
        parent.north + margin,
    )


def regions_in(boundaries: Boundaries, window: Extent) -> list[str]:
    """The breakaway regions whose bounds lie inside ``window``."""
    return [
        fid
        for fid, f in boundaries.items()
        if f["kind"] == "breakaway" and window.contains(bounds_of(f["geometry"]))
    ]


def panel_extent(
    boundaries: Boundaries, window: Extent, points: list[tuple[float, float]], room: float = 0.5
) -> Extent:
    """What a panel of ``window`` shows: its regions' parent states and ``points`` inside it.

    The box of the parents' outlines and of the points (the seas' label points) with a margin of
    a twentieth of its longer side, within the window: the panel spends its width on the states
    and seas it names, not on the rest of the window. A point keeps ``room`` degrees of
    longitude either side (half that of latitude) for the name set there.
    """
    regions = regions_in(boundaries, window)
    boxes = [bounds_of(boundaries[parent_of(boundaries, r)]["geometry"]) for r in regions]
    boxes += [
        Extent(lon - room, lon + room, lat - room / 2, lat + room / 2)
        for lon, lat in points
        if window.west < lon < window.east and window.south < lat < window.north
    ]
    if not boxes:
        return window
    west, east = min(b.west for b in boxes), max(b.east for b in boxes)
    south, north = min(b.south for b in boxes), max(b.north for b in boxes)
    cos_lat = math.cos(math.radians((south + north) / 2))
    margin = max((east - west) * cos_lat, north - south) / 20
    return Extent(
        max(window.west, west - margin / cos_lat),
        min(window.east, east + margin / cos_lat),
        max(window.south, south - margin),
        min(window.north, north + margin),
    )


def share_of(extent: Extent, window: Extent) -> float:
    """The share of ``window``'s area that ``extent`` covers."""
    width = min(extent.east, window.east) - max(extent.west, window.west)
    height = min(extent.north, window.north) - max(extent.south, window.south)
    return (
        max(width, 0)
        * max(height, 0)
        / ((window.east - window.west) * (window.north - window.south))
    )


def overlaps(box: Box, boxes: list[Box]) -> bool:
    """Whether ``box`` overlaps any of ``boxes``."""
    return any(box[0] < b[2] and box[2] > b[0] and box[1] < b[3] and box[3] > b[1] for b in boxes)


def feature_area(feature: dict) -> float:
    """A feature's area in square degrees (holes subtracted)."""
    return sum(
        abs(signed_area(ring)) * (1 if index == 0 else -1)
        for polygon in polygons_of(feature["geometry"])
        for index, ring in enumerate(polygon)
    )
