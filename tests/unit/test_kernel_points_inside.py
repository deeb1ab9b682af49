"""Map label placement's point-in-area test: only points near a ring are tested against it.

``geometry.points_inside`` decides where every map label goes, so skipping rings far from the
points must give the same answer, point for point, as testing every ring; these tests compare
it with the plain even-odd test over all rings, on the project's own outlines and on points
placed on the very edges and corners of the rings' bounding boxes.
"""

from __future__ import annotations

import numpy as np
from matplotlib.path import Path as MplPath

from breakaway import paths
from breakaway.data.boundaries import load_boundaries
from breakaway.report.maps import geometry
from breakaway.report.maps.geometry import points_inside, rings_of


def _every_ring(rings: list[np.ndarray], points: np.ndarray) -> np.ndarray:
    """The test as it was: every ring's compiled test over every point, XOR."""
    inside = np.zeros(len(points), dtype=bool)
    for ring in rings:
        inside ^= MplPath(ring).contains_points(points)
    return inside


def _edge_points(rings: list[np.ndarray]) -> np.ndarray:
    """Each ring's vertices, bounding-box corners and edge midpoints, and points just off them."""
    found = []
    for ring in rings:
        (x0, y0), (x1, y1) = ring.min(axis=0), ring.max(axis=0)
        box = [(x0, y0), (x1, y0), (x0, y1), (x1, y1), ((x0 + x1) / 2, y0), (x0, (y0 + y1) / 2)]
        box += [((x0 + x1) / 2, y1), (x1, (y0 + y1) / 2)]
        found.append(ring)
        found.append(np.array(box))
        for step in (1e-9, 1e-3, 0.5):
            found.append(np.array(box) + step)
            found.append(np.array(box) - step)
    return np.concatenate(found)


def test_the_project_outlines_give_the_same_answer_for_every_point():
    boundaries = load_boundaries(paths.geo_path(paths.data_dir()))
    generator = np.random.default_rng(22)
    checked = 0
    for feature in boundaries.values():
        rings = rings_of(feature["geometry"])
        everything = np.concatenate(rings)
        (x0, y0), (x1, y1) = everything.min(axis=0), everything.max(axis=0)
        scattered = generator.uniform((x0 - 1, y0 - 1), (x1 + 1, y1 + 1), size=(3000, 2))
        points = np.concatenate([scattered, _edge_points(rings)])
        expected = _every_ring(rings, points)
        assert np.array_equal(points_inside(rings, points), expected), feature["properties"]
        checked += int(expected.sum())
    assert checked > 1000  # the points were not all outside


def test_islands_far_from_the_points_are_not_tested(monkeypatch):
    square = np.array([[0.0, 0.0], [10.0, 0.0], [10.0, 10.0], [0.0, 10.0], [0.0, 0.0]])
    far_island = square + 100.0
    hole = square * 0.2 + 4.0
    tested = []

    class Counting(MplPath):
        def contains_points(self, points, *args, **kwargs):
            tested.append(len(points))
            return super().contains_points(points, *args, **kwargs)

    monkeypatch.setattr(geometry, "MplPath", Counting)
    points = np.array([[5.0, 5.0], [1.0, 1.0], [10.0, 10.0], [50.0, 50.0]])
    rings = [square, hole, far_island]
    assert points_inside(rings, points).tolist() == _every_ring(rings, points).tolist()
    assert tested == [3, 1]  # the square: three points near it; the hole: one; the island: none
