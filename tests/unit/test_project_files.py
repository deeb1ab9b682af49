"""The project's own files agree with each other: dependencies, data docs, notebooks, CI."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]


def _locked_versions() -> dict[str, str]:
    """``name -> version`` of every package in requirements.lock, each checked to carry hashes."""
    text = (REPO / "requirements.lock").read_text()
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.strip())
    locked = {}
    for entry in entries:
        if entry.startswith("#"):
            continue
        match = re.match(r"^([A-Za-z0-9_.-]+)==([^\s;\\]+)", entry)
        assert match, f"requirements.lock: not an exact pin: {entry.splitlines()[0]}"
        assert "--hash=sha256:" in entry, f"requirements.lock: {match.group(1)} has no hash"
        locked[match.group(1).lower().replace("_", "-")] = match.group(2)
    return locked


def test_the_lock_pins_every_declared_package_within_its_bounds():
    from packaging.requirements import Requirement

    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    locked = _locked_versions()
    for line in project["dependencies"] + extras["cluster"] + extras["test"]:
        requirement = Requirement(line)
        name = requirement.name.lower().replace("_", "-")
        assert name in locked, f"{name} is declared in pyproject.toml but not locked: make lock"
        assert requirement.specifier.contains(locked[name]), (
            f"{name}=={locked[name]} in requirements.lock breaks {line!r}: make lock"
        )


def test_setup_and_conda_install_exactly_the_lock():
    makefile = (REPO / "Makefile").read_text()
    assert "pip install --quiet --require-hashes -r requirements.lock" in makefile
    assert "$(STAMP): pyproject.toml requirements.lock" in makefile
    environment = yaml.safe_load((REPO / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in environment["dependencies"] if isinstance(d, dict))
    assert pip_section == ["--require-hashes", "-r requirements.lock"]
    conda = [d for d in environment["dependencies"] if isinstance(d, str)]
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.11" and "python=3.11" in conda
    # Only what pip cannot bring comes from conda: Python itself, pip, and WeasyPrint's Pango.
    assert set(conda) == {"python=3.11", "pip", "pango"}


def test_pre_commit_runs_the_locked_ruff():
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())
    revs = {repo["repo"].rsplit("/", 1)[-1]: repo["rev"] for repo in config["repos"]}
    assert revs["ruff-pre-commit"] == "v" + _locked_versions()["ruff"]
    assert revs["nbstripout"] == _locked_versions()["nbstripout"]


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
