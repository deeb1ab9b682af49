"""The map words file, ``data/geo/maps.json``: what the maps say that differs by territory.

It holds the named clip windows of ``breakaway_regions.geojson`` (with the phrase a caption uses
for each), the caveats printed under a map (each for the maps it names, a territory id or
``overview``, and the report dates it holds for) and the overview map's title. This module reads
and checks it (one line naming what is wrong); ``report/maps`` uses it.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path

from breakaway import paths
from breakaway.errors import DataError

DATE_LIMITS = ("after", "before", "from", "until")
_SIDES = ("west", "east", "south", "north")


def map_words_path(data_dir: Path | None = None) -> Path:
    """The map words file of a data folder (the project's by default)."""
    return paths.geo_path(data_dir).parent / "maps.json"


def load_map_words(path: Path | None = None) -> dict:
    """The parsed map words file, checked; ``DataError`` (one line) when it cannot be used."""
    return _load(str(Path(path or map_words_path()).resolve()))


@cache
def _load(path: str) -> dict:
    def fail(where: str, expected: str) -> None:
        raise DataError([f"{path}: {where}: expected {expected}"])

    try:
        words = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise DataError([f"{path}: cannot read the map words ({error}); expected JSON"]) from None
    if not isinstance(words, dict) or not isinstance(words.get("boundary_notes"), list):
        fail("top level", "an object with a 'boundary_notes' list")
    for number, note in enumerate(words["boundary_notes"], start=1):
        if not isinstance(note, dict) or not isinstance(note.get("maps"), list):
            fail(f"boundary note {number}", "an object with 'maps'")
        for limit in (key for key in DATE_LIMITS if key in note):
            try:
                date.fromisoformat(note[limit])
            except (TypeError, ValueError):
                fail(f"boundary note {number} '{limit}'", "YYYY-MM-DD")
    for number, window in enumerate(words.get("windows", []), start=1):
        if not isinstance(window, dict) or not isinstance(window.get("name"), str):
            fail(f"window {number}", "an object with a 'name'")
        if not all(isinstance(window.get(side), int | float) for side in _SIDES):
            fail(f"window {window['name']!r}", "numbers west, east, south and north (degrees)")
    for number, sea in enumerate(words.get("seas", []), start=1):
        if not isinstance(sea, dict) or not isinstance(sea.get("name"), str) or not sea["name"]:
            fail(f"sea {number}", "an object with a 'name'")
        points = sea.get("label_points")
        if not isinstance(points, list) or not points or not all(_is_lonlat(p) for p in points):
            fail(f"sea {sea['name']!r} 'label_points'", "a list of [longitude, latitude] pairs")
    return words


def _is_lonlat(point: object) -> bool:
    return (
        isinstance(point, list)
        and len(point) == 2
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in point)
        and -180 <= point[0] <= 180
        and -90 <= point[1] <= 90
    )


def seas(words: dict | None = None) -> list[tuple[str, list[tuple[float, float]]]]:
    """The seas a map names where its frame shows them: each name with its label points.

    A sea has one point per map window it shows in (open water, tested to lie on no land); a map
    names the sea at the first point inside its frame.
    """
    found = (words or load_map_words()).get("seas", [])
    return [(s["name"], [(float(x), float(y)) for x, y in s["label_points"]]) for s in found]


def windows(words: dict | None = None) -> dict[str, tuple[float, float, float, float]]:
    """The named clip windows as ``(west, east, south, north)``, in file order."""
    found = (words or load_map_words()).get("windows", [])
    west, east, south, north = _SIDES
    return {
        w["name"]: (float(w[west]), float(w[east]), float(w[south]), float(w[north])) for w in found
    }


def window_phrases(words: dict | None = None) -> dict[str, str]:
    """How a caption names each window ("the Caucasus")."""
    found = (words or load_map_words()).get("windows", [])
    return {w["name"]: w.get("phrase", w["name"]) for w in found}
