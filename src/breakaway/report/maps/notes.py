"""What a map says that differs by territory, from ``data/geo/maps.json`` (``data/mapwords.py``).

The caveats under a map (how Natural Earth draws a contested line, which outline is larger than
the area the briefing gives) and the overview map's title are data: each caveat names the maps it
belongs to (a territory id, or ``overview``) and the report dates it holds for, so that a report
as of a day says nothing that only became true later. This module writes nothing.
"""

from __future__ import annotations

import math
from datetime import date

from breakaway.data.boundaries import Boundaries
from breakaway.data.mapwords import load_map_words, map_words_path
from breakaway.report.maps.geometry import KM_PER_DEGREE, bounds_of, feature_area

__all__ = ["boundary_note", "load_map_words", "map_words_path", "overview_title"]

OVERVIEW = "overview"
_LIMITS = {
    "after": lambda as_of, day: as_of > day,
    "before": lambda as_of, day: as_of < day,
    "from": lambda as_of, day: as_of >= day,
    "until": lambda as_of, day: as_of <= day,
}


def overview_title(words: dict | None = None) -> tuple[str, str]:
    """The overview map's title and subtitle."""
    found = (words or load_map_words()).get("overview_map", {})
    return found.get("title", "The breakaway regions"), found.get("subtitle", "")


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
    words: dict | None = None,
) -> str:
    """The caveat to print under a map, from the limitations in ``data/geo/PROVENANCE.md``.

    Args:
        territory_id: The territory of a locator map, or None for the map of all regions.
        as_of: The date the briefing describes.
        boundaries: The drawn outlines; with ``areas_km2``, outlines whose area differs from the
            area in ``territories.csv`` get a sentence comparing the two.
        areas_km2: Each territory's usual area, from ``territories.csv``.
        words: The map words (``load_map_words``); the project's by default.

    Returns:
        A few short sentences: the source and its scales, then what the outlines do not show.
        Meant for the figure caption; it is longer than the one line ``ChartText.note`` holds.
    """
    sentences = [
        "Boundaries: Natural Earth, simplified; regions (1:10m) and countries (1:50m) come "
        "from different scales."
    ]
    shown = territory_id or OVERVIEW
    for note in (words or load_map_words())["boundary_notes"]:
        if shown not in note["maps"] or not _holds(note, as_of):
            continue
        region = note.get("area_of")
        if region:
            if boundaries and areas_km2 and region in areas_km2 and region in boundaries:
                sentences.append(_area_sentence(boundaries, region, areas_km2[region]))
        elif note.get("text"):
            sentences.append(note["text"])
    return " ".join(sentences)


def _holds(note: dict, as_of: date) -> bool:
    return all(
        check(as_of, date.fromisoformat(note[limit]))
        for limit, check in _LIMITS.items()
        if limit in note
    )


def _area_sentence(boundaries: Boundaries, region: str, area_km2: int) -> str:
    """Natural Earth's outline against the area ``territories.csv`` gives."""
    drawn = drawn_area_km2(boundaries, region)
    name = boundaries[region]["name"]
    shape = "larger than" if drawn > area_km2 else "smaller than"
    return (
        f"Natural Earth's {name} (about {drawn:,} km²) is {shape} the {round(area_km2, -1):,} km² "
        "given in the briefing."
    )
