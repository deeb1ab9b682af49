"""Short cuts in the map geometry give the answers of the long way, bit for bit.

``distance_to_edges`` takes one square root per point (of the least square) rather than one per
edge; ``best_corner`` and ``inset_box`` work out each corner's coverage of a shape once, though
the shape comes in several of their lists. Both rank label spots and corners, so a last-bit
difference could move a name: the answers must be equal, not close.
"""

from __future__ import annotations

import numpy as np
from mapcheck import real_boundaries

from breakaway.report.maps import furniture
from breakaway.report.maps.furniture import best_corner, corner_boxes, inset_box
from breakaway.report.maps.geometry import Extent, distance_to_edges, rings_of
from breakaway.report.maps.labels import Frame


def _distance_the_long_way(rings, points):
    starts = np.concatenate([ring[:-1] for ring in rings])
    ends = np.concatenate([ring[1:] for ring in rings])
    edge = ends - starts
    length2 = np.maximum((edge**2).sum(axis=1), 1e-12)
    p = points[:, None, :]
    t = np.clip(((p - starts) * edge).sum(axis=2) / length2, 0.0, 1.0)
    gap = p - (starts + t[..., None] * edge)
    return np.sqrt((gap**2).sum(axis=2)).min(axis=1)


def test_the_distance_to_the_edges_is_the_least_distance_bit_for_bit():
    generator = np.random.default_rng(22)
    for fid in ["RUS", "AZE", "TUR", "transnistria"]:
        feature = real_boundaries()[fid]
        rings = [ring * 90.0 for ring in rings_of(feature["geometry"])]
        vertices = np.concatenate(rings)
        (x0, y0), (x1, y1) = vertices.min(axis=0), vertices.max(axis=0)
        points = np.concatenate(
            [
                generator.uniform((x0, y0), (x1, y1), size=(2100, 2)),  # more than one chunk
                vertices[::5],
                vertices[::7] + 1e-7,
            ]
        )
        assert np.array_equal(
            distance_to_edges(rings, points), _distance_the_long_way(rings, points)
        ), fid


class _Counted(Frame):
    """A frame that counts what it is asked, and answers as a frame does."""

    asked: list

    def coverage(self, box, rings):
        self.asked.append(box)
        return super().coverage(box, rings)


def _frame() -> Frame:
    frame = _Counted(Extent(38.0, 50.0, 38.0, 45.0), 400.0, 260.0)
    object.__setattr__(frame, "asked", [])
    return frame


def _corner_the_long_way(frame, corners, must_avoid, prefer_off, points, rather_not, water):
    scored = []
    for rank, (name, box) in enumerate(corners.items()):
        x0, y0, x1, y1 = box
        blocked = any(x0 <= x <= x1 and y0 <= y <= y1 for x, y in points)
        for rings in must_avoid:
            vertices = np.concatenate(rings)
            inside = (vertices[:, 0] > x0) & (vertices[:, 0] < x1)
            blocked |= bool((inside & (vertices[:, 1] > y0) & (vertices[:, 1] < y1)).any())
            blocked |= frame.coverage(box, rings) > 0
        cost = sum(weight * frame.coverage(box, rings) for weight, rings in prefer_off)
        weight, land = water
        cost += weight * (1 - sum(frame.coverage(box, rings) for rings in land))
        covers = any(frame.coverage(box, rings) > 0 for rings in rather_not)
        scored.append((blocked, covers, round(cost, 6), rank, name))
    return scored


def test_each_corner_covers_each_shape_once_with_the_same_choice(monkeypatch):
    boundaries = real_boundaries()
    frame = _frame()
    countries = [f for f in boundaries.values() if f["kind"] == "country"]
    land = [frame.rings_pt(f["geometry"]) for f in countries]
    territory = frame.rings_pt(boundaries["south-ossetia"]["geometry"])
    parent = frame.rings_pt(boundaries["GEO"]["geometry"])  # the same shape as Georgia's in land
    prefer_off = [(1.0, parent)] + [(0.25, rings) for rings in land]
    chosen = []
    for width, height in [(60.0, 22.0), (150.0, 100.0), (230.0, 150.0)]:
        corners = corner_boxes(frame, width, height, 6.0)
        scored = _corner_the_long_way(
            frame, corners, [territory], prefer_off, [], [parent], (1.5, land)
        )
        frame.asked.clear()
        name = best_corner(frame, corners, [territory], prefer_off, [], [parent], (1.5, land))
        assert name == min(scored)[-1]
        chosen.append(name)
        # Each corner's coverage of the territory and of each country, the parent once.
        assert len(frame.asked) == len(corners) * (1 + len(land))
    assert len(set(chosen)) > 1  # the sizes tell the corners apart
    inset = inset_box(frame, 200.0, 1.4, [territory], prefer_off, [], parent, land)
    monkeypatch.setattr(
        furniture._Coverage, "__call__", lambda self, box, rings: self.frame.coverage(box, rings)
    )
    assert inset_box(frame, 200.0, 1.4, [territory], prefer_off, [], parent, land) == inset
