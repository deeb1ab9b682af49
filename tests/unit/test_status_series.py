"""Status as a dated series (issue 18, item 3) and checked-through days (issue 19, item 1).

Nagorno-Karabakh after 20 September 2023 is under Azerbaijani control in the facts, the key facts,
the prose, the comparison and the index; the dissolution decreed on 28 September 2023 is told in
the future tense until it takes effect on 1 January 2024, then in the past.
"""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from conftest import TABLES, write_data_dir
from factsonce import facts_once_a_day  # noqa: F401 (an autouse module fixture)

from breakaway.cli import main
from breakaway.data.load import load_dataset
from breakaway.render.index import _entry, _summary
from breakaway.report.briefing import Briefing
from breakaway.report.comparison import Comparison

NK = "nagorno-karabakh"
SELF_RULE = re.compile(r"de facto independent|governs itself", re.I)


def _words(briefing: Briefing) -> str:
    return "\n".join(
        [
            briefing.lead()._repr_html_(),
            briefing.key_facts()._repr_html_(),
            briefing.status_story().data,
            briefing.population_story().data,
            briefing.comparison_story().data,
        ]
    )


def test_before_2023_nagorno_karabakh_governs_itself(shipped):
    briefing = Briefing(shipped, NK, date(2010, 1, 1))
    assert briefing.facts["status"] == "de facto independent"
    assert "governs itself" in briefing.status_story().data


@pytest.mark.parametrize("day", [date(2023, 9, 25), date(2023, 10, 15), date(2024, 3, 1)])
def test_after_20_september_2023_it_is_not_de_facto_independent_anywhere(shipped, day):
    briefing = Briefing(shipped, NK, day)
    assert briefing.facts["lost_control_on"] == "2023-09-20"
    assert not SELF_RULE.search(_words(briefing))
    assert not SELF_RULE.search(_summary(briefing.facts))
    comparison = Comparison(shipped, day)
    table = comparison.comparison_table()._repr_html_()
    row = table.split("Nagorno-Karabakh")[1].split("</tr>")[0]
    assert not SELF_RULE.search(row)
    assert "Azerbaijan" in briefing.status_story().data
    assert "third largest" not in briefing.comparison_story().data


def test_the_exodus_and_the_dissolution_follow_the_date(shipped):
    before = Briefing(shipped, NK, date(2023, 9, 25))
    assert "100,417" not in _words(before)  # counted on 30 September
    during = Briefing(shipped, NK, date(2023, 10, 15))
    text = _words(during)
    assert "100,417" in during.population_story().data
    assert "would cease to exist on 1 January 2024" in during.status_story().data
    assert "due to be dissolved on 1 January 2024" in text
    after = Briefing(shipped, NK, date(2024, 3, 1))
    assert after.facts["status"] == "dissolved"
    assert "ceased to exist as a de facto state on 1 January 2024" in after.status_story().data
    assert "would cease" not in after.status_story().data
    assert "Former capital" in after.key_facts()._repr_html_()


def test_the_estimate_is_told_as_before_the_loss_of_control(shipped):
    story = Briefing(shipped, NK, date(2023, 10, 15)).population_story().data
    assert "Before Azerbaijan took control on 20 September 2023" in story


def test_censuses_of_different_areas_are_not_compared(shipped):
    facts = Briefing(shipped, NK, date(2010, 1, 1)).facts
    assert facts["census_change"] is None
    story = Briefing(shipped, NK, date(2010, 1, 1)).population_story().data
    assert "fall" not in story and "different area" in story


# -- checked through ------------------------------------------------------------------------


def _checked(tmp_path, so_day: str, nk_day: str):
    tables = dict(TABLES)
    tables["territories.csv"] = (
        tables["territories.csv"]
        .replace("North Ossetia–Alania,src-a,,,", f"North Ossetia–Alania,src-a,{so_day},{so_day},")
        .replace('later independence",,src-b,,,', f'later independence",,src-b,{nk_day},{nk_day},')
    )
    return write_data_dir(tmp_path / "data", tables)


def test_page_one_and_facts_say_how_far_sources_were_checked(tmp_path):
    dataset = load_dataset(_checked(tmp_path, "2024-06-30", "2024-06-30"))
    briefing = Briefing(dataset, "south-ossetia", date(2024, 12, 31))
    title = briefing.title_block()._repr_html_()
    assert "Sources checked through 30 June 2024" in title
    assert "latest recorded event 30 May 2022" in title  # the suspension, the latest row
    assert "more than 90 days" in title  # the page says the check is stale
    assert briefing.publish_facts().facts["checked_through"] == "2024-06-30"
    folder = tmp_path / "out" / "south-ossetia" / "2024-12-31"
    folder.mkdir(parents=True)
    (folder / "facts.json").write_text(json.dumps(briefing.publish_facts().facts), "utf-8")
    assert _entry(folder, {"kind": "briefing"})["checked_through"] == "30 June 2024"  # the index
    # A check after the report's day reads as checked through that day, never later.
    early = Briefing(dataset, "south-ossetia", date(2010, 1, 1))
    assert early.facts["checked_through"] == "2010-01-01"
    assert "Sources checked through 1 January 2010" in early.title_block()._repr_html_()


def test_the_comparison_shows_the_earliest_check(tmp_path):
    dataset = load_dataset(_checked(tmp_path, "2024-06-30", "2024-03-31"))
    comparison = Comparison(dataset, date(2024, 7, 1))
    assert "Sources checked through 31 March 2024" in comparison.title_block()._repr_html_()
    assert comparison.publish_facts().facts["checked_through"] == "2024-03-31"


def test_an_empty_check_is_said_plainly(dataset):
    title = Briefing(dataset, "south-ossetia", date(2024, 1, 1)).title_block()._repr_html_()
    assert "Sources checked through not stated in this record" in title


def test_validate_warns_in_one_line_on_a_stale_check(tmp_path, monkeypatch, capsys):
    data = _checked(tmp_path, "2026-01-01", "2026-11-01")
    monkeypatch.setenv("BREAKAWAY_TODAY", "2026-12-01")
    assert main(["validate", "--data", str(data)]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "south-ossetia (334 days" in err[0]
    assert "nagorno-karabakh" not in err[0]
    monkeypatch.setenv("BREAKAWAY_TODAY", "2026-01-15")
    assert main(["validate", "--data", str(data)]) == 0
    assert capsys.readouterr().err == ""


def test_the_map_caption_follows_the_status(shipped):
    caption = str(Briefing(shipped, NK, date(2023, 10, 15)).locator_map().caption)
    assert "Under Azerbaijan control since 20 September 2023" in caption
    before = str(Briefing(shipped, NK, date(2023, 9, 1)).locator_map().caption)
    assert "control since" not in before
