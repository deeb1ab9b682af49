"""Provable time travel: nothing dated after a report's day appears anywhere in it.

For every territory, days spread over its record (the eve of dated rows, where a leak would show)
are rendered in-process section by section, as the notebook calls them, and searched: text, alt
text, captions, chart text, the sources list and facts.json. Planting a note or a source from the
future must make the check fail.
"""

from __future__ import annotations

from datetime import date

import pytest
from conftest import TABLES, write_data_dir
from leakcheck import briefing_outputs, dates_to_check, find_leaks

from breakaway.data.load import load_dataset

pytestmark = pytest.mark.integration
TODAY = date(2026, 11, 27)


def _cases():
    from reportcheck import REPO

    dataset = load_dataset(REPO / "data")
    return [
        (territory, day)
        for territory in dataset.territory_ids
        for day in [*dates_to_check(dataset, territory), TODAY]
    ]


@pytest.mark.parametrize(("territory", "day"), _cases())
def test_nothing_from_after_the_report_date_appears(shipped, territory, day):
    text, facts, briefing = briefing_outputs(shipped, territory, day)
    assert find_leaks(text, facts, briefing, day) == []


def test_south_ossetia_on_1_september_2008_knows_nothing_later(shipped):
    day = date(2008, 9, 1)
    text, facts, briefing = briefing_outputs(shipped, "south-ossetia", day)
    assert find_leaks(text, facts, briefing, day) == []
    for later in ("dissolved", "Tuvalu", "alliance and integration", "Syria"):
        assert later not in text, later


def _planted(tmp_path, **replacements):
    tables = dict(TABLES)
    for name, (old, new) in replacements.items():
        assert old in tables[name]
        tables[name] = tables[name].replace(old, new)
    return load_dataset(write_data_dir(tmp_path / "data", tables))


def test_the_check_finds_a_caveat_written_later(tmp_path):
    dataset = _planted(
        tmp_path,
        **{
            "recognitions.csv": (
                "south-ossetia,Artsakh,,non_un,2006,,,false,,src-b,",
                "south-ossetia,Artsakh,,non_un,2006,,,false,"
                "Artsakh dissolved itself effective 1 January 2024.,src-b,",
            )
        },
    )
    day = date(2010, 1, 1)
    text, facts, briefing = briefing_outputs(dataset, "south-ossetia", day)
    assert "1 January 2024" in find_leaks(text, facts, briefing, day)


def test_the_check_finds_a_source_from_the_future(tmp_path, monkeypatch):
    # A 2007 event whose only source appeared in 2020 is not known in 2010 ...
    dataset = _planted(
        tmp_path,
        **{
            "events.csv": (
                "so-war,",
                "so-late,south-ossetia,2007-05-01,,politics,territory,other,Late news,,,src-late,,\n"
                "so-war,",
            ),
            "sources.csv": (
                "src-ceasefire,",
                "src-late,Told later,Paper L,https://example.org/l,2026-11-27,2020-01-01,news,"
                "false,,\nsrc-ceasefire,",
            ),
        },
    )
    day = date(2010, 1, 1)
    text, facts, briefing = briefing_outputs(dataset, "south-ossetia", day)
    assert "Late news" not in text and find_leaks(text, facts, briefing, day) == []
    # ... and if the as-of rule for sources were broken, the check would say so.
    monkeypatch.setattr(
        "breakaway.report.citations.sources_known_from",
        lambda sources: dict.fromkeys(sources["source_id"], date.min),
    )
    monkeypatch.setattr(
        "breakaway.knowledge.events.known_rows",
        lambda rows, table, as_of: rows,
    )
    text, facts, briefing = briefing_outputs(dataset, "south-ossetia", day)
    assert "Late news" in text
    assert any("src-late" in leak for leak in find_leaks(text, facts, briefing, day))


def test_the_corrections_show_in_the_reports(shipped):
    # Armenians, not Azerbaijanis, were Nagorno-Karabakh's largest group in 1989.
    text, _, _ = briefing_outputs(shipped, "nagorno-karabakh", date(2010, 1, 1))
    assert "Armenians made up 76.9% of Nagorno-Karabakh's population in 1989" in text
    # The September 2023 exodus is in a 2024 briefing.
    text, _, _ = briefing_outputs(shipped, "nagorno-karabakh", date(2024, 6, 30))
    assert "100,000" in text and "September 2023" in text
    # No defunct entity among the current recognisers of a 2026 briefing.
    for territory in ("south-ossetia", "abkhazia", "transnistria"):
        _, facts, _ = briefing_outputs(shipped, territory, TODAY)
        for gone in ("Donetsk People's Republic", "Luhansk People's Republic", "Nagorno-Karabakh"):
            assert gone not in facts["non_un_recognizers"], (territory, gone)
