"""knowledge/memo.py: a day's facts computed once for the same dataset content, never stale."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import pandas as pd
import pytest

from breakaway.data.load import load_dataset
from breakaway.knowledge import facts as knowledge_facts
from breakaway.knowledge.memo import dataset_key, remembered

DAY = date(2022, 6, 1)


@pytest.fixture
def counted(monkeypatch):
    """``remembered`` around a counting stand-in, and the list of what it computed."""
    computed: list[tuple[str, date]] = []

    def compute(dataset, territory, as_of):
        computed.append((territory, as_of))
        return {"recognizers": sorted(dataset.recognitions["recognizer"]), "nested": [territory]}

    return remembered(compute), computed


def test_the_same_content_is_computed_once_and_each_caller_gets_a_copy(dataset, counted):
    function, computed = counted
    first = function(dataset, "south-ossetia", DAY)
    again = load_dataset(dataset.data_dir)  # another object, the same bytes
    second = function(again, "south-ossetia", DAY)
    assert computed == [("south-ossetia", DAY)]
    assert first == second and first is not second
    second["nested"].append("changed")
    assert function(dataset, "south-ossetia", DAY)["nested"] == ["south-ossetia"]
    function(dataset, "south-ossetia", date(2022, 6, 2))
    function(dataset, "nagorno-karabakh", DAY)
    assert len(computed) == 3  # another day, another territory: computed


def test_a_frame_changed_in_place_is_computed_again(dataset, counted):
    function, computed = counted
    before = function(dataset, "south-ossetia", DAY)
    dataset.recognitions.loc[0, "recognizer"] = "Ruritania"
    after = function(dataset, "south-ossetia", DAY)
    assert len(computed) == 2 and "Ruritania" in after["recognizers"]
    assert "Ruritania" not in before["recognizers"]


def test_a_table_replaced_on_the_attribute_only_is_computed_again(dataset, counted):
    function, computed = counted
    function(dataset, "south-ossetia", DAY)
    fewer = replace(dataset, recognitions=dataset.recognitions.head(1))  # tables[] unchanged
    assert function(fewer, "south-ossetia", DAY)["recognizers"] == ["Russia"]
    assert len(computed) == 2


@pytest.mark.parametrize(
    ("column", "first", "second"),
    [
        pytest.param("population", 1.0, np.nan, id="a NaN"),
        pytest.param("caveat", 1, True, id="1 and True"),
        pytest.param("population", 0.5, 0.25, id="a number"),
    ],
)
def test_cells_that_compare_equal_but_differ_get_different_keys(dataset, column, first, second):
    frame = dataset.population.copy()
    frame[column] = frame[column].astype("float64" if column == "population" else object)
    frame.loc[0, column] = first
    one = dataset_key(replace(dataset, population=frame))
    frame.loc[0, column] = second
    other = dataset_key(replace(dataset, population=frame))
    assert one is not None and other is not None and one != other


def test_a_nan_keys_the_same_each_time(dataset):
    frame = dataset.population.astype({"population": "float64"})
    frame.loc[0, "population"] = np.nan
    assert dataset_key(replace(dataset, population=frame)) == dataset_key(
        replace(dataset, population=frame.copy())
    )


def test_a_cell_that_cannot_be_compared_leaves_the_call_uncached(dataset, counted):
    function, computed = counted
    frame = dataset.events.copy()
    frame["listed"] = [[1]] * len(frame)
    odd = replace(dataset, events=frame)
    assert dataset_key(odd) is None
    function(odd, "south-ossetia", DAY)
    function(odd, "south-ossetia", DAY)
    assert len(computed) == 2


def test_build_facts_is_remembered_and_agrees_with_a_fresh_computation(dataset):
    remembered_facts = knowledge_facts.build_facts(dataset, "south-ossetia", DAY)
    fresh = knowledge_facts.build_facts.__wrapped__(dataset, "south-ossetia", DAY)
    assert remembered_facts == fresh
    again = knowledge_facts.build_facts(dataset, "south-ossetia", DAY)
    assert again == fresh and again is not remembered_facts
    assert isinstance(dataset.recognitions, pd.DataFrame)


def test_the_days_of_one_dataset_share_one_key_object(dataset, counted):
    function, _computed = counted
    function(dataset, "south-ossetia", DAY)
    function(load_dataset(dataset.data_dir), "nagorno-karabakh", date(2020, 1, 1))
    first, second = (key[0] for key in function.cache_keys())
    assert first is second  # one copy of the cells however many days and territories
