"""Rows of a frame as dicts of the few columns a rule reads, as ``to_dict("records")`` gives them.

``to_dict("records")`` builds a dict of every column for every row; the as-of rule and the details
read two to five columns, so building only those is most of the saving on a wide table. Values are
the ones ``to_dict`` gives (a column read through ``itertuples``, an object column's NumPy scalars
boxed as Python values), so a rule sees the same row either way.

Standard library at import: pandas is reached through the frames passed in.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def records(frame: Any, names: Iterable[str | None]) -> list[dict]:
    """One dict per row of ``frame`` holding the columns of ``names`` it has (None is skipped)."""
    present = [name for name in dict.fromkeys(names) if name and name in frame.columns]
    if not present:
        return [{} for _ in range(len(frame))]
    columns = [_column_values(frame, name) for name in present]
    return [dict(zip(present, values, strict=True)) for values in zip(*columns, strict=True)]


def _column_values(frame: Any, name: str) -> list:
    from pandas.api.types import is_object_dtype

    series = frame[name]
    if is_object_dtype(series.dtype):
        from pandas.core.dtypes.cast import maybe_box_native

        return [maybe_box_native(value) for value in series]
    return list(series)
