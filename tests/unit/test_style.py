"""House style is enforced, not hoped for: ruff (lint, docstrings, format), import layers, types."""

from __future__ import annotations

import pytest
from mypyrun import run_mypy
from reportcheck import run


def test_ruff_lint_passes():
    result = run("ruff", "check", "src", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout


def test_ruff_format_is_applied():
    result = run("ruff", "format", "--check", "src", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout


def test_imports_run_one_way_through_the_layers():
    result = run("lint-imports")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 1 kept, 0 broken" in result.stdout


@pytest.mark.integration  # a cold mypy run takes 14-40 s; make lint and the suite run it
def test_mypy_finds_no_type_errors_in_src(tmp_path_factory):
    # [tool.mypy] in pyproject.toml: the package, strict enough for Optionals. The session's
    # shared cache (tests/mypyrun.py) is warm for test_types.py after this, or this after it.
    result = run_mypy(tmp_path_factory)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found" in result.stdout
