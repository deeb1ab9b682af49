"""Label placement: text boxes that stay inside their areas, clear of each other and of markers."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.text import Text

from breakaway.report import charts
from breakaway.report.chart_frame import outline_width
from breakaway.report.maps.areas import clear_of, inside_share, within
from breakaway.report.maps.geometry import (
    Box,
    Extent,
    distance_to_edges,
    points_inside,
    rings_key,
    rings_of,
)

HALO_WIDTH = 2.4


class HaloText(Text):
    """Text over a white halo; in SVG the letters stay text.

    matplotlib's ``patheffects.withStroke`` turns a label into glyph outlines twice (the halo,
    then the letters): that made half of a locator map's SVG (about 90 of the flagship's 184 KB)
    and left its names unsearchable in the PDF. In SVG the halo is drawn as the glyphs' outlines
    stroked white and the letters over it as text: the same picture (the letters on a white
    outline ``halo_width`` points wide), one path instead of two. Raster output (PNG) keeps
    ``withStroke``, whose letters sit exactly on their halo with Agg's hinted text. The halo has
    no ``gid``: the text keeps it.
    """

    def __init__(self, *args, halo_width: float = HALO_WIDTH, **kwargs):
        super().__init__(*args, **kwargs)
        self.halo_width = halo_width

    def draw(self, renderer) -> None:
        """Draw the halo, then the text over it."""
        if hasattr(renderer, "buffer_rgba"):  # Agg: a raster
            self.set_path_effects(
                [patheffects.withStroke(linewidth=self.halo_width, foreground="white")]
            )
            try:
                super().draw(renderer)
            finally:
                self.set_path_effects([])
            return
        if self.get_visible() and self.get_text():
            colour, gid = self.get_color(), self.get_gid()
            try:
                self.set_color("white")
                self.set_gid(None)
                self.set_path_effects(
                    [patheffects.Stroke(linewidth=self.halo_width, foreground="white")]
                )
                super().draw(renderer)
            finally:
                self.set_path_effects([])
                self.set_color(colour)
                self.set_gid(gid)
        super().draw(renderer)


def halo_text(ax: Axes, x: float, y: float, text: str, **kwargs) -> HaloText:
    """Add ``text`` at data coordinates (x, y) of ``ax`` over a white halo, as ``ax.text`` would.

    Keyword arguments are ``Text`` properties, plus ``halo_width`` in points.
    """
    label = HaloText(x, y, text, transform=ax.transData, clip_on=False, **kwargs)
    label.set_clip_path(ax.patch)
    ax.add_artist(label)  # as ax.text does: a Text child, so among ax.texts, drawn with the axes
    return label


@dataclass(frozen=True)
class Frame:
    """A map axes: its extent and its drawn size in points, for placing labels."""

    extent: Extent
    width_pt: float
    height_pt: float

    def to_pt(self, lonlat: np.ndarray) -> np.ndarray:
        """Longitude/latitude points as points from the axes' lower-left corner."""
        e = self.extent
        return np.column_stack(
            [
                (lonlat[:, 0] - e.west) / (e.east - e.west) * self.width_pt,
                (lonlat[:, 1] - e.south) / (e.north - e.south) * self.height_pt,
            ]
        )

    def to_lonlat(self, x: float, y: float) -> tuple[float, float]:
        """A position in points back to longitude/latitude."""
        e = self.extent
        return (
            e.west + x / self.width_pt * (e.east - e.west),
            e.south + y / self.height_pt * (e.north - e.south),
        )

    def rings_pt(self, geometry: dict) -> list[np.ndarray]:
        """A geometry's rings in points."""
        return [self.to_pt(ring) for ring in rings_of(geometry)]

    def coverage(self, box: Box, rings: list[np.ndarray]) -> float:
        """Share of ``box`` inside ``rings`` (sampled on a 12 x 12 grid)."""
        xs = np.linspace(box[0], box[2], 12)
        ys = np.linspace(box[1], box[3], 12)
        return float(points_inside(rings, lattice(xs, ys)).mean())


def lattice(xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """Every (x, y) of the two axes' values as (n, 2) points, row by row from the first y."""
    grid_x, grid_y = np.meshgrid(np.asarray(xs, dtype=float), np.asarray(ys, dtype=float))
    return np.column_stack([grid_x.ravel(), grid_y.ravel()])


def text_size(text: str, size: float, weight: str = "normal") -> tuple[float, float]:
    """Width and height in points of text (one or more lines) in the house font."""
    prop = FontProperties(family=charts.STYLE["font.family"], size=size, weight=weight)
    lines = text.split("\n")
    return max(outline_width(line, prop) for line in lines), size * 1.2 * len(lines)


class Remembered(OrderedDict):
    """Arrays worked out from a shape in points, up to ``limit`` bytes, the least used forgotten.

    Their arrays are read only: every map that asks gets the same one.
    """

    def __init__(self, limit: int):
        super().__init__()
        self.limit = limit
        self.size = 0

    def __getitem__(self, key):
        self.move_to_end(key)
        return super().__getitem__(key)

    def __setitem__(self, key, value: np.ndarray) -> None:
        value.flags.writeable = False
        super().__setitem__(key, value)
        self.size += value.nbytes
        while self.size > self.limit and len(self) > 1:
            _key, dropped = self.popitem(last=False)
            self.size -= dropped.nbytes


# What the labellers of one process remember, as maps of the same shapes in the same frame come
# again (a briefing per date, tests): each shape's spots inside it, roomiest first, by frame
# size; the candidate boxes round it, nearest first, by label size and reach. Both depend on
# nothing else, and a name is tried at several sizes, on one line or two, against several
# tests of where it may sit.
SPOTS = Remembered(16_000_000)
AROUND = Remembered(16_000_000)

# Which of ``(k, 4)`` label boxes (in points) a name may take: a name's own test of its area.
Accept = Callable[[np.ndarray], np.ndarray]


def box_samples(boxes: np.ndarray) -> np.ndarray:
    """Nine points (corners, edge midpoints, centre) of each (k, 4) box, as (k, 9, 2)."""
    xs = np.stack([boxes[:, 0], (boxes[:, 0] + boxes[:, 2]) / 2, boxes[:, 2]], axis=1)
    ys = np.stack([boxes[:, 1], (boxes[:, 1] + boxes[:, 3]) / 2, boxes[:, 3]], axis=1)
    return np.stack(
        [np.stack([xs[:, i], ys[:, j]], axis=1) for j in range(3) for i in range(3)], axis=1
    )


@dataclass
class MapLabel:
    """A label to place: its text, size, weight and colour."""

    text: str
    size: float
    weight: str = "normal"
    colour: str = "#222222"
    halo: bool = False
    style: str = "normal"


class Labeller:
    """Places labels on one map so that they stay inside it and do not overlap.

    Labels are placed one at a time, in order of importance; each takes the first free spot from
    its candidates, and a label with no free spot is left out rather than drawn over another.
    """

    PAD = 2.0  # points kept clear around a label
    EDGE = 3.0  # points kept clear of the map's frame

    def __init__(self, ax: Axes, frame: Frame):
        self.ax = ax
        self.frame = frame
        self.taken: list[Box] = []
        self.last_text: Text | None = None  # the label drawn last, for its leader
        self.keep_out: dict[str, list[np.ndarray]] = {}
        self._spots: dict[tuple, np.ndarray] = SPOTS
        self._around: dict[tuple, np.ndarray] = AROUND
        # Which boxes were free, by what was taken and kept out then: the tests above retry the
        # same boxes while nothing is placed.
        self._was_free: dict[tuple, np.ndarray] = {}

    def block(self, box: Box) -> None:
        """Keep labels off ``box`` (an inset, a scale bar, a marker)."""
        self.taken.append(box)

    def avoid(self, key: str, rings: list[np.ndarray]) -> None:
        """Keep labels other than ``key``'s own off the shape ``rings`` (in points)."""
        self.keep_out[key] = rings

    def _boxes(self, centres: np.ndarray, label: MapLabel) -> np.ndarray:
        width, height = text_size(label.text, label.size, label.weight)
        half = np.array([width / 2, height / 2])
        return np.hstack([centres - half, centres + half])

    def _free(self, boxes: np.ndarray, own: str) -> np.ndarray:
        key = (
            boxes.shape,
            boxes.tobytes(),
            own,
            tuple(self.taken),
            tuple((name, rings_key(rings)) for name, rings in self.keep_out.items()),
        )
        if key not in self._was_free:
            self._was_free[key] = self._find_free(boxes, own)
        return self._was_free[key].copy()

    def _find_free(self, boxes: np.ndarray, own: str) -> np.ndarray:
        pad = self.PAD
        grown = boxes + np.array([-pad, -pad, pad, pad])
        free = (
            (grown[:, 0] >= self.EDGE)
            & (grown[:, 1] >= self.EDGE)
            & (grown[:, 2] <= self.frame.width_pt - self.EDGE)
            & (grown[:, 3] <= self.frame.height_pt - self.EDGE)
        )
        for x0, y0, x1, y1 in self.taken:
            free &= ~(
                (grown[:, 0] < x1) & (grown[:, 2] > x0) & (grown[:, 1] < y1) & (grown[:, 3] > y0)
            )
        for key, rings in self.keep_out.items():
            if key != own and free.any():
                free[free] = clear_of(rings, grown[free])
        return free

    def _first(self, boxes: np.ndarray, own: str, accept: Accept, chunk: int = 128) -> int | None:
        """The first of ``boxes`` (in order of preference) that is free and ``accept`` allows.

        Checked a chunk at a time: the preferred spots are usually free, and each check samples
        every box densely (``areas``), so most candidates are never looked at.
        """
        for start in range(0, len(boxes), chunk):
            part = boxes[start : start + chunk]
            ok = self._free(part, own)
            if ok.any():
                ok[ok] = accept(part[ok])
            found = np.flatnonzero(ok)
            if len(found):
                return start + int(found[0])
        return None

    def _draw(self, label: MapLabel, box: np.ndarray, gid: str) -> None:
        self.taken.append((float(box[0]), float(box[1]), float(box[2]), float(box[3])))
        lon, lat = self.frame.to_lonlat((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
        style: dict[str, Any] = {
            "ha": "center",
            "va": "center",
            "fontsize": label.size,
            "fontweight": label.weight,
            "color": label.colour,
            "fontstyle": label.style,
            "zorder": 5,
            "gid": gid,
        }
        self.last_text = (
            halo_text(self.ax, lon, lat, label.text, **style)
            if label.halo
            else self.ax.text(lon, lat, label.text, **style)
        )

    def leader(self, rings: list[np.ndarray], gid: str, apart: float = 6.0) -> None:
        """Join the label drawn last to the nearest point of ``rings`` when it sits ``apart``.

        A name set beside a thin or small area can sit closer to other land than to its own; the
        line says which area it names. The nearest outline point is the line's end; its start is
        set when drawn, at the label's drawn box (see ``Leader``). Labels placed later keep off it.
        """
        if self.last_text is None:
            raise RuntimeError("leader() joins the label drawn last; no label is drawn yet")
        x0, y0, x1, y1 = self.taken[-1]
        vertices = np.concatenate(rings)
        on_box = np.column_stack([np.clip(vertices[:, 0], x0, x1), np.clip(vertices[:, 1], y0, y1)])
        distances = np.hypot(*(vertices - on_box).T)
        nearest = int(np.argmin(distances))
        if distances[nearest] <= apart:
            return
        start, end = on_box[nearest], vertices[nearest]
        self.ax.add_line(
            Leader(
                self.last_text,
                self.frame.to_lonlat(*end),
                self.frame.to_lonlat(*start),
                gid=gid,
            )
        )
        self.block(
            (
                min(start[0], end[0]),
                min(start[1], end[1]),
                max(start[0], end[0]),
                max(start[1], end[1]),
            )
        )

    def place_inside(
        self, label: MapLabel, rings: list[np.ndarray], own: str, gid: str, whole: bool = False
    ) -> bool:
        """Label a shape at its roomiest free spot inside the map.

        Args:
            label: The text and its style.
            rings: The shape, in points.
            own: The shape's key in ``keep_out`` (its own outline does not repel the label).
            gid: The SVG id of the text.
            whole: Only accept a spot where the whole label lies inside the shape.

        Returns:
            Whether the label was placed.
        """
        grid = self._roomiest(rings)
        if not len(grid):
            return False
        boxes = self._boxes(grid, label)
        tiers: list[Accept] = [lambda part: within(rings, part)]
        if not whole:
            tiers.append(lambda part: inside_share(rings, part) >= 2 / 3)
        for tier in tiers:
            choice = self._first(boxes, own, tier)
            if choice is not None:
                self._draw(label, boxes[choice], gid)
                return True
        return False

    def _roomiest(self, rings: list[np.ndarray]) -> np.ndarray:
        """The points of a 4 pt grid over the frame inside ``rings``, roomiest first."""
        key = (self.frame.width_pt, self.frame.height_pt, rings_key(rings))
        if key not in self._spots:
            step = 4.0
            xs = np.arange(step / 2, self.frame.width_pt, step)
            ys = np.arange(step / 2, self.frame.height_pt, step)
            grid = lattice(xs, ys)
            grid = grid[points_inside(rings, grid)]
            # The roomiest spot is the one furthest from the shape's edge and the map's frame.
            room = np.minimum.reduce(
                [
                    distance_to_edges(rings, grid),
                    grid[:, 0],
                    grid[:, 1],
                    self.frame.width_pt - grid[:, 0],
                    self.frame.height_pt - grid[:, 1],
                ]
            )
            self._spots[key] = grid[np.argsort(-room, kind="stable")]
        return self._spots[key]

    def place_beside(self, label: MapLabel, box: Box, own: str, gid: str, gap: float = 3.0) -> bool:
        """Label something at the first free spot around ``box``: right, left, above, below.

        Args:
            label: The text and its style.
            box: What is being labelled, in points.
            own: The key in ``keep_out`` that does not repel this label.
            gid: The SVG id of the text.
            gap: Points between ``box`` and the label.

        Returns:
            Whether the label was placed.
        """
        width, height = text_size(label.text, label.size, label.weight)
        x0, y0, x1, y1 = box
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        right, left = x1 + gap + width / 2, x0 - gap - width / 2
        above, below = y1 + gap + height / 2, y0 - gap - height / 2
        centres = np.array(
            [
                (right, cy),
                (left, cy),
                (cx, above),
                (cx, below),
                (right, above),
                (left, above),
                (right, below),
                (left, below),
            ]
        )
        boxes = self._boxes(centres, label)
        choice = np.flatnonzero(self._free(boxes, own))
        if len(choice):
            self._draw(label, boxes[choice[0]], gid)
            return True
        return False

    def place_near(
        self,
        label: MapLabel,
        at: np.ndarray,
        accept: Accept,
        own: str,
        gid: str,
        reach: float = 60.0,
    ) -> bool:
        """Label an area at the free spot nearest ``at`` that ``accept`` allows.

        Args:
            label: The text and its style.
            at: The point (in points) the label should sit nearest to.
            accept: Which label boxes lie where the name belongs (wholly on the area it names,
                on water: see :mod:`.areas`).
            own: The key in ``keep_out`` that does not repel this label.
            gid: The SVG id of the text.
            reach: The farthest a label's centre may be from ``at``, in points.

        Returns:
            Whether the label was placed.
        """
        steps = np.arange(0.0, reach + 0.1, 4.0)
        offsets = [(0.0, 0.0)] + [
            (r * np.cos(a), r * np.sin(a))
            for r in steps[1:]
            for a in np.linspace(0.0, 2 * np.pi, max(8, int(r)), endpoint=False)
        ]
        centres = np.asarray(at, dtype=float)[None, :] + np.array(offsets)
        boxes = self._boxes(centres, label)
        choice = self._first(boxes, own, accept)
        if choice is not None:
            self._draw(label, boxes[choice], gid)
            return True
        return False

    def place_outside(
        self, label: MapLabel, rings: list[np.ndarray], accept: Accept, gid: str, reach: float
    ) -> bool:
        """Label an area from outside it, at the free spot ``accept`` allows nearest its outline.

        For a name too long for its area: the name keeps off the area itself (it would hide it)
        and off every other area in ``keep_out``; a leader (``leader``) then ties it to the area.

        Args:
            label: The text and its style.
            rings: The area, in points.
            accept: Which label boxes lie where the name may sit (see ``place_near``).
            gid: The SVG id of the text.
            reach: The farthest the label's box may be from the area's outline, in points.

        Returns:
            Whether the label was placed.
        """
        width, height = text_size(label.text, label.size, label.weight)
        key = (rings_key(rings), width, height, reach)
        if key not in self._around:
            self._around[key] = self._boxes_around(rings, width, height, reach)
        boxes = self._around[key]
        choice = self._first(boxes, "", lambda part: clear_of(rings, part) & accept(part))
        if choice is not None:
            self._draw(label, boxes[choice], gid)
            return True
        return False

    def _boxes_around(
        self, rings: list[np.ndarray], width: float, height: float, reach: float
    ) -> np.ndarray:
        """Label boxes of this size within ``reach`` of the shape, nearest its outline first."""
        vertices = np.concatenate(rings)
        low, high = vertices.min(axis=0), vertices.max(axis=0)
        margin = np.array([reach + width / 2, reach + height / 2])
        xs = np.arange(low[0] - margin[0], high[0] + margin[0], 3.0)
        ys = np.arange(low[1] - margin[1], high[1] + margin[1], 3.0)
        centres = lattice(xs, ys)
        half = np.array([width / 2, height / 2])
        boxes = np.hstack([centres - half, centres + half])
        gaps = np.empty(len(boxes))
        for start in range(0, len(boxes), 512):
            part = boxes[start : start + 512, None, :]
            dx = np.maximum(
                np.maximum(part[..., 0] - vertices[:, 0], vertices[:, 0] - part[..., 2]), 0
            )
            dy = np.maximum(
                np.maximum(part[..., 1] - vertices[:, 1], vertices[:, 1] - part[..., 3]), 0
            )
            gaps[start : start + 512] = np.hypot(dx, dy).min(axis=1)
        centre = vertices.mean(axis=0)
        # Nearest the outline (in steps of 4 pt, so that a name that can touch its area does),
        # then nearest the area's middle: beside it, not off one of its corners.
        order = np.lexsort((np.hypot(*(centres - centre).T), np.floor(gaps / 4.0)))
        return boxes[order[gaps[order] <= reach]]


class Leader(Line2D):
    """A thin line from a label's drawn box to a point on the outline of the area it names.

    The start is found when drawn, from the text's real extent: the map's axes may still change
    size after the labels are placed (a note under the map, the page's layout), and text keeps its
    size in points while the map scales, so a start fixed at placement could miss the label.
    """

    GAP_PT = 1.5  # between the line's ends and the label or the outline

    def __init__(self, label: Text, end: tuple[float, float], start: tuple[float, float], **kw):
        super().__init__(
            [start[0], end[0]],
            [start[1], end[1]],
            color="#111111",
            linewidth=0.6,
            solid_capstyle="round",
            zorder=5,
            **kw,
        )
        self._label = label
        self._end = end

    def draw(self, renderer) -> None:
        """Draw from the label's box as drawn now to the outline point."""
        if self.axes is None:
            raise RuntimeError("a leader is drawn inside an axes; add it with ax.add_line first")
        if not self._label.get_visible():
            self.set_data([], [])  # no label, nothing to tie
            return
        box = self._label.get_window_extent(renderer)
        to_pixels = self.axes.transData
        end = to_pixels.transform(self._end)
        start = np.array([np.clip(end[0], box.x0, box.x1), np.clip(end[1], box.y0, box.y1)])
        length = float(np.hypot(*(end - start)))
        gap = renderer.points_to_pixels(self.GAP_PT)
        if length <= 3 * gap:
            self.set_data([], [])  # the label reached its area after all: no line
            return
        direction = (end - start) / length
        ends = np.array([start + 2 * gap * direction, end - gap * direction])
        lon, lat = to_pixels.inverted().transform(ends).T
        self.set_data(lon, lat)
        super().draw(renderer)
