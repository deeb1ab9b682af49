"""A briefing's peers and a comparison's territories key the facts memo once (issue 22, item 3).

``breakaway.knowledge.memo`` keys ``build_facts`` by the dataset's whole content, about 4 ms a
call on the shipped data, hit or not. ``memo.one_key`` makes that key once for a run of calls on one
dataset that changes nothing meanwhile. Unit tier: in process, no renders.
"""

from __future__ import annotations

from datetime import date

import pytest

from breakaway.knowledge import memo
from breakaway.knowledge.facts import build_facts
from breakaway.report.briefing import Briefing
from breakaway.report.comparison import Comparison

DAY = date(2022, 6, 1)


@pytest.fixture
def keys_made(monkeypatch) -> list[int]:
    made: list[int] = []
    original = memo.dataset_key

    def counted(dataset):
        made.append(id(dataset))
        return original(dataset)

    monkeypatch.setattr(memo, "dataset_key", counted)
    return made


def test_a_run_of_calls_in_one_key_makes_the_key_once_and_the_same_facts(shipped, keys_made):
    outside = [build_facts(shipped, t, DAY) for t in shipped.territory_ids]
    assert len(keys_made) == len(shipped.territory_ids)
    keys_made.clear()
    with memo.one_key(shipped):
        inside = [build_facts(shipped, t, DAY) for t in shipped.territory_ids]
    assert keys_made == [id(shipped)]
    assert inside == outside


def test_another_dataset_in_the_context_is_keyed_on_its_own(shipped, dataset, keys_made):
    mine = build_facts(dataset, "south-ossetia", DAY)
    with memo.one_key(shipped):
        assert build_facts(dataset, "south-ossetia", DAY) == mine
        assert build_facts(shipped, "south-ossetia", DAY) != mine
    assert keys_made.count(id(dataset)) == 2  # before and inside: never the shipped data's key


def test_a_change_after_the_context_is_a_new_key(dataset):
    with memo.one_key(dataset):
        before = build_facts(dataset, "south-ossetia", DAY)
    # Changed in place (the same dataset and frame objects): only a key by value sees it.
    syria = dataset.recognitions["recognizer"] == "Syria"
    dataset.recognitions.loc[syria, "recognizer_type"] = "non_un"
    after = build_facts(dataset, "south-ossetia", DAY)
    assert "SYR" in before["un_recognizers"] and "SYR" not in after["un_recognizers"]


def test_a_briefing_keys_its_peers_once_and_a_comparison_its_territories_once(shipped, keys_made):
    briefing = Briefing(shipped, "south-ossetia", DAY)
    assert len(briefing.peers) == 4
    assert keys_made == [id(shipped)] * 2  # its own facts, then its three peers together
    keys_made.clear()
    comparison = Comparison(shipped, DAY)
    assert len(comparison.facts) == 4 and keys_made == [id(shipped)]
    # The same facts as each computed on its own.
    assert briefing.peers == [build_facts(shipped, f["territory"], DAY) for f in briefing.peers]
    assert comparison.facts == [build_facts(shipped, t, DAY) for t in shipped.territory_ids]
