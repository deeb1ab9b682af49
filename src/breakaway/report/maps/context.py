"""What locates a map beyond its frame: the Europe inset, the parent's capital, the patron's region.

The places come from ``data/geo/context.geojson`` (see ``data/geo/PROVENANCE.md``), read by
:func:`breakaway.data.boundaries.load_context`; nothing here invents a coordinate.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import Rectangle

from breakaway.data.boundaries import Boundaries
from breakaway.report.maps.areas import within
from breakaway.report.maps.furniture import (
    NEIGHBOUR_COLOUR,
    PARENT_COLOUR,
    PARENT_EDGE_COLOUR,
    TERRITORY_COLOUR,
    WATER_COLOUR,
    add_shape,
    draw_countries,
    style_map_axes,
)
from breakaway.report.maps.geometry import Extent
from breakaway.report.maps.labels import Frame, Labeller, MapLabel
from breakaway.report.maps.words import patron_region_name

# The Europe inset: from Portugal to the Caspian, the Baltic to Anatolia.
EUROPE = Extent(-11.0, 60.0, 33.0, 62.0)
PATRON_REGION_TEXT = "#4D4D4D"


def parent_capital_of(context: dict[str, Boundaries], parent_iso3: str):
    """The parent state's capital as ``(name, (lon, lat))`` from the context file, or None."""
    for feature in context["capital"].values():
        if feature["country"] == parent_iso3:
            lon, lat = feature["geometry"]["coordinates"][:2]
            return feature["name"], (float(lon), float(lat))
    return None


def patron_region_of(context: dict[str, Boundaries], region: str):
    """A patron-state region as ``(name, country iso3, (lon, lat))``, or None when not stored."""
    feature = context["region"].get(region) if region else None
    if feature is None:
        return None
    lon, lat = feature["geometry"]["coordinates"][:2]
    return feature["name"], feature["country"], (float(lon), float(lat))


# The territory's capital is a dot, the parent state's a square, as on a printed atlas.
_CAPITAL_MARKERS: dict[str, dict[str, Any]] = {
    "capital": {
        "marker": "o",
        "markerfacecolor": "#111111",
        "markeredgecolor": "white",
        "markeredgewidth": 1.0,
    },
    "parent-capital": {
        "marker": "s",
        "markerfacecolor": "white",
        "markeredgecolor": "#111111",
        "markeredgewidth": 1.2,
    },
}


def mark_capital(
    ax: Axes, labeller: Labeller, frame: Frame, own: str, name: str, at, gid: str = "capital"
) -> None:
    """A capital: its marker (``gid`` "capital" or "parent-capital") and its name beside it."""
    ax.plot(
        [at[0]],
        [at[1]],
        markersize=4.5,
        linestyle="none",
        zorder=6,
        gid=gid,
        **_CAPITAL_MARKERS[gid],
    )
    x, y = frame.to_pt(np.array([at], dtype=float))[0]
    dot = (x - 3.0, y - 3.0, x + 3.0, y + 3.0)
    labeller.place_beside(MapLabel(name, 7.5, halo=True), dot, own, f"label-{gid}", gap=0.5)
    labeller.block(dot)


def label_patron_region(
    labeller: Labeller, frame: Frame, boundaries: Boundaries, own: str, patron_region
) -> bool:
    """Name the patron state's region next to the territory, "North Ossetia (Russia)".

    The name sits as near as it can to the region's stored point, on the patron country's land;
    the map has no admin-1 outline, so no line is drawn.
    """
    name, country, at = patron_region
    if country not in boundaries:
        return False
    point = frame.to_pt(np.array([at], dtype=float))[0]
    if not (0 <= point[0] <= frame.width_pt and 0 <= point[1] <= frame.height_pt):
        return False
    label = MapLabel(
        patron_region_name(boundaries, patron_region) or name,
        7.0,
        colour=PATRON_REGION_TEXT,
        halo=True,
        style="italic",
    )
    rings = frame.rings_pt(boundaries[country]["geometry"])
    # Wholly on the patron country: a name hanging over the border would sit on the parent.
    return labeller.place_near(
        label, point, lambda boxes: within(rings, boxes), own, "label-patron-region"
    )


def draw_window_overview(
    ax: Axes,
    bounds: tuple[float, float, float, float],
    boundaries: Boundaries,
    window: Extent,
    shown: Extent,
    territory_id: str,
    parent_iso3: str,
) -> Axes:
    """The boundaries file's own clip window as the overview (when no Europe outlines are given)."""
    inset = ax.inset_axes(bounds)
    style_map_axes(inset, window, graticule=False, gid="overview")
    draw_countries(inset, boundaries, {parent_iso3}, linewidth=0.25)
    _finish_overview(inset, boundaries[territory_id]["geometry"], territory_id, shown)
    return inset


def draw_europe_overview(
    ax: Axes,
    bounds: tuple[float, float, float, float],
    overview: Boundaries,
    territory: dict,
    territory_id: str,
    parent_iso3: str,
    shown: Extent,
) -> Axes:
    """Europe and the Caucasus in coarse outline, the parent tinted, the map's frame boxed.

    Only the parent is outlined: the other countries are one grey land without borders, because
    the 1:110m outlines draw some contested borders de facto (Crimea with Russia) where the main
    map draws them de jure, and a locator inset needs no borders but the parent's.
    """
    inset = ax.inset_axes(bounds)
    style_map_axes(inset, EUROPE, graticule=False, gid="overview")
    for feature_id, feature in overview.items():
        is_parent = feature_id.startswith(f"overview-{parent_iso3}-")
        add_shape(
            inset,
            feature["geometry"],
            feature_id,
            feature_id,
            PARENT_COLOUR if is_parent else NEIGHBOUR_COLOUR,
            PARENT_EDGE_COLOUR if is_parent else NEIGHBOUR_COLOUR,
            0.2,
            1.2 if is_parent else 1.0,
        )
    _finish_overview(inset, territory["geometry"], territory_id, shown)
    return inset


def _finish_overview(inset: Axes, geometry: dict, territory_id: str, shown: Extent) -> None:
    inset.set_anchor("SW")
    add_shape(
        inset,
        geometry,
        f"overview-{territory_id}",
        territory_id,
        TERRITORY_COLOUR,
        TERRITORY_COLOUR,
        0.25,
        1.6,
    )
    inset.add_patch(
        Rectangle(
            (shown.west, shown.south),
            shown.east - shown.west,
            shown.north - shown.south,
            fill=False,
            edgecolor="#111111",
            linewidth=0.9,
            zorder=3,
            gid="overview-extent",
        )
    )
    for spine in inset.spines.values():
        spine.set_color("#6F6F6F")
    inset.set_facecolor(WATER_COLOUR)
    inset.set_zorder(7)
