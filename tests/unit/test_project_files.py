"""The project's own files agree with each other: dependencies, data docs, notebooks, CI."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]


def _requirement_names(requirements: list[str]) -> dict[str, str]:
    names = {}
    for requirement in requirements:
        match = re.match(r"^([A-Za-z0-9_.-]+)\s*(.*)$", requirement.strip())
        names[match.group(1).lower().replace("_", "-")] = match.group(2).replace(" ", "")
    return names


def test_environment_yml_lists_the_same_packages_as_pyproject():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    declared = _requirement_names(project["dependencies"] + extras["cluster"] + extras["test"])
    environment = yaml.safe_load((REPO / "environment.yml").read_text())
    conda = _requirement_names(
        [
            d
            for d in environment["dependencies"]
            if isinstance(d, str) and not d.startswith(("python", "pip"))
        ]
    )
    assert conda == declared
    python = [
        d for d in environment["dependencies"] if isinstance(d, str) and d.startswith("python")
    ]
    assert python == [f"python{project['requires-python']}"]


def test_data_readme_is_generated_from_the_descriptor():
    from breakaway.data.datadoc import data_readme

    assert (REPO / "data" / "README.md").read_text() == data_readme(REPO / "data"), (
        "data/README.md is stale: run python -m breakaway.data.datadoc > data/README.md"
    )


def test_notebooks_are_committed_without_outputs():
    for notebook in (REPO / "notebooks").glob("*.ipynb"):
        cells = json.loads(notebook.read_text())["cells"]
        for cell in cells:
            assert not cell.get("outputs"), f"{notebook.name} has outputs: strip them"
            assert cell.get("execution_count") is None, f"{notebook.name} has execution counts"


def test_notebooks_have_a_tagged_parameters_cell_with_documented_defaults():
    for notebook, names in [
        ("briefing.ipynb", ["territory", "as_of"]),
        ("comparison.ipynb", ["as_of"]),
    ]:
        cells = json.loads((REPO / "notebooks" / notebook).read_text())["cells"]
        parameters = [c for c in cells if "parameters" in c.get("metadata", {}).get("tags", [])]
        assert len(parameters) == 1
        source = "".join(parameters[0]["source"])
        for name in names:
            assert re.search(rf"^{name}: str = .+  # .+$", source, re.M), name


def test_notebooks_are_thin():
    for notebook in (REPO / "notebooks").glob("*.ipynb"):
        cells = json.loads(notebook.read_text())["cells"]
        for cell in cells:
            if cell["cell_type"] != "code":
                continue
            lines = [line for line in "".join(cell["source"]).splitlines() if line.strip()]
            if "parameters" in cell.get("metadata", {}).get("tags", []):
                # One documented assignment per parameter, nothing else.
                assert all(re.match(r"^\w+: \w+ = .+  # .+", line) for line in lines), lines
                continue
            assert len(lines) <= 3, f"{notebook.name}: move logic into the package: {lines}"


def test_ci_runs_make_test():
    assert "make test" in (REPO / ".ci" / "run").read_text()
