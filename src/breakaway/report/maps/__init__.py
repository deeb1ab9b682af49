"""Locator maps drawn from the Natural Earth boundaries in ``data/geo/``.

``geometry`` works on the coordinates, ``labels`` places text, ``furniture`` draws axes and the
scale bar, ``context`` the Europe inset and the places beyond the territory, ``draw`` composes
the maps and ``words`` writes what goes with them (position, alt text, boundary caveats).
"""

from breakaway.data.boundaries import load_boundaries, load_context
from breakaway.report.maps import words
from breakaway.report.maps.context import parent_capital_of, patron_region_of
from breakaway.report.maps.draw import locator_map, regions_map
from breakaway.report.maps.selection import locator_features
from breakaway.report.maps.words import (
    boundary_note,
    map_alt_text,
    regions_alt_text,
    territory_location,
    territory_position,
)

__all__ = [
    "boundary_note",
    "load_boundaries",
    "load_context",
    "locator_features",
    "locator_map",
    "map_alt_text",
    "parent_capital_of",
    "patron_region_of",
    "regions_alt_text",
    "regions_map",
    "territory_location",
    "territory_position",
    "words",
]
