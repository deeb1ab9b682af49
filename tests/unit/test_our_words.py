"""Our words wear no quotation marks (issue 18, item 6): the data is refused when they do.

A title, description, paraphrase, role or caveat is the curator's summary; quotation marks there
would print it, or a scare-quoted term, as somebody's words. The check runs on load, so no report,
feed or diff can show such a cell.
"""

from __future__ import annotations

import pytest
from conftest import TABLES, write_data_dir
from reportcheck import invoke

from breakaway.data.load import load_dataset
from breakaway.data.wording import QUOTATION
from breakaway.errors import DataError


def _with(tmp_path, name: str, old: str, new: str):
    tables = dict(TABLES)
    assert old in tables[name]
    tables[name] = tables[name].replace(old, new)
    return write_data_dir(tmp_path / "data", tables)


@pytest.mark.parametrize(
    ("name", "old", "new", "line", "column"),
    [
        ("events.csv", "August war,", "Court rules on “borderisation”,", 4, "title"),
        (
            "events.csv",
            "Clashes,,",
            "Clashes,Talks broke down over 'integration'.,",
            3,
            "description",
        ),
        (
            "statements.csv",
            "K said Moscow had taken no legal steps.",
            "K said Moscow had taken “no legal steps”.",
            3,
            "paraphrase",
        ),
    ],
)
def test_a_quotation_mark_in_our_words_is_one_line_naming_the_cell(
    tmp_path, name, old, new, line, column
):
    folder = _with(tmp_path, name, old, new)
    with pytest.raises(DataError) as caught:
        load_dataset(folder)
    (problem,) = caught.value.problems
    assert problem.startswith(f"{folder.name}/{name}, line {line}, column {column!r}:") or (
        f"{name}, line {line}, column {column!r}: quotation marks in our own words" in problem
    ), problem
    assert "quote column" in problem


def test_the_command_refuses_it_with_exit_2_and_one_line(tmp_path):
    folder = _with(tmp_path, "events.csv", "August war,", "The “August” war,")
    result = invoke("validate", "--data", str(folder))
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "events.csv, line 4, column 'title'" in lines[0], lines


def test_exact_words_in_the_quote_column_and_apostrophes_pass(tmp_path):
    folder = _with(
        tmp_path,
        "statements.csv",
        "K said Moscow had taken no legal steps.,,",
        "K said Russia's position had not changed.,“We have taken no legal steps.”,",
    )
    load_dataset(folder)  # no DataError


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("Georgia's foreign ministry", False),
        ("the Luhansk People's Republic", False),
        ("the 1990s' wars", False),
        ("dropping 'integration' from its title", True),
        ("Lower bound ('more than 28,000')", True),
        ('rules on "borderisation"', True),
        ("gas as «humanitarian aid»", True),
        ("asks for “protection”", True),
    ],
)
def test_what_counts_as_a_quotation_mark(text, quoted):
    assert bool(QUOTATION.search(text)) is quoted


def test_the_shipped_record_has_none(shipped):
    assert len(shipped.events) > 100  # loading it raised no DataError: no cell came back
