"""The notebooks run unchanged under the plain papermill and nbconvert command lines."""

from __future__ import annotations

import nbformat
import pytest
from reportcheck import html_text, run

pytestmark = pytest.mark.integration


def test_papermill_cli_runs_the_briefing_for_another_territory_and_date(tmp_path):
    out = tmp_path / "o.ipynb"
    result = run(
        "papermill",
        "notebooks/briefing.ipynb",
        str(out),
        "-p",
        "territory",
        "abkhazia",
        "-p",
        "as_of",
        "2012-01-01",
        "--no-progress-bar",
    )
    assert result.returncode == 0, result.stderr
    notebook = nbformat.read(out, as_version=4)
    text = " ".join(
        str(o.get("data", {}).get("text/markdown", ""))
        + str(o.get("data", {}).get("text/html", ""))
        for c in notebook.cells
        for o in c.get("outputs", [])
    )
    # Tuvalu recognised Abkhazia in September 2011; Syria only in 2018.
    assert "Tuvalu" in text and "six UN member states recognise Abkhazia" in text


def test_papermill_cli_runs_the_comparison(tmp_path):
    out = tmp_path / "c.ipynb"
    result = run(
        "papermill",
        "notebooks/comparison.ipynb",
        str(out),
        "-p",
        "as_of",
        "2016-06-30",
        "--no-progress-bar",
    )
    assert result.returncode == 0, result.stderr


def test_jupyter_nbconvert_executes_and_exports_the_briefing(tmp_path):
    result = run(
        "jupyter",
        "nbconvert",
        "--to",
        "html",
        "--execute",
        "--no-input",
        "--output-dir",
        str(tmp_path),
        "notebooks/briefing.ipynb",
    )
    assert result.returncode == 0, result.stderr
    _, text = html_text(tmp_path / "briefing.html")
    assert "South Ossetia" in text
