"""The words that go with a map, from the same geometry: position, alt text, boundary caveats."""

from __future__ import annotations

import math
from datetime import date

from breakaway.data.boundaries import Boundaries
from breakaway.report.maps.borders import border_of
from breakaway.report.maps.geometry import (
    KM_PER_DEGREE,
    WINDOW_PHRASES,
    WINDOWS,
    bounds_of,
    centroid_of,
    feature_area,
    feature_of,
    neighbours,
    overview_window,
    parent_of,
    regions_in,
)
from breakaway.text import join_words


def territory_position(boundaries: Boundaries, territory_id: str, parent_iso3: str) -> str:
    """Where a territory lies in its parent state: ``north``, ``south-west``, ``centre``...

    The territory's area centroid is placed in the parent's bounding box, cut into thirds each way.
    A territory whose centroid falls in the middle third but which runs along a land frontier of
    its parent takes that frontier's side instead: South Ossetia is ``north``, not ``centre``.

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
        For example "Map of Georgia and its neighbours Armenia, Azerbaijan, Russia and Turkey,
        with South Ossetia highlighted on Georgia's northern border with Russia; capital
        Tskhinvali marked."
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
        where = WINDOW_PHRASES.get(overview[0], "the surrounding region")
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
    for title, window in WINDOWS.items():
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


# Natural Earth's Nagorno-Karabakh is the 1994-2020 line of contact; the front moved in the war of
# 27 September-10 November 2020 and the ceasefire of 10 November 2020 ended that line for good.
WAR_2020_STARTED_ON = date(2020, 9, 27)
CEASEFIRE_2020_ON = date(2020, 11, 10)
CEASEFIRE_1994_ON = date(1994, 5, 12)


def drawn_area_km2(boundaries: Boundaries, feature_id: str) -> int:
    """The area of a drawn outline in km², rounded to 10 (a sphere, at the outline's latitude)."""
    feature = boundaries[feature_id]
    latitude = bounds_of(feature["geometry"]).mid_latitude
    area = feature_area(feature) * KM_PER_DEGREE**2 * math.cos(math.radians(latitude))
    return int(round(area, -1))


def boundary_note(
    territory_id: str | None,
    as_of: date,
    boundaries: Boundaries | None = None,
    areas_km2: dict[str, int] | None = None,
) -> str:
    """The caveat to print under a map, from the limitations in ``data/geo/PROVENANCE.md``.

    Args:
        territory_id: The territory of a locator map, or None for the map of all regions.
        as_of: The date the briefing describes.
        boundaries: The drawn outlines; with ``areas_km2``, outlines whose area differs from the
            area in ``territories.csv`` get a sentence comparing the two.
        areas_km2: Each territory's usual area, from ``territories.csv``.

    Returns:
        A few short sentences: the source and its scales, then what the outlines do not show.
        Meant for the figure caption; it is longer than the one line ``ChartText.note`` holds.
    """
    notes = [
        "Boundaries: Natural Earth, simplified; regions (1:10m) and countries (1:50m) come "
        "from different scales."
    ]
    shows = {territory_id} if territory_id else {"nagorno-karabakh", "crimea"}
    for region in ("south-ossetia", "transnistria"):
        if region in shows and boundaries and areas_km2 and region in areas_km2:
            notes.append(_area_sentence(boundaries, region, areas_km2[region]))
    if "nagorno-karabakh" in shows:
        # Name the line's end only once it has ended: an earlier report must not know of 2020.
        line = "1994–2020 line of contact" if as_of > CEASEFIRE_2020_ON else "line of contact"
        notes.append(
            f"Nagorno-Karabakh is drawn as the area held along the {line}, including the "
            "surrounding districts, not the Soviet-era autonomous oblast."
        )
        if as_of < CEASEFIRE_1994_ON:
            # Said without naming the later ceasefire: the report's day must not know of it.
            notes.append("That line dates from a later ceasefire; control differed on this date.")
        elif as_of > CEASEFIRE_2020_ON:
            notes.append(
                "Since the ceasefire of 10 November 2020 it no longer matches control "
                "on the ground."
            )
        elif as_of >= WAR_2020_STARTED_ON:
            notes.append("The war that began on 27 September 2020 was moving that line.")
    if "crimea" in shows:
        notes.append(
            "The eastern tip of Crimea, top left of the Caucasus map, is drawn as part of Ukraine."
        )
    return " ".join(notes)


def _area_sentence(boundaries: Boundaries, region: str, area_km2: int) -> str:
    """Natural Earth's outline against the area ``territories.csv`` gives."""
    drawn = drawn_area_km2(boundaries, region)
    name = boundaries[region]["name"]
    shape = "larger than" if drawn > area_km2 else "smaller than"
    return (
        f"Natural Earth's {name} (about {drawn:,} km²) is {shape} the {round(area_km2, -1):,} km² "
        "given in the briefing."
    )


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
