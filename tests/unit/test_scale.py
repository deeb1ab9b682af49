"""A briefing's work depends on its territory and a bounded set of peers, not on all territories.

The scale bench pads the data with copies of Abkhazia (same rows, same outline); these tests check
the sizes that decide a briefing's cost on such a folder (rows loaded, outlines drawn), never a
time.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import shutil
from datetime import date

import pytest
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextPath
from reportcheck import REPO

from breakaway import paths
from breakaway.data.fingerprint import VALIDATED_ENV, data_hashes, short_fingerprint
from breakaway.data.load import load_dataset
from breakaway.errors import DataError
from breakaway.knowledge.facts import build_facts
from breakaway.knowledge.peers import MAX_PEERS, choose_peers
from breakaway.report import maps
from breakaway.report.briefing import Briefing
from breakaway.report.chart_frame import outline_width
from breakaway.report.maps.selection import MAX_RELATED, locator_features

PADDED_TO = 30  # territories: the four real ones and 26 copies of Abkhazia
AS_OF = date(2025, 6, 30)


def _padded(tmp_path, size=PADDED_TO):
    spec = importlib.util.spec_from_file_location("scale_bench", REPO / "benchmarks/scale_bench.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench.synthetic_data(REPO / "data", tmp_path / "data", size)


def _square(west, south, size):
    ring = [[west, south], [west + size, south], [west + size, south + size], [west, south + size]]
    return {"type": "Polygon", "coordinates": [ring + [ring[0]]]}


def _feature(name, kind, geometry):
    return {"name": name, "kind": kind, "geometry": geometry}


def test_a_briefing_loads_only_its_own_and_its_peers_rows(tmp_path):
    folder = _padded(tmp_path)
    briefing = Briefing.open("south-ossetia", AS_OF.isoformat(), folder)
    data = briefing.data
    peers = set(choose_peers(data.territories, "south-ossetia"))
    assert len(data.territories) == PADDED_TO  # peers are chosen among all of them
    assert len(peers) == MAX_PEERS
    for table in ("recognitions", "population", "indicators", "events", "statements", "claims"):
        assert set(getattr(data, table)["territory_id"]) <= peers, table
    # 26 copies of Abkhazia's population rows would be there without the focus.
    abkhazia_rows = (data.population["territory_id"] == "abkhazia").sum()
    assert len(data.population) <= abkhazia_rows * MAX_PEERS


def test_the_focus_changes_no_fact(tmp_path):
    folder = _padded(tmp_path, size=12)
    whole = load_dataset(folder)
    focused = load_dataset(folder, focus=lambda rows: choose_peers(rows, "abkhazia"))
    for territory in choose_peers(whole.territories, "abkhazia"):
        assert build_facts(focused, territory, AS_OF) == build_facts(whole, territory, AS_OF)


def test_the_real_data_loses_no_row_to_the_focus():
    whole = load_dataset()
    focused = load_dataset(focus=lambda rows: choose_peers(rows, "south-ossetia"))
    for table in ("territories", "recognitions", "population", "events", "statements", "claims"):
        assert len(getattr(focused, table)) == len(getattr(whole, table)), table


def test_a_claim_keeps_the_event_it_names_from_another_territory(tmp_path):
    folder = _padded(tmp_path, size=5)
    with open(folder / "claims.csv", encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file)
        header, first = reader.fieldnames, next(reader)
    # A claim about Abkhazia that names one of South Ossetia's events.
    row = dict.fromkeys(header, "")
    row.update(
        claim_id="ab-names-so-event",
        territory_id="abkhazia",
        claimed_on="2022-06-01",
        publisher="Example",
        claim="A referendum was called",
        metric="event_on",
        claimed_value="2022-05-13",
        subject="so-2022-05-13-referendum-called",
        source_ids=first["source_ids"],
    )
    with open(folder / "claims.csv", "a", encoding="utf-8", newline="") as file:
        csv.DictWriter(file, header, lineterminator="\n").writerow(row)
    focused = load_dataset(folder, focus=lambda rows: ["abkhazia"])
    assert "so-2022-05-13-referendum-called" in set(focused.events["event_id"])
    assert set(focused.events["territory_id"]) == {"abkhazia", "south-ossetia"}


def test_a_locator_map_draws_a_bounded_number_of_sister_regions():
    boundaries = {
        "AAA": _feature("Aland", "country", _square(0, 0, 10)),
        "BBB": _feature("Beland", "country", _square(10, 0, 10)),
        "own": _feature("Own", "breakaway", _square(1, 1, 1)),
        **{
            f"copy-{n:03d}": _feature(f"Copy {n}", "breakaway", _square(2 + n * 0.01, 2, 1))
            for n in range(200)
        },
        "next-door": _feature("Next door", "breakaway", _square(12, 2, 1)),
        "sea": _feature("Sea", "water", _square(-5, 0, 5)),  # a kind the maps may add
    }
    kept = locator_features(boundaries, "own", "AAA")
    breakaway = [fid for fid, f in kept.items() if f["kind"] == "breakaway"]
    assert breakaway == ["own", "copy-000", "copy-001", "copy-002"]  # the nearest, file order
    assert len(breakaway) == 1 + MAX_RELATED
    assert {"AAA", "BBB", "sea"} <= set(kept)  # every feature of another kind stays
    assert "next-door" not in kept  # another parent's region is not a sister


def test_the_real_maps_keep_every_sister_region():
    boundaries = maps.load_boundaries(paths.geo_path(paths.data_dir()))
    kept = locator_features(boundaries, "south-ossetia", "GEO")
    assert {fid for fid, f in kept.items() if f["kind"] == "breakaway"} == {
        "south-ossetia",
        "abkhazia",
    }
    countries = {fid for fid, f in boundaries.items() if f["kind"] == "country"}
    assert countries <= set(kept)


def test_a_padded_boundaries_file_draws_as_many_outlines_as_the_real_one(tmp_path):
    folder = _padded(tmp_path, size=40)
    padded = maps.load_boundaries(paths.geo_path(folder))
    real = maps.load_boundaries(paths.geo_path(paths.data_dir()))
    assert len(padded) == len(real) + 36
    for territory in ("south-ossetia", "abkhazia"):
        kept = locator_features(padded, territory, "GEO")
        assert len(kept) <= len(locator_features(real, territory, "GEO")) + MAX_RELATED


def test_text_is_measured_by_its_outlines_never_short():
    prop = FontProperties(family="DejaVu Sans", size=11.5, weight="bold")
    for line in ["South Ossetia's population fell from 98,527 (1989) to 53,532", "Ƨ ƍ ℏ ⟆"]:
        exact = TextPath((0, 0), line, prop=prop).get_extents().x1
        measured = outline_width(line, prop)
        assert exact <= measured <= exact + 0.5, line
    latin = "Tskhinvali, Sukhumi — “Nagorno-Karabakh”"
    exact = TextPath((0, 0), latin, prop=prop).get_extents().x1
    assert abs(outline_width(latin, prop) - exact) < 1e-9


def test_a_kernel_of_a_validated_run_skips_the_position_check(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    shutil.copytree(REPO / "data", folder)
    assert not load_dataset(folder).validated_by_run  # validated here, by this load
    monkeypatch.setenv(VALIDATED_ENV, short_fingerprint(data_hashes(folder)))
    assert load_dataset(folder).validated_by_run
    # What the skipped check would catch; validation (the render's, before any kernel) does.
    geo = paths.geo_path(folder)
    document = json.loads(geo.read_text(encoding="utf-8"))
    document["features"][0]["geometry"]["coordinates"][0][0][0] = "east"
    geo.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(DataError):
        maps.load_boundaries(geo)
    assert len(maps.load_boundaries(geo, check_positions=False)) == len(document["features"])
