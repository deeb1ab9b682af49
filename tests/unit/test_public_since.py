"""Public since: a fact cited by a source of its time is known from then (issue 18, item 1 code).

The curation (the data helpers) finds sources of the time; this checks that once a row cites one,
the early reports show it: South Ossetia in July 1992 has the 1989 census and the January 1992
referendum among its steps towards Russia; Nagorno-Karabakh in the 1990s has Armenians as the
largest group of 1989.
"""

from __future__ import annotations

from datetime import date

from conftest import TABLES, write_data_dir

from breakaway.data.load import load_dataset
from breakaway.report.briefing import Briefing

ARMENIANS, AZERBAIJANIS, OTHERS = 145_450, 40_688, 2_947
NK_1989 = ARMENIANS + AZERBAIJANIS + OTHERS


def _of_their_time(tmp_path):
    tables = dict(TABLES)
    tables["sources.csv"] += (
        "src-1990,Census volume,Goskomstat,https://example.org/census,2026-11-27,1990,official,"
        "false,2016-01-01,\n"
        "src-1992,Newspaper of the day,Paper N,https://example.org/n,2026-11-27,1992-01-20,news,"
        "false,,\n"
    )
    tables["population.csv"] = tables["population.csv"].replace(
        "south-ossetia,1989,total,98527,census,,,,src-a,",
        "south-ossetia,1989,total,98527,census,,,,src-1990,",
    ) + (
        f"nagorno-karabakh,1989,armenians,{ARMENIANS},census,,,,src-1990,\n"
        f"nagorno-karabakh,1989,azerbaijanis,{AZERBAIJANIS},census,,,,src-1990,\n"
        f"nagorno-karabakh,1989,other,{OTHERS},census,,,,src-1990,\n"
        f"nagorno-karabakh,1989,total,{NK_1989},census,,,,src-1990,\n"
    )
    marker = "so-clashes,"
    tables["events.csv"] = tables["events.csv"].replace(
        marker,
        "so-1992-referendum,south-ossetia,1992-01-19,,referendum,territory,joining_patron,"
        "Referendum on independence and union with Russia,,,src-1992,towards_patron,\n" + marker,
    )
    return load_dataset(write_data_dir(tmp_path / "data", tables))


def test_south_ossetia_in_1992_has_the_1989_census_and_the_referendum(tmp_path):
    briefing = Briefing(_of_their_time(tmp_path), "south-ossetia", date(1992, 7, 1))
    assert briefing.facts["latest_census"]["population"] == 98_527
    assert "98,527" in briefing.population_story().data
    steps = briefing.joining_story().data
    assert "one step" in steps and "Referendum on independence and union with Russia" in steps
    assert "Latest step towards Russia" in briefing.key_facts()._repr_html_()


def test_nagorno_karabakh_in_the_1990s_has_armenians_as_the_largest_group(tmp_path):
    facts = Briefing(_of_their_time(tmp_path), "nagorno-karabakh", date(1995, 1, 1)).facts
    assert facts["largest_group"]["group"] == "armenians"
    assert facts["largest_group"]["share"] == round(ARMENIANS / NK_1989, 6)


def test_a_later_copy_keeps_the_originals_date_but_is_not_linked_early(tmp_path):
    briefing = Briefing(_of_their_time(tmp_path), "south-ossetia", date(1992, 7, 1))
    briefing.population_story()
    html = briefing.sources_list()._repr_html_()
    assert "Goskomstat, 1990" in html
    assert "example.org/census" not in html  # the copy of 2016 did not exist in 1992
