"""What an editor would not print, the leftovers of the last read: each planted and caught.

Unit tier: tiny inline frames and the project's data, drawn or worded in-process; no kernel.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from matplotlib.text import Annotation

from breakaway.report import chart_layout, charts

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
