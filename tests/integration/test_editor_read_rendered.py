"""The editor's read (issue 20), checked on page 1 of rendered PDFs: the shared time-travel set.

The unit tests (tests/unit/test_editor_read.py) check each fix on the lead the package builds;
this reads what a reader gets: page 1 of the PDF, whitespace collapsed.
"""

from __future__ import annotations

import pytest
from rendered import rendered_set
from reportcheck import pdf_pages

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    return rendered_set(tmp_path_factory, "time-travel")


def page_one(out, territory: str, day: str) -> str:
    """Page 1 of a briefing's PDF as a reader reads it: whitespace collapsed."""
    text = pdf_pages(out / territory / day / "briefing.pdf")[0]  # extracted once a session
    return " ".join(text.replace("-\n", "-").split())


def check_named(text: str, person: str, role: str) -> None:
    """The person's first mention in the lead carries the full name and the role.

    The headline above it may use the surname alone, as headlines do; the lead opens "On <day>".
    """
    text = text[text.find(" On ") :]
    surname = person.split()[-1]
    first = text.find(surname)
    assert first >= 0, f"{surname} not on page 1"
    assert text[first - len(person) + len(surname) : first + len(surname)] == person, (
        f"{surname} first named without a forename"
    )
    assert text[first + len(surname) :].lstrip(" ,(").startswith(role), f"{surname} has no role"


@pytest.mark.parametrize(
    ("territory", "day", "person", "role"),
    [
        # Kokoity has no statement in the record: his role comes from people.csv.
        ("south-ossetia", "2011-12-31", "Eduard Kokoity", "de facto president of South Ossetia"),
        ("nagorno-karabakh", "2024-06-30", "Ilham Aliyev", "President of Azerbaijan"),
    ],
)
def test_page_one_names_people_in_full_with_their_role(reports, territory, day, person, role):
    text = page_one(reports, territory, day)
    check_named(text, person, role)
    # Planted: the forename taken away is caught.
    with pytest.raises(AssertionError, match="without a forename"):
        check_named(text.replace(person, person.split()[-1]), person, role)


def test_page_one_says_a_step_back_is_one(reports):
    text = page_one(reports, "south-ossetia", "2018-06-30")
    assert "Not every move went that way: on 26 May 2016" in text, text
    assert "At his year-end press conference, Bibilov said" in text or (
        "at his year-end press conference, Bibilov said" in text
    )
