"""The memo's key (breakaway.knowledge.memo) reads a frame's cells in one conversion.

It used to read them a Series at a time; the key must hold the same values either way, so that
equal contents still share a key and different contents never do.
"""

from __future__ import annotations

import math
from datetime import date

import pandas as pd

from breakaway.knowledge import memo


def _by_series(frame: pd.DataFrame) -> tuple:
    """The key as it was made before: each column read as a Series."""

    def cells(column: pd.Series) -> list:
        values = column.tolist()
        if column.dtype.kind == "f":
            return [None if math.isnan(v) else v for v in values]
        if column.dtype == object:
            return [v if type(v) is str else (type(v), v) for v in values]
        return values

    return (
        tuple(frame.columns),
        tuple(str(dtype) for dtype in frame.dtypes),
        tuple(frame.index),
        tuple(tuple(cells(frame.iloc[:, i])) for i in range(frame.shape[1])),
    )


MIXED = pd.DataFrame(
    {
        "text": pd.Series(["a", None, "c"], dtype="str"),
        "count": [1, 2, 3],
        "share": [0.5, float("nan"), 1.0],
        "flag": [True, False, True],
        "cell": ["1", 1, True],  # equal as numbers, not as cells
        "day": [date(2008, 8, 26), date(1992, 1, 1), date(2022, 5, 13)],
        "when": pd.to_datetime(["2008-08-26", "2014-03-31", None]),
    },
    index=[3, 1, 2],
)


def test_the_key_holds_the_same_values_as_reading_each_column(shipped):
    for frame in [MIXED, MIXED.iloc[:0], MIXED[[]], *shipped.tables.values()]:
        assert memo._frame_key(frame, {}) == _by_series(frame)


def test_a_cell_of_another_type_or_value_is_another_key():
    changed = MIXED.copy()
    changed.loc[1, "cell"] = "1"  # was the integer 1
    assert memo._frame_key(changed, {}) != memo._frame_key(MIXED, {})
    changed = MIXED.copy()
    changed.loc[3, "share"] = 0.25
    assert memo._frame_key(changed, {}) != memo._frame_key(MIXED, {})
    assert memo._frame_key(MIXED.copy(), {}) == memo._frame_key(MIXED, {})
