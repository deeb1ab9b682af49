"""Locator maps drawn from the Natural Earth boundaries in ``data/geo/``.

``geometry`` works on the coordinates, ``labels`` places text, ``furniture`` draws axes and the
scale bar, ``context`` the Europe inset and the places beyond the territory, ``draw`` composes
the maps, ``words`` writes what goes with them (position, alt text) and ``notes`` reads the
caveats and titles that differ by territory from ``data/geo/maps.json``.
"""

from breakaway.data.boundaries import load_boundaries, load_context
from breakaway.report.maps import notes, words
from breakaway.report.maps.context import parent_capital_of, patron_region_of
from breakaway.report.maps.draw import locator_map, regions_map
from breakaway.report.maps.notes import (
    boundary_note,
    load_map_words,
    map_words_path,
    overview_title,
)
from breakaway.report.maps.selection import locator_features
from breakaway.report.maps.words import (
    map_alt_text,
    regions_alt_text,
    territory_location,
    territory_position,
)

__all__ = [
    "boundary_note",
    "load_boundaries",
    "load_context",
    "load_map_words",
    "locator_features",
    "locator_map",
    "map_alt_text",
    "map_words_path",
    "notes",
    "overview_title",
    "parent_capital_of",
    "patron_region_of",
    "regions_alt_text",
    "regions_map",
    "territory_location",
    "territory_position",
    "words",
]
