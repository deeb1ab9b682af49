"""A figure that is someone's claim carries its caveat wherever it is printed (issue 19, item 5).

The caveat is data (the ``caveat`` column); these tests follow it from the shipped rows to each
place a figure appears: facts.json, the prose, the composition chart's caption, the comparison
report's table and the index. And a caveat must be true whenever its row can appear.
"""

from __future__ import annotations

import re
from datetime import date

import pandas as pd

from breakaway.knowledge.facts import build_facts
from breakaway.knowledge.population import ethnic_composition
from breakaway.render.index import _briefing_summary
from breakaway.report import chart_words
from breakaway.report.citations import Citations
from breakaway.report.comparison import Comparison
from breakaway.report.narrative import group_name, population_sentence

TODAY = date(2026, 12, 3)
DE_FACTO_SO = "Count by the de facto South Ossetian authorities, not independently verified"


def _caveat(shipped, territory: str, year: int, group: str = "total") -> str:
    rows = shipped.population
    row = rows[(rows["territory_id"] == territory) & (rows["year"] == year)]
    return str(row[row["group"] == group]["caveat"].iloc[0])


def test_the_ethnic_shares_carry_their_rows_caveats(shipped):
    groups = ethnic_composition(shipped.population, "south-ossetia", TODAY)
    ossetians_2015 = groups[(groups["year"] == 2015) & (groups["group"] == "ossetians")]
    # Rounded from the published share since the blog copy of the exact count was dropped.
    assert ossetians_2015["caveat"].iloc[0] == _caveat(shipped, "south-ossetia", 2015, "ossetians")
    assert ossetians_2015["caveat"].iloc[0] == "Rounded figure."
    georgians_1989 = groups[(groups["year"] == 1989) & (groups["group"] == "georgians")]
    assert georgians_1989["caveat"].iloc[0] == _caveat(shipped, "south-ossetia", 1989, "georgians")


def test_facts_give_the_largest_group_its_caveat(shipped):
    facts = build_facts(shipped, "south-ossetia", TODAY)
    assert facts["largest_group"]["caveat"] == "Rounded figure."
    assert facts["latest_census"]["caveat"].startswith(DE_FACTO_SO)


def test_the_prose_prints_the_earlier_census_with_its_area_and_caveat(shipped):
    facts = build_facts(shipped, "south-ossetia", TODAY)
    text = population_sentence(facts, Citations(shipped.sources))
    # The fall from 1989 compares the Soviet count (exact since round 4, so no caveat) with a de
    # facto one, which says whose count it is.
    assert "(98,527; in the Soviet autonomous oblast)" in text
    assert "count by the de facto South Ossetian authorities" in text


def test_a_group_share_with_its_own_caveat_says_it(shipped):
    facts = build_facts(shipped, "south-ossetia", TODAY)
    facts["largest_group"] = {**facts["largest_group"], "caveat": "Lower bound ('more than')."}
    text = population_sentence(facts, Citations(shipped.sources))
    assert "of the population in 2015 (lower bound" in text  # Markdown-escaped after this


def test_the_group_share_does_not_repeat_the_census_caveat(shipped):
    facts = build_facts(shipped, "south-ossetia", TODAY)
    text = population_sentence(facts, Citations(shipped.sources))
    assert text.count("count by the de facto South Ossetian authorities") == 1


def test_the_composition_caption_names_each_census_caveat_once():
    groups = pd.DataFrame(
        {
            "year": [1989, 1989, 2015, 2015],
            "group": ["ossetians", "georgians", "ossetians", "georgians"],
            "population": [65_000, 28_000, 48_146, 3_966],
            "share": [0.66, 0.28, 0.9, 0.07],
            "source_ids": ["a"] * 4,
            "caveat": ["Approximate.", "Lower bound.", "De facto count.", "De facto count."],
        }
    )
    caption = chart_words.composition_caption(groups, group_name)
    assert caption.startswith("Next largest: Georgians 28.0% in 1989 and 7.0% in 2015.")
    assert "Census of 1989: Ossetians approximate; Georgians lower bound." in caption
    assert "Census of 2015: De facto count." in caption
    # What the groups leave of each total is said last (tests/unit/test_composition_gaps.py).
    assert caption.endswith(
        "Not broken down by group in this record: 6% of the people counted in 1989 and 3% of "
        "the people counted in 2015."
    )
    assert caption.count("De facto count") == 1


def test_the_composition_caption_of_the_shipped_data_says_whose_count(shipped):
    groups = ethnic_composition(shipped.population, "abkhazia", TODAY)
    caption = chart_words.composition_caption(groups, group_name)
    assert "Census of 2011: count by the de facto Abkhaz authorities" in caption


def test_the_comparison_table_prints_each_census_with_its_caveat(shipped):
    table = Comparison(shipped, TODAY).comparison_table()._repr_html_()
    row = table.split("South Ossetia (Georgia)")[1].split("</tr>")[0]
    assert "53,532" in row and "count by the de facto South Ossetian authorities" in row


def test_the_index_summary_prints_the_census_caveat(shipped):
    facts = build_facts(shipped, "south-ossetia", TODAY)
    summary = _briefing_summary(facts)
    assert "census 2015: 53,532 (Count by the de facto South Ossetian authorities" in summary


# A caveat is printed whenever its row is: it may not speak of a later year than the row's own
# (a report as of the row's date would leak it), and a census it names must be in the record.
TABLES = {
    "population": "year",
    "indicators": "year",
    "events": "date",
    "recognitions": "recognized_on",
}


def _caveated(shipped):
    for name, column in TABLES.items():
        frame = getattr(shipped, name)
        for row in frame[frame["caveat"].fillna("") != ""].itertuples():
            yield name, row, str(getattr(row, column))[:4], str(row.caveat)


def test_no_caveat_speaks_of_a_year_after_its_row(shipped):
    late = [
        f"{name}.csv line {row.line}: {caveat!r} (row of {year})"
        for name, row, year, caveat in _caveated(shipped)
        if any(y > year for y in re.findall(r"\b(1[89]\d\d|20\d\d)\b", caveat))
    ]
    assert not late, late


def test_a_census_named_in_a_caveat_is_in_the_record(shipped):
    rows = shipped.population
    censuses = {
        (t, str(y))
        for t, y in rows[rows["kind"] == "census"][["territory_id", "year"]].itertuples(index=False)
    }
    wrong = [
        f"{name}.csv line {row.line}: {caveat!r}"
        for name, row, _, caveat in _caveated(shipped)
        for named in re.findall(r"census (?:after|since|of|in) (\d{4})", caveat)
        if (row.territory_id, named) not in censuses
    ]
    assert not wrong, wrong
