"""Load the validated data folder into tidy pandas frames, and view them as of a day.

Every load validates first (``validation.py``); a frame never holds a row that broke the contract.
Dates stay as their ISO text (they may be partial); ``dates.py`` interprets them. Each frame gets
the as-of rule's two columns once, here (``known_from``, ``end_known_from``; see ``asof.py``), and
``Dataset.as_of(day)`` is the view an analyst (and every report) reads: each table holding only
what was known on that day, with the sources its rows cite in ``attrs["sources"]``.
"""

from __future__ import annotations

import hashlib
import os
import stat
import threading
from collections import OrderedDict
from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from pathlib import Path

import pandas as pd

from breakaway import paths
from breakaway.data.asof import KNOWN_FROM
from breakaway.data.details import add_detail_known_from, reveal_details
from breakaway.data.fingerprint import VALIDATED_ENV, data_hashes, short_fingerprint
from breakaway.data.focus import rows_of_territories
from breakaway.data.registry import Roles, roles_from_descriptor
from breakaway.data.schema import read_descriptor, split_ids
from breakaway.data.sourcing import (
    add_known_from,
    blank_unknown_ends,
    known_rows,
    sources_known_from,
)
from breakaway.data.validate import RawTable, read_checked_tables, validate_data_dir

_CONVERTERS = {
    "integer": lambda series: series.astype("int64"),
    "number": lambda series: pd.to_numeric(series.replace("", None)).astype("float64"),
    "boolean": lambda series: series.eq("true"),
}


@dataclass(frozen=True)
class Dataset:
    """The curated tables of one data folder, validated."""

    data_dir: Path
    version: str
    fingerprint: str
    territories: pd.DataFrame
    recognitions: pd.DataFrame
    population: pd.DataFrame
    events: pd.DataFrame
    sources: pd.DataFrame
    indicators: pd.DataFrame | None = None
    claims: pd.DataFrame | None = None
    statements: pd.DataFrame | None = None
    status: pd.DataFrame | None = None
    # True when the render that started this process validated these very bytes (boundaries too).
    validated_by_run: bool = False
    # Every table the descriptor declares (the ones above and any other), and their roles.
    tables: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)
    roles: dict[str, Roles] = field(default_factory=dict, repr=False)

    def __getattr__(self, name: str) -> pd.DataFrame:
        # A table without an attribute of its own (``status``, a new table) by its name.
        tables = self.__dict__.get("tables") or {}
        if name in tables:
            return tables[name]
        raise AttributeError(f"{type(self).__name__!r} has no table or attribute {name!r}")

    def as_of(self, day: str | date, territory: str | None = None) -> AsOfView:
        """Every table as known on ``day`` (``YYYY-MM-DD``, a date or ``today``).

        ``territory`` keeps only that territory's rows (and the sources they cite).
        """
        from breakaway.data.params import resolve_as_of

        return AsOfView(self, resolve_as_of(day), territory)

    def territory(self, territory_id: str) -> pd.Series:
        """The territories row of one territory."""
        return self.territories.set_index("territory_id").loc[territory_id]

    @property
    def territory_ids(self) -> list[str]:
        """Territory ids in the order of territories.csv."""
        return list(self.territories["territory_id"])


def load_dataset(
    data_dir: Path | str | None = None,
    focus: Callable[[pd.DataFrame], Collection[str]] | None = None,
) -> Dataset:
    """Validate and load a data folder (the project's ``data/`` by default).

    A folder this process has loaded before, unchanged (every file's bytes, every ``BREAKAWAY_``
    variable), is not validated again: the caller gets a copy of that load's frames.

    Args:
        data_dir: The data folder.
        focus: Given the territories frame (every territory), the territory ids whose rows the
            other tables keep; None keeps every row. A briefing passes its territory and peers,
            so that its cost does not grow with the number of territories in the data.
    """
    data_dir = Path(data_dir) if data_dir else paths.data_dir()
    key = _folder_key(data_dir) if focus is None else None
    if key is not None:
        with _LOADED_LOCK:
            if key in _LOADED:
                _LOADED.move_to_end(key)
                return _copied(_LOADED[key], data_dir)
    dataset = _load(data_dir, focus)
    if key is not None and _folder_key(data_dir) == key:  # nothing changed while it loaded
        with _LOADED_LOCK:
            _LOADED[key] = _copied(dataset, data_dir)
            while len(_LOADED) > _LOADED_KEPT:
                _LOADED.popitem(last=False)
    return dataset


# The datasets this process has loaded (a notebook run again, a test session), by everything a load
# reads: the name and the bytes of every file under the folder, and every BREAKAWAY_ variable
# (limits, the run's validated fingerprint). A file edited, added or removed, or another limit, is a
# new load, validated afresh; a folder holding anything but regular files and folders is never
# kept. Two folders of the same files share an entry (a load names its folder only in errors, and
# errors are never kept). Each caller gets its own copy of the frames, with its own folder.
_LOADED: OrderedDict[tuple, Dataset] = OrderedDict()
_LOADED_KEPT = 8
_LOADED_LOCK = threading.Lock()
# A folder with more than this under it is loaded afresh every time rather than hashed whole.
_KEY_MAX_BYTES = 64 * 1024 * 1024
_KEY_MAX_FILES = 1000


def _folder_key(data_dir: Path) -> tuple | None:
    """What a load of ``data_dir`` reads, as a key; None when it cannot be kept."""
    files: list[tuple[str, str]] = []
    total = 0
    try:
        root = data_dir.resolve(strict=True)
        for folder, names, file_names in os.walk(root):
            names.sort()
            for name in sorted(file_names):
                path = Path(folder, name)
                status = os.lstat(path)
                if not stat.S_ISREG(status.st_mode):
                    return None  # a link, a pipe, a device: validation decides, every time
                total += status.st_size
                if total > _KEY_MAX_BYTES or len(files) >= _KEY_MAX_FILES:
                    return None  # an archive or a backup beside the tables: not worth hashing
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                files.append((path.relative_to(root).as_posix(), digest))
            for name in names:
                if os.path.islink(Path(folder, name)):
                    return None
    except OSError:
        return None
    environment = sorted((k, v) for k, v in os.environ.items() if k.startswith("BREAKAWAY_"))
    return (tuple(files), tuple(environment))


def _copied(dataset: Dataset, data_dir: Path) -> Dataset:
    """``dataset`` as loaded from ``data_dir``, with frames of its own to change."""
    tables = {name: frame.copy() for name, frame in dataset.tables.items()}
    own = {name: tables[name] for name in _OWN_ATTRIBUTES if name in tables}
    return replace(dataset, **own, data_dir=data_dir, tables=tables, roles=dict(dataset.roles))


def _load(data_dir: Path, focus: Callable[[pd.DataFrame], Collection[str]] | None) -> Dataset:
    """Validate and load a data folder: ``load_dataset`` without the process's cache."""
    fingerprint = short_fingerprint(data_hashes(data_dir))
    validated_by_run = os.environ.get(VALIDATED_ENV) == fingerprint
    if validated_by_run:
        raw_tables = read_checked_tables(data_dir)  # this run validated these very bytes
    else:
        raw_tables = validate_data_dir(data_dir)
    territories = _to_frame(raw_tables["territories"])
    if focus is not None:
        raw_tables = rows_of_territories(raw_tables, focus(territories))
    frames = {
        name: territories if name == "territories" else _to_frame(raw)
        for name, raw in raw_tables.items()
    }
    descriptor = read_descriptor(data_dir)
    roles = roles_from_descriptor(descriptor)
    frames["sources"] = add_known_from(frames["sources"], roles["sources"], {})
    days = sources_known_from(frames["sources"])
    frames = {
        name: add_detail_known_from(add_known_from(frame, roles[name], days), days)
        for name, frame in frames.items()
    }
    own = {name: frames[name] for name in _OWN_ATTRIBUTES if name in frames}
    return Dataset(
        data_dir=data_dir,
        version=str(descriptor.get("version", "unversioned")),
        fingerprint=fingerprint,
        **own,
        validated_by_run=validated_by_run,
        tables=frames,
        roles=roles,
    )


# The tables with an attribute of their own on ``Dataset``; others are reached by name.
_OWN_ATTRIBUTES = (
    "territories",
    "recognitions",
    "population",
    "events",
    "sources",
    "indicators",
    "claims",
    "statements",
    "status",
)


class SourcesFrame(pd.DataFrame):
    """The sources a frame's rows cite, kept in its ``attrs["sources"]``.

    pandas deep-copies ``attrs`` on every operation and compares them when it concatenates; this
    frame is shared rather than copied, and two of them compare as wholes, so that filtering,
    sorting, ``concat`` and ``merge`` of view frames work (a mix of views drops the attribute).
    Operations on it return plain frames.
    """

    _metadata: list[str] = []

    @property
    def _constructor(self):
        return pd.DataFrame

    def __deepcopy__(self, memo) -> SourcesFrame:
        return self

    def __eq__(self, other):
        if isinstance(other, SourcesFrame):
            return self is other or self.equals(other)
        return super().__eq__(other)

    __hash__ = None  # type: ignore[assignment]


class AsOfView:
    """What was known on one day: each table of a ``Dataset`` filtered by the as-of rule.

    ``view.recognitions``, ``view.events``, ``view.status`` ...: a frame per table the descriptor
    declares, holding the rows known on ``day`` (an end not yet known is blank), with the sources
    its rows cite, published by then, in ``attrs["sources"]``. ``view.sources`` holds the sources
    published by then. Frames are computed on first use and shared: copy one before changing it.
    """

    def __init__(self, dataset: Dataset, day: date, territory: str | None = None):
        self.dataset = dataset
        self.day = day
        self.territory = territory
        self._frames: dict[str, pd.DataFrame] = {}

    @property
    def table_names(self) -> list[str]:
        """The tables of the view, in descriptor order."""
        return list(self.dataset.tables)

    def table(self, name: str) -> pd.DataFrame:
        """The rows of table ``name`` known on the view's day."""
        if name not in self._frames:
            self._frames[name] = self._known(name)
        return self._frames[name]

    def counts(self) -> pd.Series:
        """How many rows of each table were known on the day (tables in descriptor order)."""
        return pd.Series({name: len(self.table(name)) for name in self.table_names}, name=self.day)

    def sources_of(self, *names: str) -> pd.DataFrame:
        """The sources cited by the rows of some tables (all when none is named), by id."""
        frames = [self.table(name).attrs["sources"] for name in names or self.table_names]
        cited = pd.concat([pd.DataFrame(f) for f in frames], ignore_index=True)
        return cited.drop_duplicates("source_id").sort_values("source_id", ignore_index=True)

    def __getattr__(self, name: str) -> pd.DataFrame:
        if name.startswith("_") or name not in self.dataset.__dict__.get("tables", {}):
            raise AttributeError(f"no table {name!r}; the tables are {', '.join(self.table_names)}")
        return self.table(name)

    def __dir__(self) -> list[str]:
        return [*super().__dir__(), *self.table_names]

    def __repr__(self) -> str:
        which = f", territory={self.territory!r}" if self.territory else ""
        return f"<AsOfView {self.day.isoformat()}{which}: {', '.join(self.table_names)}>"

    def _known(self, name: str) -> pd.DataFrame:
        frame = self.dataset.tables[name]
        if self.territory is not None and "territory_id" in frame.columns:
            frame = frame[frame["territory_id"] == self.territory]
        roles = self.dataset.roles.get(name, Roles(name))
        rows = blank_unknown_ends(known_rows(frame, name, self.day), roles, self.day)
        rows = reveal_details(rows, name, self.day).reset_index(drop=True)
        if name == "sources":
            cited = rows
        else:
            ids = {s for cell in rows.get("source_ids", []) for s in split_ids(cell)}
            cited = self._published[self._published["source_id"].isin(ids)]
        rows.attrs["sources"] = SourcesFrame(cited.reset_index(drop=True))
        return rows

    @cached_property
    def _published(self) -> pd.DataFrame:
        # Once per view, like its tables: every table's citations are picked from these rows.
        sources = self.dataset.tables["sources"]
        return sources[(sources[KNOWN_FROM] <= self.day).astype(bool)]


def _to_frame(raw: RawTable) -> pd.DataFrame:
    # Column by column, stripped in Python: a pandas string operation per column costs more than
    # the column (most tables are a few hundred rows).
    columns = {}
    for column in raw.header:
        series = pd.Series([row[column].strip() for row in raw.rows], dtype="str", name=column)
        declared = raw.table.field(column)
        if declared is not None and declared.type in _CONVERTERS:
            series = _CONVERTERS[declared.type](series)
        columns[column] = series
    # The columns were made here for this frame alone: no need for pandas to copy them again.
    frame = pd.DataFrame(columns, columns=raw.header, copy=False)
    frame["line"] = raw.lines
    return frame
