"""What an editor would not print, the leftovers of the last read: each planted and caught.

Unit tier: tiny inline frames and the project's data, drawn or worded in-process; no kernel.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.text import Annotation

from breakaway.report import chart_layout, chart_words, charts
from breakaway.report.briefing import Briefing
from breakaway.report.lead import build_lead
from breakaway.report.lead_news import LeadRecord, latest_news
from breakaway.report.speakers import name_people

TEXT = charts.ChartText(
    title="A headline",
    subtitle="A subtitle",
    source_line="[1] Publisher A",
    as_of=date(2022, 5, 13),
)


def _steps(rows) -> pd.DataFrame:
    steps = pd.DataFrame(rows, columns=["on", "change", "recognizer"])
    steps["count"] = steps["change"].cumsum()
    return steps


# South Ossetia's recognitions: Nicaragua in 2008, Venezuela and Nauru in 2009, a few pixels apart
# on an axis from 1991; Tuvalu recognised in 2011 and withdrew in 2014.
SOUTH_OSSETIA = _steps(
    [
        (date(2008, 8, 26), 1, "Russia"),
        (date(2008, 9, 5), 1, "Nicaragua"),
        (date(2009, 9, 10), 1, "Venezuela"),
        (date(2009, 12, 16), 1, "Nauru"),
        (date(2011, 9, 19), 1, "Tuvalu"),
        (date(2014, 3, 31), -1, "Tuvalu"),
        (date(2018, 5, 29), 1, "Syria"),
    ]
)


def _step_labels(fig) -> list[tuple[str, date]]:
    return [
        (t.get_text().replace("\n", " "), t.xy[0])
        for t in fig.axes[0].texts
        if isinstance(t, Annotation)
    ]


@pytest.mark.parametrize(
    "until", [date(2009, 12, 31), date(2014, 4, 30), date(2022, 5, 13), date(2026, 12, 3)], ids=str
)
def test_each_recognition_label_sits_at_its_own_year(until):
    steps = SOUTH_OSSETIA[SOUTH_OSSETIA["on"] <= until].copy()
    fig = charts.recognition_step_chart(steps, TEXT, until, since=date(1991, 12, 21))
    years = {(r.recognizer, r.change): r.on.year for r in steps.itertuples()}
    labels = _step_labels(fig)
    named = set()
    for text, anchor in labels:
        names = [n.strip() for n in text.split(",")]
        label_years = {y for (who, _), y in years.items() if who in names}
        # Tuvalu recognised and withdrew: its name appears under two years, one label each.
        assert len(label_years) == 1 or names == ["Tuvalu"], (text, label_years)
        assert anchor.year in label_years, (text, anchor)
        named.update(names)
    assert {r.recognizer for r in steps.itertuples()} <= named, labels
    assert any("Venezuela" in t and "Nauru" in t and "Nicaragua" not in t for t, _ in labels) or (
        until.year < 2009
    )
    assert chart_layout.layout_problems(fig) == []  # labels of their own still overlap nothing


# Nagorno-Karabakh: the Soviet oblast in 1989, the larger area the de facto republic held in 2005.
OBLAST, HELD = "the former autonomous oblast", "the area then held by the de facto authorities"
KARABAKH = pd.DataFrame(
    {
        "year": [1989, 2004, 2005, 2015],
        "population": [189_085, 146_592, 137_743, 145_053],
        "kind": ["census", "estimate", "census", "census"],
        "coverage": [OBLAST, HELD, HELD, HELD],
    }
)


def _joined(fig) -> set[tuple[float, float]]:
    """Each pair of x values a drawn line joins."""
    pairs = set()
    for line in fig.axes[0].get_lines():
        xs = [float(x) for x in line.get_xdata()]
        if line.get_linestyle() not in ("None", "none", "") and len(xs) > 1:
            pairs.update(zip(xs, xs[1:], strict=False))
    return pairs


def test_no_line_joins_censuses_of_different_areas():
    fig = charts.population_chart(KARABAKH, TEXT)
    joined = _joined(fig)
    assert (1989.0, 2005.0) not in joined, joined
    assert (2005.0, 2015.0) in joined, joined  # the same area stays joined
    labels = [t.get_text() for t in fig.axes[0].texts]
    assert "different areas: not joined" in labels, labels
    assert chart_layout.layout_problems(fig) == []
    caption = chart_words.population_caption(KARABAKH)
    assert "The censuses of 1989 and 2005 counted different areas" in caption, caption
    subtitle = chart_words.population_subtitle(KARABAKH)  # no dotted line is drawn: none named
    assert "dotted" not in subtitle and "no line between censuses of different areas" in subtitle


def test_censuses_of_one_area_are_joined_as_before():
    same = KARABAKH.assign(coverage=HELD)
    assert (1989.0, 2005.0) in _joined(charts.population_chart(same, TEXT))
    assert "different areas" not in chart_words.population_caption(same)
    assert charts.area_breaks(KARABAKH.drop(columns="coverage")) == []


# -- "Where is it?" says where, not what ------------------------------------------------------

SO, NK = "south-ossetia", "nagorno-karabakh"
STATUS_WORDS = re.compile(r"declared independence|governs itself|breakaway region of|regards", re.I)
NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "briefing.ipynb"


def _section_calls(heading: str) -> list[str]:
    """The calls of the notebook's cells under a ``## heading``, up to the next heading."""
    calls, inside = [], False
    for cell in json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and source.startswith("## "):
            inside = source == f"## {heading}"
        elif inside and cell["cell_type"] == "code":
            calls.append(source.split("#")[0].strip())
    return calls


def test_where_is_it_holds_the_geography_and_the_status_moves_to_the_history():
    where = _section_calls("Where is it?")
    assert "briefing.location_story()" in where and "briefing.status_story()" not in where, where
    assert "briefing.status_story()" in _section_calls("How did it get here?")


def test_south_ossetia_lies_on_the_russian_border_and_its_status_is_told_once(shipped):
    briefing = Briefing(shipped, SO, date(2022, 5, 13))
    where = briefing.location_story().data
    assert "South Ossetia lies on Georgia's northern border with Russia" in where, where
    assert "North Ossetia" in where and "Tskhinvali" in where and "3,900 km²" in where, where
    assert not STATUS_WORDS.search(where), where
    # The status sentence itself, unchanged in substance, now in the history.
    status = briefing.status_story().data
    assert "declared independence on 21 December 1991" in status, status
    assert "governs itself without broad international recognition" in status, status
    assert "Tskhinvali" not in status  # the place and size are said once, under "Where is it?"


def test_a_territory_that_ceased_to_exist_had_a_capital(shipped):
    where = Briefing(shipped, NK, date(2024, 3, 1)).location_story().data
    assert "Its capital was Stepanakert" in where and not STATUS_WORDS.search(where), where


# -- A change of leader is on page 1 when the news is a lesser act --------------------------------


def _news_paragraph(shipped, territory: str, day: date) -> str:
    briefing = Briefing(shipped, territory, day)
    lead = build_lead(briefing.facts, LeadRecord.known(shipped, territory, day))
    return " ".join(sentence.text for sentence in lead.paragraphs[0])


def test_abkhazias_crisis_of_2024_25_is_on_page_1_after_the_passport_news(shipped):
    news = _news_paragraph(shipped, "abkhazia", date(2026, 12, 3))
    assert news.startswith("On 6 February 2026"), news  # the latest news still leads
    assert "Bzhania" in news and "resigned" in news and "protests" in news, news
    assert "Gunba" in news and "won the runoff" in news, news
    # Gunba was vice-president in November 2024: no role of 2025 is pinned on him there.
    assert "Vice-President Badra Gunba became acting president" in news, news


def test_a_lead_whose_news_is_a_change_of_leader_adds_no_other(shipped):
    news = _news_paragraph(shipped, "abkhazia", date(2020, 6, 1))
    assert news.startswith("On 22 March 2020") and "resign" not in news, news


def test_the_timeline_chart_opens_its_section_and_the_prose_follows_under_it():
    # Prose first left Nagorno-Karabakh's page 3 of 20 August 2008 a third empty: the chart,
    # taller than what the prose left of the page, went to the next one.
    calls = _section_calls("How did it get here?")
    assert calls.index("briefing.timeline_chart()") < calls.index("briefing.key_steps()"), calls


# -- Body sections name people with the people.csv role, once ------------------------------------


def test_a_title_before_a_name_is_not_followed_by_the_role_again(shipped):
    story = Briefing(shipped, "abkhazia", date(2026, 12, 3)).joining_story().data
    assert "President Dmitry Medvedev signed" in story, story[:400]
    assert "Medvedev, President of Russia," not in story
    # Without a title before the name, the role of people.csv follows at first mention.
    so = Briefing(shipped, SO, date(2008, 9, 30)).joining_story().data
    assert "Eduard Kokoity, de facto president of South Ossetia" in so, so


def test_a_change_of_leader_outranks_a_lesser_act_of_the_months_before(shipped):
    # As of 1 July 2025 the newest weeks hold no story; of the months before, Gunba's
    # inauguration (April 2025) leads, not parliament's vote on the investment deal (December).
    item, _ = latest_news(LeadRecord.known(shipped, "abkhazia", date(2025, 7, 1)))
    assert item is not None and item.row["title"] == "Gunba inaugurated as president", item


def test_a_titled_name_in_the_possessive_keeps_its_title_with_it():
    roster = {"Aslan Bzhania": [(date(2020, 3, 22), "de facto president of Abkhazia")]}
    text = name_people("Protests forced President Bzhania's resignation.", roster, set())
    expected = "Protests forced the resignation of Aslan Bzhania, de facto president of Abkhazia."
    assert text == expected, text  # not "President the resignation of ..."
