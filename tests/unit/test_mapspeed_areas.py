"""The area tests answer as sampling every box did, though they sample only boxes near an edge.

``areas.within``, ``clear_of`` and ``inside_share`` decide where every map name may go. A box that
no edge comes near takes its centre's answer for all its samples; these tests compare them, box
for box, with sampling every box (the code as it was, below) on the project's outlines at map
scale and on boxes set on, just off and across their edges and vertices.
"""

from __future__ import annotations

import numpy as np
import pytest
from mapcheck import TINY, real_boundaries

from breakaway.report.maps import areas
from breakaway.report.maps.areas import box_points, vertices_in
from breakaway.report.maps.geometry import points_inside, rings_of

POINTS_PER_DEGREE = 90.0  # about a locator map's scale


def _sampled(rings, boxes, verdict):
    samples = box_points(boxes)
    k, m, _ = samples.shape
    return verdict(points_inside(rings, samples.reshape(-1, 2)).reshape(k, m))


def _within(rings, boxes):
    boxes = np.asarray(boxes, dtype=float)
    result = areas._reach(rings, boxes)
    if result.any():
        near = boxes[result]
        inside = _sampled(rings, near, lambda at: at.all(axis=1))
        result[result] = inside & ~vertices_in(rings, near)
    return result


def _clear_of(rings, boxes):
    boxes = np.asarray(boxes, dtype=float)
    near = areas._reach(rings, boxes)
    result = ~near
    if near.any():
        close = boxes[near]
        touched = _sampled(rings, close, lambda at: at.any(axis=1))
        result[near] = ~touched & ~vertices_in(rings, close)
    return result


def _inside_share(rings, boxes):
    return _sampled(rings, np.asarray(boxes, dtype=float), lambda at: at.mean(axis=1))


def _shapes() -> dict[str, list[np.ndarray]]:
    shapes = {
        fid: [ring * POINTS_PER_DEGREE for ring in rings_of(f["geometry"])]
        for fid, f in real_boundaries().items()
    }
    for f in TINY["features"]:
        shapes["tiny-" + f["properties"]["id"]] = [ring * 20.0 for ring in rings_of(f["geometry"])]
    return shapes


def _boxes(rings, generator, size) -> np.ndarray:
    """Boxes of one size (as a label's, centre plus and minus half) on and around the outline."""
    vertices = np.concatenate(rings)
    (x0, y0), (x1, y1) = vertices.min(axis=0), vertices.max(axis=0)
    # A few of each outline's vertices and edge midpoints: enough of every kind of corner.
    edges = np.concatenate([(ring[:-1] + ring[1:]) / 2 for ring in rings])[::9]
    vertices = vertices[::9]
    pad = np.array(size)
    scattered = generator.uniform((x0, y0) - pad, (x1, y1) + pad, size=(150, 2))
    half = np.array(size) / 2
    centres = [scattered, vertices, edges]
    # Boxes whose sides run through a vertex, just inside it, and just beyond it.
    for shift in (0.0, 1e-9, 0.3):
        for sign_x in (-1, 1):
            for sign_y in (-1, 1):
                centres.append(vertices + np.array([sign_x, sign_y]) * (half + shift))
    centres = np.concatenate(centres)
    return np.hstack([centres - half, centres + half])


@pytest.mark.parametrize("size", [(6.0, 6.0), (41.3, 10.2)])
def test_the_tests_answer_as_sampling_every_box(size):
    generator = np.random.default_rng(22)
    apart = 0
    for name, rings in _shapes().items():
        boxes = _boxes(rings, generator, size)
        assert np.array_equal(areas.within(rings, boxes), _within(rings, boxes)), name
        assert np.array_equal(areas.clear_of(rings, boxes), _clear_of(rings, boxes)), name
        assert np.array_equal(areas.inside_share(rings, boxes), _inside_share(rings, boxes)), name
        apart += int(areas.apart(rings, boxes).sum())
    assert apart > 1000  # the short cut was taken


def test_an_edge_across_a_box_between_its_samples_brings_it_near():
    # A thin spike through the box's middle, between samples, with no vertex in the box.
    spike = np.array([[-50.0, 4.9], [50.0, 4.9], [50.0, 5.1], [-50.0, 5.1], [-50.0, 4.9]])
    box = np.array([[0.0, 0.0, 10.0, 10.0]])
    assert not areas.apart([spike], box)[0]
    assert areas.within([spike], box)[0] == _within([spike], box)[0]
    assert areas.clear_of([spike], box)[0] == _clear_of([spike], box)[0]


def test_an_open_ring_is_closed_as_the_point_test_closes_it():
    # The last vertex is not the first: the closing edge runs through the box.
    ring = np.array([[0.0, 0.0], [20.0, 0.0], [20.0, 20.0], [0.0, 20.0]])
    box = np.array([[-3.0, 8.0, 3.0, 12.0]])
    assert not areas.apart([ring], box)[0]
    assert np.array_equal(areas.inside_share([ring], box), _inside_share([ring], box))


def test_boxes_whose_sizes_differ_by_rounding_are_sampled_on_the_first_ones_lattice():
    # The first box is a hair wider than two steps: its lattice has a sample in the middle that a
    # box a hair narrower would not, and that sample alone finds the thin area in the second box.
    first = np.array([0.0, 0.0, np.nextafter(4.0, 5.0), 1.0])
    second = np.array([100.0, 0.0, 100.0 + np.nextafter(4.0, 3.0), 1.0])
    sliver = np.array([[101.9, -5.0], [102.1, -5.0], [102.1, 5.0], [101.9, 5.0], [101.9, -5.0]])
    far = np.array([[-9.0, -9.0], [-8.0, -9.0], [-8.0, -8.0], [-9.0, -9.0]])
    rings = [sliver, far]
    boxes = np.array([first, second])
    assert np.array_equal(areas.clear_of(rings, boxes), _clear_of(rings, boxes))
    assert np.array_equal(areas.inside_share(rings, boxes), _inside_share(rings, boxes))
    assert np.array_equal(areas.within(rings, boxes), _within(rings, boxes))


def test_an_outline_is_remembered_by_its_coordinates_and_read_only():
    square = [np.array([[0.0, 0.0], [4.0, 0.0], [4.0, 4.0], [0.0, 4.0], [0.0, 0.0]])]
    moved = [square[0] + 1.0]
    first, again, other = (areas.outline_of(r) for r in (square, [square[0].copy()], moved))
    assert again is first and other is not first
    assert np.array_equal(other.low, [1.0, 1.0]) and np.array_equal(other.high, [5.0, 5.0])
    assert np.array_equal(first.ends, np.roll(square[0], -1, axis=0))
    assert not first.vertices.flags.writeable and not areas._lattice(3, 2)[0].flags.writeable
    for index in range(areas._OUTLINES_KEPT + 1):  # more shapes than it keeps: it starts over
        areas.outline_of([square[0] + 10.0 * index])
    assert len(areas._OUTLINES) <= areas._OUTLINES_KEPT
