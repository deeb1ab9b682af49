"""Map furniture: styled axes with a graticule, country shapes, and a scale bar in a free corner."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath

from breakaway.data.boundaries import Boundaries
from breakaway.report import charts
from breakaway.report.maps.geometry import (
    KM_PER_DEGREE,
    Box,
    Extent,
    geometry_path,
    rings_key,
)
from breakaway.report.maps.labels import (
    Frame,
    halo_text,
)

TERRITORY_COLOUR = charts.PALETTE["vermillion"]
PARENT_COLOUR = charts.PALETTE["light"]
NEIGHBOUR_COLOUR = "#ECECEC"  # PALETTE["light"] halfway to white
EDGE_COLOUR = "#A6A6A6"
PARENT_EDGE_COLOUR = "#6F6F6F"
# Seas and lakes: everything the file's countries leave uncovered inside its clip windows.
WATER_COLOUR = "#DDEAF3"
# The parent's other breakaway regions: the territory's colour, lighter, and named darker.
RELATED_COLOUR = "#F0B48A"
RELATED_TEXT = "#8A3D00"


def ticks(low: float, high: float, most: int = 6) -> list[float]:
    """Round graticule positions between ``low`` and ``high``, at most ``most`` of them."""
    for step in (0.5, 1.0, 2.0, 5.0, 10.0, 20.0):
        first = math.ceil(low / step) * step
        ticks = [first + i * step for i in range(int((high - first) // step) + 1)]
        if len(ticks) <= most:
            return [t for t in ticks if low < t < high]
    return []


def degrees(value: float, positive: str, negative: str) -> str:
    """A graticule label such as ``44°N``."""
    return f"{abs(value):g}°{positive if value >= 0 else negative}"


def style_map_axes(ax: Axes, extent: Extent, graticule: bool, gid: str) -> None:
    """Limit the axes to ``extent`` at the ground aspect, with an optional graticule."""
    ax.set_gid(gid)
    ax.set_xlim(extent.west, extent.east)
    ax.set_ylim(extent.south, extent.north)
    ax.set_aspect(1 / math.cos(math.radians(extent.mid_latitude)), adjustable="box")
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color("#9A9A9A")
        spine.set_linewidth(0.6)
    if graticule:
        ax.set_xticks(ticks(extent.west, extent.east))
        ax.set_yticks(ticks(extent.south, extent.north))
        ax.xaxis.set_major_formatter(lambda v, _: degrees(v, "E", "W"))
        ax.yaxis.set_major_formatter(lambda v, _: degrees(v, "N", "S"))
        ax.tick_params(labelsize=7, length=2, width=0.5, colors="#666666", pad=2)
        # Between the country fills (zorder 1) and the highlighted region (1.6).
        ax.grid(True, color="#8C8C8C", linewidth=0.3, alpha=0.6)
        ax.set_axisbelow("line")
    else:
        ax.set_xticks([])
        ax.set_yticks([])
    ax.set_facecolor("white")


def add_shape(
    ax: Axes,
    geometry: dict,
    gid: str,
    label: str,
    facecolor: str,
    edgecolor: str,
    linewidth: float,
    zorder: float,
) -> PathPatch:
    """Draw one feature's geometry as a filled path.

    Added as an artist, with the path's vertices added to the data limits, rather than by
    ``add_patch``: that walks the path segment by segment in Python to find curve extremes, and a
    map's outlines are thousands of straight segments whose extremes are their vertices. The
    limits come out the same; the map's own are set by ``style_map_axes`` in any case.
    """
    path = geometry_path(geometry)
    patch = PathPatch(
        path,
        facecolor=facecolor,
        edgecolor=edgecolor,
        linewidth=linewidth,
        zorder=zorder,
        label=label,
        gid=gid,
        joinstyle="round",
    )
    ax.add_artist(patch)
    vertices, codes = np.asarray(path.vertices), np.asarray(path.codes)
    ax.update_datalim(vertices[codes != MplPath.CLOSEPOLY])
    return patch


def draw_countries(
    ax: Axes, boundaries: Boundaries, highlight_parents: set[str], linewidth: float = 0.5
) -> None:
    """Draw every country, the parents of highlighted regions in their own colour."""
    for feature_id, feature in boundaries.items():
        if feature["kind"] != "country":
            continue
        is_parent = feature_id in highlight_parents
        add_shape(
            ax,
            feature["geometry"],
            f"country-{feature_id}",
            feature_id,
            PARENT_COLOUR if is_parent else NEIGHBOUR_COLOUR,
            PARENT_EDGE_COLOUR if is_parent else EDGE_COLOUR,
            linewidth * (1.3 if is_parent else 1.0),
            1.2 if is_parent else 1.0,
        )


def clip_to_parent(ax: Axes, patch: PathPatch, parent_iso3: str) -> None:
    """Clip a region's shape to its parent's drawn outline (the two come from different scales).

    Nothing is altered in the data: the stored outline is drawn, only what falls outside the
    parent (a sliver across a river border, say) is not painted.
    """
    for candidate in ax.patches:
        if candidate.get_gid() == f"country-{parent_iso3}":
            patch.set_clip_path(candidate)
            return


def nice_length_km(target: float) -> float:
    """The first round scale-bar length at least ``target`` kilometres long."""
    for length in (5, 10, 20, 25, 50, 100, 150, 200, 250, 500, 1000):
        if length >= target:
            return float(length)
    return 1000.0


def corner_boxes(frame: Frame, width: float, height: float, margin: float) -> dict[str, Box]:
    """The four candidate boxes (in points) for a map element in the map's corners."""
    w, h = frame.width_pt, frame.height_pt
    return {
        "lower left": (margin, margin, margin + width, margin + height),
        "lower right": (w - margin - width, margin, w - margin, margin + height),
        "upper left": (margin, h - margin - height, margin + width, h - margin),
        "upper right": (w - margin - width, h - margin - height, w - margin, h - margin),
    }


class _Coverage:
    """``frame.coverage``, worked out once per box and shape (the shapes come in several lists)."""

    def __init__(self, frame: Frame):
        self.frame = frame
        self.found: dict[tuple, float] = {}

    def __call__(self, box: Box, rings: list[np.ndarray]) -> float:
        key = (box, rings_key(rings))
        if key not in self.found:
            self.found[key] = self.frame.coverage(box, rings)
        return self.found[key]


def best_corner(
    frame: Frame,
    corners: dict[str, Box],
    must_avoid: list[list[np.ndarray]],
    prefer_off: list[tuple[float, list[np.ndarray]]],
    points: list[tuple[float, float]],
    rather_not: Sequence[list[np.ndarray]] = (),
    water: tuple[float, list[list[np.ndarray]]] | None = None,
    shares: _Coverage | None = None,
) -> str:
    """The corner covering none of ``must_avoid``/``points`` and least of the weighted shapes.

    ``rather_not`` (the parent's land) ranks between the two: a corner clear of it beats any that
    covers some. ``water`` weighs the share of a corner that none of its land areas covers.
    ``shares`` is the frame's coverage to reuse (one is made when not given).
    """
    coverage = _Coverage(frame) if shares is None else shares
    scored = []
    for rank, (name, box) in enumerate(corners.items()):
        x0, y0, x1, y1 = box
        blocked = any(x0 <= x <= x1 and y0 <= y <= y1 for x, y in points)
        for rings in must_avoid:
            vertices = np.concatenate(rings)
            blocked |= bool(
                (
                    (vertices[:, 0] > x0)
                    & (vertices[:, 0] < x1)
                    & (vertices[:, 1] > y0)
                    & (vertices[:, 1] < y1)
                ).any()
            )
            blocked |= coverage(box, rings) > 0
        cost = sum(weight * coverage(box, rings) for weight, rings in prefer_off)
        if water is not None:
            weight, land = water
            cost += weight * (1 - sum(coverage(box, rings) for rings in land))
        covers = any(coverage(box, rings) > 0 for rings in rather_not)
        scored.append((blocked, covers, round(cost, 6), rank, name))
    return min(scored)[-1]


# An inset that would hide part of the parent in every corner is drawn smaller, down to this share.
INSET_SCALES = (1.0, 0.85, 0.7)


def inset_box(
    frame: Frame,
    width: float,
    aspect: float,
    must_avoid: list[list[np.ndarray]],
    prefer_off: list[tuple[float, list[np.ndarray]]],
    points: list[tuple[float, float]],
    parent: list[np.ndarray],
    land: list[list[np.ndarray]],
) -> Box:
    """Where the overview inset goes: the corner that hides nothing that matters.

    In order: none of ``must_avoid`` (the territory) or ``points`` (capitals, the patron's
    region, the room of the seas' names); then none of the ``parent`` (the inset is drawn up to
    30% smaller when that is the only way); then least of the weighted land and of the water
    (weight 1.5: the coast and the seas' names live there).
    """
    choice = None
    shares = _Coverage(frame)
    for scale in INSET_SCALES:
        w = width * scale
        corners = corner_boxes(frame, w, w / aspect, margin=0.0)
        box = corners[
            best_corner(
                frame, corners, must_avoid, prefer_off, points, [parent], (1.5, land), shares
            )
        ]
        clean = not _hides(shares, box, must_avoid, points, parent)
        if choice is None or clean:
            choice = box
        if clean:
            break
    assert choice is not None
    return choice


def _hides(
    coverage: _Coverage,
    box: Box,
    must_avoid: list[list[np.ndarray]],
    points: list[tuple[float, float]],
    parent: list[np.ndarray],
) -> bool:
    """Whether ``box`` covers a point, part of ``must_avoid`` or any of the parent."""
    x0, y0, x1, y1 = box
    if any(x0 <= x <= x1 and y0 <= y <= y1 for x, y in points):
        return True
    return any(coverage(box, rings) > 0 for rings in [*must_avoid, parent])


def draw_scale_bar(ax: Axes, frame: Frame, box: Box, length_km: float) -> None:
    """A bar of ``length_km`` at the bottom of ``box``, true at the map's mean latitude."""
    e = frame.extent
    km_per_degree_lon = KM_PER_DEGREE * math.cos(math.radians(e.mid_latitude))
    x0, y0 = frame.to_lonlat(box[0] + 4, box[1] + 5)
    x1 = x0 + length_km / km_per_degree_lon
    tick = (e.north - e.south) * 3 / frame.height_pt
    style: dict[str, Any] = {
        "color": "#222222",
        "linewidth": 1.0,
        "zorder": 6,
        "solid_capstyle": "butt",
        "path_effects": [patheffects.withStroke(linewidth=2.6, foreground="white")],
        "gid": "scale-bar",
    }
    ax.plot([x0, x0, x1, x1], [y0 + tick, y0, y0, y0 + tick], **style)
    halo_text(
        ax,
        (x0 + x1) / 2,
        y0 + tick * 1.6,
        f"{length_km:g} km",
        ha="center",
        va="bottom",
        fontsize=7,
        color="#222222",
        zorder=6,
    )


def scale_bar_size(frame: Frame) -> tuple[float, float, float]:
    """Length in km and the box (width, height in points) a scale bar needs."""
    e = frame.extent
    km_wide = (e.east - e.west) * KM_PER_DEGREE * math.cos(math.radians(e.mid_latitude))
    length_km = nice_length_km(km_wide * 0.15)
    width = length_km / km_wide * frame.width_pt
    return length_km, width + 8, 22.0


def frame_of(ax: Axes, extent: Extent) -> Frame:
    """The axes' frame: extent and size in points, after the aspect is applied."""
    ax.apply_aspect()
    position = ax.get_position()
    figure = ax.get_figure(root=True)
    if figure is None:
        raise ValueError("the map's axes belong to no figure; expected one from plt.subplots")
    fig_w, fig_h = figure.get_size_inches()
    return Frame(extent, position.width * fig_w * 72, position.height * fig_h * 72)
