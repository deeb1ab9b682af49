"""Shared by the map tests: the real boundaries and territories, a tiny made-up boundaries file.

Plain values and functions only (each test file declares its own fixtures from them).
"""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

from matplotlib.figure import Figure

from breakaway.report import charts, maps

REPO = Path(__file__).resolve().parents[1]
GEO_DIR = REPO / "data" / "geo"
GEO = GEO_DIR / "breakaway_regions.geojson"
REGIONS = ["south-ossetia", "abkhazia", "transnistria", "nagorno-karabakh"]
COUNTRIES = ["RUS", "TUR", "IRN", "GEO", "ARM", "AZE", "UKR", "ROU", "MDA"]
TEXT = charts.ChartText(
    title="Where it lies",
    subtitle="Highlighted in its parent state",
    source_line="Natural Earth",
    as_of=date(2025, 1, 1),
)


def load_territories() -> dict[str, dict[str, str]]:
    """The rows of ``data/territories.csv`` by territory id."""
    with (REPO / "data" / "territories.csv").open(encoding="utf-8") as handle:
        return {row["territory_id"]: row for row in csv.DictReader(handle)}


def capital_of(row) -> tuple[float, float]:
    """A territory row's capital as (longitude, latitude)."""
    return float(row["capital_lon"]), float(row["capital_lat"])


def map_axes(fig: Figure, gid: str = "map"):
    """The one axes of ``fig`` with this gid."""
    found = [ax for ax in fig.axes if ax.get_gid() == gid]
    assert len(found) == 1, f"expected one axes with gid {gid!r}"
    return found[0]


def square(x0: float, y0: float, size: float, clockwise: bool = False) -> list[list[float]]:
    """A closed square ring."""
    ring = [[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]]
    return ring[::-1] if clockwise else ring


def feature(feature_id: str, name: str, kind: str, rings: list) -> dict:
    """A GeoJSON polygon feature with the three properties the boundaries file holds."""
    return {
        "type": "Feature",
        "properties": {"id": feature_id, "name": name, "kind": kind},
        "geometry": {"type": "Polygon", "coordinates": rings},
    }


# A 10° square parent at the equator, a 10° neighbour sharing its east edge, a country far away,
# and three small regions: one in the parent's north-east, one in its centre, one in its south-west.
TINY = {
    "type": "FeatureCollection",
    "features": [
        # The hole winds the same way as the exterior (not RFC 7946): drawing must still leave it empty.
        feature("PAR", "Parentland", "country", [square(0, 0, 10), square(4, 1, 1)]),
        feature("NXT", "Nextland", "country", [square(10, 0, 10)]),
        feature("FAR", "Farland", "country", [square(30, 0, 10)]),
        feature("ne", "Northeastia", "breakaway", [square(8, 8, 1)]),
        feature("mid", "Middlia", "breakaway", [square(4.5, 4.5, 1)]),
        feature("sw", "Southwestia", "breakaway", [square(1, 1, 1)]),
    ],
}


def load_tiny(folder: Path):
    """``TINY`` written to ``folder`` and loaded as boundaries."""
    path = folder / "tiny.geojson"
    path.write_text(json.dumps(TINY), encoding="utf-8")
    return maps.load_boundaries(path)
