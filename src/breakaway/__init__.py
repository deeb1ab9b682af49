"""breakaway: data-driven briefings on the post-Soviet breakaway regions.

The public surface is small: ``load_dataset`` for the validated tables, ``Briefing`` and
``Comparison`` for the notebooks, and the ``breakaway`` command (``breakaway.cli``). Every error
raised on purpose derives from ``BreakawayError``.
"""

from __future__ import annotations

from .errors import BreakawayError, DataError, InputError, ParameterError, RenderError

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


def load_dataset(data_dir=None):
    """Validate and load a data folder (see ``breakaway.data.load_dataset``)."""
    from .data import load_dataset as _load

    return _load(data_dir)
