"""The same inputs give the same bytes: HTML, facts.json, figures and (with SOURCE_DATE_EPOCH) PDF."""

from __future__ import annotations

import os

import pytest
from reportcheck import run_cli

pytestmark = pytest.mark.integration

REPORT_FILES = [
    "south-ossetia/2021-03-01/briefing.html",
    "south-ossetia/2021-03-01/briefing.pdf",
    "south-ossetia/2021-03-01/facts.json",
]


def _render(root, name):
    env = {
        **os.environ,
        "SOURCE_DATE_EPOCH": "1700000000",
        "BREAKAWAY_FIGURES_DIR": str(root / f"figures-{name}"),
    }
    result = run_cli(
        "render",
        "south-ossetia",
        "--as-of",
        "2021-03-01",
        "--out",
        str(root / f"reports-{name}"),
        env=env,
    )
    assert result.returncode == 0, result.stderr
    # Charts are published with their report, under --out.
    return root / f"reports-{name}", root / f"reports-{name}" / "figures"


def test_two_renders_are_byte_identical(tmp_path):
    first_reports, first_figures = _render(tmp_path, "a")
    second_reports, second_figures = _render(tmp_path, "b")
    for name in REPORT_FILES:
        assert (first_reports / name).read_bytes() == (second_reports / name).read_bytes(), name
    figures = sorted(p.relative_to(first_figures) for p in first_figures.rglob("*.*"))
    assert len(figures) >= 18, figures  # six or more charts, each as SVG, PNG and its data
    assert {p.suffix for p in figures} == {".svg", ".png", ".csv"}
    for figure in figures:
        assert (first_figures / figure).read_bytes() == (second_figures / figure).read_bytes()
    # Figures live with their report's date; latest moves only with a new edition of today.
    assert not os.path.lexists(first_figures / "south-ossetia" / "latest")
    svg = (first_figures / "south-ossetia" / "2021-03-01" / "population.svg").read_text()
    assert "<dc:date>" not in svg and "Matplotlib v" not in svg
