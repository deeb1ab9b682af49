"""A role in commas, inserted before the text's own mark, leaves one mark, not two."""

from __future__ import annotations

from datetime import date

import pytest

from breakaway.report.speakers import name_people

ROSTER = {"Aslan Bzhania": [(date(2020, 3, 22), "de facto president of Abkhazia")]}


@pytest.mark.parametrize("mark", [";", ":", ".", ")", "?"])
def test_a_role_before_a_mark_drops_its_closing_comma(mark):
    text = name_people(
        f"It set off President Bzhania's resignation{mark} none voted", ROSTER, set()
    )
    expected = f"It set off the resignation of Aslan Bzhania, de facto president of Abkhazia{mark}"
    assert text.startswith(expected), text


def test_a_role_before_words_keeps_both_commas():
    text = name_people("Bzhania resigned after the protests.", ROSTER, set())
    assert text == "Aslan Bzhania, de facto president of Abkhazia, resigned after the protests."
