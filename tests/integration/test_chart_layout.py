"""Charts without collisions: every chart of every report, at short and long date ranges.

Each figure is drawn and measured (every text's window extent): no two texts may overlap, no text
may leave the figure, and no label may cover a marker or a data line. A planted overlap proves the
check can fail.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from breakaway.data.load import load_dataset
from breakaway.errors import NothingToDrawError
from breakaway.report import chart_layout, charts, page
from breakaway.report.briefing import Briefing
from breakaway.report.comparison import Comparison

# Draws or renders real reports: the slower tier.
pytestmark = pytest.mark.integration

TERRITORIES = ["south-ossetia", "abkhazia", "transnistria", "nagorno-karabakh"]
# Just after the 2008 war (a range of days), Crimea, the 2020 war, and the present.
DATES = [
    date(2008, 9, 1),
    date(2011, 12, 31),
    date(2014, 4, 30),
    date(2020, 11, 15),
    date(2025, 6, 30),
]
TEXT = charts.ChartText(
    title="South Ossetia's population has halved since 1989, to 53,532 at the census of 2015",
    subtitle="People counted, by census year (1926–2015); estimates hollow",
    source_line="[1, 2] Office of State Statistics; [3] Caucasian Knot; [4] Civil.ge; [5] RFE/RL; "
    "[6] Georgian National Statistics Office; and 4 more publishers (see Sources)",
    as_of=date(2025, 6, 30),
    note="UN member states only; withdrawals count from the day they were made.",
)


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


@pytest.fixture
def drawn(monkeypatch):
    """Every figure the page is asked for, by block id (its SVG and PNG export skipped)."""
    figures = {}

    class Capture:
        def __init__(self, chart_id, fig, alt, caption="", data=None):
            figures[chart_id] = fig

    monkeypatch.setattr(page, "FigureBlock", Capture)
    return figures


def _chart_methods(report) -> list[str]:
    return sorted(
        name
        for name in dir(type(report))
        if not name.startswith("_") and (name.endswith("_chart") or name.endswith("_map"))
    )


def _assert_clean(figures) -> None:
    problems = {
        chart_id: found
        for chart_id, fig in figures.items()
        if (found := chart_layout.layout_problems(fig))
    }
    assert not problems, f"charts with collisions: {problems}"


@pytest.mark.parametrize("as_of", DATES, ids=str)
@pytest.mark.parametrize("territory", TERRITORIES)
def test_every_briefing_chart_is_free_of_collisions(dataset, drawn, territory, as_of):
    briefing = Briefing(dataset, territory, as_of)
    for name in _chart_methods(briefing):
        getattr(briefing, name)()
    assert drawn, "no figure was drawn"
    _assert_clean(drawn)


@pytest.mark.parametrize("as_of", DATES, ids=str)
def test_every_comparison_chart_is_free_of_collisions(dataset, drawn, as_of):
    comparison = Comparison(dataset, as_of)
    for name in _chart_methods(comparison):
        getattr(comparison, name)()
    _assert_clean(drawn)


def _steps(rows):
    steps = pd.DataFrame(rows, columns=["on", "change", "recognizer"])
    steps["count"] = steps["change"].cumsum()
    return steps


# Five recognitions within a fortnight, then a withdrawal: the densest labelling a chart can need.
CROWDED = _steps(
    [
        (date(2008, 8, 26), 1, "Russia"),
        (date(2008, 9, 5), 1, "Nicaragua"),
        (date(2008, 9, 6), 1, "Venezuela"),
        (date(2008, 9, 8), 1, "Nauru"),
        (date(2008, 9, 9), 1, "Tuvalu"),
        (date(2008, 9, 12), -1, "Tuvalu"),
    ]
)


@pytest.mark.parametrize(
    "until", [date(2008, 9, 12), date(2009, 3, 1), date(2014, 4, 30), date(2025, 6, 30)], ids=str
)
def test_crowded_recognitions_stay_apart_at_every_range(until):
    fig = charts.recognition_step_chart(CROWDED, TEXT, until, since=date(2008, 8, 26))
    assert chart_layout.layout_problems(fig) == []


def test_no_recognition_at_all_draws_no_flat_line():
    with pytest.raises(NothingToDrawError):
        charts.recognition_step_chart(
            CROWDED.iloc[:0], TEXT, date(2008, 9, 1), since=date(1991, 12, 21)
        )


def test_short_ranges_get_no_repeated_or_daily_iso_ticks():
    fig = charts.recognition_step_chart(CROWDED, TEXT, date(2008, 9, 12), since=date(2008, 8, 26))
    fig.canvas.draw()
    ax = fig.axes[0]
    x_labels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    y_labels = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert len(set(x_labels)) == len(x_labels), x_labels
    assert len(set(y_labels)) == len(y_labels), y_labels
    assert not any("-" in label for label in x_labels), x_labels


def test_period_label_names_one_year_once():
    assert charts.period_label(2008, 2008) == "2008"
    assert charts.period_label(2008, 2014) == "2008–2014"


def test_value_labels_never_run_past_the_plot():
    values = pd.DataFrame(
        {
            "label": ["Abkhazia (2011)", "Transnistria (2015)", "South Ossetia (2015)"],
            "value": [240705, 475373, 53532],
        }
    )
    fig = charts.comparison_bar_chart(values, TEXT, highlight="South Ossetia (2015)")
    assert chart_layout.layout_problems(fig) == []


def test_lines_with_equal_counts_lie_on_their_values_and_stay_visible():
    series = {"Abkhazia": CROWDED, "South Ossetia": CROWDED, "Transnistria": CROWDED.iloc[:0]}
    fig = charts.recognition_comparison_chart(series, TEXT, date(2025, 6, 30))
    fig.canvas.draw()
    lines = fig.axes[0].lines
    paths = [line.get_transform().transform(line.get_xydata()) for line in lines]
    assert paths[0][-1][1] == paths[1][-1][1], "equal counts are drawn at the same height"
    assert lines[0].get_linewidth() > lines[1].get_linewidth(), "the upper line is narrower"
    assert len({str(line._unscaled_dash_pattern) for line in lines}) == 3
    assert chart_layout.layout_problems(fig) == []


def test_colours_are_named_as_drawn():
    assert charts.colour_name("vermillion") == "red-orange"
    assert "red-orange" in charts.timeline_subtitle()


def test_the_check_fails_on_a_planted_overlap():
    fig = charts.recognition_step_chart(CROWDED, TEXT, date(2014, 4, 30), since=date(2008, 8, 26))
    assert chart_layout.layout_problems(fig) == []
    ax = fig.axes[0]
    ax.text(date(2008, 8, 26), 1, "Planted on a marker", fontsize=7)
    fig.text(0.01, 0.965, "Planted on the title", va="top", fontsize=11)
    fig.text(0.9, 0.5, "Planted past the right edge of the figure", fontsize=9)
    ax.text(date(2012, 1, 1), 4, "Planted on the line", va="center", fontsize=7)
    problems = " ".join(chart_layout.layout_problems(fig))
    assert "'Planted on a marker' covers a marker" in problems
    assert "overlaps 'Planted on the title'" in problems or "'Planted on the title' overlaps" in (
        problems
    )
    assert "'Planted past the right edge of the figure' leaves the figure" in problems
    assert "'Planted on the line' covers a line" in problems
