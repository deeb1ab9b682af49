"""The labeller's remembered work gives the answers working afresh would.

The labellers of a process remember each shape's roomiest spots by frame size and the boxes round
each shape by label size and reach; a labeller remembers which boxes were free while nothing
changed. These tests draw with and without that
memory and compare the SVG, and check that what a label's freedom depends on (names placed,
boxes blocked, shapes kept out, the label's own shape) is part of what the memory is keyed by.
"""

from __future__ import annotations

import numpy as np
import pytest
from mapcheck import TEXT, load_tiny
from matplotlib.figure import Figure

from breakaway.report import blocks, maps
from breakaway.report.maps import labels
from breakaway.report.maps.labels import Frame, Labeller, MapLabel, lattice, rings_key
from breakaway.report.maps.naming import name_area, off_areas


class _Forgetful(dict):
    """A memory that never holds anything: every answer is worked out afresh."""

    def __contains__(self, key) -> bool:
        return False


def _forget(monkeypatch) -> None:
    remember = Labeller.__init__

    def init(self, ax, frame):
        remember(self, ax, frame)
        self._spots, self._around, self._was_free = _Forgetful(), _Forgetful(), _Forgetful()

    monkeypatch.setattr(Labeller, "__init__", init)


def _labeller() -> Labeller:
    ax = Figure(figsize=(4, 3)).add_subplot()
    return Labeller(ax, Frame(maps.geometry.Extent(0, 40, 0, 30), 300.0, 220.0))


def _square(x: float, y: float, size: float) -> list[np.ndarray]:
    return [np.array([[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]])]


def test_the_lattice_is_the_points_row_by_row():
    xs, ys = np.arange(0.3, 17.0, 4.1), np.array([5.0, -1.5, 2.25])
    assert np.array_equal(lattice(xs, ys), np.array([(x, y) for y in ys for x in xs]))


@pytest.mark.parametrize("territory", ["ne", "mid", "sw"])
def test_a_map_drawn_with_the_memory_is_the_map_drawn_without(tmp_path, monkeypatch, territory):
    tiny = load_tiny(tmp_path)
    remembered = blocks.figure_svg(maps.locator_map(tiny, territory, "PAR", None, "", TEXT))
    _forget(monkeypatch)
    afresh = blocks.figure_svg(maps.locator_map(tiny, territory, "PAR", None, "", TEXT))
    assert remembered == afresh


def test_freedom_is_remembered_only_while_nothing_changes():
    labeller = _labeller()
    boxes = lattice(np.arange(10.0, 290.0, 20.0), np.arange(10.0, 210.0, 20.0))
    boxes = np.hstack([boxes - 6.0, boxes + 6.0])
    square = _square(100.0, 100.0, 40.0)

    def same() -> None:
        assert np.array_equal(labeller._free(boxes, "own"), labeller._find_free(boxes, "own"))

    same()
    labeller.block((0.0, 0.0, 60.0, 60.0))
    same()
    labeller.avoid("square", square)
    same()
    labeller.keep_out["square"] = _square(150.0, 100.0, 40.0)  # the same key, another shape
    same()
    labeller.taken.append((200.0, 150.0, 260.0, 200.0))  # taken without block(), as draw.py does
    same()
    labeller.taken.pop()
    same()
    assert not np.array_equal(labeller._free(boxes, "own"), labeller._free(boxes, "square"))
    returned = labeller._free(boxes, "own")
    returned[:] = False  # a caller may change what it gets; the memory must not change with it
    same()


def test_spots_and_boxes_around_are_kept_by_shape_size_and_reach():
    labeller = _labeller()
    left, right = _square(40.0, 40.0, 60.0), _square(180.0, 40.0, 60.0)
    assert rings_key(left) != rings_key(right)
    assert not np.array_equal(labeller._roomiest(left), labeller._roomiest(right))
    assert rings_key(left) == rings_key([ring.copy() for ring in left])
    for rings in (left, right):
        assert labeller.place_inside(MapLabel("Leftland", 9.5), rings, "x", "g", whole=True)
    placed = [labeller.taken[-2], labeller.taken[-1]]
    assert placed[0][0] < 100.0 < placed[1][0]


def test_a_name_beside_its_area_at_each_size_is_placed_as_afresh(monkeypatch):
    area, neighbour = _square(120.0, 90.0, 8.0), _square(60.0, 60.0, 50.0)

    def place() -> list[tuple]:
        labeller = _labeller()
        labeller.avoid("area", area)
        placed = []
        for text, size in [("A long name", 9.0), ("A long name", 8.0), ("Shorter", 7.0)]:
            for reach in (6.0, 40.0):
                label = MapLabel(text, size)
                ok = labeller.place_outside(label, area, off_areas([neighbour]), "g", reach)
                placed.append((ok, tuple(labeller.taken)))
        name_area(labeller, MapLabel("Areaville", 8.0), area, "area", "n", off_areas([]), "l")
        placed.append(tuple(labeller.taken))
        return placed

    remembered = place()
    _forget(monkeypatch)
    assert place() == remembered


def test_spots_are_kept_by_frame_size_too():
    square = _square(40.0, 40.0, 210.0)
    small = _labeller()
    large = Labeller(small.ax, Frame(small.frame.extent, 600.0, 440.0))
    # In the smaller frame the frame's edge limits the room, in the larger the square's.
    assert not np.array_equal(small._roomiest(square), large._roomiest(square))
    fresh = Labeller(small.ax, Frame(small.frame.extent, 600.0, 440.0))
    fresh._spots = _Forgetful()
    assert np.array_equal(large._roomiest(square), fresh._roomiest(square))


def test_the_memory_forgets_the_least_used_beyond_its_limit():
    memory = labels.Remembered(limit=3 * 800)
    for name in "abc":
        memory[name] = np.zeros(100)  # 800 bytes each
    assert memory["a"] is not None  # used: "b" is now the least used
    memory["d"] = np.zeros(100)
    assert list(memory) == ["c", "a", "d"]
    assert memory.size == 3 * 800
    assert not memory["d"].flags.writeable
