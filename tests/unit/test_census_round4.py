"""South Ossetia's 1989 census as exact counts from a read source (issue 18 item 1, round 4).

Round 3 kept rounded figures (98,500; "more than 28,000"; an Ossetian 65,000 computed as 66% of
98,500) because the exact counts had been seen only in Wikipedia copies. DFWatch (22 Feb 2018),
already cited, prints them: "98,527, among them ethnic Ossetians were 65,232 (66%) and ethnic
Georgians 28,544 (29%)". Each row is known from the first source that states its value: the total
and the Georgians from Georgia Today (Aug 2016), which gives the same census rounded (98,500) and
as a lower bound (more than 28,000); the Ossetians only from DFWatch, since Georgia Today gives no
Ossetian figure. No source of 1990-96 was found, so the census still enters the record late (the
strict xfail tests in test_census_public_since.py stay). Shipped data, no kernel.
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
        (date(2016, 7, 31), False),  # before Georgia Today (Aug 2016)
        (date(2016, 8, 31), True),  # Georgia Today: "98,500" at the last Soviet census
    ],
)
def test_the_total_enters_with_the_first_source_stating_the_census(shipped, day, known):
    totals = population_totals(shipped.population, SO, day)
    assert (1989 in set(totals["year"])) is known


def test_the_ossetian_count_waits_for_the_source_that_gives_it(shipped):
    day_before = date.fromordinal(DFWATCH_DAY.toordinal() - 1)
    assert "ossetians" not in _groups_1989(shipped, day_before)
    assert _groups_1989(shipped, DFWATCH_DAY)["ossetians"] == 65232


WRITENET = "writenet-1997-08-georgia-abkhazia-ethnic-cleansing"
WRITENET_DAY = date(1997, 8, 1)  # its published_on


def test_abkhazias_1989_total_is_known_from_the_1997_writenet_paper(shipped):
    # "According to the 1989 Soviet census ... the total population of 525,000 people": the
    # census total, rounded; it was known only from Hewitt (1999) before round 4.
    day_before = date.fromordinal(WRITENET_DAY.toordinal() - 1)
    assert population_totals(shipped.population, "abkhazia", day_before).empty
    facts = build_facts(shipped, "abkhazia", WRITENET_DAY)
    assert facts["latest_census"]["year"] == 1989
    assert facts["latest_census"]["population"] == 525061
    assert facts["sources"]["latest_census"] == [WRITENET]


def test_abkhazias_1989_groups_wait_for_a_source_with_counts(shipped):
    # The paper gives shares only, so the group rows keep Hewitt (1999): no composition before.
    assert build_facts(shipped, "abkhazia", date(1999, 6, 1))["largest_group"] is None
    largest = build_facts(shipped, "abkhazia", date(2000, 1, 1))["largest_group"]
    assert (largest["year"], largest["group"]) == (1989, "georgians")
