"""The locator map's caption adds to its headline and subtitle (issue 20, item 4).

It repeated the subtitle word for word ("Boundaries simplified from Natural Earth (public domain);
capitals marked"); now it names the capitals marked and says what the inset shows, and a territory
that no longer governs itself is given its former capital.
"""

from __future__ import annotations

from datetime import date

import pytest

from breakaway.report.briefing import Briefing


@pytest.mark.parametrize(
    ("territory", "day", "words"),
    [
        (
            "south-ossetia",
            date(2022, 5, 13),
            "South Ossetia&#39;s capital, Tskhinvali, and "
            "Georgia&#39;s, Tbilisi, are marked; the inset shows where the map lies in Europe.",
        ),
        ("nagorno-karabakh", date(2022, 5, 13), "Nagorno-Karabakh&#39;s capital, Stepanakert"),
        (
            "nagorno-karabakh",
            date(2025, 6, 30),
            "Nagorno-Karabakh&#39;s former capital, "
            "Stepanakert, and Azerbaijan&#39;s, Baku, are marked",
        ),
    ],
)
def test_the_caption_names_the_capitals_not_the_subtitle_again(shipped, territory, day, words):
    caption = str(Briefing(shipped, territory, day).locator_map().caption)
    assert words in caption
    assert "capitals marked" not in caption.split("<span")[0]
