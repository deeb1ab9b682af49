"""Locator maps: where each breakaway region lies, from ``data/geo/breakaway_regions.geojson``.

Maps keep the chart contract of :mod:`breakaway.report.charts`: each is a function ``(boundaries,
options) -> Figure`` that ends with ``charts.finish`` and writes no file. The boundaries come from
:mod:`breakaway.data.boundaries`; the words that go with a map from :mod:`.words`.

Maps are plain longitude/latitude axes with an aspect of 1/cos(mean latitude), drawn with matplotlib
alone. This module must not depend on geopandas or shapely, must not use pyplot, must not alter the
boundaries (overlays are drawn as stored, see ``data/geo/PROVENANCE.md``) and must not hard-code a
position for any country or label: every placement is computed from the geometry (a sea's name
starts from its label point in ``data/geo/maps.json``), deterministically, so that SVG exports stay
byte-stable. Where names may go (their own area, or beside it with a leader) is :mod:`.naming`'s.
"""

from __future__ import annotations

import matplotlib
import numpy as np
from matplotlib.figure import Figure

from breakaway.data.boundaries import Boundaries
from breakaway.data.mapwords import seas
from breakaway.errors import ParameterError
from breakaway.report import charts
from breakaway.report.maps.context import (
    EUROPE,
    draw_europe_overview,
    draw_window_overview,
    label_patron_region,
    mark_capital,
)
from breakaway.report.maps.furniture import (
    RELATED_COLOUR,
    RELATED_TEXT,
    TERRITORY_COLOUR,
    WATER_COLOUR,
    add_shape,
    best_corner,
    clip_to_parent,
    corner_boxes,
    draw_countries,
    draw_scale_bar,
    frame_of,
    inset_box,
    scale_bar_size,
    style_map_axes,
)
from breakaway.report.maps.geometry import (
    bounds_of,
    clip_windows,
    feature_area,
    feature_of,
    fit_extent,
    locator_core,
    overlaps,
    overview_window,
    panel_extent,
    parent_of,
    regions_in,
    window_for,
)
from breakaway.report.maps.labels import (
    Frame,
    Labeller,
    MapLabel,
)
from breakaway.report.maps.naming import (
    both,
    facing,
    name_area,
    name_seas,
    off_areas,
    sea_rooms,
)

# Territories' capitals lie inside them; a capital further than this from the territory's bounding
# box is taken to be a (lat, lon) pair passed as (lon, lat).
CAPITAL_SLACK_DEGREES = 0.2

# -- maps ---------------------------------------------------------------------------------------

LOCATOR_HEIGHT_IN = 3.5
REGIONS_HEIGHT_IN = 3.6
# Figure fractions above the map (title, subtitle) and below it (tick labels, note, source line).
MAP_TOP = 0.84
MAP_BOTTOM, MAP_BOTTOM_WITH_NOTE = 0.1, 0.14


def locator_map(
    boundaries: Boundaries,
    territory_id: str,
    parent_iso3: str,
    capital: tuple[float, float] | None,
    capital_name: str,
    text: charts.ChartText,
    parent_capital: tuple[str, tuple[float, float]] | None = None,
    show_related: bool = True,
    overview: Boundaries | None = None,
    patron_region: tuple[str, str, tuple[float, float]] | None = None,
    sea_names: list[tuple[str, list[tuple[float, float]]]] | None = None,
    words: dict | None = None,
) -> Figure:
    """A territory highlighted inside its parent state, with neighbours, capital and an inset.

    The map shows the parent's bounding box with a margin, grown to fill the figure but never
    past the boundaries file's clip window. Country names sit at each country's roomiest visible
    spot; a scale bar (true at the map's mean latitude), a light graticule and an overview inset
    (Europe when ``overview`` is given, else the whole window) complete it. A territory name that
    does not fit inside its outline sits beside it on the parent's land.

    Args:
        boundaries: Features from ``load_boundaries``.
        territory_id: The breakaway feature to highlight.
        parent_iso3: Its parent state's feature id.
        capital: The capital as (longitude, latitude), GeoJSON order; None to mark no capital.
        capital_name: The capital's label.
        text: Title, subtitle, source line, as-of date and note.
        parent_capital: The parent state's capital as (name, (longitude, latitude)), marked
            with a square; None to mark none.
        show_related: Also draw and name, in a lighter tint, the other breakaway regions of the
            same parent (the nearest few).
        overview: Coarse country outlines of Europe (``load_context(...)["overview"]``); with
            them the inset shows Europe and the map's region, without them the boundaries' window.
        patron_region: The patron state's region beside the territory as (name, country id,
            (longitude, latitude) of a point in it), named in italics on that country's land.
        sea_names: The seas to name where the frame shows them, each with its label points;
            None for those of the map words (``words``, else ``data/geo/maps.json``).
        words: The map words file's content (``load_map_words``), for the seas.

    Returns:
        The finished figure. Water is tinted; each breakaway outline is clipped to its parent's
        outline, so the two boundary scales leave no sliver outside it.

    Raises:
        ParameterError: An unknown territory or parent, or a capital outside the territory
            (often a (latitude, longitude) pair) or outside the parent.
    """
    territory = feature_of(boundaries, territory_id, "breakaway")
    parent = feature_of(boundaries, parent_iso3, "country")
    territory_box = bounds_of(territory["geometry"])
    if capital is not None:
        lon, lat = capital
        slack = CAPITAL_SLACK_DEGREES
        if not (
            territory_box.west - slack <= lon <= territory_box.east + slack
            and territory_box.south - slack <= lat <= territory_box.north + slack
        ):
            raise ParameterError(
                f"capital {capital_name} at {capital} lies outside "
                f"{territory['name']}; pass it as (longitude, latitude)"
            )
    parent_box = bounds_of(parent["geometry"])
    if parent_capital is not None:
        lon, lat = parent_capital[1]
        if not (
            parent_box.west <= lon <= parent_box.east
            and parent_box.south <= lat <= parent_box.north
        ):
            raise ParameterError(
                f"capital {parent_capital[0]} at {parent_capital[1]} lies outside "
                f"{parent['name']}; pass it as (longitude, latitude)"
            )
    related = [
        fid
        for fid, f in boundaries.items()
        if show_related
        and f["kind"] == "breakaway"
        and fid != territory_id
        and parent_of(boundaries, fid) == parent_iso3
    ]
    _name, window = window_for(boundaries, parent_box)
    inset_window = EUROPE if overview else window
    show_inset = bool(overview) or overview_window(boundaries, parent_iso3) is not None

    fig = charts.new_figure(height=LOCATOR_HEIGHT_IN)
    with matplotlib.rc_context(charts.STYLE):
        ax = fig.add_subplot()
        charts.finish(
            fig, text, top=MAP_TOP, bottom=MAP_BOTTOM_WITH_NOTE if text.note else MAP_BOTTOM
        )
        fig_w, fig_h = fig.get_size_inches()
        params = fig.subplotpars
        box_w = (params.right - params.left) * fig_w
        box_h = (params.top - params.bottom) * fig_h
        extent = fit_extent(locator_core(parent_box), box_w / box_h, window)
        style_map_axes(ax, extent, graticule=True, gid="map")
        ax.set_facecolor(WATER_COLOUR)
        frame = frame_of(ax, extent)

        draw_countries(ax, boundaries, {parent_iso3})
        for fid in related:
            clip_to_parent(
                ax,
                add_shape(
                    ax,
                    boundaries[fid]["geometry"],
                    f"related-{fid}",
                    fid,
                    RELATED_COLOUR,
                    "white",
                    0.5,
                    1.55,
                ),
                parent_iso3,
            )
        clip_to_parent(
            ax,
            add_shape(
                ax,
                territory["geometry"],
                f"territory-{territory_id}",
                territory_id,
                TERRITORY_COLOUR,
                "white",
                0.5,
                1.6,
            ),
            parent_iso3,
        )

        labeller = Labeller(ax, frame)
        territory_rings = frame.rings_pt(territory["geometry"])
        parent_rings = frame.rings_pt(parent["geometry"])
        labeller.avoid(territory_id, territory_rings)
        for fid in related:
            labeller.avoid(fid, frame.rings_pt(boundaries[fid]["geometry"]))
        land = {
            fid: frame.rings_pt(f["geometry"])
            for fid, f in boundaries.items()
            if f["kind"] == "country"
        }
        capital_pt = None
        if capital is not None:
            capital_pt = frame.to_pt(np.array([capital], dtype=float))[0]
        sea_list = seas(words) if sea_names is None else sea_names
        sea_room = sea_rooms(frame, sea_list)

        # The overview inset locates the map in Europe (or its clip window), in the corner that
        # hides none of the territory, the marked places or the seas' label points, then none
        # of the parent if it can, then least of the water and the patron's land.
        if show_inset:
            inset_aspect = inset_window.ground_aspect
            inset_w = min(
                0.27 * max(frame.width_pt, 1.6 * frame.height_pt),
                0.45 * frame.width_pt,
                0.42 * frame.height_pt * inset_aspect,
            )
            avoid_points = [tuple(capital_pt)] if capital_pt is not None else []
            marked = [place[-1] for place in (parent_capital, patron_region) if place is not None]
            for at in marked:
                avoid_points.append(tuple(frame.to_pt(np.array([at], dtype=float))[0]))
            avoid_points += sea_room
            patron = patron_region[1] if patron_region is not None else ""
            box = inset_box(
                frame,
                inset_w,
                inset_aspect,
                [territory_rings],
                [(1.0, parent_rings)]
                + [(0.5 if fid == patron else 0.25, rings) for fid, rings in land.items()],
                avoid_points,
                parent_rings,
                list(land.values()),
            )
            x0, y0, x1, y1 = box
            labeller.block(box)
            bounds = (
                x0 / frame.width_pt,
                y0 / frame.height_pt,
                (x1 - x0) / frame.width_pt,
                (y1 - y0) / frame.height_pt,
            )
            if overview:
                draw_europe_overview(
                    ax, bounds, overview, territory, territory_id, parent_iso3, extent
                )
            else:
                draw_window_overview(
                    ax, bounds, boundaries, window, extent, territory_id, parent_iso3
                )

        # Scale bar in the free corner that hides least of the parent, preferring open sea but
        # leaving a sea's name its room.
        length_km, bar_w, bar_h = scale_bar_size(frame)
        corners = {
            name: box
            for name, box in corner_boxes(frame, bar_w, bar_h, 6.0).items()
            if not overlaps(box, labeller.taken)
        }
        corner = best_corner(
            frame,
            corners,
            [territory_rings],
            [(1.0, parent_rings)] + [(0.25, rings) for rings in land.values()],
            sea_room,
        )
        draw_scale_bar(ax, frame, corners[corner], length_km)
        labeller.block(corners[corner])

        # The capitals' dots first (no name may cover one), then the territory's name, which
        # needs its area's room more than the capital's name does.
        places = [(capital_name, capital, "capital")] if capital is not None else []
        if parent_capital is not None:
            places.append((*parent_capital, "parent-capital"))
        dots = [
            (x - 3.0, y - 3.0, x + 3.0, y + 3.0)
            for x, y in (frame.to_pt(np.array([at], dtype=float))[0] for _n, at, _g in places)
        ]
        labeller.taken.extend(dots)
        # A name set beside its area sits on its parent's land or on water, not on a neighbour.
        foreign = [rings for fid, rings in land.items() if fid != parent_iso3]
        name_area(
            labeller,
            MapLabel(territory["name"], 8.5, "bold", "#111111"),
            territory_rings,
            territory_id,
            "label-territory",
            off_areas(foreign),
            "leader-territory",
        )
        for dot in dots:  # each capital's name sets its dot beside it
            labeller.taken.remove(dot)
        for name, at, gid in places:
            mark_capital(ax, labeller, frame, territory_id, name, at, gid=gid)
        for fid in related:
            name_area(
                labeller,
                MapLabel(boundaries[fid]["name"], 7.5, "bold", RELATED_TEXT, halo=True),
                labeller.keep_out[fid],
                fid,
                f"label-{fid}",
                off_areas(foreign),
                f"leader-{fid}",
            )
        if patron_region is not None:
            label_patron_region(labeller, frame, boundaries, territory_id, patron_region)
        name_seas(labeller, frame, list(land.values()), sea_list)
        _label_countries(labeller, boundaries, frame, first=parent_iso3)
    return fig


def _label_countries(
    labeller: Labeller,
    boundaries: Boundaries,
    frame: Frame,
    first: str | None = None,
    among: set[str] | None = None,
) -> None:
    """Name every country (of ``among``) that shows enough of itself, parent first, then largest."""
    visible = []
    for feature_id, feature in boundaries.items():
        if feature["kind"] != "country" or (among is not None and feature_id not in among):
            continue
        rings = frame.rings_pt(feature["geometry"])
        share = frame.coverage((0, 0, frame.width_pt, frame.height_pt), rings)
        if share > 0:
            visible.append((feature_id != first, -round(share, 6), feature_id, rings))
    for is_neighbour, _share, feature_id, rings in sorted(visible, key=lambda v: v[:3]):
        name = boundaries[feature_id]["name"]
        size, colour = (7.5, "#6A6A6A") if is_neighbour else (9.5, "#333333")
        # The whole name on the country, then a size smaller; never hanging over a neighbour.
        for label in [MapLabel(name, size, colour=colour), MapLabel(name, size - 1, colour=colour)]:
            if labeller.place_inside(label, rings, feature_id, f"label-{feature_id}", whole=True):
                break


def regions_map(
    boundaries: Boundaries, text: charts.ChartText, words: dict | None = None
) -> Figure:
    """The breakaway regions in one panel per clip window (``data/geo/maps.json``).

    Each panel shows the part of one clip window of the boundaries file that holds its regions'
    parent states and the seas it names (``geometry.panel_extent``), at its own scale (each has
    a scale bar); regions are highlighted and named by the locator maps' rules (on the area, else
    beside it on its parent's land or on water, tied by a leader), countries named in grey,
    parent states a shade darker than the rest.

    Args:
        boundaries: Features from ``load_boundaries``.
        text: Title, subtitle, source line, as-of date and note.
        words: The map words file's content (``load_map_words``), for the seas; None for the
            project's.

    Returns:
        The finished figure.
    """
    sea_list = seas(words)
    label_points = [point for _name, points in sea_list for point in points]
    windows = [
        (title, window, panel_extent(boundaries, window, label_points))
        for title, window in clip_windows().items()
    ]
    fig = charts.new_figure(height=REGIONS_HEIGHT_IN)
    with matplotlib.rc_context(charts.STYLE):
        grid = fig.add_gridspec(
            1,
            len(windows),
            width_ratios=[extent.ground_aspect for _t, _w, extent in windows],
            wspace=0.12,
        )
        axes = [fig.add_subplot(grid[0, index]) for index in range(len(windows))]
        charts.finish(
            fig, text, top=MAP_TOP - 0.02, bottom=MAP_BOTTOM_WITH_NOTE if text.note else MAP_BOTTOM
        )
        for ax, (title, window, extent) in zip(axes, windows, strict=True):
            style_map_axes(ax, extent, graticule=True, gid=f"map-{title.lower()}")
            ax.set_facecolor(WATER_COLOUR)
            ax.set_title(title, loc="left", fontsize=8.5, color="#333333", pad=4)
            frame = frame_of(ax, extent)
            regions = regions_in(boundaries, window)
            parent_by_region = {
                region_id: parent_of(boundaries, region_id) for region_id in regions
            }
            parents = set(parent_by_region.values())
            draw_countries(ax, boundaries, parents)
            labeller = Labeller(ax, frame)
            for region_id in regions:
                geometry = boundaries[region_id]["geometry"]
                shape = add_shape(
                    ax,
                    geometry,
                    f"region-{region_id}",
                    region_id,
                    TERRITORY_COLOUR,
                    "white",
                    0.4,
                    1.6,
                )
                clip_to_parent(ax, shape, parent_by_region[region_id])
                labeller.avoid(region_id, frame.rings_pt(geometry))

            countries = {
                fid: frame.rings_pt(f["geometry"])
                for fid, f in boundaries.items()
                if f["kind"] == "country"
            }
            land = list(countries.values())
            length_km, bar_w, bar_h = scale_bar_size(frame)
            corners = corner_boxes(frame, bar_w, bar_h, 6.0)
            corner = best_corner(
                frame,
                corners,
                list(labeller.keep_out.values()),
                [(1.0, rings) for rings in land],
                sea_rooms(frame, sea_list),
            )
            draw_scale_bar(ax, frame, corners[corner], length_km)
            labeller.block(corners[corner])

            # Largest region first, so that crowded small ones take what room is left. Each name
            # goes on its own area, else beside it on its parent's land or on water (never on
            # another country), tied to it by a leader: as on the locator maps.
            water = off_areas(land)
            for region_id in sorted(regions, key=lambda r: -abs(feature_area(boundaries[r]))):
                parent = parent_by_region[region_id]
                rings = labeller.keep_out[region_id]
                # Beside its area, a name faces it (not off a corner), on water if it can: the
                # parent's land keeps room for the parent's name.
                name_area(
                    labeller,
                    MapLabel(boundaries[region_id]["name"], 7.5, "bold", "#111111"),
                    rings,
                    region_id,
                    f"label-{region_id}",
                    off_areas([other for fid, other in countries.items() if fid != parent]),
                    f"leader-{region_id}",
                    prefer=(both(facing(rings), water), facing(rings), water),
                )
            name_seas(labeller, frame, land, sea_list)
            # The parent states, then the rest, each where the regions' names left room.
            _label_countries(labeller, boundaries, frame, among=parents)
            _label_countries(labeller, boundaries, frame, among=set(countries) - parents)
    return fig
