"""Issue 22, render speed: lighter chart SVG with the same picture (no notebook runs here)."""

from __future__ import annotations

import io
import re

import matplotlib
import numpy as np
import pytest
from matplotlib import patheffects
from matplotlib.figure import Figure

from breakaway.report.blocks import figure_svg, round_path_data
from breakaway.report.charts import STYLE
from breakaway.report.maps.labels import HALO_WIDTH, halo_text

SVG_NS = "{http://www.w3.org/2000/svg}"


def test_path_data_is_rounded_to_a_hundredth_of_a_point():
    svg = (
        '<svg><path d="M 12.345678 -0.001 L 3.999999 250.5 z" style="stroke-width: 0.123456"/>'
        '<text x="1.234567">2.345678</text></svg>'
    )
    rounded = round_path_data(svg)
    assert 'd="M 12.35 0 L 4 250.5 z"' in rounded
    # Only path data: styles, positions and text are left as they are.
    assert "stroke-width: 0.123456" in rounded
    assert 'x="1.234567">2.345678<' in rounded


def test_chart_svg_paths_carry_at_most_two_decimals():
    fig = Figure(figsize=(3, 2))
    ax = fig.add_subplot()
    ax.plot(np.linspace(0, 1, 50), np.sin(np.linspace(0, 7, 50)) / 3)
    svg = figure_svg(fig)
    paths = re.findall(r' d="([^"]*)"', svg)
    assert paths
    assert not [p for p in paths if re.search(r"\d\.\d{3}", p)]


def _label_figure(use_halo_text: bool) -> Figure:
    fig = Figure(figsize=(2, 1))
    ax = fig.add_subplot()
    ax.set_axis_off()
    style = {"ha": "center", "va": "center", "fontsize": 9, "color": "#333333", "gid": "label-x"}
    if use_halo_text:
        halo_text(ax, 0.5, 0.5, "Tskhinvali", **style)
    else:
        ax.text(
            0.5,
            0.5,
            "Tskhinvali",
            path_effects=[patheffects.withStroke(linewidth=HALO_WIDTH, foreground="white")],
            **style,
        )
    return fig


def _svg_group(svg: str, gid: str):
    import xml.etree.ElementTree as ET

    root = ET.fromstring(svg)
    return [g for g in root.iter(f"{SVG_NS}g") if g.get("id") == gid]


def test_halo_label_is_text_in_svg_over_one_halo_path():
    with matplotlib.rc_context(STYLE):
        old = figure_svg(_label_figure(use_halo_text=False))
        new = figure_svg(_label_figure(use_halo_text=True))
    # Before: the label was two glyph-outline paths (halo and letters) and no text.
    [old_group] = _svg_group(old, "label-x")
    assert len(old_group.findall(f"{SVG_NS}path")) == 2
    assert "Tskhinvali" not in old
    # Now: the letters are text (searchable in the PDF), the halo one white path under them.
    [new_group] = _svg_group(new, "label-x")
    assert [t.text for t in new_group.iter(f"{SVG_NS}text")] == ["Tskhinvali"]
    assert new.count(' d="') == old.count(' d="') - 1
    assert len(new) < len(old)
    halo = new[: new.index("Tskhinvali")]
    assert "stroke: #ffffff" in halo.rsplit("<path", 1)[-1]


def _png(fig: Figure) -> np.ndarray:
    buffer = io.BytesIO()
    with matplotlib.rc_context(STYLE):
        fig.savefig(buffer, format="png", dpi=150)
    buffer.seek(0)
    return matplotlib.image.imread(buffer, format="png")


@pytest.mark.parametrize("text", ["Tskhinvali", "200 km"])
def test_halo_label_png_is_unchanged(text):
    def figure(use_halo_text):
        fig = Figure(figsize=(2, 1))
        ax = fig.add_subplot()
        ax.set_axis_off()
        if use_halo_text:
            halo_text(ax, 0.5, 0.5, text, ha="center", fontsize=8)
        else:
            ax.text(
                0.5,
                0.5,
                text,
                ha="center",
                fontsize=8,
                path_effects=[patheffects.withStroke(linewidth=HALO_WIDTH, foreground="white")],
            )
        return fig

    assert np.array_equal(_png(figure(True)), _png(figure(False)))


# -- PNG copies only when the render exports the charts -------------------------------------


def _chart_block():
    from breakaway.report.blocks import FigureBlock

    fig = Figure(figsize=(3, 2))
    fig.add_subplot().plot([0, 1], [1, 0])
    return FigureBlock("x-line", fig, alt="A line")


def test_figure_output_has_no_png_unless_asked(monkeypatch):
    from breakaway.report.blocks import FIGURE_PNG_ENV

    monkeypatch.delenv(FIGURE_PNG_ENV, raising=False)
    data, meta = _chart_block()._repr_mimebundle_()
    assert "image/png" not in data
    assert "text/html" in data and meta["breakaway"]["svg"].startswith("<?xml")
    monkeypatch.setenv(FIGURE_PNG_ENV, "1")
    data, _ = _chart_block()._repr_mimebundle_()
    assert data["image/png"]


def test_render_asks_the_kernel_for_png_only_when_it_exports_figures(monkeypatch):
    from breakaway.render import execute
    from breakaway.report import blocks

    assert execute.FIGURE_PNG_ENV == blocks.FIGURE_PNG_ENV
    monkeypatch.setenv(blocks.FIGURE_PNG_ENV, "keep")
    with execute.figure_env(png=True):
        assert blocks.png_wanted()
    with execute.figure_env(png=False):
        assert not blocks.png_wanted()
    import os

    assert os.environ[blocks.FIGURE_PNG_ENV] == "keep"


def test_extract_charts_takes_png_when_present():
    import base64

    import nbformat

    from breakaway.render.convert import extract_charts

    def output(png):
        data = {"text/html": "<figure></figure>"}
        if png:
            data["image/png"] = base64.b64encode(b"PNG").decode()
        return nbformat.v4.new_output(
            "display_data", data=data, metadata={"breakaway": {"chart": "c", "svg": "<svg/>"}}
        )

    for png, expected in [(True, {"svg": b"<svg/>", "png": b"PNG"}), (False, {"svg": b"<svg/>"})]:
        notebook = nbformat.v4.new_notebook()
        notebook.cells.append(nbformat.v4.new_code_cell(outputs=[output(png)]))
        assert extract_charts(notebook) == {"c": expected}
