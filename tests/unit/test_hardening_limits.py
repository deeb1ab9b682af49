"""Issue 23, finding 8: bounded in work, not just in bytes.

Within the byte limit, a one-million-point outline cost minutes and gigabytes for one briefing, a
30 MB events table made a 1,663-page PDF, conversion ignored ``--cell-timeout`` and a sweep of
6,280 reports passed a cap that counted dates. Each limit is one line naming its variable.
"""

from __future__ import annotations

import json
import os
import time

import pytest
from conftest import write_data_dir
from reportcheck import invoke

from breakaway.errors import RenderError
from breakaway.render import convert

NO_SCHEDULER = (
    "tcp://127.0.0.1:9"  # nothing listens: a run that got past its checks fails otherwise
)


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DASK_SCHEDULER_ADDRESS"}
    return {**env, "BREAKAWAY_TODAY": "2026-11-27", "BREAKAWAY_SCHEDULER_TIMEOUT": "0.2", **extra}


def _one_line(result) -> str:
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_the_sweep_cap_counts_reports_not_dates(tmp_path):
    folder = write_data_dir(tmp_path / "data")
    out = tmp_path / "out"
    # 9 quarterly dates, each with two briefings and the comparison: 27 reports.
    args = ["render", "--data", str(folder), "--out", str(out), "--format", "html"]
    args += ["--as-of", "2018-01-01..2020-01-01", "--every", "quarter", "--scheduler", NO_SCHEDULER]
    line = _one_line(invoke(*args, env=_env(BREAKAWAY_MAX_REPORTS="20")))
    assert "27 reports" in line and "BREAKAWAY_MAX_REPORTS" in line, line
    assert not out.exists()
    # One territory: 9 reports, within the limit (it then fails to reach the scheduler).
    line = _one_line(invoke(*args, "south-ossetia", env=_env(BREAKAWAY_MAX_REPORTS="20")))
    assert "Dask scheduler" in line


def test_a_sweep_of_too_many_dates_stops_counting_early(tmp_path):
    folder = write_data_dir(tmp_path / "data")
    args = ["render", "--data", str(folder), "--out", str(tmp_path / "out")]
    args += ["--as-of", "1923-01-01..today", "--every", "month", "--scheduler", NO_SCHEDULER]
    began = time.monotonic()
    line = _one_line(invoke(*args, env=_env(BREAKAWAY_MAX_REPORTS="100")))
    assert "more than 100 reports" in line and "BREAKAWAY_MAX_REPORTS" in line
    assert time.monotonic() - began < 10


def test_an_outline_over_the_point_limit_is_one_line(tmp_path):
    folder = write_data_dir(tmp_path / "data")
    assert invoke("validate", "--data", str(folder)).returncode == 0
    line = _one_line(
        invoke("validate", "--data", str(folder), env=_env(BREAKAWAY_MAX_OUTLINE_POINTS="50"))
    )
    assert "more than 50 positions" in line and "BREAKAWAY_MAX_OUTLINE_POINTS" in line
    assert "breakaway_regions.geojson" in line


@pytest.mark.integration  # seconds of work: the whole suite runs it
def test_a_million_point_polygon_is_refused_by_default(tmp_path):
    folder = write_data_dir(tmp_path / "data")
    path = folder / "geo" / "breakaway_regions.geojson"
    document = json.loads(path.read_text(encoding="utf-8"))
    ring = [[40 + i * 1e-6, 42.0] for i in range(1_000_000)] + [[40.0, 42.0]]
    ring[0] = [40.0, 42.0]
    document["features"][0]["geometry"] = {"type": "Polygon", "coordinates": [ring]}
    path.write_text(json.dumps(document), encoding="utf-8")
    began = time.monotonic()
    line = _one_line(invoke("validate", "--data", str(folder)))
    assert "more than 20,000 positions" in line
    assert time.monotonic() - began < 30


def test_rows_of_one_territory_are_bounded(tmp_path):
    folder = write_data_dir(tmp_path / "data")
    result = invoke("validate", "--data", str(folder), env=_env(BREAKAWAY_MAX_TERRITORY_ROWS="3"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    # One line for each table with more than three rows of south-ossetia, at its fourth row.
    assert len(lines) == 4, lines
    for line in lines:
        assert "more than 3 rows for 'south-ossetia'" in line, line
        assert "BREAKAWAY_MAX_TERRITORY_ROWS" in line
    assert any("events.csv, line 5, column 'territory_id'" in line for line in lines)


def _long_html(paragraphs: int) -> str:
    body = "".join(f"<p style='page-break-after: always'>Page {n}</p>" for n in range(paragraphs))
    return f"<html lang='en'><head><title>t</title></head><body>{body}</body></html>"


def test_a_pdf_over_the_page_limit_fails_its_report(tmp_path, monkeypatch):
    monkeypatch.setenv("BREAKAWAY_MAX_PAGES", "5")
    with pytest.raises(RenderError, match="BREAKAWAY_MAX_PAGES"):
        convert.html_to_pdf(_long_html(12), tmp_path / "r.pdf", base_url=tmp_path)
    assert not (tmp_path / "r.pdf").exists()
    convert.html_to_pdf(_long_html(4), tmp_path / "r.pdf", base_url=tmp_path)
    assert (tmp_path / "r.pdf").stat().st_size > 0


def test_conversion_is_bounded_by_the_cell_timeout(tmp_path):
    rows = "".join(f"<tr><td>{n}</td><td>{'word ' * 40}</td></tr>" for n in range(20_000))
    html = f"<html lang='en'><body><table>{rows}</table></body></html>"
    began = time.monotonic()
    with pytest.raises(RenderError, match="more than 1 s"):
        with convert.time_limit(1, "the PDF conversion"):
            convert.html_to_pdf(html, tmp_path / "big.pdf", base_url=tmp_path)
    assert time.monotonic() - began < 10


def test_a_timeout_swallowed_once_still_stops_the_block():
    # Python swallows an exception raised inside a finalizer; the limit must ring again.
    swallowed = []
    began = time.monotonic()
    with pytest.raises(RenderError, match="more than 0.2 s"):
        with convert.time_limit(0.2, "the PDF conversion"):
            while time.monotonic() - began < 5:
                try:
                    while time.monotonic() - began < 5:
                        pass
                except RenderError as error:
                    if swallowed:
                        raise
                    swallowed.append(error)
    assert swallowed
    assert time.monotonic() - began < 2


def test_another_error_after_the_timeout_is_reported_as_the_timeout():
    with pytest.raises(RenderError, match="more than 0.1 s"):
        with convert.time_limit(0.1, "the PDF conversion"):
            try:
                time.sleep(0.5)
            except RenderError:
                pass
            raise ValueError("the PDF would have too many pages")
