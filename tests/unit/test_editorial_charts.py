"""Chart words an editor keeps, on the shipped data of all four territories (issue 20, item 5).

The synthetic cases live in ``test_chart_editor``; here every chart of every briefing is asked
for at three days (the August war, the referendum called on 13 May 2022, the latest data) with
the drawing left out, and its words are read: a caption that adds to the headline instead of
repeating it, a headline without an "N–N" span, headlines that tell the biggest change.
"""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
import pytest
from factsonce import facts_once_a_day  # noqa: F401 (an autouse module fixture)
from IPython.display import Markdown

from breakaway.knowledge.events import events_as_of, timeline_lanes
from breakaway.knowledge.recognition import count_un_recognizers_over_time
from breakaway.report import chart_words
from breakaway.report.briefing import Briefing
from breakaway.report.page import Page

TERRITORIES = ["south-ossetia", "abkhazia", "transnistria", "nagorno-karabakh"]
DAYS = [date(2008, 8, 20), date(2022, 5, 13), date(2026, 12, 1)]
CHARTS = [
    "population_chart",
    "composition_chart",
    "recognition_chart",
    "timeline_chart",
    "comparison_chart",
    "comparison_recognition_chart",
]
SPAN = re.compile(r"\b(\d{4})–(\d{2,4})\b")


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9%,.]+", text.lower().replace("'s", "")))


def caption_problems(title: str, caption: str) -> list[str]:
    """A caption must add to its headline: not repeat it, not be made of its words."""
    words = _words(caption)
    if not words:
        return [f"empty caption under {title!r}"]
    if title.lower() in caption.lower():
        return [f"caption repeats the headline {title!r}: {caption!r}"]
    if len(words & _words(title)) / len(words) >= 0.8:
        return [f"caption says nothing the headline {title!r} does not: {caption!r}"]
    return []


def span_problems(title: str) -> list[str]:
    """A headline states a finding, not a period: no "1922–2022" (the axis says that)."""
    return [f"span in headline: {title!r}"] if SPAN.search(title) else []


@pytest.fixture(scope="module")
def asked(shipped) -> list[tuple[str, date, str, dict]]:
    """Every chart the briefings ask the page for: (territory, day, chart, the words given)."""
    found = []
    original = Page.figure

    def record(self, block_id, **words):
        found.append(words)
        return Markdown("")

    Page.figure = record  # the words only: nothing is drawn
    try:
        rows = []
        for territory in TERRITORIES:
            for day in DAYS:
                briefing = Briefing(shipped, territory, day)
                for chart in CHARTS:
                    before = len(found)
                    _chart_method(briefing, chart)()
                    rows += [(territory, day, chart, w) for w in found[before:]]
    finally:
        Page.figure = original
    return rows


def _chart_method(briefing, chart):
    # The census comparison moved to the appendix; the others are the briefing's own methods.
    if chart == "comparison_chart":
        return briefing.appendix.comparison
    return getattr(briefing, chart)


def test_every_chart_is_asked_for(asked):
    assert {chart for _, _, chart, _ in asked} == set(CHARTS)
    assert {territory for territory, _, _, _ in asked} == set(TERRITORIES)


def test_captions_add_what_the_headline_does_not_say(asked):
    problems = [
        f"{territory} {day} {chart}: {problem}"
        for territory, day, chart, words in asked
        for problem in caption_problems(words["title"], words.get("caption") or words["subtitle"])
    ]
    assert problems == []


def test_a_planted_caption_that_repeats_its_headline_is_caught():
    title = "South Ossetia's population has halved since 1989"
    assert caption_problems(title, f"{title}.")
    assert caption_problems(title, "Population has halved since 1989.")
    assert caption_problems(title, "")
    assert not caption_problems(title, "The hollow figure is an estimate, not a count: 30,000.")


@pytest.mark.parametrize(
    "chart",
    CHARTS,
)
def test_headlines_carry_no_span(asked, chart):
    problems = [
        f"{territory} {day}: {problem}"
        for territory, day, name, words in asked
        if name == chart
        for problem in span_problems(words["title"])
    ]
    assert problems == []


def test_a_planted_span_in_a_headline_is_caught():
    assert span_problems("48 recorded events in South Ossetia's history, 1922–2022")
    assert span_problems("Population 1989–15")
    assert not span_problems("South Ossetia's population has halved since 1989")


# -- the headlines chart_words offers for the timeline and the recognition chart ---------------

PATRONS = {
    "south-ossetia": "Russia",
    "abkhazia": "Russia",
    "transnistria": "Russia",
    "nagorno-karabakh": "Armenia",
}


def test_the_timeline_headline_tells_the_steps_and_the_wars(shipped):
    for territory, patron in PATRONS.items():
        for day in DAYS:
            rows = timeline_lanes(events_as_of(shipped.events, territory, day))
            if rows.empty:
                continue
            headline = chart_words.timeline_headline(rows, territory, patron)
            assert not span_problems(headline), headline
            assert "recorded events" not in headline, headline
    so = timeline_lanes(events_as_of(shipped.events, "south-ossetia", date(2022, 5, 13)))
    assert chart_words.timeline_headline(so, "South Ossetia", "Russia") == (
        "10 steps towards Russia since 1992, and wars that began in 1991 and 2008"
    )


def test_the_recognition_headline_tells_the_fall_from_the_peak(shipped):
    steps = count_un_recognizers_over_time(shipped.recognitions, "abkhazia", date(2022, 5, 13))
    headline = chart_words.recognition_headline(steps, "Abkhazia")
    # Vanuatu and Tuvalu withdrew: six at the peak in 2011, five on the day.
    assert headline == "Five UN member states recognise Abkhazia, down from six in 2011"
    early = count_un_recognizers_over_time(shipped.recognitions, "abkhazia", date(2008, 9, 1))
    assert chart_words.recognition_headline(early, "Abkhazia") == (
        "One UN member state recognises Abkhazia: Russia, since 2008"
    )
    none = count_un_recognizers_over_time(shipped.recognitions, "transnistria", date(2022, 5, 13))
    assert chart_words.recognition_headline(none, "Transnistria") == (
        "No UN member state recognises Transnistria"
    )


def test_the_timeline_caption_names_the_latest_event_not_the_headline(shipped):
    rows = timeline_lanes(events_as_of(shipped.events, "south-ossetia", date(2022, 5, 13)))
    caption = chart_words.timeline_caption(rows, date(2022, 5, 13), "Russia")
    assert "on 13 May 2022: Outgoing Bibilov calls a vote on joining Russia." in caption
    headline = chart_words.timeline_headline(rows, "South Ossetia", "Russia")
    assert not caption_problems(headline, caption)


def test_a_short_stretch_after_a_cut_is_labelled_by_its_years(shipped):
    from breakaway.report import charts

    day = date(2008, 8, 20)
    rows = timeline_lanes(events_as_of(shipped.events, "transnistria", day))
    text = charts.ChartText(title="t", subtitle="s", source_line="[1] P", as_of=day)
    fig = charts.timeline_chart(rows, text, day)
    fig.canvas.draw()
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels() if t.get_text()]
    # 1990-1996, a cut, then 2006-2008: ticks a year apart read "2007", not "Jan 2007".
    assert "2007" in labels and not any(label.startswith("Jan") for label in labels), labels


def test_the_peer_recognition_bars_state_the_finding(asked):
    titles = {
        (territory, day): words["title"]
        for territory, day, chart, words in asked
        if chart == "comparison_recognition_chart"
    }
    assert titles[("south-ossetia", date(2022, 5, 13))] == (
        "Abkhazia and South Ossetia are recognised by five UN member states each; "
        "Nagorno-Karabakh and Transnistria by none"
    )
    for title in titles.values():
        assert "recognising each breakaway region on" not in title, title


def test_peer_bars_of_different_counts_name_each():
    import pandas as pd

    from breakaway.report.peers import recognition_bars_headline

    values = pd.DataFrame(
        {"label": ["Abkhazia", "South Ossetia", "Transnistria"], "value": [6, 1, 0]}
    )
    assert recognition_bars_headline(values) == (
        "Abkhazia is recognised by six UN member states; South Ossetia by one; Transnistria by none"
    )


def test_census_bars_without_the_territory_say_why(asked):
    words = next(
        w
        for territory, day, chart, w in asked
        if (territory, day, chart) == ("south-ossetia", date(2008, 8, 20), "comparison_chart")
    )
    # "South Ossetia among the breakaway regions" with no bar for South Ossetia: the caption
    # tells why (no census of it is known on the day).
    assert words["caption_note"].startswith(
        "This record holds no census of South Ossetia published by 20 August 2008, so it has no "
        "bar."
    )


def test_the_population_caption_leaves_the_storys_caveats_to_the_story(shipped):
    from styleguide import count_problems

    from breakaway.knowledge.population import population_totals
    from breakaway.report.narrative import aside
    from breakaway.report.peers import population_caveats

    seen = 0
    for territory in TERRITORIES:
        for day in DAYS:
            facts = Briefing(shipped, territory, day).facts
            note = population_caveats(population_totals(shipped.population, territory, day))
            assert count_problems(note) == [], note
            # The story prints the latest census's and the latest estimate's caveats beside them.
            for figure in (facts["latest_census"], facts["latest_estimate"]):
                caveat = aside((figure or {}).get("caveat") or "")
                if caveat:
                    seen += 1
                    assert caveat not in note, f"{territory} {day}: said twice: {caveat}"
    assert seen, "no caveat was read"
    so = population_caveats(population_totals(shipped.population, "south-ossetia", DAYS[1]))
    assert "de facto" not in so and so.startswith("Census of 1989: the Soviet autonomous oblast")


@pytest.mark.parametrize("territory", TERRITORIES)
def test_the_real_timelines_label_in_full_and_draw_every_war(shipped, territory):
    import matplotlib.pyplot as plt
    from matplotlib.text import Annotation

    from breakaway.report import chart_layout, charts

    for day in DAYS:
        rows = timeline_lanes(events_as_of(shipped.events, territory, day))
        text = charts.ChartText(title="t", subtitle="s", source_line="[1] P", as_of=day)
        fig = charts.timeline_chart(rows, text, day, patron=PATRONS[territory])
        fig.canvas.draw()
        ax = fig.axes[0]
        labels = [
            " ".join(a.get_text().split())
            for a in ax.texts
            if isinstance(a, Annotation) and not a.get_text().startswith("as of")
        ]
        titles = {" ".join(str(t).split()) for t in rows["title"]}
        assert labels and set(labels) <= titles, f"{day}: cut or altered: {set(labels) - titles}"
        wars = rows[(rows["category"] == "conflict") & (rows["end_date"].fillna("") != "")]
        bars = [
            line for line in ax.lines if line.get_linewidth() >= 5 and len(line.get_xdata()) == 2
        ]
        assert len(bars) >= len(wars), f"{day}: a war without its bar"
        for bar in bars:
            (x0, _), (x1, _) = ax.transData.transform(bar.get_xydata())
            assert x1 - x0 >= 5, f"{day}: a bar {x1 - x0:.1f} px wide"
        ticks = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
        assert any(re.search(r"\b(19|20)\d\d\b", tick) for tick in ticks), f"{day}: {ticks}"
        assert chart_layout.layout_problems(fig) == [], day
        plt.close(fig)


def test_a_war_recorded_without_its_end_is_still_a_war_in_the_headline():
    # Abkhazia's 1992 war is recorded as its outbreak, its end as another event: the headline of
    # 20 August 2008 once read "no war and no step towards Russia recorded".
    events = pd.DataFrame(
        {
            "date": ["1992-08-14", "1993-09-27"],
            "end_date": ["", ""],
            "category": ["conflict", "conflict"],
            "title": ["War in Abkhazia begins", "Sukhumi falls to Abkhaz forces"],
            "topic": ["", ""],
            "direction": ["", ""],
        }
    )
    headline = chart_words.timeline_headline(events, "Abkhazia", "Russia")
    assert headline == "Abkhazia's record: a war in 1992, no step towards Russia"
