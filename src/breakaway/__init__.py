"""breakaway: data-driven briefings on the post-Soviet breakaway regions.

The public surface is small: ``load_dataset`` for the validated tables (and their as-of view,
``load_dataset().as_of("2010-01-01")``), ``Briefing`` and ``Comparison`` for the notebooks, and
the ``breakaway`` command (``breakaway.cli``). Every error raised on purpose derives from
``BreakawayError``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .errors import BreakawayError, DataError, InputError, ParameterError, RenderError

if TYPE_CHECKING:
    from .data.load import Dataset

__all__ = [
    "BreakawayError",
    "DataError",
    "InputError",
    "ParameterError",
    "RenderError",
    "__version__",
    "load_dataset",
]
__version__ = "0.1.0"


def load_dataset(data_dir: Path | str | None = None) -> Dataset:
    """Validate and load a data folder (the project's ``data/`` by default).

    ``load_dataset().as_of("2010-01-01")`` is every table as known on that day: see
    ``breakaway.data.load.AsOfView``.
    """
    from .data.load import load_dataset as _load  # pandas only when asked for

    return _load(data_dir)
