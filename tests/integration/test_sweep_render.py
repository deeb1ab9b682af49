"""A real date sweep: three yearly South Ossetia briefings, then a second run that skips them all."""

from __future__ import annotations

import json

import pytest
from reportcheck import html_text, run_cli

pytestmark = pytest.mark.integration

YEAR_ENDS = ["2009-12-31", "2010-12-31", "2011-12-31"]
SWEEP = ["--as-of", "2009-12-31..2011-12-31", "--every", "year", "--format", "html"]


def test_yearly_sweep_renders_three_reports_and_a_second_run_skips_them(tmp_path):
    out = tmp_path / "reports"
    first = run_cli("render", "south-ossetia", *SWEEP, "--jobs", "2", "--out", str(out))
    assert first.returncode == 0, first.stderr
    folders = sorted(p.name for p in (out / "south-ossetia").iterdir() if p.name[0].isdigit())
    assert folders == YEAR_ENDS
    for day in YEAR_ENDS:
        manifest = json.loads((out / "south-ossetia" / day / "manifest.json").read_text())
        assert manifest["status"] == "ok"
        assert manifest["as_of"] == day
        facts = json.loads((out / "south-ossetia" / day / "facts.json").read_text())
        assert facts["as_of"] == day
    # Each report knows only its own day: Tuvalu recognised in 2011 (and withdrew in 2014).
    assert (
        "TUV"
        not in json.loads((out / "south-ossetia/2010-12-31/facts.json").read_text())[
            "un_recognizers"
        ]
    )
    assert (
        "TUV"
        in json.loads((out / "south-ossetia/2011-12-31/facts.json").read_text())["un_recognizers"]
    )
    assert first.stdout.count(": rendered") == 3, first.stdout
    assert "3 rendered" in first.stdout

    # The index keeps the sweep together: the latest first, the two earlier under one heading.
    soup, text = html_text(out / "index.html")
    headings = [th.get_text(" ", strip=True) for th in soup.select("tr.group th")]
    assert headings == ["South Ossetia: 2 earlier reports"], headings

    stamps = {
        d: (out / "south-ossetia" / d / "briefing.html").stat().st_mtime_ns for d in YEAR_ENDS
    }
    second = run_cli("render", "south-ossetia", *SWEEP, "--jobs", "2", "--out", str(out))
    assert second.returncode == 0, second.stderr
    assert second.stdout.count(": up to date") == 3, second.stdout
    assert "all 3 reports are up to date; nothing to do" in second.stdout
    assert stamps == {
        d: (out / "south-ossetia" / d / "briefing.html").stat().st_mtime_ns for d in YEAR_ENDS
    }
