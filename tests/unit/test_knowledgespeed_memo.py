"""The memo's key (knowledge/memo.py) read faster, to the same values (issue 22, last figure).

A key's cells are read with C loops where a column is all text, holds no text, or has no NaN, and
the key hashes its cells once. The key must hold what the cell-by-cell rules give, and compare and
hash as a plain tuple of those cells would. Unit tier: inline frames and the shipped data.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date

import numpy as np
import pandas as pd
import pytest

from breakaway.knowledge import memo


def _cell_by_cell(dtype, values: list) -> list:
    """The rules as first written, one cell at a time."""
    if dtype.kind == "f":
        return [None if math.isnan(v) else v for v in values]
    if pd.api.types.is_object_dtype(dtype):
        return [v if type(v) is str else (type(v), v) for v in values]
    return values


COLUMNS = {
    "all text": pd.Series(["a", "b", "c"], dtype=object),
    "no text": pd.Series([date(2008, 8, 26), 1, True], dtype=object),
    "some text": pd.Series(["1", 1, 1.0], dtype=object),
    "nothing": pd.Series([], dtype=object),
    "None and text": pd.Series([None, "a", None], dtype=object),
    "floats": pd.Series([0.5, 1.0, -0.0], dtype="float64"),
    "a NaN": pd.Series([0.5, np.nan, 1.0], dtype="float64"),
    "integers": pd.Series([1, 2, 3], dtype="int64"),
    "text dtype": pd.Series(["a", None, "c"], dtype="str"),
}


@pytest.mark.parametrize("name", list(COLUMNS))
def test_each_column_is_keyed_as_cell_by_cell(name):
    column = COLUMNS[name]
    values = column.to_numpy(dtype=object).tolist()
    fast = memo._cells(column.dtype, list(values))
    slow = _cell_by_cell(column.dtype, list(values))
    assert fast == slow
    assert [type(cell) for cell in fast] == [type(cell) for cell in slow]


def test_a_key_hashes_and_compares_as_the_tuple_of_its_cells(shipped):
    key = memo.dataset_key(shipped)
    assert hash(key) == hash(tuple(key)) and key == tuple(key)
    again = memo.dataset_key(replace(shipped))  # another object, the same content
    assert again == key and hash(again) == hash(key) and again is not key


def test_a_cell_changed_is_another_key_and_another_hash(shipped):
    key = memo.dataset_key(shipped)
    events = shipped.events.copy()
    events.loc[events.index[-1], "title"] = "Something else"
    changed = memo.dataset_key(replace(shipped, events=events))
    assert changed != key and hash(changed) != hash(key)
    # A date cell (an object column without text) of another value.
    events = shipped.events.copy()
    events.loc[events.index[0], "known_from"] = date(1900, 1, 2)
    assert memo.dataset_key(replace(shipped, events=events)) != key
