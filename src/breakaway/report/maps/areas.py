"""Whether label boxes lie on an area, off it, or on water: the tests a map's names must pass.

A name belongs on its own area (a country's name on that country, a sea's on water) and on no
neighbour's. Nine sample points per box, as the first placer used, let a name's corner hang over
a neighbour between two samples; here each box is sampled along its edges every ``STEP`` points
and across its inside, and a box also fails when any vertex of the area's outline falls inside
it (an outline can poke into a box between samples only through a vertex or a straight edge,
and a straight edge that enters and leaves a box crosses its sampled edges).

A box that no edge of the area comes near (``CLEARANCE``) lies wholly on one side of the outline,
so all its samples agree and no vertex lies inside it: one sample, its centre, answers for it.
Only boxes an edge comes near are sampled; the answers are those of sampling every box.

Boxes are ``(k, 4)`` arrays of ``x0, y0, x1, y1`` in points; rings are ``(n, 2)`` arrays in the
same points. Pure numpy and matplotlib paths: nothing is drawn.
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

import numpy as np

from breakaway.report.maps.geometry import points_inside, rings_key

STEP = 2.0  # points between samples along a box's edges
# A box is taken as near an edge when the edge comes within this of it (points): far more than
# the rounding of the edge tests, so a box taken as apart is apart and its samples agree.
CLEARANCE = 0.01


def box_points(boxes: np.ndarray, step: float = STEP) -> np.ndarray:
    """Samples on the edges and inside each box, as ``(k, m, 2)``; the boxes share one size."""
    boxes = np.asarray(boxes, dtype=float)
    return _samples(boxes, *_fractions(boxes, step))


def _fractions(boxes: np.ndarray, step: float = STEP) -> tuple[np.ndarray, np.ndarray]:
    """Where ``box_points`` samples a box, as fractions of its width and height.

    The first box's size sets the lattice for all (they share one size, up to rounding).
    """
    width = float(boxes[0, 2] - boxes[0, 0]) if len(boxes) else 0.0
    height = float(boxes[0, 3] - boxes[0, 1]) if len(boxes) else 0.0
    return _lattice(max(2, int(np.ceil(width / step)) + 1), max(2, int(np.ceil(height / step)) + 1))


@cache
def _lattice(columns: int, rows: int) -> tuple[np.ndarray, np.ndarray]:
    """The fractions of ``columns`` by ``rows`` samples a box is tested at (read only)."""
    across = np.linspace(0.0, 1.0, columns)
    up = np.linspace(0.0, 1.0, rows)
    fx, fy = np.meshgrid(across, up)
    # Every edge sample and an inside grid (every other row and column of the same lattice).
    edge = (fx == 0) | (fx == 1) | (fy == 0) | (fy == 1)
    keep = edge | ((np.arange(rows)[:, None] % 2 == 0) & (np.arange(columns) % 2 == 0))
    fx, fy = fx[keep], fy[keep]
    fx.flags.writeable = fy.flags.writeable = False
    return fx, fy


class Outline(NamedTuple):
    """A shape's vertices and closed edges, as the tests below use them (read only)."""

    vertices: np.ndarray
    low: np.ndarray  # the vertices' least x and y
    high: np.ndarray
    starts: np.ndarray  # each edge's first vertex, then its last
    ends: np.ndarray
    edge_low: np.ndarray  # each edge's bounding box
    edge_high: np.ndarray


_OUTLINES: dict[tuple, Outline] = {}
_OUTLINES_KEPT = 512  # shapes remembered (a map has a few dozen); then all are forgotten


def outline_of(rings: list[np.ndarray]) -> Outline:
    """The outline of ``rings``, worked out once per shape: every label box is tested against it.

    Every ring is closed (last vertex to first) as the point-in-polygon test closes it.
    """
    key = rings_key(rings)
    if key not in _OUTLINES:
        if len(_OUTLINES) >= _OUTLINES_KEPT:
            _OUTLINES.clear()
        vertices = np.concatenate(rings)
        ends = np.concatenate([np.roll(ring, -1, axis=0) for ring in rings])
        found = Outline(
            vertices,
            vertices.min(axis=0),
            vertices.max(axis=0),
            vertices,
            ends,
            np.minimum(vertices, ends),
            np.maximum(vertices, ends),
        )
        for array in found:
            array.flags.writeable = False
        _OUTLINES[key] = found
    return _OUTLINES[key]


def _samples(boxes: np.ndarray, fx: np.ndarray, fy: np.ndarray) -> np.ndarray:
    xs = boxes[:, :1] + fx[None, :] * (boxes[:, 2:3] - boxes[:, :1])
    ys = boxes[:, 1:2] + fy[None, :] * (boxes[:, 3:4] - boxes[:, 1:2])
    return np.stack([xs, ys], axis=2)


def vertices_in(rings: list[np.ndarray], boxes: np.ndarray) -> np.ndarray:
    """Whether any vertex of ``rings`` lies strictly inside each box."""
    boxes = np.asarray(boxes, dtype=float)
    if not rings or not len(boxes):
        return np.zeros(len(boxes), dtype=bool)
    vertices = outline_of(rings).vertices
    vx, vy = vertices[None, :, 0], vertices[None, :, 1]
    inside = (
        (vx > boxes[:, :1]) & (vx < boxes[:, 2:3]) & (vy > boxes[:, 1:2]) & (vy < boxes[:, 3:4])
    )
    return np.asarray(inside.any(axis=1), dtype=bool)


def apart(rings: list[np.ndarray], boxes: np.ndarray) -> np.ndarray:
    """Whether each box stays more than ``CLEARANCE`` from every edge of ``rings``.

    Every ring is closed (last vertex to first) as the point-in-polygon test closes it. An edge
    meets a box when their bounding boxes overlap and the box's corners do not all lie strictly
    on one side of the edge's line.
    """
    boxes = np.asarray(boxes, dtype=float)
    if not rings or not len(boxes):
        return np.ones(len(boxes), dtype=bool)
    outline = outline_of(rings)
    starts, ends = outline.starts, outline.ends
    low, high = outline.edge_low, outline.edge_high
    x0, y0 = boxes[:, :1] - CLEARANCE, boxes[:, 1:2] - CLEARANCE
    x1, y1 = boxes[:, 2:3] + CLEARANCE, boxes[:, 3:4] + CLEARANCE
    overlap = (low[:, 0] <= x1) & (high[:, 0] >= x0) & (low[:, 1] <= y1) & (high[:, 1] >= y0)
    box_index, edge_index = np.nonzero(overlap)
    start = starts[edge_index]
    edge = ends[edge_index] - start
    sides = [
        edge[:, 0] * (cy[box_index, 0] - start[:, 1])
        - edge[:, 1] * (cx[box_index, 0] - start[:, 0])
        for cx in (x0, x1)
        for cy in (y0, y1)
    ]
    one_side = np.logical_and.reduce([side > 0 for side in sides]) | np.logical_and.reduce(
        [side < 0 for side in sides]
    )
    free = np.ones(len(boxes), dtype=bool)
    free[box_index[~one_side]] = False
    return free


def _judged(rings: list[np.ndarray], boxes: np.ndarray, verdict) -> tuple[np.ndarray, np.ndarray]:
    """``verdict`` over each box's samples inside ``rings``, and whether a vertex pokes into it.

    A box apart from every edge has its centre's answer for every sample and no vertex inside:
    only the others are sampled.
    """
    fx, fy = _fractions(boxes)
    free = apart(rings, boxes)
    centres = np.column_stack(
        [(boxes[free, 0] + boxes[free, 2]) / 2, (boxes[free, 1] + boxes[free, 3]) / 2]
    )
    found = verdict(points_inside(rings, centres)[:, None])
    result = np.empty(len(boxes), dtype=found.dtype)
    result[free] = found
    crossed = ~free
    near = boxes[crossed]
    samples = _samples(near, fx, fy)
    k, m, _ = samples.shape
    result[crossed] = verdict(points_inside(rings, samples.reshape(-1, 2)).reshape(k, m))
    poked = np.zeros(len(boxes), dtype=bool)
    poked[crossed] = vertices_in(rings, near)
    return result, poked


def inside_share(rings: list[np.ndarray], boxes: np.ndarray) -> np.ndarray:
    """The share of each box's samples inside ``rings``."""
    boxes = np.asarray(boxes, dtype=float)
    return _judged(rings, boxes, lambda inside: inside.mean(axis=1))[0]


def _reach(rings: list[np.ndarray], boxes: np.ndarray) -> np.ndarray:
    """Whether each box meets the bounding box of ``rings`` (a box that does not is off them)."""
    outline = outline_of(rings)
    (x0, y0), (x1, y1) = outline.low, outline.high
    return (boxes[:, 0] <= x1) & (boxes[:, 2] >= x0) & (boxes[:, 1] <= y1) & (boxes[:, 3] >= y0)


def within(rings: list[np.ndarray], boxes: np.ndarray) -> np.ndarray:
    """Whether each box lies wholly inside the area ``rings``."""
    boxes = np.asarray(boxes, dtype=float)
    result = _reach(rings, boxes)
    if result.any():
        inside, poked = _judged(rings, boxes[result], lambda at: at.all(axis=1))
        result[result] = inside & ~poked
    return result


def clear_of(rings: list[np.ndarray], boxes: np.ndarray) -> np.ndarray:
    """Whether each box lies wholly outside the area ``rings``."""
    boxes = np.asarray(boxes, dtype=float)
    near = _reach(rings, boxes)
    result = ~near
    if near.any():
        touched, poked = _judged(rings, boxes[near], lambda at: at.any(axis=1))
        result[near] = ~touched & ~poked
    return result


def on_water(land: list[list[np.ndarray]], boxes: np.ndarray) -> np.ndarray:
    """Whether each box lies on no land at all (each item of ``land`` is one area's rings)."""
    free = np.ones(len(boxes), dtype=bool)
    for rings in land:
        free &= clear_of(rings, boxes)
    return free
