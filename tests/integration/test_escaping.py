"""Hostile text in every text column reaches the reader as literal text, never as active content."""

from __future__ import annotations

import base64
import csv
import io
import re
from xml.etree import ElementTree

import pytest
from conftest import TABLES, write_data_dir
from reportcheck import html_text, pdf_text, run_cli

from breakaway.data.wording import OUR_WORDS

pytestmark = pytest.mark.integration

PAYLOADS = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "![pixel](http://tracker.example/p.png)",
    "{{ 7*7 }} {% raw %}",
    "&lt;b&gt; &amp;",
    "$x^2$ *bold* _it_ `code`",
]
HOSTILE = " ".join(PAYLOADS)
# Our own words (titles, descriptions, caveats...) may hold no quotation marks (the data is
# refused: breakaway.data.wording); there the payloads come without them. Names, quotes, sources
# and every other text column keep the quotation marks that would break out of an attribute.
HOSTILE_WORDS = HOSTILE.replace('"', "").replace("('x')", "(x)")
# Columns that hold ids, dates, numbers, codes or enums keep valid values; every other column
# gets the payloads.
KEEP = {
    "territory_id",
    "parent_state_iso3",
    "capital_lat",
    "capital_lon",
    "area_km2",
    "declared_independence_on",
    "dissolved_on",
    "patron_state_iso3",
    "source_ids",
    "recognizer_iso3",
    "recognizer_type",
    "recognized_on",
    "withdrawn_on",
    "is_contested",
    "year",
    "group",
    "population",
    "kind",
    "published_on",
    "date",
    "end_date",
    "category",
    "event_id",
    "statement_id",
    "side",
    "topic",
    "stance",
    "end_reason",
    "title_is_label",
    "aim",
    "source_id",
    "accessed_on",
    "url",
    # Coded columns of this round: dates and codes, not text a reader sees.
    "direction",
    "checked_through",
    "checked_on",
    "copy_published_on",
}


def _poison(name: str, text: str) -> str:
    ours = set(OUR_WORDS.get(name.removesuffix(".csv"), ()))
    rows = list(csv.DictReader(io.StringIO(text)))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    for index, row in enumerate(rows):
        for column in row:
            if column not in KEEP:
                # Keep primary keys unique: recognizer names differ row by row.
                row[column] = f"{HOSTILE_WORDS if column in ours else HOSTILE} #{index}"
        if "url" in row:
            row["url"] = f'https://example.org/?q="><script>alert({index})</script>'
        writer.writerow(row)
    return out.getvalue()


@pytest.fixture(scope="module")
def hostile_render(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    tables = {name: _poison(name, text) for name, text in TABLES.items()}
    data = write_data_dir(root / "data", tables)
    out = root / "reports"
    common = ("--as-of", "2023-01-01", "--data", str(data), "--out", str(out))
    # Only South Ossetia's PDF is read: the other reports are rendered as HTML, after it, so that
    # the index written last lists all three.
    for reports in (["south-ossetia"], ["nagorno-karabakh", "comparison", "--format", "html"]):
        result = run_cli("render", *reports, *common, "--jobs", "2")
        assert result.returncode == 0, result.stderr
    return out


def _active_content(soup) -> list[str]:
    found = [
        f"<{tag.name}>"
        for tag in soup.find_all(["script", "iframe", "object", "embed", "form", "base", "meta"])
        if not (tag.name == "meta" and not tag.get("http-equiv"))
    ]
    for tag in soup.find_all(True):
        for attribute, value in tag.attrs.items():
            if attribute.lower().startswith("on"):
                found.append(f"{tag.name}[{attribute}]")
            text = " ".join(value) if isinstance(value, list) else str(value)
            if re.match(r"\s*(javascript|vbscript):", text, re.I):
                found.append(f"{tag.name}[{attribute}]={text[:30]}")
            if attribute == "src" and not text.startswith("data:image/svg+xml;base64,"):
                found.append(f"{tag.name}[src]={text[:30]}")
    return found


def _reports(out):
    return [*out.glob("*/2023-01-01/briefing.html"), *out.glob("comparison/*/comparison.html")]


def test_no_active_content_in_any_report_or_the_index(hostile_render):
    pages = _reports(hostile_render) + [hostile_render / "index.html"]
    assert len(pages) == 4
    for page in pages:
        soup, _ = html_text(page)
        assert _active_content(soup) == [], page


def test_charts_carry_no_script_and_alt_text_is_literal(hostile_render):
    soup, _ = html_text(hostile_render / "south-ossetia" / "2023-01-01" / "briefing.html")
    images = soup.find_all("img")
    assert len(images) >= 4
    for image in images:
        svg = ElementTree.fromstring(base64.b64decode(image["src"].split(",", 1)[1]))
        for element in svg.iter():
            assert not element.tag.endswith("script")
            for attribute, value in element.attrib.items():
                assert not attribute.lower().startswith("on"), attribute
                assert not value.strip().lower().startswith("javascript:"), value
        texts = " ".join(t.text or "" for t in svg.iter() if t.tag.endswith("text"))
        assert "<script>alert('x')</script>" in texts  # the title names the territory
    alts = " ".join(image["alt"] for image in images)
    assert "<script>alert('x')</script>" in alts


def test_reader_sees_the_literal_text_in_html(hostile_render):
    _, text = html_text(hostile_render / "south-ossetia" / "2023-01-01" / "briefing.html")
    for payload in PAYLOADS:
        assert payload in text, payload
    assert "49" not in text.split("{{ 7*7 }}")[0][-20:]


def test_reader_sees_the_literal_text_in_pdf(hostile_render):
    _, text = pdf_text(hostile_render / "south-ossetia" / "2023-01-01" / "briefing.pdf")
    for payload in ["<script>alert('x')</script>", "[click](javascript:alert(1))", "{{ 7*7 }}"]:
        assert payload in text, payload
