"""Locator maps drawn from the Natural Earth boundaries in ``data/geo/``.

``geometry`` works on the coordinates, ``labels`` places text, ``furniture`` draws axes and the
scale bar, ``draw`` composes the maps and ``words`` writes what goes with them (position, alt text,
boundary caveats).
"""

from breakaway.data.boundaries import load_boundaries
from breakaway.report.maps import words
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
    "locator_features",
    "locator_map",
    "map_alt_text",
    "regions_alt_text",
    "regions_map",
    "territory_location",
    "territory_position",
    "words",
]
