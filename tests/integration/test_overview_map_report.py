"""The comparison report's own overview map passes the editor's checks, at dates across the record.

The map as the report draws it: its title, subtitle, source line and note come from the data
and change with the date, and a longer source line or a note leaves the panels less room. No
kernel: the figure is captured where the page would export it.
"""

from __future__ import annotations

from datetime import date

import pytest
from mapcheck import GEO_DIR, REGIONS, overview_problems

from breakaway.data.load import load_dataset
from breakaway.report import blocks, maps, page
from breakaway.report.comparison import Comparison
from breakaway.report.maps.geometry import parent_of

pytestmark = pytest.mark.integration

# Before the first ceasefire line, the 2008 war, the 2020 war's end, and a recent day.
DATES = [date(1992, 1, 6), date(2008, 9, 1), date(2020, 11, 15), date(2025, 6, 30)]


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


@pytest.fixture(scope="module")
def boundaries():
    return maps.load_boundaries(GEO_DIR / "breakaway_regions.geojson")


@pytest.mark.parametrize("as_of", DATES, ids=str)
def test_the_comparisons_map_passes_the_editors_checks(dataset, boundaries, monkeypatch, as_of):
    drawn = {}

    class Capture:
        def __init__(self, chart_id, fig, alt, caption="", data=None):
            drawn[chart_id] = fig

    monkeypatch.setattr(page, "FigureBlock", Capture)
    Comparison(dataset, as_of).regions_map()
    fig = drawn["comparison-map"]
    blocks.figure_png(fig, dpi=72)
    assert overview_problems(fig, boundaries) == []
    named = {
        t.get_gid()
        for ax in fig.axes
        for t in ax.texts
        if (t.get_gid() or "").startswith("label-") and t.get_text()
    }
    parents = {parent_of(boundaries, region) for region in REGIONS}
    assert {f"label-{fid}" for fid in [*REGIONS, *parents]} <= named
    assert {"label-sea-black-sea", "label-sea-caspian-sea"} <= named
