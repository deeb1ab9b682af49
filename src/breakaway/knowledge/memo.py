"""A knowledge function of (dataset, territory, day) computed once per process for the same input.

A comparison computes every territory's facts and each briefing its peers' too, and a test session
asks for the same territory on the same day in many modules. The key is what such a function can
read, by value: every table of the dataset (its columns, dtypes, index and cells), reached both as
an attribute and by name, and the dataset's version and fingerprint; not the dataset's identity,
since a caller may change a frame in place or load the same folder again. Each caller gets its
own deep copy of the result, so changing it changes no one else's. A table whose cells cannot be
compared by value (a list in a cell) makes the call uncached rather than wrong.

Must not: key on ``id()``, keep a dataset alive, or cache anything that reads outside the dataset
(the clock, the environment, files).
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from typing import Any, TypeVar, cast

import pandas as pd

_KEPT = 256  # results (small dicts)
_CONTENTS_KEPT = 8  # dataset contents (a key holds a reference to every cell)
_Function = TypeVar("_Function", bound=Callable[[Any, str, date], Any])


# (dataset, its key) while ``one_key`` is active: the key made once, by value, on entry.
_PINNED: ContextVar[tuple[Any, tuple | None] | None] = ContextVar("memo_pinned", default=None)


@contextmanager
def one_key(dataset: Any) -> Iterator[None]:
    """While active, remembered calls on ``dataset`` (this very object) reuse one key.

    For a run of calls that read one dataset and change nothing in between (a briefing's peers, a
    comparison's territories): the key is made by value on entry, as each call would make it,
    instead of once per call (about 4 ms each on the shipped data). Any other dataset is keyed
    as usual.
    """
    token = _PINNED.set((dataset, dataset_key(dataset)))
    try:
        yield
    finally:
        _PINNED.reset(token)


def dataset_key(dataset: Any) -> tuple | None:
    """Everything a knowledge function can read of ``dataset``, by value; None if not comparable."""
    if not dataclasses.is_dataclass(dataset) or isinstance(dataset, type):
        return None
    frames: dict[int, tuple] = {}  # the same frame reached twice is read once
    parts: list[Hashable] = []
    for field in dataclasses.fields(dataset):
        value = getattr(dataset, field.name)
        if field.name == "data_dir":
            continue  # where it was read from: named in errors, never in a result
        if isinstance(value, pd.DataFrame):
            parts.append((field.name, _frame_key(value, frames)))
        elif field.name == "tables":
            parts.append(tuple((n, _frame_key(f, frames)) for n, f in sorted(value.items())))
        elif field.name == "roles":
            parts.append(repr(sorted(value.items())))
        else:
            parts.append((field.name, value))
    key = _HashedOnce(parts)
    try:
        key.hash = tuple.__hash__(key)
    except TypeError:
        return None
    return key


class _HashedOnce(tuple):
    """A dataset key that hashes its cells once.

    A tuple hashes every cell again on each lookup, and a call looks its key up several times
    (the contents, then the results): about 0.1 ms each on the shipped data, hit or not.
    """

    hash: int

    def __hash__(self) -> int:
        return self.hash


def _frame_key(frame: pd.DataFrame, seen: dict[int, tuple]) -> tuple:
    if id(frame) not in seen:
        # The cells as Python objects, column by column, in one conversion (a Series per column
        # cost twice the time: a key is made on every call, hit or not).
        columns = frame.to_numpy(dtype=object).T.tolist() if frame.shape[1] else []
        seen[id(frame)] = (
            tuple(frame.columns),
            tuple(str(dtype) for dtype in frame.dtypes),
            tuple(frame.index),
            tuple(
                tuple(_cells(dtype, cells))
                for dtype, cells in zip(frame.dtypes, columns, strict=True)
            ),
        )
    return seen[id(frame)]


def _cells(dtype: Any, values: list) -> list:
    # Each rule's common case (no NaN; all text or no text) is read with C loops, cell for cell
    # the same list as the comprehension: a key is made on every call, hit or not.
    if dtype.kind == "f":
        if not any(map(math.isnan, values)):
            return values
        # NaN is not equal to itself: a float column's NaN is keyed as None (no float is None).
        return [None if math.isnan(v) else v for v in values]
    if pd.api.types.is_object_dtype(dtype):
        types = set(map(type, values))
        if str not in types:
            return list(zip(map(type, values), values, strict=True))
        if len(types) == 1:
            return values
        # True == 1 == 1.0: a cell that is not text is keyed with its type.
        return [v if type(v) is str else (type(v), v) for v in values]
    return values


def remembered(function: _Function) -> _Function:
    """``function(dataset, territory_id, as_of)`` computed once per key, a deep copy per caller."""
    made: OrderedDict[tuple, Any] = OrderedDict()
    contents: OrderedDict[tuple, tuple] = OrderedDict()
    lock = threading.Lock()

    @functools.wraps(function)
    def wrapper(dataset, territory_id, as_of):
        pinned = _PINNED.get()
        content = pinned[1] if pinned is not None and pinned[0] is dataset else dataset_key(dataset)
        if content is None:
            return function(dataset, territory_id, as_of)
        with lock:
            # One key object per content, however many territories and days share it.
            content = contents.setdefault(content, content)
            contents.move_to_end(content)
            while len(contents) > _CONTENTS_KEPT:
                contents.popitem(last=False)
            key = (content, territory_id, as_of)
            if key in made:
                made.move_to_end(key)
                return copy.deepcopy(made[key])
        result = function(dataset, territory_id, as_of)
        with lock:
            made[key] = copy.deepcopy(result)
            while len(made) > _KEPT:
                made.popitem(last=False)
        return result

    wrapper.cache_clear = made.clear  # type: ignore[attr-defined]
    wrapper.cache_keys = lambda: list(made)  # type: ignore[attr-defined]
    return cast(_Function, wrapper)
