"""Load the validated data folder into tidy pandas frames.

Every load validates first (``validation.py``); a frame never holds a row that broke the contract.
Dates stay as their ISO text (they may be partial); ``dates.py`` interprets them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from breakaway import paths
from breakaway.data.fingerprint import VALIDATED_ENV, data_hashes, short_fingerprint
from breakaway.data.focus import rows_of_territories
from breakaway.data.schema import read_descriptor
from breakaway.data.sourcing import add_sourcing, source_days
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

    Args:
        data_dir: The data folder.
        focus: Given the territories frame (every territory), the territory ids whose rows the
            other tables keep; None keeps every row. A briefing passes its territory and peers,
            so that its cost does not grow with the number of territories in the data.
    """
    data_dir = Path(data_dir) if data_dir else paths.data_dir()
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
    days = source_days(frames["sources"])
    frames = {name: add_sourcing(name, frame, days) for name, frame in frames.items()}
    return Dataset(
        data_dir=data_dir,
        version=str(read_descriptor(data_dir).get("version", "unversioned")),
        fingerprint=fingerprint,
        **frames,
        validated_by_run=validated_by_run,
    )


def _to_frame(raw: RawTable) -> pd.DataFrame:
    frame = pd.DataFrame(raw.rows, columns=raw.header, dtype=object).fillna("")
    for column in frame.columns:
        frame[column] = frame[column].astype(str).str.strip()
        declared = raw.table.field(column)
        if declared is not None and declared.type in _CONVERTERS:
            frame[column] = _CONVERTERS[declared.type](frame[column])
    frame["line"] = raw.lines
    return frame
