"""A census whose groups the record holds only in part does not pass the rest off as others.

South Ossetia's 1989 Georgians and Russians are known from 2016, its Ossetians only from a source
of February 2018. In between, the chart used to pool the missing two-thirds as "Other groups",
so the largest group read as a minority of others. What no recorded group accounts for is drawn
hatched and named "Not broken down in this record".
"""

from __future__ import annotations

from datetime import date

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.colors import to_hex

from breakaway.report import charts
from breakaway.report.chart_frame import PALETTE

TEXT = charts.ChartText("Title", "Subtitle", "Source: test", date(2017, 6, 1))


def _groups(rows):
    return pd.DataFrame(rows, columns=["year", "group", "population", "share"])


def _drawn(fig):
    """(legend labels, [(row, left, width, facecolour, hatched)] of every bar segment)."""
    (ax,) = fig.axes
    legend = ax.get_legend() or fig.legends[0]
    labels = [text.get_text() for text in legend.get_texts()]
    bars = [
        (
            round(p.get_y() + p.get_height() / 2),
            p.get_x(),
            p.get_width(),
            to_hex(p.get_facecolor()),
            bool(p.get_hatch()),
        )
        for p in ax.patches
        if p.get_width() > 0
    ]
    return labels, bars


# South Ossetia as known in 2017: the 1989 census without its Ossetians, 2015 in full.
PARTLY_RECORDED = [
    (1989, "georgians", 28544, 0.29),
    (1989, "russians", 2000, 0.02),
    (2015, "ossetians", 48146, 0.899),
    (2015, "georgians", 3966, 0.074),
    (2015, "other", 1420, 0.027),
]


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_the_share_no_recorded_group_holds_is_not_called_other_groups():
    groups = _groups(PARTLY_RECORDED)
    labels, bars = _drawn(charts.composition_chart(groups, TEXT))
    assert "Not broken down in this record" in labels
    light = to_hex(PALETTE["light"])
    in_1989 = [bar for bar in bars if bar[0] == 0]
    # The missing 69% of 1989 is hatched, not grey "other groups".
    assert any(hatched and width == pytest.approx(0.69) for *_, width, _, hatched in in_1989)
    assert not any(colour == light and width > 0.05 for *_, width, colour, _ in in_1989)
    # 2015's recorded "other" row is still "Other groups".
    assert "Other groups" in labels
    assert any(
        colour == light and width == pytest.approx(0.027)
        for row, _, width, colour, _ in bars
        if row == 1
    )


def test_a_census_recorded_in_full_shows_no_gap_and_no_empty_legend_entry():
    groups = _groups(
        [
            (1989, "armenians", 145450, 0.769),
            (1989, "azerbaijanis", 40688, 0.215),
            (1989, "other", 2947, 0.016),
        ]
    )
    labels, bars = _drawn(charts.composition_chart(groups, TEXT))
    assert "Not broken down in this record" not in labels
    assert not any(hatched for *_, hatched in bars)
    assert labels == ["Armenians", "Azerbaijanis", "Other groups"]


def test_no_other_groups_entry_when_the_record_has_none():
    groups = _groups([(2015, "ossetians", 48146, 0.899), (2015, "georgians", 3966, 0.074)])
    labels, _ = _drawn(charts.composition_chart(groups, TEXT))
    assert "Other groups" not in labels
    assert labels[-1] == "Not broken down in this record"


def test_the_caption_and_alt_text_say_what_the_record_does_not_break_down():
    from breakaway.report import chart_words

    groups = _groups(PARTLY_RECORDED)
    (words,) = chart_words.unrecorded_words(groups)
    assert words == "Not broken down by group in this record: 69% of the people counted in 1989."
    assert chart_words.unrecorded_words(groups[groups["year"] == 2015]) == []


def test_a_share_is_printed_from_the_count_not_from_a_rounded_share(tmp_path):
    """48,100 of 53,532 is 89.853%: "89.9%", as the published share says, not "89.8%"."""
    from conftest import GEORGIANS, OSSETIANS, OTHER, TABLES, write_data_dir

    from breakaway.data.load import load_dataset
    from breakaway.knowledge.facts import build_facts
    from breakaway.report.citations import Citations
    from breakaway.report.narrative import population_sentence

    tables = dict(TABLES)
    total = 53_532
    tables["population.csv"] = (
        tables["population.csv"]
        .replace(f"2015,total,{OSSETIANS + GEORGIANS + OTHER},", f"2015,total,{total},")
        .replace(f"2015,ossetians,{OSSETIANS},", "2015,ossetians,48100,")
        .replace(f"2015,other,{OTHER},", f"2015,other,{total - 48_100 - GEORGIANS},")
    )
    dataset = load_dataset(write_data_dir(tmp_path / "data", tables))
    facts = build_facts(dataset, "south-ossetia", date(2020, 1, 1))
    assert facts["largest_group"]["population"] == 48_100
    text = population_sentence(facts, Citations(dataset.sources))
    assert "Ossetians made up 89.9% of the population in 2015" in text, text
