"""A test data folder whose source ``src-b`` has a planted URL, and the refusal it must get.

Shared by the source-policy tests of each round: a banned host is refused on load and by
``breakaway validate`` with one line naming the file, line and column.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import TABLES, write_data_dir
from reportcheck import invoke

from breakaway.data.load import load_dataset
from breakaway.errors import DataError

# The fixture's sources.csv holds src-b on line 3; its URL is swapped for a planted one.
PLANTED_LINE = 3


def folder_with_url(tmp_path: Path, url: str) -> Path:
    """A data folder like the fixture's, with ``url`` as src-b's URL."""
    tables = dict(TABLES)
    assert "https://example.org/b" in tables["sources.csv"]
    tables["sources.csv"] = tables["sources.csv"].replace("https://example.org/b", url)
    return write_data_dir(tmp_path / "data", tables)


def assert_load_refuses(folder: Path, reason: str) -> None:
    """Loading ``folder`` fails with one problem: src-b's URL, for ``reason`` (``what (host)``)."""
    with pytest.raises(DataError) as caught:
        load_dataset(folder)
    (problem,) = caught.value.problems
    assert (
        f"sources.csv, line {PLANTED_LINE}, column 'url': {reason}; "
        "expected the original publisher's page"
    ) in problem


def assert_validate_refuses(folder: Path, reason: str) -> None:
    """``breakaway validate`` exits 2 with one line naming src-b's URL cell and ``reason``."""
    result = invoke("validate", "--data", str(folder))
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert f"sources.csv, line {PLANTED_LINE}, column 'url'" in lines[0]
    assert reason in lines[0]
    assert "Traceback" not in result.stderr
