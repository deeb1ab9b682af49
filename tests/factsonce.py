"""Each territory's facts on a day computed once per test module that builds many briefings.

A briefing computes the facts of every peer it is compared with (``Briefing.peers``), so a module
that builds the four briefings of a day computes each territory's facts four times over, from the
same read-only dataset. ``facts_once`` is a module fixture's helper: while it is active,
``Briefing`` and ``Comparison`` get each (dataset, territory, day)'s facts from one computation,
as a deep copy (a caller may change its copy). The dataset is kept with its facts, so a new dataset
that happens to reuse a collected one's ``id`` is never served the old one's facts.

``shipped_lead`` is each lead of the shipped data on a day, made once per process for the files
that read leads (``test_lead``, ``test_editor_read``: one unit on one xdist worker, see
``tests/suiteorder.py``). A lead and its record are read only (a ``Lead`` holds tuples; a test that
plants a row builds a new record).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from functools import cache

import pytest

from breakaway.report import briefing, comparison

MODULES = (briefing, comparison)


@contextmanager
def facts_once() -> Iterator[dict]:
    """While active, ``build_facts`` of the report modules computes each key once."""
    original = briefing.build_facts
    made: dict[tuple, tuple] = {}

    def build_facts(dataset, territory_id, as_of):
        key = (id(dataset), territory_id, as_of)
        if key not in made or made[key][0] is not dataset:
            made[key] = (dataset, original(dataset, territory_id, as_of))
        return copy.deepcopy(made[key][1])

    with pytest.MonkeyPatch.context() as patch:
        for module in MODULES:
            patch.setattr(module, "build_facts", build_facts)
        yield made


@pytest.fixture(scope="module", autouse=True)
def facts_once_a_day():
    """Imported by a test module: each territory's facts on a day computed once for its briefings."""
    with facts_once():
        yield


@cache
def _shipped():
    from breakaway import paths
    from breakaway.data.load import load_dataset

    return load_dataset(paths.data_dir())


@cache
def shipped_lead(territory: str, day: date) -> tuple:
    """``(lead, record)`` of the shipped data for ``territory`` on ``day``, made once per process."""
    from breakaway.knowledge.facts import build_facts
    from breakaway.report.lead import build_lead
    from breakaway.report.lead_news import LeadRecord

    data = _shipped()
    record = LeadRecord.known(data, territory, day)
    return build_lead(build_facts(data, territory, day), record), record
