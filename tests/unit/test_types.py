"""The mypy settings in pyproject.toml catch the kinds of error issue 21 found by hand."""

from __future__ import annotations

import textwrap

import pytest
from reportcheck import REPO, run

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

# mypy on a module that imports matplotlib takes 5-35 s each: the whole suite runs these.
pytestmark = pytest.mark.integration


@pytest.mark.parametrize("name", sorted(PLANTED))
def test_mypy_settings_catch_the_planted_error(tmp_path, name):
    module = tmp_path / f"{name}.py"
    module.write_text(textwrap.dedent(PLANTED[name]), encoding="utf-8")
    result = run(
        "mypy",
        "--config-file",
        str(REPO / "pyproject.toml"),
        "--cache-dir",
        str(tmp_path / "cache"),
        str(module),
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{module.name}:" in result.stdout and "error:" in result.stdout, result.stdout


def test_mypy_settings_pass_a_clean_module(tmp_path):
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
    result = run(
        "mypy",
        "--config-file",
        str(REPO / "pyproject.toml"),
        "--cache-dir",
        str(tmp_path / "cache"),
        str(module),
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_declared_package_files_exist():
    import tomllib

    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    declared = config["tool"]["setuptools"]["package-data"]["breakaway"]
    package = REPO / "src" / "breakaway"
    missing = [name for name in declared if not list(package.glob(name))]
    assert missing == [], f"pyproject.toml declares package data that does not exist: {missing}"
    assert (package / "py.typed").is_file(), "the package says it is typed (PEP 561)"
