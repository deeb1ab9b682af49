"""A briefing filters its territory's tables once and every section reads those rows (issue 22).

``Briefing.record`` (``report/territory_record.py``) holds the events, statements and recognitions
known on the day; the lead, the voices, the timeline, the joining story, the key steps and the
recognition chart and tables read them instead of filtering the tables again. Each must say what
it said from its own filter, and no section may change the shared rows. Unit tier: the shipped
data, in process, no figures drawn.
"""

from __future__ import annotations

from datetime import date

from breakaway.knowledge.events import (
    events_as_of,
    speakers_as_of,
    statements_as_of,
    timeline_lanes,
)
from breakaway.knowledge.recognition import (
    count_un_recognizers_over_time,
    recognitions_as_of,
    un_recognizer_steps,
)
from breakaway.report import history, voices
from breakaway.report.briefing import Briefing
from breakaway.report.lead import build_lead
from breakaway.report.lead_news import (
    LeadRecord,
    event_score,
    news_facts,
    news_items,
    statement_score,
)
from breakaway.report.territory_record import TerritoryRecord
from breakaway.report.voices import Voices

DAY = date(2022, 6, 1)  # a vote called, then called off: news, statements, steps both ways
SECTIONS = ["key_facts", "joining_story", "timeline_table", "recognition_table", "key_steps"]


def test_the_shared_rows_are_each_tables_own_filter(shipped):
    for day in (date(1992, 7, 1), DAY):
        for territory in shipped.territory_ids:
            record = TerritoryRecord(shipped, territory, day)
            assert record.events.equals(events_as_of(shipped.events, territory, day))
            assert record.statements.equals(statements_as_of(shipped.statements, territory, day))
            recognitions = recognitions_as_of(shipped.recognitions, territory, day)
            assert record.recognitions.equals(recognitions)
            assert un_recognizer_steps(record.recognitions).equals(
                count_un_recognizers_over_time(shipped.recognitions, territory, day)
            )


def test_the_sections_say_what_they_said_and_leave_the_shared_rows_as_they_were(shipped):
    for territory in shipped.territory_ids:
        briefing = Briefing(shipped, territory, DAY)
        record = briefing.record
        before = [frame.copy() for frame in (record.events, record.statements, record.recognitions)]
        fresh = LeadRecord.known(shipped, territory, DAY)
        assert briefing.lead().markup == build_lead(briefing.facts, fresh).html(briefing.cite)
        assert news_facts(briefing.facts, shipped, territory, DAY) == news_facts(
            briefing.facts, shipped, territory, DAY, record.lead_record
        )
        own = Voices(briefing.page, shipped, territory, briefing.facts)
        assert own.statements.equals(briefing.voices.statements)
        assert own.events.equals(briefing.voices.events)
        steps = briefing.key_steps()
        assert steps.data == history.key_steps_story(shipped.events, territory, DAY, briefing.cite)
        for section in SECTIONS:
            getattr(briefing, section)()
        timeline_lanes(record.events)  # what the timeline chart draws
        after = [record.events, record.statements, record.recognitions]
        assert all(a.equals(b) for a, b in zip(before, after, strict=True)), territory


def test_the_speakers_are_those_of_speakers_as_of_in_its_order(shipped):
    for day in (date(1992, 7, 1), date(2008, 9, 20), DAY, date(2026, 12, 1)):
        frame = speakers_as_of(shipped.statements, day)
        expected = list(zip(frame["speaker"], frame["role"], frame["known_on"], strict=True))
        assert voices._speakers_in_order(shipped.statements, day) == expected, day


def _news_built_anew(record: LeadRecord) -> list:
    """``news_items`` as it was built on every call: (kind, on, known_on, score, row)."""
    items = [
        ("event", str(r["date"]), r["known_on"], event_score(r), r)
        for _, r in record.events.iterrows()
    ] + [
        ("statement", str(r["date"]), r["known_on"], statement_score(r), r)
        for _, r in record.statements.iterrows()
    ]
    return sorted(items, key=lambda i: (i[2], i[0] == "event"), reverse=True)


def test_the_news_made_once_are_those_built_anew_and_each_caller_gets_its_own_list(shipped):
    for day in (date(2008, 8, 26), DAY):
        for territory in shipped.territory_ids:
            record = TerritoryRecord(shipped, territory, day).lead_record
            first = news_items(record)
            expected = _news_built_anew(record)
            assert len(first) == len(expected)
            for item, (kind, on, day_known, score, row) in zip(first, expected, strict=True):
                assert (item.kind, item.on, item.known_on, item.score) == (
                    kind,
                    on,
                    day_known,
                    score,
                )
                assert item.row.equals(row) and item.row.name == row.name
            first.clear()
            assert len(news_items(record)) == len(expected)
