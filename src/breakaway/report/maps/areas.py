"""Whether label boxes lie on an area, off it, or on water: the tests a map's names must pass.

A name belongs on its own area (a country's name on that country, a sea's on water) and on no
neighbour's. Nine sample points per box, as the first placer used, let a name's corner hang over
a neighbour between two samples; here each box is sampled along its edges every ``STEP`` points
and across its inside, and a box also fails when any vertex of the area's outline falls inside
it (an outline can poke into a box between samples only through a vertex or a straight edge,
and a straight edge that enters and leaves a box crosses its sampled edges).

Boxes are ``(k, 4)`` arrays of ``x0, y0, x1, y1`` in points; rings are ``(n, 2)`` arrays in the
same points. Pure numpy and matplotlib paths: nothing is drawn.
"""

from __future__ import annotations

import numpy as np

from breakaway.report.maps.geometry import points_inside

STEP = 2.0  # points between samples along a box's edges


def box_points(boxes: np.ndarray, step: float = STEP) -> np.ndarray:
    """Samples on the edges and inside each box, as ``(k, m, 2)``; the boxes share one size."""
    boxes = np.asarray(boxes, dtype=float)
    width = float(boxes[0, 2] - boxes[0, 0]) if len(boxes) else 0.0
    height = float(boxes[0, 3] - boxes[0, 1]) if len(boxes) else 0.0
    across = np.linspace(0.0, 1.0, max(2, int(np.ceil(width / step)) + 1))
    up = np.linspace(0.0, 1.0, max(2, int(np.ceil(height / step)) + 1))
    fx, fy = np.meshgrid(across, up)
    # Every edge sample and an inside grid (every other row and column of the same lattice).
    edge = (fx == 0) | (fx == 1) | (fy == 0) | (fy == 1)
    keep = edge | ((np.arange(len(up))[:, None] % 2 == 0) & (np.arange(len(across)) % 2 == 0))
    fx, fy = fx[keep], fy[keep]
    xs = boxes[:, :1] + fx[None, :] * (boxes[:, 2:3] - boxes[:, :1])
    ys = boxes[:, 1:2] + fy[None, :] * (boxes[:, 3:4] - boxes[:, 1:2])
    return np.stack([xs, ys], axis=2)


def vertices_in(rings: list[np.ndarray], boxes: np.ndarray) -> np.ndarray:
    """Whether any vertex of ``rings`` lies strictly inside each box."""
    boxes = np.asarray(boxes, dtype=float)
    if not rings or not len(boxes):
        return np.zeros(len(boxes), dtype=bool)
    vertices = np.concatenate(rings)
    vx, vy = vertices[None, :, 0], vertices[None, :, 1]
    inside = (
        (vx > boxes[:, :1]) & (vx < boxes[:, 2:3]) & (vy > boxes[:, 1:2]) & (vy < boxes[:, 3:4])
    )
    return np.asarray(inside.any(axis=1), dtype=bool)


def inside_share(rings: list[np.ndarray], boxes: np.ndarray) -> np.ndarray:
    """The share of each box's samples inside ``rings``."""
    samples = box_points(boxes)
    k, m, _ = samples.shape
    return points_inside(rings, samples.reshape(-1, 2)).reshape(k, m).mean(axis=1)


def _reach(rings: list[np.ndarray], boxes: np.ndarray) -> np.ndarray:
    """Whether each box meets the bounding box of ``rings`` (a box that does not is off them)."""
    vertices = np.concatenate(rings)
    (x0, y0), (x1, y1) = vertices.min(axis=0), vertices.max(axis=0)
    return (boxes[:, 0] <= x1) & (boxes[:, 2] >= x0) & (boxes[:, 1] <= y1) & (boxes[:, 3] >= y0)


def within(rings: list[np.ndarray], boxes: np.ndarray) -> np.ndarray:
    """Whether each box lies wholly inside the area ``rings``."""
    boxes = np.asarray(boxes, dtype=float)
    result = _reach(rings, boxes)
    if result.any():
        near = boxes[result]
        samples = box_points(near)
        k, m, _ = samples.shape
        inside = points_inside(rings, samples.reshape(-1, 2)).reshape(k, m).all(axis=1)
        result[result] = inside & ~vertices_in(rings, near)
    return result


def clear_of(rings: list[np.ndarray], boxes: np.ndarray) -> np.ndarray:
    """Whether each box lies wholly outside the area ``rings``."""
    boxes = np.asarray(boxes, dtype=float)
    near = _reach(rings, boxes)
    result = ~near
    if near.any():
        close = boxes[near]
        samples = box_points(close)
        k, m, _ = samples.shape
        touched = points_inside(rings, samples.reshape(-1, 2)).reshape(k, m).any(axis=1)
        result[near] = ~touched & ~vertices_in(rings, close)
    return result


def on_water(land: list[list[np.ndarray]], boxes: np.ndarray) -> np.ndarray:
    """Whether each box lies on no land at all (each item of ``land`` is one area's rings)."""
    free = np.ones(len(boxes), dtype=bool)
    for rings in land:
        free &= clear_of(rings, boxes)
    return free
