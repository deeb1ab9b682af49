"""Which features a territory's locator map draws: a bounded set, however large the file.

The locator map shows the territory inside its parent state among the countries of its window.
Other breakaway regions of the same parent are drawn too (a sister region of the same parent), but
only the nearest few: a boundaries file with hundreds of regions in one parent state must not
make every map draw, clip and label all of them. This module draws nothing and reads no file.
"""

from __future__ import annotations

import math

from breakaway.data.boundaries import Boundaries
from breakaway.report.maps.geometry import Extent, bounds_of, feature_of, parent_of

# Other breakaway regions of the same parent a locator map shows, nearest first.
MAX_RELATED = 3
# How many of the nearest regions in the parent's box are tested for their parent state.
CANDIDATES_PER_RELATED = 4


def locator_features(
    boundaries: Boundaries, territory_id: str, parent_iso3: str, limit: int = MAX_RELATED
) -> Boundaries:
    """The features ``locator_map`` needs, in file order.

    Args:
        boundaries: Features from ``load_boundaries``.
        territory_id: The breakaway feature the map highlights.
        parent_iso3: Its parent state's feature id.
        limit: At most this many other breakaway regions of the same parent.

    Returns:
        Every feature that is not a breakaway region (countries and any other kind), the
        territory, and the ``limit`` other breakaway regions of the same parent state whose
        bounding boxes lie nearest to the territory's (ties in file order).
    """
    territory = feature_of(boundaries, territory_id, "breakaway")
    parent_box = bounds_of(feature_of(boundaries, parent_iso3, "country")["geometry"])
    own_box = bounds_of(territory["geometry"])
    candidates = []
    for order, (fid, feature) in enumerate(boundaries.items()):
        if feature["kind"] != "breakaway" or fid == territory_id:
            continue
        box = bounds_of(feature["geometry"])
        if _overlaps(box, parent_box):
            candidates.append((_distance(own_box, box), order, fid))
    related: set[str] = set()
    for _distance_deg, _order, fid in sorted(candidates)[: limit * CANDIDATES_PER_RELATED]:
        if len(related) == limit:
            break
        if parent_of(boundaries, fid) == parent_iso3:
            related.add(fid)
    return {
        fid: feature
        for fid, feature in boundaries.items()
        if feature["kind"] != "breakaway" or fid == territory_id or fid in related
    }


def _overlaps(a: Extent, b: Extent) -> bool:
    return a.west <= b.east and b.west <= a.east and a.south <= b.north and b.south <= a.north


def _distance(a: Extent, b: Extent) -> float:
    """Between the boxes' centres, in degrees of latitude (longitude shrunk by cos(latitude))."""
    latitude = (a.mid_latitude + b.mid_latitude) / 2
    dx = ((a.west + a.east) - (b.west + b.east)) / 2 * math.cos(math.radians(latitude))
    dy = a.mid_latitude - b.mid_latitude
    return math.hypot(dx, dy)
