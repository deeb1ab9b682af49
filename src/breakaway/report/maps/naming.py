"""Where a map's names go: on their own area, or beside it with a leader; seas on their water.

An editor's rules, in the order a map applies them to a territory's name: the whole name inside
its area on one line, else on two lines, else beside the area (on its parent's land or on water,
never on a neighbour's), tied to it by a leader line. A sea is named in italics on open water
near its label point from ``data/geo/maps.json``; a name that finds no such spot is left out
rather than drawn where it does not belong. Nothing here hard-codes a place.
"""

from __future__ import annotations

import numpy as np

from breakaway.report.maps.areas import clear_of, on_water, within
from breakaway.report.maps.labels import Accept, Frame, Labeller, MapLabel

SEA_TEXT = "#3E6A8C"  # a darker shade of the water tint, as atlases set sea names
# How far from its area's outline a name set beside it may sit (points); a leader ties it.
BESIDE_REACH = 90.0
TOUCHING = 6.0  # a name this close to its area reads as its own (points)
# A name too long for its room is set a size or two smaller, never below this (points).
SMALLEST_NAME = 6.5


def two_lines(text: str) -> str | None:
    """The name broken at the space or hyphen nearest its middle, or None when it has none."""
    breaks = [i for i, c in enumerate(text) if c in " -"]
    if not breaks:
        return None
    at = min(breaks, key=lambda i: (abs(2 * i - len(text)), i))
    if text[at] == "-":
        return text[: at + 1] + "\n" + text[at + 1 :]
    return text[:at] + "\n" + text[at + 1 :]


def on_area(rings: list[np.ndarray]) -> Accept:
    """Boxes wholly on the area ``rings``."""
    return lambda boxes: within(rings, boxes)


def off_areas(areas: list[list[np.ndarray]]) -> Accept:
    """Boxes that touch none of ``areas`` (the neighbours a name must not sit on)."""

    def accept(boxes: np.ndarray) -> np.ndarray:
        ok = np.ones(len(boxes), dtype=bool)
        for rings in areas:
            if ok.any():
                ok[ok] = clear_of(rings, boxes[ok])
        return ok

    return accept


def name_area(
    labeller: Labeller,
    label: MapLabel,
    rings: list[np.ndarray],
    own: str,
    gid: str,
    beside: Accept,
    leader_gid: str,
    prefer: tuple[Accept, ...] = (),
) -> bool:
    """Name an area inside it (one line, then two; then both a size smaller), else beside it.

    A name beside its area is tied to it by a leader, and set a size or two smaller when only
    that fits off the neighbours' land.

    Args:
        labeller: The map's labeller.
        label: The name and its style (one line).
        rings: The area, in points.
        own: The area's key in the labeller's ``keep_out``.
        gid: The SVG id of the name.
        beside: Where the name may sit outside its area (off every neighbour's land).
        leader_gid: The SVG id of the leader line, drawn when the name sits apart.
        prefer: Where, of the spots ``beside`` allows, a name beside its area goes first at
            each distance, in order (facing the area, on open water that leaves the parent's land
            to the parent's name); then anywhere ``beside`` allows.

    Returns:
        Whether the name was placed.
    """
    broken = two_lines(label.text)
    inside = [
        (text, size)
        for size in (label.size, label.size - 1)
        for text in (label.text, broken)
        if text is not None
    ]
    for text, size in inside:
        if labeller.place_inside(_restyled(label, text, size), rings, own, gid, whole=True):
            return True
    # Touching the area, a size or two smaller if need be; only then further off, with a leader.
    where = [both(first, beside) for first in prefer] + [beside]
    for reach in (TOUCHING, BESIDE_REACH):
        for accept in where:
            for size in (label.size, label.size - 1, label.size - 2):
                outside = _restyled(label, label.text, max(size, SMALLEST_NAME), halo=True)
                if labeller.place_outside(outside, rings, accept, gid, reach=reach):
                    labeller.leader(rings, leader_gid, apart=0.0)  # drawn when it shows (Leader)
                    return True
    return False


def facing(rings: list[np.ndarray]) -> Accept:
    """Boxes whose centre lies straight beside the area: within its width or its height.

    A long name off a small area's corner reads as a name of the land it lies on; one straight
    above, below or to the side of the area reads as the area's.
    """
    vertices = np.concatenate(rings)
    low, high = vertices.min(axis=0), vertices.max(axis=0)

    def accept(boxes: np.ndarray) -> np.ndarray:
        x = (boxes[:, 0] + boxes[:, 2]) / 2
        y = (boxes[:, 1] + boxes[:, 3]) / 2
        return ((x >= low[0]) & (x <= high[0])) | ((y >= low[1]) & (y <= high[1]))

    return accept


def both(first: Accept, second: Accept) -> Accept:
    """Boxes both tests allow (the second asked only of those the first allows)."""

    def accept(boxes: np.ndarray) -> np.ndarray:
        ok = first(boxes)
        if ok.any():
            ok[ok] = second(boxes[ok])
        return ok

    return accept


def _restyled(label: MapLabel, text: str, size: float, halo: bool | None = None) -> MapLabel:
    halo = label.halo if halo is None else halo
    return MapLabel(text, size, label.weight, label.colour, halo, label.style)


def sea_anchor(frame: Frame, points: list[tuple[float, float]]) -> np.ndarray | None:
    """A sea's first label point inside the frame, in points; None when the frame shows none."""
    return next(
        (
            point
            for point in frame.to_pt(np.array(points, dtype=float))
            if 0 < point[0] < frame.width_pt and 0 < point[1] < frame.height_pt
        ),
        None,
    )


def sea_rooms(
    frame: Frame, seas: list[tuple[str, list[tuple[float, float]]]]
) -> list[tuple[float, float]]:
    """Each shown sea's label point and the room its name needs round it, in points.

    Furniture (an inset, a scale bar) keeps clear of these, so that the sea keeps its name.
    """
    anchors = [sea_anchor(frame, points) for _name, points in seas]
    return [
        (float(at[0] + dx), float(at[1] + dy))
        for at in anchors
        if at is not None
        for dx, dy in ((0, 0), (-20, 0), (20, 0), (0, -8), (0, 8))
    ]


def name_seas(
    labeller: Labeller,
    frame: Frame,
    land: list[list[np.ndarray]],
    seas: list[tuple[str, list[tuple[float, float]]]],
) -> list[str]:
    """Name each sea whose label point the frame shows, in italics on open water near it.

    Args:
        labeller: The map's labeller.
        frame: The map's frame.
        land: Every country's rings, in points (water is what none of them covers).
        seas: Each sea's name and label points (``breakaway.data.mapwords.seas``).

    Returns:
        The names placed.
    """
    placed = []
    water = lambda boxes: on_water(land, boxes)  # noqa: E731 - a one-line test, named
    for name, points in seas:
        at = sea_anchor(frame, points)
        if at is None:
            continue
        gid = "label-sea-" + "-".join(name.lower().split())
        for text in filter(None, (name, two_lines(name))):
            label = MapLabel(text, 7.5, colour=SEA_TEXT, style="italic")
            if labeller.place_near(label, at, water, "", gid, reach=80.0):
                placed.append(name)
                break
    return placed
