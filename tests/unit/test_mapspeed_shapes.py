"""``add_shape`` adds its patch as ``add_patch`` would, without walking the path in Python.

``add_patch`` finds a patch's data limits segment by segment (curve extremes); ``add_shape``
adds the outline's vertices instead. For outlines of straight segments the two must agree: the
same limits, the same place among the axes' children, the same clip path and transform.
"""

from __future__ import annotations

import numpy as np
import pytest
from mapcheck import TINY, real_boundaries, real_context
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch

from breakaway.report.maps.furniture import add_shape
from breakaway.report.maps.geometry import geometry_path


def _features() -> list[dict]:
    overview = real_context()["overview"]
    return [
        *(f["geometry"] for f in real_boundaries().values()),
        *(f["geometry"] for f in overview.values()),
        *(f["geometry"] for f in TINY["features"]),
    ]


@pytest.mark.parametrize("count", [1, 2, 9, None])
def test_the_limits_and_children_are_those_add_patch_gives(count):
    geometries = _features()[:count]
    fast, plain = Figure().add_subplot(), Figure().add_subplot()
    for index, geometry in enumerate(geometries):
        shape = add_shape(fast, geometry, f"g{index}", f"l{index}", "red", "white", 0.5, 1.0)
        drawn = plain.add_patch(
            PathPatch(
                geometry_path(geometry),
                facecolor="red",
                edgecolor="white",
                linewidth=0.5,
                zorder=1.0,
                label=f"l{index}",
                gid=f"g{index}",
                joinstyle="round",
            )
        )
        assert shape.axes is fast
        assert shape.get_clip_box().bounds == drawn.get_clip_box().bounds == fast.bbox.bounds
        assert shape.get_clip_path() is None and drawn.get_clip_path() is None
        assert shape.get_transform() == fast.transData
        assert np.array_equal(shape.get_path().vertices, drawn.get_path().vertices)
    assert np.array_equal(fast.dataLim.get_points(), plain.dataLim.get_points())
    assert fast.ignore_existing_data_limits == plain.ignore_existing_data_limits
    assert [p.get_gid() for p in fast.patches] == [p.get_gid() for p in plain.patches]


def test_a_shape_whose_closing_vertex_lies_apart_leaves_it_out_as_add_patch_does():
    # A ring whose stored closing point is not its first: the path closes to the first point, so
    # the stray point is no part of the shape's limits.
    geometry = {"type": "Polygon", "coordinates": [[[0, 0], [2, 0], [2, 2], [0, 2], [-1, 1]]]}
    fast, plain = Figure().add_subplot(), Figure().add_subplot()
    add_shape(fast, geometry, "g", "l", "red", "white", 0.5, 1.0)
    plain.add_patch(PathPatch(geometry_path(geometry)))
    assert np.array_equal(fast.dataLim.get_points(), plain.dataLim.get_points())
