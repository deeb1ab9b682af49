"""The same inputs give the same bytes: HTML, facts.json, figures and (with SOURCE_DATE_EPOCH) PDF."""

from __future__ import annotations

import os

import pytest
from rendered import ENV, rendered_set
from reportcheck import run_cli

pytestmark = pytest.mark.integration

TERRITORY, AS_OF = "south-ossetia", "2022-05-13"
REPORT_FILES = [
    f"{TERRITORY}/{AS_OF}/briefing.html",
    f"{TERRITORY}/{AS_OF}/briefing.pdf",
    f"{TERRITORY}/{AS_OF}/facts.json",
]


def _render(root, name):
    env = {
        **os.environ,
        **ENV[AS_OF],  # SOURCE_DATE_EPOCH, as the shared set was rendered with
        "BREAKAWAY_FIGURES_DIR": str(root / f"figures-{name}"),
    }
    result = run_cli("render", TERRITORY, "--as-of", AS_OF, "--out", str(root / name), env=env)
    assert result.returncode == 0, result.stderr
    # Charts are published with their report, under --out.
    return root / name, root / name / "figures"


def test_two_renders_are_byte_identical(tmp_path, tmp_path_factory):
    # The first render is the session's shared one (tests/rendered.py), made beside a comparison
    # render in another process; the second is made here, alone.
    first_reports = rendered_set(tmp_path_factory, AS_OF)
    first_figures = first_reports / "figures"
    second_reports, second_figures = _render(tmp_path, "b")
    for name in REPORT_FILES:
        assert (first_reports / name).read_bytes() == (second_reports / name).read_bytes(), name
    mine = first_figures / TERRITORY
    figures = sorted(p.relative_to(first_figures) for p in mine.rglob("*.*"))
    assert len(figures) >= 18, figures  # six or more charts, each as SVG, PNG and its data
    assert {p.suffix for p in figures} == {".svg", ".png", ".csv"}
    for figure in figures:
        assert (first_figures / figure).read_bytes() == (second_figures / figure).read_bytes()
    assert (
        sorted(p.relative_to(second_figures) for p in (second_figures / TERRITORY).rglob("*.*"))
        == figures
    ), "the second render made other charts"
    # Figures live with their report's date; latest moves only with a new edition of today.
    assert not os.path.lexists(mine / "latest")
    svg = (mine / AS_OF / "population.svg").read_text()
    assert "<dc:date>" not in svg and "Matplotlib v" not in svg
