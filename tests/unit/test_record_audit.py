"""What the issue-19 audit of the last round's rows corrected stays corrected (see NOTES-curation.md).

Each expectation was checked against the source's stored page; the test only keeps the data from
sliding back.
"""

from __future__ import annotations

import csv

import pytest
from conftest import REPO


def test_stano_is_dated_by_his_post_of_9_june_2024(shipped):
    rows = shipped.statements.set_index("statement_id")
    row = rows.loc["so-2024-06-eu-stano-elections"]
    assert row["date"] == "2024-06-09"
    assert "netgazeti-2024-06-stano-post" in row["source_ids"].split(";")


@pytest.mark.parametrize(
    "source_id",
    [
        "moscowtimes-2023-12-27-pitsunda-dacha",
        "mirrorspectator-2026-02-05-karabakh-leaders-sentenced",
    ],
)
def test_a_headline_seen_on_the_page_is_not_a_label(shipped, source_id):
    sources = shipped.sources.set_index("source_id")
    assert not sources.loc[source_id, "title_is_label"]


def test_statements_stay_sorted_by_territory_date_and_id():
    lines = (REPO / "data" / "statements.csv").read_text(encoding="utf-8").splitlines()[1:]
    keys = [(r[1], r[2], r[0]) for r in csv.reader(lines)]
    assert keys == sorted(keys)
