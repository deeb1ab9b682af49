"""The comparison's own words: what the record lacks, where each region lies, its headline.

A declaration the record does not hold is "not in this record" (a dash would read as "never
declared"); the map's caption adds where each region lies instead of repeating the map's subtitle;
the headline (UN recognition of each region on the day) is what the feed and the index show.
"""

from __future__ import annotations

from datetime import date

import pytest


def test_the_comparison_says_a_declaration_is_missing_from_the_record_not_from_the_world(shipped):
    from breakaway.report.comparison import Comparison

    table = Comparison(shipped, date(1992, 12, 31)).comparison_table()._repr_html_()
    row = table[table.index("Transnistria") :].split("</tr>", 1)[0]
    assert "not in this record" in row
    assert "—" not in row.split("</td>", 3)[2]


def test_the_overview_map_caption_says_where_each_region_lies_not_the_subtitle_again(shipped):
    from breakaway.report.comparison import Comparison, where_they_lie

    comparison = Comparison(shipped, date(2022, 5, 13))
    caption = where_they_lie(comparison.facts)
    assert caption.startswith("Abkhazia and South Ossetia lie within Georgia's internationally")
    assert "Nagorno-Karabakh within Azerbaijan's" in caption
    assert "Transnistria within Moldova's." in caption
    block = comparison.regions_map()
    assert caption.replace("'", "&#39;") in str(block.caption)
    assert "boundaries simplified" not in str(block.caption).split("</span>")[0]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (
            date(1995, 1, 1),
            "Abkhazia, Nagorno-Karabakh, South Ossetia and Transnistria not "
            "recognised by any UN member",
        ),
        (
            date(2008, 9, 1),
            "Abkhazia and South Ossetia recognised by one UN member each; "
            "Nagorno-Karabakh and Transnistria not recognised by any UN member",
        ),
        (
            date(2025, 6, 30),
            "Abkhazia and South Ossetia recognised by five UN members each; "
            "Transnistria not recognised by any UN member; Nagorno-Karabakh dissolved on "
            "1 January 2024",
        ),
    ],
)
def test_the_comparison_has_a_headline_for_the_feed_and_the_index(shipped, day, expected):
    from breakaway.report.comparison import Comparison

    assert Comparison(shipped, day).publish_facts().facts["headline"] == expected
