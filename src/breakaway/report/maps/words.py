"""The words that go with a map, from the same geometry: position and alt text.

The caveats that differ by territory are data (``notes.py`` reads ``data/geo/maps.json``).
"""

from __future__ import annotations

from breakaway.data.boundaries import Boundaries
from breakaway.data.mapwords import window_phrases
from breakaway.knowledge.status_labels import NOT_SELF_GOVERNED
from breakaway.report.maps.borders import border_of
from breakaway.report.maps.geometry import (
    bounds_of,
    centroid_of,
    clip_windows,
    feature_of,
    neighbours,
    overview_window,
    parent_of,
    regions_in,
)
from breakaway.report.maps.notes import boundary_note, drawn_area_km2
from breakaway.text import join_words

__all__ = ["boundary_note", "drawn_area_km2"]  # their home is notes.py


def territory_position(boundaries: Boundaries, territory_id: str, parent_iso3: str) -> str:
    """Where a territory lies in its parent state: ``north``, ``south-west``, ``centre``...

    The territory's area centroid is placed in the parent's bounding box, cut into thirds each way.
    A territory whose centroid falls in the middle third but which runs along a land frontier of
    its parent takes that frontier's side instead: ``north``, not ``centre``.

    Args:
        boundaries: Features from ``load_boundaries``.
        territory_id: A breakaway feature id.
        parent_iso3: The parent country's feature id.

    Returns:
        One of ``centre``, ``north``, ``south``, ``east``, ``west`` or two of them joined
        (``north-east``).
    """
    x, y = centroid_of(feature_of(boundaries, territory_id, "breakaway")["geometry"])
    box = bounds_of(feature_of(boundaries, parent_iso3, "country")["geometry"])
    across = (x - box.west) / (box.east - box.west)
    up = (y - box.south) / (box.north - box.south)
    vertical = "north" if up > 2 / 3 else "south" if up < 1 / 3 else ""
    horizontal = "east" if across > 2 / 3 else "west" if across < 1 / 3 else ""
    position = "-".join(word for word in (vertical, horizontal) if word) or "centre"
    if position == "centre":
        border = border_of(boundaries, territory_id, parent_iso3)
        if border is not None:
            return border.side
    return position


def territory_location(boundaries: Boundaries, territory_id: str, parent_iso3: str) -> str:
    """Where a territory is, in the words a reader uses: "on Georgia's northern border with Russia".

    Args:
        boundaries: Features from ``load_boundaries``.
        territory_id: A breakaway feature id.
        parent_iso3: The parent country's feature id.

    Returns:
        "on {parent}'s {side}ern border with {neighbour}" for a territory on a land frontier of
        its parent, otherwise "in the {position} of {parent}".
    """
    parent = feature_of(boundaries, parent_iso3, "country")["name"]
    position = territory_position(boundaries, territory_id, parent_iso3)
    border = border_of(boundaries, territory_id, parent_iso3)
    if border is None:
        return f"in the {position} of {parent}"
    side = border.side
    # The box's word reads better when it names the same side ("eastern", not "north-eastern").
    if position != "centre" and set(position.split("-")) & set(side.split("-")):
        side = position
    neighbour = boundaries[border.neighbour_id]["name"]
    return f"on {parent}'s {side}ern border with {neighbour}"


def location_phrase(
    boundaries: Boundaries, territory_id: str, parent_iso3: str, patron_region=None
) -> str:
    """Where a territory lies, for prose: the map title's words and the region across the border.

    ``patron_region`` (``context.patron_region_of``): named only when it lies in the country
    across the border the territory runs along ("..., across from North Ossetia–Alania").
    """
    where = territory_location(boundaries, territory_id, parent_iso3)
    border = border_of(boundaries, territory_id, parent_iso3)
    if patron_region and border is not None and border.neighbour_id == patron_region[1]:
        where += f", across from {patron_region[0]}"
    return where


def map_alt_text(
    boundaries: Boundaries,
    territory_id: str,
    parent_iso3: str,
    capital_name: str | None = None,
    parent_capital: str | None = None,
    patron_region: str | None = None,
    europe_inset: bool = False,
) -> str:
    """Alt text for ``locator_map``, built from the boundaries.

    Args:
        boundaries: Features from ``load_boundaries``.
        territory_id: The highlighted breakaway feature id.
        parent_iso3: The parent country's feature id.
        capital_name: The capital marked on the map, or None when none is marked.
        parent_capital: The parent state's capital marked on the map, or None.
        patron_region: The patron state's region named on the map ("North Ossetia (Russia)").
        europe_inset: Whether the inset shows Europe rather than the boundaries' window.

    Returns:
        For example "Map of <parent> and its neighbours <A>, <B> and <C>, with <territory>
        highlighted on <parent>'s northern border with <A>; capital <capital> marked."
    """
    territory = feature_of(boundaries, territory_id, "breakaway")["name"]
    parent = feature_of(boundaries, parent_iso3, "country")["name"]
    names = [boundaries[cid]["name"] for cid in neighbours(boundaries, parent_iso3)]
    around = f" and its neighbours {join_words(names)}," if names else ""
    where = territory_location(boundaries, territory_id, parent_iso3)
    text = f"Map of {parent}{around} with {territory} highlighted {where}"
    if capital_name and parent_capital:
        text += f"; capital {capital_name} and {parent}'s capital {parent_capital} marked"
    elif capital_name:
        text += f"; capital {capital_name} marked"
    elif parent_capital:
        text += f"; {parent}'s capital {parent_capital} marked"
    if patron_region:
        text += f"; {patron_region} named across the border"
    text += "."
    overview = overview_window(boundaries, parent_iso3)
    if europe_inset:
        text += " An inset locates the map in Europe."
    elif overview:
        where = window_phrases().get(overview[0], "the surrounding region")
        text += f" An inset locates the map within {where}."
    return text


def regions_alt_text(boundaries: Boundaries) -> str:
    """Alt text for ``regions_map``, built from the boundaries.

    Args:
        boundaries: Features from ``load_boundaries``.

    Returns:
        One sentence per panel naming each highlighted region, its parent state and its position.
    """
    sentences = []
    for title, window in clip_windows().items():
        regions = regions_in(boundaries, window)
        if not regions:
            continue
        by_parent: dict[str, list[str]] = {}
        for region_id in regions:
            by_parent.setdefault(parent_of(boundaries, region_id), []).append(region_id)
        parts = []
        for parent_id, region_ids in by_parent.items():
            named = [
                f"{boundaries[r]['name']} ({territory_position(boundaries, r, parent_id)})"
                for r in region_ids
            ]
            parts.append(f"{join_words(named)} in {boundaries[parent_id]['name']}")
        sentences.append(f"{title}: {'; '.join(parts)}.")
    count = len(sentences)
    head = (
        f"{'Two maps' if count == 2 else 'Map'} of the breakaway regions, highlighted, with "
        f"country names; position within the parent state in brackets."
    )
    return " ".join([head, *sentences])


def patron_region_name(boundaries: Boundaries, patron_region) -> str | None:
    """How a map names the patron state's region: "North Ossetia (Russia)"; None for none."""
    if not patron_region or patron_region[1] not in boundaries:
        return None
    return f"{patron_region[0]} ({boundaries[patron_region[1]]['name']})"


def patron_region_note(boundaries: Boundaries, patron_region) -> str:
    """The caption's credit for the patron region's name, or ``""`` when the map names none."""
    name = patron_region_name(boundaries, patron_region)
    if not name:
        return ""
    return f" {name} is named from a GeoNames point (CC BY 4.0); its border is not drawn."


def locator_caption(facts, parent_capital, inset: bool) -> str:
    """The locator map's caption: which capitals the marks are, and what the inset shows.

    The subtitle says only that capitals are marked; the caption names them, so it adds to the
    headline and the subtitle instead of repeating them. A territory that no longer governs
    itself had a capital; it does not have one.
    """
    had = "former capital" if facts["status_code"] in NOT_SELF_GOVERNED else "capital"
    marked = f"{facts['name']}'s {had}, {facts['capital']}"
    if parent_capital:
        marked = f"{marked}, and {facts['parent_state']}'s, {parent_capital[0]}, are marked"
    else:
        marked = f"{marked}, is marked"
    where = "; the inset shows where the map lies in Europe" if inset else ""
    return f"{marked}{where}."
