"""Issue 23, finding 7: escape by context (attributes, spreadsheets), not only in the body.

A ``"`` in a name cut the ``<meta name="description">`` attribute and the PDF subject made from
it; the chart CSVs kept ``=cmd|...`` formulas that a spreadsheet would run. (Characters XML cannot
hold, credentials in URLs, Markdown from ``diff`` and GeoJSON names: ``test_hardening_paths``.)
"""

from __future__ import annotations

import csv
import io

import matplotlib
import nbformat
import pandas as pd
from bs4 import BeautifulSoup

from breakaway.data.safety import formula_safe
from breakaway.render import convert
from breakaway.report.blocks import FigureBlock

matplotlib.use("Agg")

SUBJECT = 'South "Ossetia" <b>& co</b>: who recognises it'


def _notebook() -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook()
    notebook.cells.append(nbformat.v4.new_markdown_cell("# A briefing\n\nSome text."))
    return notebook


def test_a_quote_in_the_subject_stays_inside_the_meta_attribute_and_the_pdf(tmp_path):
    from pypdf import PdfReader  # here, not at collection: the other worker reads no PDF

    html = convert.notebook_html(_notebook(), title="A briefing", subject=SUBJECT)
    page = BeautifulSoup(html, "html.parser")
    meta = page.find("meta", attrs={"name": "description"})
    assert meta is not None and meta["content"] == SUBJECT
    assert page.find("b") is None  # the subject's markup is text, not an element
    convert.html_to_pdf(html, tmp_path / "r.pdf", base_url=tmp_path)
    assert PdfReader(str(tmp_path / "r.pdf")).metadata.subject == SUBJECT


# Tab and CR starts are neutralised too (formula_safe below); validation refuses them in cells.
FORMULAS = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "@x", "=1"]


def test_chart_csvs_neutralise_formulas():
    figure = matplotlib.figure.Figure()
    data = pd.DataFrame({"label": FORMULAS + ["plain", "a=b"], "value": [-1, 2, -3, 4, 5, 6, 7, 8]})
    block = FigureBlock("c", figure, alt="alt", data=data)
    rows = list(csv.DictReader(io.StringIO(block.csv, newline="")))
    assert [row["label"] for row in rows] == ["'" + f for f in FORMULAS] + ["plain", "a=b"]
    assert [row["value"] for row in rows][:3] == ["-1", "2", "-3"]  # numbers stay numbers


def test_formula_safe_leaves_other_values_alone():
    assert formula_safe("South Ossetia") == "South Ossetia"
    assert formula_safe(-5) == -5
    assert formula_safe("=1") == "'=1"
    assert formula_safe("\tx") == "'\tx" and formula_safe("\rx") == "'\rx"
