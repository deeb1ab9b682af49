"""The analyst's notebook (issue 21, item 3) runs under plain papermill and shows real frames."""

from __future__ import annotations

import json

import nbformat
import pytest
from reportcheck import run


@pytest.mark.integration
def test_explore_notebook_runs_under_plain_papermill(tmp_path):
    out = tmp_path / "explore.ipynb"
    result = run(
        "papermill",
        "notebooks/explore.ipynb",
        str(out),
        "-p",
        "territory",
        "south-ossetia",
        "-p",
        "as_of",
        "2010-01-01",
        "--no-progress-bar",
    )
    assert result.returncode == 0, result.stderr
    cells = [c for c in nbformat.read(out, as_version=4).cells if c.cell_type == "code"]

    def shown(fragment: str) -> str:
        (cell,) = [c for c in cells if fragment in c.source]
        return " ".join(
            json.dumps(o.get("data", {})) for o in cell.outputs if o.output_type != "stream"
        )

    recognitions = shown('known.recognitions[["recognizer"')
    assert all(name in recognitions for name in ("Russia", "Nicaragua", "Venezuela", "Nauru"))
    assert "Tuvalu" not in recognitions and "Syria" not in recognitions
    assert "image/png" in shown("value_counts().plot")  # a pandas plot
    assert "image/png" in shown("recognition_chart()")  # a briefing chart's .figure
    assert "civil-ge-2009-nauru-recognition" in shown("known.sources_of(")


def test_explore_notebook_is_committed_without_outputs():
    notebook = nbformat.read("notebooks/explore.ipynb", as_version=4)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert code and all(not c.outputs and c.execution_count is None for c in code)
    (parameters,) = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert "as_of:" in parameters.source and "territory:" in parameters.source
    # Thin: short cells of one-line calls; the logic lives in the package.
    assert all(len(c.source.splitlines()) <= 6 for c in code)


def test_the_readme_shows_analysts_three_lines_that_load_a_view_and_plot():
    import re
    from pathlib import Path

    import matplotlib

    matplotlib.use("Agg")
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## For analysts", 1)[1].split("\n## ", 1)[0]
    (code,) = re.findall(r"```python\n(.*?)```", section, re.S)
    assert len(code.strip().splitlines()) == 3
    scope: dict = {}
    exec(code, scope)  # noqa: S102 - the README's own example
    known = scope["known"]
    assert set(known.events["territory_id"]) == {"south-ossetia"}
    assert "notebooks/explore.ipynb" in section and "make explore" in section
