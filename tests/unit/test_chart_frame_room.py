"""A chart whose words are very long still keeps room to plot (hostile or unusual data)."""

from datetime import date

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from breakaway.report.chart_frame import MIN_PLOT_IN, ChartText, finish


def _plot_height_in(fig) -> float:
    params = fig.subplotpars
    return (params.top - params.bottom) * fig.get_figheight()


def test_a_title_of_many_lines_grows_the_figure_instead_of_failing():
    fig, ax = plt.subplots(figsize=(6.3, 2.4))
    ax.barh(["a", "b"], [1, 2])
    words = ChartText(
        title="Recognised by " + ", ".join(f"Place number {n}" for n in range(60)),
        subtitle="Subtitle " * 30,
        source_line="Source " * 40,
        as_of=date(2023, 1, 1),
        note="A note " * 30,
    )
    finish(fig, words, left=0.28, axis_space_in=0.3)  # raised "bottom cannot be >= top" before
    assert fig.get_figheight() > 2.4
    assert _plot_height_in(fig) >= MIN_PLOT_IN - 0.01
    plt.close(fig)


def test_ordinary_words_keep_the_figure_size():
    fig, ax = plt.subplots(figsize=(6.3, 2.4))
    ax.barh(["a", "b"], [1, 2])
    finish(fig, ChartText("Short title", "Subtitle", "Source", date(2023, 1, 1)), left=0.28)
    assert fig.get_figheight() == 2.4
    plt.close(fig)
