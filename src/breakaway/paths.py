"""Where things live on disk.

A leaf module: it imports nothing from the package, so every other module can use it and tests
can point it elsewhere with environment variables. It must not read or write any file.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
# An editable install (the Makefile's) keeps the package at <repo>/src/breakaway.
REPO_DIR = PACKAGE_DIR.parent.parent
TEMPLATES_DIR = PACKAGE_DIR / "report" / "templates"


def _from_env(variable: str, default: Path) -> Path:
    value = os.environ.get(variable)
    return Path(value).expanduser().resolve() if value else default


def data_dir() -> Path:
    """The folder of curated CSV tables (``BREAKAWAY_DATA_DIR`` overrides it)."""
    return _from_env("BREAKAWAY_DATA_DIR", REPO_DIR / "data")


def notebooks_dir() -> Path:
    """The folder holding ``briefing.ipynb`` and ``comparison.ipynb``."""
    return _from_env("BREAKAWAY_NOTEBOOKS_DIR", REPO_DIR / "notebooks")


def reports_dir() -> Path:
    """The default output folder of ``breakaway render``."""
    return _from_env("BREAKAWAY_REPORTS_DIR", REPO_DIR / "reports")


def figures_dir() -> Path:
    """Where rendered charts are exported as SVG and PNG for reuse."""
    return _from_env("BREAKAWAY_FIGURES_DIR", REPO_DIR / "figures")


def geo_path(data: Path | None = None) -> Path:
    """The boundaries file for locator maps."""
    return (data or data_dir()) / "geo" / "breakaway_regions.geojson"


def context_path(data: Path | None = None) -> Path:
    """The map context file: Europe overview countries, capitals, patron-state regions."""
    return (data or data_dir()) / "geo" / "context.geojson"
