"""Quotes are verbatim or not quotes (issue 18, item 6); exports obey the as-of rule (item 7).

Quotation marks surround only a ``quote`` field's exact words: our paraphrases of statements and
press claims never wear them, in a section, a box, the change list or ``breakaway diff``. Figure
CSVs, executed notebooks and the sources list name no source published after the report's day.
"""

from __future__ import annotations

import json
import re
from datetime import date

import pandas as pd
import pytest
from conftest import TABLES, write_data_dir
from leakcheck import briefing_outputs, find_leaks, notebook_leaks

from breakaway.data.load import load_dataset
from breakaway.data.schema import project_roles
from breakaway.knowledge.changes import changes, describe
from breakaway.report.briefing import Briefing
from breakaway.report.page import Page

QUOTED = re.compile(r"[“\"]([^”\"]{3,})[”\"]")
CLAIMS = (
    "claim_id,territory_id,claimed_on,publisher,claim,quote,metric,claimed_value,subject,"
    "source_ids,note\n"
    "c-1,south-ossetia,2022-05-13,Paper P,Our paraphrase of what the paper said.,,population,"
    "55000,,src-b,\n"
    "c-2,south-ossetia,2022-05-20,Paper Q,Our summary of a second claim.,The exact words.,"
    "population,54000,,src-b,\n"
)


@pytest.fixture
def with_claims(tmp_path):
    tables = {**TABLES, "claims.csv": CLAIMS}
    return load_dataset(write_data_dir(tmp_path / "data", tables))


def _quoted(text: str) -> set[str]:
    plain = re.sub(r"\\(.)", r"\1", re.sub(r"<[^>]+>", " ", text))  # Markdown's escapes undone
    return {m.strip() for m in QUOTED.findall(plain)}


def test_a_claims_paraphrase_is_never_quoted_in_the_change_list():
    row = {"publisher": "Paper P", "claim": "Our paraphrase.", "claimed_on": "2022-05-13"}
    line = describe(project_roles()["claims"], row)
    assert "Our paraphrase." in line and not _quoted(line)


def test_the_since_last_edition_box_quotes_nothing_but_quotes(with_claims):
    briefing = Briefing(with_claims, "south-ossetia", date(2022, 6, 1), date(2022, 5, 1))
    box = briefing.since_last_edition().data
    assert "Our paraphrase of what the paper said" in box
    assert _quoted(box) == set()


def test_only_exact_words_wear_quotation_marks_anywhere_in_the_briefing(with_claims):
    text, _, briefing = briefing_outputs(with_claims, "south-ossetia", date(2022, 6, 1))
    exact = {q for q in with_claims.statements["quote"] if q} | {"The exact words."}
    quoted = _quoted(text)
    assert "The exact words." in quoted  # the claim's quote is shown as a quote
    assert quoted <= exact, quoted - exact


def test_a_planted_quoted_paraphrase_is_caught(with_claims):
    text = "Press claim checked: Paper P, “Our paraphrase of what the paper said.”"
    exact = {q for q in with_claims.statements["quote"] if q}
    assert not _quoted(text) <= exact


# -- exports ------------------------------------------------------------------------------


def _late(tmp_path):
    """South Ossetia's 2015 census also cites a source published in 2020."""
    tables = dict(TABLES)
    tables["population.csv"] = tables["population.csv"].replace(
        "south-ossetia,2015,total,53532,census,2016-08,,,src-a,",
        "south-ossetia,2015,total,53532,census,2016-08,,,src-a;src-late,",
    )
    tables["sources.csv"] += (
        "src-late,Told later,Paper L,https://example.org/l,2026-11-27,2020-01-01,news,false,,\n"
        "src-copy,Old paper,Paper O,https://web.archive.org/web/20230115000000/https://example.org/o,"
        "2026-11-27,2006-01-01,news,false,2023-01-15,\n"
    )
    return load_dataset(write_data_dir(tmp_path / "data", tables))


def test_figure_csv_names_no_source_published_after_the_day(tmp_path):
    dataset = _late(tmp_path)
    text, facts, briefing = briefing_outputs(dataset, "south-ossetia", date(2018, 1, 1))
    assert "src-late" not in text
    assert find_leaks(text, facts, briefing, date(2018, 1, 1)) == []
    # Planted in a figure's CSV, the check catches it.
    planted = text + "\nyear,kind,population,source_ids\n2015,census,53532,src-a;src-late\n"
    assert "source src-late published after 2018-01-01" in find_leaks(
        planted, facts, briefing, date(2018, 1, 1)
    )


def test_an_executed_notebook_with_a_later_source_id_fails(tmp_path):
    dataset = _late(tmp_path)
    cell = {
        "cell_type": "code",
        "outputs": [
            {
                "output_type": "display_data",
                "data": {"text/html": "<p>ok</p>"},
                "metadata": {"breakaway": {"csv": "year,source_ids\n2015,src-a\n"}},
            }
        ],
    }
    notebook = tmp_path / "briefing.ipynb"
    notebook.write_text(json.dumps({"cells": [cell]}))
    assert notebook_leaks(notebook, dataset, date(2018, 1, 1)) == []
    cell["outputs"][0]["metadata"]["breakaway"]["csv"] += "2016,src-late\n"
    notebook.write_text(json.dumps({"cells": [cell]}))
    assert notebook_leaks(notebook, dataset, date(2018, 1, 1)) == [
        "source src-late published after 2018-01-01"
    ]


def test_a_later_archive_copy_is_not_linked_before_it_existed(tmp_path):
    dataset = _late(tmp_path)
    early = Page(dataset.sources, date(2010, 1, 1))
    early.cite.numbers(["src-copy"])
    html = early.sources_list()._repr_html_()
    assert "web.archive.org" not in html and "2023" not in html
    assert "online copy made after this report" in html
    later = Page(dataset.sources, date(2024, 1, 1))
    later.cite.numbers(["src-copy"])
    html = later.sources_list()._repr_html_()
    assert "web.archive.org/web/20230115" in html and "copy of 15 January 2023" in html


def test_the_change_list_and_figure_data_frames_stay_plain(with_claims):
    found = changes(_raw(with_claims), "south-ossetia", date(2022, 5, 1), date(2022, 6, 1))
    assert any("Our paraphrase" in c.text for c in found)
    assert not any(_quoted(c.text) for c in found)


def _raw(dataset) -> dict:
    from breakaway.data.asof import read_raw_tables

    return read_raw_tables(dataset.data_dir)


def test_page_figure_filters_source_ids_in_exported_data(tmp_path):
    dataset = _late(tmp_path)
    page = Page(dataset.sources, date(2018, 1, 1))
    import matplotlib.pyplot as plt

    block = page.figure(
        "x",
        title="t",
        subtitle="s",
        source_ids="src-a",
        alt="a",
        draw=lambda text: plt.figure(),
        data=pd.DataFrame({"year": [2015], "source_ids": ["src-a;src-late"]}),
    )
    assert "src-late" not in block.csv and "src-a" in block.csv


@pytest.mark.integration
def test_a_rendered_notebook_and_its_figures_name_no_later_source(tmp_path):
    # Nagorno-Karabakh on 25 September 2023: its exodus rows cite articles of 27 and 30 September.
    from reportcheck import REPO

    from breakaway.cli import main

    out = tmp_path / "out"
    assert main(["render", "nagorno-karabakh", "--as-of", "2023-09-25", "--format", "html",
                 "--out", str(out)]) == 0  # fmt: skip
    folder = out / "nagorno-karabakh" / "2023-09-25"
    shipped = load_dataset(REPO / "data")
    assert notebook_leaks(folder / "briefing.ipynb", shipped, date(2023, 9, 25)) == []
    from breakaway import paths

    figures = [out / "figures", paths.figures_dir()]  # the tests point figures elsewhere
    exports = [
        p.read_text()
        for folder in figures
        if folder.is_dir()
        for p in folder.rglob("*")
        if p.suffix in (".csv", ".svg") and "nagorno-karabakh" in str(p)
    ]
    assert exports and not re.search(r"dw-2023-09-(27|30)", "\n".join(exports))
