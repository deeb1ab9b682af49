"""Charts an editor keeps: each complaint of the editor's read planted and caught.

Unit tier: tiny inline frames (and the tiny data folder of ``conftest``), drawn in-process and
measured; no notebook runs. The timeline spends its width where events are, names key events in
full beside their dots, draws a five-day war as a visible bar, has no meaningless legend entry and
years on its axis; headlines say the story; estimates are labelled; no "N–N" span; an all-zero
chart is not drawn; values are drawn where they are; captions add to the headline.
"""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
import pytest
from IPython.display import Markdown
from matplotlib.text import Annotation

from breakaway.errors import NothingToDrawError
from breakaway.report import chart_layout, chart_words, charts, page
from breakaway.report.briefing import Briefing
from breakaway.report.page import Page

AS_OF = date(2022, 5, 13)
TEXT = charts.ChartText(
    title="A headline",
    subtitle="A subtitle",
    source_line="[1] Publisher A",
    as_of=AS_OF,
)
LONG_TITLE = "Referendum on independence and union with Russia held in the region"


def _events(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["date", "end_date", "category", "topic", "title"])


# One event in 1922, then nothing for 67 years: the editor's "1920–2020 for one 1922 dot".
LONELY_1922 = _events(
    [
        ("1922-04-20", "", "status", "status", "Autonomous oblast formed"),
        ("1990-09-20", "", "status", "status", "Regional council declares a republic"),
        ("1992-01-19", "", "referendum", "joining_patron", LONG_TITLE),
        ("2008-08-07", "2008-08-12", "conflict", "conflict", "August war"),
        ("2022-03-30", "", "politics", "joining_patron", "Leader announces legal steps to join"),
    ]
)


def _dot_pixels(fig) -> list[tuple[float, float]]:
    ax = fig.axes[0]
    return [
        tuple(ax.transData.transform((line.get_xdata()[0], line.get_ydata()[0])))
        for line in ax.lines
        if line.get_marker() == "o" and len(line.get_xdata()) == 1
    ]


def test_timeline_spends_its_width_where_events_are():
    fig = charts.timeline_chart(LONELY_1922, TEXT, AS_OF)
    fig.canvas.draw()
    box = fig.axes[0].get_window_extent()
    xs = sorted(x for x, _y in _dot_pixels(fig))
    # 1922 to 1990 is 68 of 100 years; on the axis it must take a small share of the width.
    assert (xs[1] - xs[0]) / box.width < 0.15, "the empty decades still fill the axis"
    # From 1990 to the report's date, the events have the rest of the axis.
    assert (box.x1 - xs[1]) / box.width > 0.75
    assert chart_layout.layout_problems(fig) == []


def test_timeline_starts_at_the_first_event_it_shows():
    recent = LONELY_1922.iloc[1:]
    fig = charts.timeline_chart(recent, TEXT, AS_OF)
    fig.canvas.draw()
    box = fig.axes[0].get_window_extent()
    first = min(x for x, _y in _dot_pixels(fig))
    assert (first - box.x0) / box.width < 0.06, "the axis starts long before the first event"


def test_key_events_are_labelled_in_full_beside_their_dots():
    fig = charts.timeline_chart(LONELY_1922, TEXT, AS_OF)
    fig.canvas.draw()
    ax = fig.axes[0]
    titles = set(LONELY_1922["title"])
    labels = [
        t for t in ax.texts if isinstance(t, Annotation) and not t.get_text().startswith("as of")
    ]
    assert labels, "no event was labelled"
    page_box = fig.bbox
    for label in labels:
        words = " ".join(label.get_text().split())
        assert "…" not in words and words in titles, f"label cut or altered: {words!r}"
        box = label.get_window_extent()
        assert page_box.x0 <= box.x0 and box.x1 <= page_box.x1, f"{words!r} leaves the figure"
        anchor = ax.transData.transform(label.xy)
        # The nearest edge of the label lies within a few points of its dot: no drift.
        dx = max(box.x0 - anchor[0], 0, anchor[0] - box.x1)
        dy = max(box.y0 - anchor[1], 0, anchor[1] - box.y1)
        assert max(dx, dy) <= 10, f"{words!r} drifts {max(dx, dy):.0f} px from its dot"
    assert " ".join(LONG_TITLE.split()) in {" ".join(t.get_text().split()) for t in labels}


def test_a_five_day_war_is_a_visible_bar():
    fig = charts.timeline_chart(LONELY_1922, TEXT, AS_OF)
    fig.canvas.draw()
    ax = fig.axes[0]
    bars = [line for line in ax.lines if line.get_linewidth() >= 5 and len(line.get_xdata()) == 2]
    assert bars, "the war is drawn without a bar"
    (x0, _), (x1, _) = ax.transData.transform(bars[0].get_xydata())
    assert x1 - x0 >= 5, f"the war's bar is {x1 - x0:.1f} px wide"


def test_the_legend_holds_no_entry_without_meaning():
    fig = charts.timeline_chart(LONELY_1922, TEXT, AS_OF)
    entries = [t.get_text() for legend in fig.legends for t in legend.get_texts()]
    assert "Event" not in entries
    assert entries == ["About joining Russia"]
    no_joining = LONELY_1922[LONELY_1922["topic"] != "joining_patron"]
    assert not charts.timeline_chart(no_joining, TEXT, AS_OF).legends


def _tick_labels(fig) -> list[str]:
    fig.canvas.draw()
    return [t.get_text() for t in fig.axes[0].get_xticklabels() if t.get_text()]


def test_a_timeline_of_months_names_its_year():
    months = _events(
        [
            ("1990-09-20", "", "status", "status", "Regional council declares a republic"),
            ("1991-12-21", "", "status", "status", "Declaration of independence"),
            ("1992-01-19", "", "referendum", "joining_patron", LONG_TITLE),
            ("1992-06-24", "", "conflict", "conflict", "Sochi ceasefire agreement"),
        ]
    )
    labels = _tick_labels(charts.timeline_chart(months, TEXT, date(1992, 7, 1)))
    assert any(re.search(r"\b(19|20)\d\d\b", label) for label in labels), labels


# Ticks every six months from May 1990 fall in April and October: no January to carry a year.
@pytest.mark.parametrize(
    "since",
    [date(1990, 5, 1), date(1992, 3, 1), date(1992, 6, 20)],
    ids=["half-years", "months", "days"],
)
def test_a_short_date_axis_names_its_year(since):
    steps = pd.DataFrame({"on": [since], "change": [1], "recognizer": ["Russia"], "count": [1]})
    fig = charts.recognition_step_chart(steps, TEXT, date(1992, 7, 1), since=since)
    labels = _tick_labels(fig)
    assert any("1992" in label for label in labels), labels


ABKHAZIA = pd.DataFrame(
    {
        "year": [1979, 1989, 2003, 2011],
        "population": [486_082, 525_061, 215_972, 240_705],
        "kind": ["census"] * 4,
    }
)


def test_the_headline_compares_the_peak_with_the_latest_count():
    headline = chart_words.population_headline("Abkhazia", ABKHAZIA)
    assert "525,061" in headline and "240,705" in headline, headline
    assert "halved" in headline and " rose " not in headline, headline


def test_a_population_that_halved_says_so():
    totals = pd.DataFrame(
        {"year": [1989, 2015], "population": [98_527, 53_532], "kind": ["census", "census"]}
    )
    headline = chart_words.population_headline("South Ossetia", totals)
    assert headline.startswith("South Ossetia's population has halved since 1989"), headline


def test_estimates_are_labelled_as_estimates_on_the_chart():
    totals = pd.DataFrame(
        {
            "year": [1989, 2010, 2015],
            "population": [98_527, 30_000, 53_532],
            "kind": ["census", "estimate", "census"],
        }
    )
    fig = charts.population_chart(totals, TEXT)
    words = [t.get_text() for t in fig.axes[0].texts]
    assert "30,000 (estimate)" in words, words
    assert chart_layout.layout_problems(fig) == []


def test_a_line_across_decades_is_marked_as_a_gap():
    totals = pd.DataFrame(
        {"year": [1979, 1989, 2015], "population": [97_988, 98_527, 53_532], "kind": ["census"] * 3}
    )
    fig = charts.population_chart(totals, TEXT)
    ax = fig.axes[0]
    joins = [line for line in ax.lines if len(line.get_xdata()) == 2]
    styles = {tuple(line.get_xdata()): line.get_linestyle() for line in joins}
    assert styles[(1979, 1989)] == "-", "ten years apart is an ordinary line"
    assert styles[(1989, 2015)] != "-", "26 years without a census drawn as a solid line"
    assert "no census for 26 years" in [t.get_text() for t in ax.texts]


def test_no_span_names_one_year_twice(dataset):
    one_year = pd.DataFrame({"year": [2004], "population": [555_347], "kind": ["census"]})
    assert "2004–2004" not in chart_words.population_subtitle(one_year)
    briefing = Briefing(dataset, "south-ossetia", AS_OF)
    subtitles = []
    original = briefing.page.chart_text

    def record(title, subtitle, source_ids, note=""):
        subtitles.append(subtitle)
        return original(title, subtitle, source_ids, note)

    briefing.page.chart_text = record
    briefing.composition_chart()  # one census with groups (2015)
    briefing.population_chart()
    for subtitle in subtitles:
        assert not re.search(r"\b(\d{4})–\1\b", subtitle), subtitle


@pytest.fixture
def drawn(monkeypatch):
    """Every figure the page is asked for, by block id, with its caption."""
    figures = {}

    class Capture:
        def __init__(self, chart_id, fig, alt, caption="", data=None):
            figures[chart_id] = (fig, str(caption))

    monkeypatch.setattr(page, "FigureBlock", Capture)
    return figures


def test_the_recognition_subtitle_agrees_with_its_axis(dataset, drawn):
    subtitles = []
    briefing = Briefing(dataset, "south-ossetia", AS_OF)
    original = briefing.page.chart_text
    briefing.page.chart_text = lambda *args, **kw: (
        subtitles.append(args[1]) or original(*args, **kw)
    )
    briefing.recognition_chart()
    fig, _caption = drawn["south-ossetia-recognition"]
    first_tick = _tick_labels(fig)[0]
    # The axis starts at the declaration (21 December 1991), so must the subtitle's period.
    assert re.search(r"(\d{4})–", subtitles[0]).group(1) == "1991" or first_tick in subtitles[0]
    assert "2008–" not in subtitles[0], subtitles[0]


def test_captions_add_to_the_headline_and_never_repeat_it(dataset, drawn):
    briefing = Briefing(dataset, "south-ossetia", AS_OF)
    titles = {}
    original = briefing.page.chart_text

    def record(title, subtitle, source_ids, note=""):
        titles[len(titles)] = title
        return original(title, subtitle, source_ids, note)

    briefing.page.chart_text = record
    for name in ["population_chart", "recognition_chart", "timeline_chart", "composition_chart"]:
        getattr(briefing, name)()
    assert len(drawn) == 4
    for (_fig, caption), title in zip(drawn.values(), titles.values(), strict=True):
        assert title not in caption, f"the caption repeats its headline: {title!r}"
        assert re.sub(r"<[^>]+>|Figure \d+\.|\[[\d–, ]*\]", "", caption).strip(), caption


def test_an_all_zero_chart_is_not_drawn_and_the_page_says_it_in_words(dataset):
    zeros = pd.DataFrame({"label": ["Transnistria", "Nagorno-Karabakh"], "value": [0, 0]})
    with pytest.raises(NothingToDrawError):
        charts.comparison_bar_chart(zeros, TEXT)
    with pytest.raises(NothingToDrawError):
        charts.recognition_comparison_chart(
            {"Transnistria": pd.DataFrame(columns=["on", "change", "recognizer", "count"])},
            TEXT,
            AS_OF,
        )
    page_ = Page(dataset.sources, AS_OF)
    said = page_.figure(
        "zeros",
        title="No one recognises them",
        subtitle="UN member states",
        source_ids="src-a",
        alt="Bars",
        draw=lambda text: charts.comparison_bar_chart(zeros, text),
        empty_text="No UN member state recognises either.",
    )
    assert isinstance(said, Markdown) and said.data == "No UN member state recognises either."
    assert page_.number("Figure", "next") == 1, "an undrawn chart must not take a number"


def test_a_territory_never_recognised_gets_a_sentence_not_a_flat_line(dataset):
    said = Briefing(dataset, "nagorno-karabakh", date(2020, 1, 1)).recognition_chart()
    assert isinstance(said, Markdown)
    assert said.data.startswith("This record holds no recognition of Nagorno")
    assert said.data.endswith(
        "by a UN member state at any time since its declaration of independence on 6 January 1992."
    )


def test_comparison_lines_lie_on_their_values():
    steps = pd.DataFrame(
        {
            "on": [date(2008, 8, 26), date(2011, 9, 19)],
            "change": [1, 1],
            "recognizer": ["Russia", "Tuvalu"],
            "count": [1, 2],
        }
    )
    series = {"Abkhazia": steps, "South Ossetia": steps}
    fig = charts.recognition_comparison_chart(series, TEXT, AS_OF)
    fig.canvas.draw()
    ax = fig.axes[0]
    for line in ax.lines:
        drawn_y = line.get_transform().transform(line.get_xydata())[-1][1]
        assert abs(drawn_y - ax.transData.transform((0, 2))[1]) < 0.01, "a line nudged off 2"
    assert ax.lines[0].get_linewidth() > ax.lines[1].get_linewidth()


def test_peer_bars_of_nothing_but_zeros_become_a_sentence(dataset):
    from breakaway.report.peers import recognition_bars_figure

    peers = [
        {
            "name": name,
            "un_recognizers": [],
            "sources": {"un_recognizers": [], "territory": ["src-a"]},
        }
        for name in ("Transnistria", "Nagorno-Karabakh")
    ]
    said = recognition_bars_figure(Page(dataset.sources, AS_OF), "bars", peers, "Transnistria")
    assert isinstance(said, Markdown), "a chart of zero-length bars was drawn"
    assert said.data.startswith("No UN member state recognised any of these breakaway regions")


def test_estimates_alone_are_never_called_a_count():
    totals = pd.DataFrame({"year": [2010], "population": [30_000], "kind": ["estimate"]})
    assert "estimated" in chart_words.population_headline("South Ossetia", totals)
    subtitle = chart_words.population_subtitle(totals)
    assert "counted" not in subtitle and "2010–2010" not in subtitle, subtitle


# South Ossetia's censuses: shares as the record gives them (OTHER pooled).
COMPOSITION = pd.DataFrame(
    {
        "year": [1989, 1989, 1989, 2015, 2015, 2015],
        "group": ["ossetians", "georgians", "other", "ossetians", "georgians", "other"],
        "share": [0.662, 0.290, 0.048, 0.899, 0.074, 0.027],
    }
)


def test_the_composition_headline_says_how_the_largest_group_moved():
    headline = chart_words.composition_headline("South Ossetia", COMPOSITION, str.title)
    assert headline == (
        "Ossetians rose from 66.2% of South Ossetia's population in 1989 to 89.9% in 2015"
    )
    caption = chart_words.composition_caption(COMPOSITION, str.title)
    assert caption == "Next largest: Georgians 29.0% in 1989 and 7.4% in 2015."
    one = COMPOSITION[COMPOSITION["year"] == 2015]
    assert chart_words.composition_headline("South Ossetia", one, str.title).endswith("in 2015")
    assert "–" not in chart_words.composition_caption(one, str.title)


def test_the_timeline_subtitle_names_no_colour_it_does_not_draw():
    assert "red-orange" in charts.timeline_subtitle("Russia", joining=True)
    assert "red-orange" not in charts.timeline_subtitle("Russia", joining=False)
