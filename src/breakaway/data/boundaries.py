"""Read the boundaries file for the locator maps, checking every feature on the way in.

``load_boundaries`` is the one reader of ``data/geo/breakaway_regions.geojson``; validation calls
it too, so a broken boundary file is bad input (exit 2) before any kernel starts.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import TypeGuard

from breakaway.data.environment import limit
from breakaway.data.safety import unsafe_character
from breakaway.errors import DataError

OUTLINE_POINTS_VARIABLE = "BREAKAWAY_MAX_OUTLINE_POINTS"

Boundaries = dict[str, dict]
KINDS = ("country", "breakaway")


def load_boundaries(path: Path, check_positions: bool = True) -> Boundaries:
    """The features of a boundaries GeoJSON file by their ``id`` property.

    Args:
        path: A GeoJSON FeatureCollection of Polygon/MultiPolygon features with the properties
            ``id``, ``name`` and ``kind`` (``country`` or ``breakaway``), longitude/latitude.
        check_positions: Check every position of every geometry. A kernel reading the very
            bytes its render has validated passes False: the check is the costliest part of the
            read and grows with every outline in the file.

    Returns:
        ``{id: {"name": ..., "kind": ..., "geometry": {"type": ..., "coordinates": ...}}}`` in
        file order.

    Raises:
        DataError: The file is missing, is not JSON, or is not such a FeatureCollection. The one
            problem line names the file and what was expected.
    """
    path = Path(path)
    expected = (
        "a GeoJSON FeatureCollection of Polygon/MultiPolygon features with properties "
        "id, name and kind"
    )
    try:
        document = _read_json(path)
    except FileNotFoundError:
        raise DataError(
            [f"{path}: file not found; expected {expected} (see data/geo/PROVENANCE.md)"]
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise DataError([f"{path}: cannot be read ({error}); expected {expected}"]) from None
    except json.JSONDecodeError as error:
        raise DataError(
            [
                f"{path}, line {error.lineno}, column {error.colno}: not valid JSON "
                f"({error.msg}); expected {expected}"
            ]
        ) from None
    except RecursionError:
        raise DataError([f"{path}: JSON nested too deeply; expected {expected}"]) from None
    if (
        not isinstance(document, dict)
        or document.get("type") != "FeatureCollection"
        or not isinstance(document.get("features"), list)
    ):
        raise DataError([f"{path}: expected {expected}, found no FeatureCollection"])
    boundaries: Boundaries = {}
    for number, feature in enumerate(document["features"], start=1):
        where = f"{path}: feature {number}"
        properties = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(properties, dict):
            raise DataError([f"{where} has no properties; expected {expected}"])
        feature_id, name, kind = (properties.get(key) for key in ("id", "name", "kind"))
        if not (_is_text(feature_id) and _is_text(name) and _is_text(kind)):
            raise DataError([f"{where}: expected the text properties id, name and kind"])
        _check_text(where, feature_id, name, kind)
        where = f"{path}: feature {number} ({feature_id})"
        if kind not in KINDS:
            raise DataError([f"{where}: kind is {kind!r}; expected one of {', '.join(KINDS)}"])
        if feature_id in boundaries:
            raise DataError([f"{where}: id appears twice; expected unique ids"])
        geometry = feature.get("geometry")
        problem = geometry_problem(geometry) if check_positions else _shape_problem(geometry)
        if problem:
            raise DataError([f"{where}: {problem}"])
        boundaries[feature_id] = {"name": name, "kind": kind, "geometry": geometry}
    if not boundaries:
        raise DataError([f"{path}: the FeatureCollection is empty; expected {expected}"])
    return boundaries


def _shape_problem(geometry: object) -> str:
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        return "expected a Polygon or MultiPolygon geometry"
    return ""


def geometry_problem(geometry: object) -> str:
    """What is wrong with a GeoJSON Polygon/MultiPolygon geometry, or ``""``."""
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        return "expected a Polygon or MultiPolygon geometry"
    coordinates = geometry.get("coordinates")
    polygons = [coordinates] if geometry["type"] == "Polygon" else coordinates
    if not isinstance(polygons, list) or not polygons:
        return "expected polygon coordinates"
    points, most = 0, limit(OUTLINE_POINTS_VARIABLE)
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            return "expected each polygon to be a list of rings"
        for ring in polygon:
            if not isinstance(ring, list) or len(ring) < 4:
                return "expected each ring to have at least 4 positions"
            points += len(ring)
            if points > most:
                return (
                    f"outline has more than {most:,} positions; expected a simplified outline "
                    f"(raise the limit with {OUTLINE_POINTS_VARIABLE})"
                )
            for position in ring:
                if not _is_position(position):
                    return f"expected [longitude, latitude] positions, found {position!r}"
            if ring[0][:2] != ring[-1][:2]:
                return "expected every ring to close (first position = last position)"
    return ""


CONTEXT_KINDS = ("overview", "capital", "region")


def load_context(path: Path) -> dict[str, Boundaries]:
    """The map context file: overview countries, parent capitals, patron-state regions.

    Args:
        path: A GeoJSON FeatureCollection (``data/geo/context.geojson``): ``overview`` features
            are Polygon/MultiPolygon countries for the Europe inset; ``capital`` and ``region``
            features are Points with a ``country`` property (ISO 3166-1 alpha-3).

    Returns:
        ``{kind: {id: {"name": ..., "kind": ..., "country": ..., "geometry": ...}}}`` for each
        of the three kinds, in file order.

    Raises:
        DataError: The file is missing, unreadable or not such a FeatureCollection.
    """
    path = Path(path)
    expected = "a GeoJSON FeatureCollection of overview, capital and region features"
    try:
        document = _read_json(path)
    except FileNotFoundError:
        raise DataError([f"{path}: file not found; expected {expected}"]) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DataError([f"{path}: cannot be read ({error}); expected {expected}"]) from None
    except RecursionError:
        raise DataError([f"{path}: JSON nested too deeply; expected {expected}"]) from None
    features = document.get("features") if isinstance(document, dict) else None
    if not isinstance(features, list):
        raise DataError([f"{path}: expected {expected}, found no FeatureCollection"])
    context: dict[str, Boundaries] = {kind: {} for kind in CONTEXT_KINDS}
    for number, feature in enumerate(features, start=1):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        properties = properties if isinstance(properties, dict) else {}
        feature_id, name, kind = (properties.get(key) for key in ("id", "name", "kind"))
        where = f"{path}: feature {number} ({feature_id})"
        if not (_is_text(feature_id) and _is_text(name) and _is_text(kind)):
            raise DataError([f"{where}: expected the text properties id, name and kind"])
        _check_text(f"{path}: feature {number}", feature_id, name, kind)
        if kind not in CONTEXT_KINDS:
            raise DataError(
                [f"{where}: kind is {kind!r}; expected one of {', '.join(CONTEXT_KINDS)}"]
            )
        geometry = feature.get("geometry")
        if kind == "overview":
            problem = geometry_problem(geometry)
        else:
            problem = point_problem(geometry)
            if not isinstance(properties.get("country"), str):
                problem = problem or "expected a country property (ISO 3166-1 alpha-3)"
        if problem:
            raise DataError([f"{where}: {problem}"])
        if feature_id in context[kind]:
            raise DataError([f"{where}: id appears twice; expected unique ids"])
        context[kind][feature_id] = {
            "name": name,
            "kind": kind,
            "country": properties.get("country", ""),
            "geometry": geometry,
        }
    return context


def point_problem(geometry: object) -> str:
    """What is wrong with a GeoJSON Point geometry, or ``""``."""
    if not isinstance(geometry, dict) or geometry.get("type") != "Point":
        return "expected a Point geometry"
    position = geometry.get("coordinates")
    if not (_is_position(position) and -180 <= position[0] <= 180 and -90 <= position[1] <= 90):
        return f"expected [longitude, latitude], found {position!r}"
    return ""


def _is_text(value: object) -> TypeGuard[str]:
    """Whether ``value`` is a non-empty string."""
    return isinstance(value, str) and bool(value)


def _is_position(value: object) -> TypeGuard[list]:
    """Whether ``value`` is a GeoJSON position: a list of at least two finite numbers."""
    return isinstance(value, list) and len(value) >= 2 and all(map(_is_coordinate, value[:2]))


def _is_coordinate(value: object) -> bool:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(value) and -1000 <= value <= 1000
    except OverflowError:  # a whole number of hundreds of digits
        return False


def _read_json(path: Path) -> object:
    """The JSON document of a file (a byte-order mark allowed, as in every input file)."""
    return json.loads(path.read_text(encoding="utf-8-sig"))


def _check_text(where: str, *values: str) -> None:
    """Feature ids, names and kinds follow the text rules of every cell."""
    for value in values:
        char = unsafe_character(value)
        if char:
            raise DataError(
                [
                    f"{where}: property has the control, bidirectional or non-XML character "
                    f"{char}; expected text"
                ]
            )
