"""Which border of its parent state a territory lies on, and with which country, from the outlines.

"In the centre of Georgia" hides the story when a territory runs along the parent's frontier: South
Ossetia lies on Georgia's northern border with Russia. The side is the outward direction of the
parent's outline where the territory meets it, so it follows the border's shape rather than the
parent's bounding box. Pure numpy on the stored coordinates; nothing is drawn or altered.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from breakaway.data.boundaries import Boundaries
from breakaway.report.maps.geometry import (
    KM_PER_DEGREE,
    bounds_of,
    distance_to_edges,
    feature_of,
    polygons_of,
    rings_of,
    signed_area,
)

# The regions (1:10m) and countries (1:50m) were simplified apart: a territory on a frontier
# comes within a few km of its parent's outline, and a neighbour's outline within a few km more.
TOUCH_KM = 6.0
NEIGHBOUR_KM = 8.0
# A border shorter than this is a corner, not a side the territory lies on.
MIN_BORDER_KM = 15.0
SIDES = ["north", "north-east", "east", "south-east", "south", "south-west", "west", "north-west"]


@dataclass(frozen=True)
class Border:
    """The stretch of the parent's frontier a territory runs along.

    Attributes:
        side: Compass word for the side of the parent (``north``, ``south-west``...).
        neighbour_id: The country across it.
        length_km: How long the shared stretch is.
    """

    side: str
    neighbour_id: str
    length_km: float


def _to_km(points: np.ndarray, latitude: float) -> np.ndarray:
    scale = np.array([KM_PER_DEGREE * math.cos(math.radians(latitude)), KM_PER_DEGREE])
    return points * scale


def border_of(boundaries: Boundaries, territory_id: str, parent_iso3: str) -> Border | None:
    """The longest land border of the parent that the territory runs along, or None.

    Args:
        boundaries: Features from ``load_boundaries``.
        territory_id: A breakaway feature id.
        parent_iso3: Its parent country's feature id.

    Returns:
        The border's side, the country across it and its length; None for a territory that
        touches no land frontier of its parent (a coast does not count).
    """
    territory = feature_of(boundaries, territory_id, "breakaway")["geometry"]
    parent = feature_of(boundaries, parent_iso3, "country")["geometry"]
    latitude = bounds_of(parent).mid_latitude
    territory_km = [_to_km(ring, latitude) for ring in rings_of(territory)]
    others = {
        fid: [_to_km(ring, latitude) for ring in rings_of(f["geometry"])]
        for fid, f in boundaries.items()
        if f["kind"] == "country" and fid != parent_iso3
    }
    lengths: dict[str, float] = {}
    normals: dict[str, np.ndarray] = {}
    for polygon in polygons_of(parent):
        ring = _to_km(polygon[0], latitude)
        if signed_area(ring) < 0:
            ring = ring[::-1]  # anticlockwise, so that (dy, -dx) points out of the parent
        starts, ends = ring[:-1], ring[1:]
        middles = (starts + ends) / 2
        touched = distance_to_edges(territory_km, middles) < TOUCH_KM
        if not touched.any():
            continue
        edges = (ends - starts)[touched]
        seg_lengths = np.hypot(edges[:, 0], edges[:, 1])
        outward = np.column_stack([edges[:, 1], -edges[:, 0]])
        gaps = {fid: distance_to_edges(rings, middles[touched]) for fid, rings in others.items()}
        for index in range(len(edges)):
            near = min(gaps, key=lambda fid: gaps[fid][index], default=None)
            if near is None or gaps[near][index] > NEIGHBOUR_KM:
                continue  # coast, or the edge of the file's window
            lengths[near] = lengths.get(near, 0.0) + float(seg_lengths[index])
            normals[near] = normals.get(near, np.zeros(2)) + outward[index]
    if not lengths:
        return None
    neighbour = max(sorted(lengths), key=lambda fid: lengths[fid])
    if lengths[neighbour] < MIN_BORDER_KM:
        return None
    nx, ny = normals[neighbour]
    bearing = math.degrees(math.atan2(nx, ny)) % 360
    return Border(SIDES[round(bearing / 45) % 8], neighbour, round(lengths[neighbour], 1))
