"""Bad parameters get exit 2 and one clear line, from the CLI and from the notebooks."""

from __future__ import annotations

from datetime import date

import pytest
from reportcheck import invoke

from breakaway.data.params import check_territory, resolve_as_of
from breakaway.errors import ParameterError


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["south-osetia"], "unknown territory 'south-osetia'; did you mean 'south-ossetia'?"),
        (["atlantis"], "unknown territory 'atlantis'"),
        (["--as-of", "2022-02-30"], "February 2022 has no day 30"),
        (["--as-of", "2022-13-01"], "month 13 does not exist"),
        (["--as-of", "13/05/2022"], "expected YYYY-MM-DD or 'today'"),
        (["--as-of", "2022-05"], "not a full date"),
        (["--as-of", "1800-01-01"], "before the data begins"),
        (["--as-of", "2999-01-01"], "is in the future"),
        (["--format", "docx"], "unknown format 'docx'; expected one of: html, pdf"),
        (["--jobs", "0"], "--jobs 0: expected a whole number of at least 1"),
        (["--data", "/nonexistent/data"], "--data /nonexistent/data: no such folder"),
    ],
)
def test_bad_render_parameters_exit_2_with_one_line(tmp_path, args, words):
    out = tmp_path / "reports"
    result = invoke("render", *args, "--out", str(out))
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert words in lines[0]
    assert "Traceback" not in result.stderr
    assert not out.exists(), "nothing may be written on bad input"


def test_an_output_folder_that_cannot_be_created_is_bad_input(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = invoke("render", "south-ossetia", "--out", str(blocker / "reports"))
    assert result.returncode == 2
    assert "cannot write there" in result.stderr


def test_as_of_resolution():
    assert resolve_as_of("today", today=date(2026, 11, 27)) == date(2026, 11, 27)
    assert resolve_as_of(" 2022-05-13 ", today=date(2026, 11, 27)) == date(2022, 5, 13)
    with pytest.raises(ParameterError, match="in the future"):
        resolve_as_of("2026-11-28", today=date(2026, 11, 27))


def test_territory_suggestions():
    with pytest.raises(ParameterError, match="did you mean 'abkhazia'"):
        check_territory("abkhasia", ["abkhazia", "south-ossetia"])
    assert check_territory("abkhazia", ["abkhazia"]) == "abkhazia"


@pytest.mark.integration
def test_the_notebook_stops_with_the_same_message_under_plain_papermill(tmp_path):
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from breakaway import paths

    with pytest.raises(PapermillExecutionError) as caught:
        papermill.execute_notebook(
            str(paths.notebooks_dir() / "briefing.ipynb"),
            str(tmp_path / "out.ipynb"),
            parameters={"territory": "south-osetia", "as_of": "2022-05-13"},
            progress_bar=False,
            cwd=str(paths.notebooks_dir()),
        )
    assert caught.value.ename == "ParameterError"
    assert "unknown territory 'south-osetia'; did you mean 'south-ossetia'?" in caught.value.evalue
    # The parameters check is the first code cell after the parameters.
    assert caught.value.exec_count == 3
