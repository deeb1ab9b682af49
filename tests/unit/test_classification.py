"""Classification either side would accept (issue 18, item 4).

Steps towards the patron are only rows marked ``towards_patron``: a suspension is told as what it
is and not counted; a war is an event between the sides, in the timeline and never the parent
state's reaction; the referendum lane holds only votes held.
"""

from __future__ import annotations

from datetime import date

import pytest
from conftest import TABLES, write_data_dir

from breakaway.data.load import load_dataset
from breakaway.knowledge.events import events_as_of, joining_patron_events, timeline_lanes
from breakaway.knowledge.facts import build_facts
from breakaway.report.briefing import Briefing

DAY = date(2023, 1, 1)
# Planted: a war that breaks out (a clash between the sides, even if filed as the parent's act),
# a vote called off but filed in the referendum category, and an integration step.
PLANTED = (
    "so-war-2-outbreak,south-ossetia,2021-05-01,,conflict,parent,conflict,War breaks out again,,,"
    "src-b,,\n"
    "so-vote-postponed,south-ossetia,2021-06-01,,referendum,territory,joining_patron,"
    "Referendum on joining postponed,,,src-b,away_from_patron,\n"
    "so-treaty,south-ossetia,2021-07-01,,diplomacy,patron,joining_patron,Integration treaty signed,"
    ",,src-b,towards_patron,\n"
)


@pytest.fixture
def planted(tmp_path):
    tables = dict(TABLES)
    marker = "so-referendum-set,"
    tables["events.csv"] = tables["events.csv"].replace(marker, PLANTED + marker)
    return load_dataset(write_data_dir(tmp_path / "data", tables))


def test_steps_towards_the_patron_leave_out_suspensions_and_postponements(planted):
    titles = list(joining_patron_events(planted.events, "south-ossetia", DAY)["title"])
    assert titles == ["Integration treaty signed", "Referendum set for 17 July"]
    assert build_facts(planted, "south-ossetia", DAY)["joining_patron_events"] == 2


def test_the_joining_story_tells_steps_back_as_what_they_are(planted):
    story = Briefing(planted, "south-ossetia", DAY).joining_story().data
    counted, back = story.split("Steps the other way")
    assert "two steps" in counted
    assert "suspended" not in counted and "postponed" not in counted
    assert "Referendum decree suspended" in back
    assert "Referendum on joining postponed" in back


def test_key_facts_latest_step_is_a_step_towards(planted):
    briefing = Briefing(planted, "south-ossetia", DAY)
    html = briefing.key_facts()._repr_html_()
    assert "Referendum set for 17 July" in html
    assert "suspended" not in html


def test_wars_are_not_the_parent_states_reaction_but_are_in_the_timeline(planted):
    briefing = Briefing(planted, "south-ossetia", DAY)
    reaction = briefing.voices.reaction_rows()
    assert not reaction["paraphrase"].str.contains("War|war").any()
    assert set(reaction["kind"]) <= {"said", "did"}
    timeline = briefing.timeline_table()._repr_html_()
    assert "August war" in timeline and "War breaks out again" in timeline


def test_the_referendum_lane_holds_only_votes_held(planted):
    rows = timeline_lanes(events_as_of(planted.events, "south-ossetia", DAY))
    lanes = dict(zip(rows["title"], rows["category"], strict=True))
    assert lanes["Referendum on joining postponed"] == "politics"
    assert "referendum" not in set(rows["category"])
