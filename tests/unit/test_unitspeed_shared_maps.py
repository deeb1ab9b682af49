"""tests/mapcheck.py: maps drawn once per process are handed out as a new one would be, or refused.

Each test uses a text of its own, so its shared maps are its own and no other test reads them.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from mapcheck import TEXT, briefing_locator, map_axes, put_back, shared_locator

OWN = replace(TEXT, title="Drawn for the shared-map tests")


def _label(fig, gid):
    [text] = [t for t in map_axes(fig).texts if t.get_gid() == gid]
    return text


def test_a_shared_map_is_drawn_once_and_a_change_to_it_is_refused():
    text = replace(OWN, subtitle="changed by a reader")
    fig = shared_locator("transnistria", text)
    assert shared_locator("transnistria", text) is fig
    name = _label(fig, "label-territory")
    where = name.get_position()
    name.set_position((28.0, 46.0))
    with pytest.raises(AssertionError, match="changed the shared map"):
        shared_locator("transnistria", text)
    name.set_position(where)
    assert shared_locator("transnistria", text) is fig


def test_what_a_test_plants_is_put_back():
    text = replace(OWN, subtitle="faults planted and put back")
    fig = shared_locator("south-ossetia", text)
    ax = map_axes(fig)
    before = [line.get_gid() for line in ax.lines]
    with put_back(fig):
        _label(fig, "label-territory").set_position((46.8, 43.6))
        _label(fig, "label-GEO").set_visible(False)
        for line in list(ax.lines):
            if line.get_gid() in ("leader-territory", "capital"):
                line.remove()
        [inset] = ax.child_axes
        inset.set_axes_locator(None)
        inset.set_position((0.4, 0.4, 0.16, 0.16))
    assert shared_locator("south-ossetia", text) is fig  # the guard finds it as it was
    assert [line.get_gid() for line in ax.lines] == before  # in the same order


def test_a_map_drawn_again_by_a_reader_is_handed_on_as_a_new_one_would_be():
    text = replace(OWN, subtitle="drawn again by a reader")
    fig = shared_locator("abkhazia", text)
    fig.canvas.draw()  # a reader draws at the figure's own dpi (100), not the 72 of a new map
    again = shared_locator("abkhazia", text)
    new = briefing_locator("abkhazia", text)

    def extents(figure):
        return [
            tuple(round(v, 3) for v in t.get_window_extent().bounds)
            for t in map_axes(figure).texts
            if (t.get_gid() or "").startswith("label-")
        ]

    assert extents(again) == extents(new)
