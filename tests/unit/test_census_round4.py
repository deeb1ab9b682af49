"""South Ossetia's 1989 census as exact counts from a read source (issue 18 item 1, round 4).

Round 3 kept rounded figures (98,500; "more than 28,000"; an Ossetian 65,000 computed as 66% of
98,500) because the exact counts had been seen only in Wikipedia copies. DFWatch (22 Feb 2018),
already cited, prints them: "98,527, among them ethnic Ossetians were 65,232 (66%) and ethnic
Georgians 28,544 (29%)". An exact count is known only from the first source that states it
exactly: Georgia Today (Aug 2016) gives the same census rounded (98,500) and as a lower bound
(more than 28,000), so citing it showed the exact counts from 2016 (independent check, round 4);
the three rows now cite DFWatch alone. No source of 1990-96 was found, so the census still enters
the record late (the strict xfail tests in test_census_public_since.py stay). Shipped data, no
kernel.
"""

from __future__ import annotations

from datetime import date

import pytest

from breakaway.knowledge.facts import build_facts
from breakaway.knowledge.population import ethnic_composition, population_totals

SO = "south-ossetia"
DFWATCH = "dfwatch-2018-population-crisis"
DFWATCH_DAY = date(2018, 2, 22)  # its published_on
TODAY = date(2026, 12, 3)


def _groups_1989(shipped, day: date) -> dict[str, int]:
    groups = ethnic_composition(shipped.population, SO, day)
    groups = groups[groups["year"] == 1989]
    return dict(zip(groups["group"], groups["population"], strict=True))


def test_the_1989_census_is_the_exact_count_today(shipped):
    facts = build_facts(shipped, SO, TODAY)
    assert facts["previous_census"]["year"] == 1989
    assert facts["previous_census"]["population"] == 98527
    groups = _groups_1989(shipped, TODAY)
    assert (groups["ossetians"], groups["georgians"]) == (65232, 28544)


def test_the_exact_counts_cite_the_source_that_prints_them(shipped):
    rows = shipped.population
    rows = rows[(rows["territory_id"] == SO) & (rows["year"] == 1989)]
    for group in ("total", "ossetians", "georgians"):
        row = rows[rows["group"] == group].iloc[0]
        assert DFWATCH in row["source_ids"].split(";"), group
        # An exact count carries no "rounded" or "lower bound" caveat for readers.
        assert not str(row["caveat"] or "").strip(), group


@pytest.mark.parametrize(
    ("day", "known"),
    [
        (date(2016, 8, 31), False),  # Georgia Today: "98,500", not the exact 98,527
        (date(2018, 2, 21), False),
        (DFWATCH_DAY, True),  # DFWatch: "98,527"
    ],
)
def test_the_exact_total_enters_with_the_first_source_stating_it(shipped, day, known):
    totals = population_totals(shipped.population, SO, day)
    assert (1989 in set(totals["year"])) is known


def test_the_exact_counts_wait_for_the_source_that_gives_them(shipped):
    day_before = date.fromordinal(DFWATCH_DAY.toordinal() - 1)
    for group in ("ossetians", "georgians", "total"):
        assert group not in _groups_1989(shipped, day_before), group
    groups = _groups_1989(shipped, DFWATCH_DAY)
    assert (groups["ossetians"], groups["georgians"]) == (65232, 28544)


def test_the_exact_counts_cite_no_source_that_only_rounds_them(shipped):
    rows = shipped.population
    rows = rows[(rows["territory_id"] == SO) & (rows["year"] == 1989)]
    for group in ("total", "ossetians", "georgians"):
        cited = rows[rows["group"] == group].iloc[0]["source_ids"].split(";")
        assert cited == [DFWATCH], group


def test_south_ossetia_between_the_two_sources_claims_no_1989_figures(shipped):
    # Aug 2016 - Feb 2018: no exact 1989 count is known, so no fall since 1989 and no largest
    # group of 1989 (the Georgians alone would have looked like the largest).
    facts = build_facts(shipped, SO, date(2017, 6, 1))
    assert facts["previous_census"] is None and facts["census_change"] is None
    assert (facts["largest_group"]["year"], facts["largest_group"]["group"]) == (2015, "ossetians")
    assert not _groups_1989(shipped, date(2017, 6, 1)).keys() & {"georgians", "ossetians"}


def test_the_2015_ossetian_figure_is_the_published_share_to_the_hundred(shipped):
    # Georgia Today: 89.9% of 53,532 = 48,125; stated to the hundred, 48,100 (was 48,130, a number
    # nobody published). DFWatch's exact 48,146 (2018) is not cited: it would show from 2016.
    rows = shipped.population
    row = rows[(rows["territory_id"] == SO) & (rows["year"] == 2015)]
    row = row[row["group"] == "ossetians"].iloc[0]
    assert int(row["population"]) == 48100
    assert row["caveat"] == "Rounded figure."
    assert row["source_ids"] == "georgiatoday-south-ossetia-2015-census"
    assert round(48100 / 53532 * 100, 1) == 89.9


HEWITT = "hewitt-1999-central-asian-survey"
HEWITT_DAY = date(1999, 12, 31)  # published_on "1999": known from the end of the year


def test_abkhazias_exact_1989_total_is_known_from_hewitt_not_the_rounded_1997_paper(shipped):
    # WRITENET (1 Aug 1997) gives "the total population of 525,000 people": the census total
    # rounded, so it does not show the exact 525,061 (independent check, round 4).
    assert population_totals(shipped.population, "abkhazia", date(1998, 1, 1)).empty
    day_before = date.fromordinal(HEWITT_DAY.toordinal() - 1)
    assert population_totals(shipped.population, "abkhazia", day_before).empty
    facts = build_facts(shipped, "abkhazia", HEWITT_DAY)
    assert facts["latest_census"]["year"] == 1989
    assert facts["latest_census"]["population"] == 525061
    assert facts["sources"]["latest_census"] == [HEWITT]


def test_abkhazias_1989_groups_wait_for_a_source_with_counts(shipped):
    # The paper gives shares only, so the group rows keep Hewitt (1999): no composition before.
    assert build_facts(shipped, "abkhazia", date(1999, 6, 1))["largest_group"] is None
    largest = build_facts(shipped, "abkhazia", date(2000, 1, 1))["largest_group"]
    assert (largest["year"], largest["group"]) == (1989, "georgians")
