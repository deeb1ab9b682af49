"""The mypy settings in pyproject.toml catch the kinds of error issue 21 found by hand."""

from __future__ import annotations

import textwrap

import pytest
from mypyrun import run_mypy
from reportcheck import REPO

PLANTED = {
    "optional_into_str": """
        def pick(found: dict[str, str]) -> str:
            shown = ""
            shown = found.get("kind")
            return shown
        """,
    "get_on_object": """
        def kind(descriptor: object) -> object:
            return descriptor.get("kind")
        """,
    "private_axis_api": """
        from matplotlib.axes import Axes

        def ticks(ax: Axes) -> object:
            return ax.xaxis._update_ticks()
        """,
    "private_title": """
        from matplotlib.axes import Axes

        def left(ax: Axes) -> object:
            return ax._left_title
        """,
    "base_canvas_renderer": """
        from matplotlib.figure import Figure

        def renderer(fig: Figure) -> object:
            return fig.canvas.get_renderer()
        """,
    "untyped_body_checked": """
        def untyped(value):
            number: int = "not a number"
            return number
        """,
}

# mypy on a module that imports matplotlib takes 5-35 s cold, under a second with the session's
# shared cache (tests/mypyrun.py): the whole suite runs these.
pytestmark = pytest.mark.integration


@pytest.mark.parametrize("name", sorted(PLANTED))
def test_mypy_settings_catch_the_planted_error(tmp_path, tmp_path_factory, name):
    module = tmp_path / f"{name}.py"
    module.write_text(textwrap.dedent(PLANTED[name]), encoding="utf-8")
    result = run_mypy(tmp_path_factory, str(module))
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{module.name}:" in result.stdout and "error:" in result.stdout, result.stdout


def test_mypy_settings_pass_a_clean_module(tmp_path, tmp_path_factory):
    module = tmp_path / "clean.py"
    module.write_text(
        textwrap.dedent(
            """
            def pick(found: dict[str, str]) -> str:
                shown = found.get("kind")
                if shown is None:
                    raise ValueError("no kind")
                return shown
            """
        ),
        encoding="utf-8",
    )
    result = run_mypy(tmp_path_factory, str(module))
    assert result.returncode == 0, result.stdout + result.stderr


def test_declared_package_files_exist():
    import tomllib

    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    declared = config["tool"]["setuptools"]["package-data"]["breakaway"]
    package = REPO / "src" / "breakaway"
    missing = [name for name in declared if not list(package.glob(name))]
    assert missing == [], f"pyproject.toml declares package data that does not exist: {missing}"
    assert (package / "py.typed").is_file(), "the package says it is typed (PEP 561)"


# A facts key misspelled, missing or read without its None case: mypy must say which.
PLANTED_FACTS = {
    "misspelled_key": (
        """
        from breakaway.knowledge.facts_types import BriefingFacts

        def census_year(facts: BriefingFacts) -> object:
            return facts["latest_censu"]
        """,
        'has no key "latest_censu"',
    ),
    "misspelled_source": (
        """
        from breakaway.knowledge.facts_types import BriefingFacts

        def cited(facts: BriefingFacts) -> list[str]:
            return facts["sources"]["un_recognisers"]
        """,
        'has no key "un_recognisers"',
    ),
    "missing_key": (
        """
        from breakaway.knowledge.facts_types import Count

        def count() -> Count:
            return {"year": 2015}
        """,
        'Missing key "population"',
    ),
    "census_may_be_none": (
        """
        from breakaway.knowledge.facts_types import BriefingFacts

        def census_year(facts: BriefingFacts) -> int:
            return facts["latest_census"]["year"]
        """,
        "not indexable",
    ),
    "comparison_is_not_a_briefing": (
        """
        from breakaway.knowledge.facts_types import ComparisonFacts

        def name(facts: ComparisonFacts) -> str:
            return facts["name"]
        """,
        'has no key "name"',
    ),
}


def _mypy(tmp_path, tmp_path_factory, name, source):
    module = tmp_path / f"{name}.py"
    module.write_text(textwrap.dedent(source), encoding="utf-8")
    return module, run_mypy(tmp_path_factory, str(module))


@pytest.mark.parametrize("name", sorted(PLANTED_FACTS))
def test_mypy_catches_a_wrong_facts_key(tmp_path, tmp_path_factory, name):
    source, message = PLANTED_FACTS[name]
    module, result = _mypy(tmp_path, tmp_path_factory, name, source)
    assert result.returncode == 1, result.stdout + result.stderr
    errors = [line for line in result.stdout.splitlines() if " error: " in line]
    assert errors and all(line.startswith(str(module)) for line in errors), result.stdout
    assert message in result.stdout, result.stdout


def test_mypy_passes_facts_read_by_their_keys(tmp_path, tmp_path_factory):
    _, result = _mypy(
        tmp_path,
        tmp_path_factory,
        "facts_clean",
        """
        from breakaway.knowledge.facts_types import BriefingFacts

        def census_year(facts: BriefingFacts) -> int | None:
            census = facts["latest_census"]
            cited = facts["sources"]["latest_census"]
            return census["year"] if census and cited else None
        """,
    )
    assert result.returncode == 0, result.stdout + result.stderr
