"""A change between censuses is no more precise than the rounder of the two counts."""

from __future__ import annotations

from breakaway.knowledge.facts import census_difference, rounding_unit


def _count(year, population, caveat=""):
    return {"year": year, "population": population, "caveat": caveat}


def test_an_exact_count_has_no_rounding_unit_even_when_it_ends_in_zeros():
    assert rounding_unit(_count(2004, 555_000)) == 1
    assert rounding_unit(_count(2004, 555_000, "Rounded to the nearest thousand")) == 1_000
    assert rounding_unit(_count(2015, 48_100, "Rounded figure.")) == 100
    assert rounding_unit(_count(2004, 555_000, "Given in thousands; first results.")) == 1_000


def test_from_a_rounded_count_the_change_and_percent_are_rounded_and_marked():
    change = census_difference(
        _count(2004, 555_000, "Rounded to the nearest thousand; first results."),
        _count(2015, 475_665),
    )
    assert change == {
        "from_year": 2004,
        "to_year": 2015,
        "change": -79_000,
        "percent": -14.0,
        "approximate": True,
    }


def test_two_exact_counts_keep_their_exact_change():
    change = census_difference(_count(1989, 98_527), _count(2015, 53_532))
    assert change["change"] == -44_995 and change["percent"] == -45.7
    assert change["approximate"] is False


def test_the_story_of_a_rounded_census_says_about_and_reads_on_in_lower_case():
    from datetime import date

    from breakaway import load_dataset
    from breakaway.knowledge.facts import build_facts
    from breakaway.report.citations import Citations
    from breakaway.report.narrative import population_sentence

    shipped = load_dataset()
    facts = build_facts(shipped, "transnistria", date(2026, 12, 3))
    text = population_sentence(facts, Citations(shipped.sources))
    assert "about 79,000 fewer than in the 2004 census (555,000; given in thousands" in text
    assert "a fall of about 14%" in text and "79,335" not in text
