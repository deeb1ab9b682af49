"""Sections of a briefing that depend on what is known: shown when there is something to show."""

from __future__ import annotations

from datetime import date

import pytest

from breakaway import paths
from breakaway.data.load import load_dataset
from breakaway.report.blocks import TableBlock
from breakaway.report.briefing import Briefing


@pytest.fixture(scope="module")
def shipped():
    return load_dataset(paths.data_dir())


def test_no_empty_factcheck_table_under_the_sentence_that_says_there_is_none(shipped):
    briefing = Briefing(shipped, "nagorno-karabakh", date(2023, 1, 1))
    assert briefing.claims.empty
    assert "holds no press claim" in str(briefing.factcheck_story().data)
    assert briefing.factcheck_table() is None


def test_a_territory_with_checked_claims_gets_the_table(shipped):
    briefing = Briefing(shipped, "south-ossetia", date(2025, 6, 30))
    assert not briefing.claims.empty
    table = briefing.factcheck_table()
    assert isinstance(table, TableBlock)


def test_no_empty_indicators_table_under_the_sentence_that_says_there_is_none(shipped):
    early = Briefing(shipped, "transnistria", date(2008, 9, 1))
    assert "no sourced figure" in str(early.dependence_story().data)
    assert early.indicators_table() is None
    assert isinstance(
        Briefing(shipped, "transnistria", date(2025, 6, 30)).indicators_table(), TableBlock
    )
