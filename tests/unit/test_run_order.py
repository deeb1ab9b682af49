"""A parallel run starts its longest reports first, so the short comparison fills the last gap.

With no manifest to go by (a fresh --out, a new edition's folder) the estimate falls back to the
report's newest other edition, then to its territory's data rows: ties used to keep the plan's
order, so the longest briefing could start third.
"""

import json
from datetime import date

from breakaway.render.plan import PlannedReport, ReportSpec
from breakaway.render.run import longest_first

DAY = date(2025, 6, 30)


def _rendered_in(spec, seconds):
    """A manifest saying ``spec`` took ``seconds`` to render."""
    spec.folder.mkdir(parents=True)
    manifest = {"timings": {"total": seconds}}
    (spec.folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def _planned(tmp_path, territory, seconds=None):
    spec = ReportSpec("comparison" if territory is None else "briefing", territory, DAY, tmp_path)
    if seconds is not None:
        _rendered_in(spec, seconds)
    return PlannedReport(spec, "f", {}, is_up_to_date=False)


def _names(reports):
    return [r.spec.name for r in reports]


def test_without_manifests_the_comparison_goes_last(tmp_path):
    reports = [_planned(tmp_path, None), _planned(tmp_path, "abkhazia"), _planned(tmp_path, "x")]
    assert _names(longest_first(reports)) == ["abkhazia", "x", "comparison"]


def test_last_render_times_order_the_reports(tmp_path):
    reports = [
        _planned(tmp_path, "abkhazia", 6.0),
        _planned(tmp_path, "south-ossetia", 12.5),
        _planned(tmp_path, None, 4.0),
        _planned(tmp_path, "transnistria", 8.0),
    ]
    assert _names(longest_first(reports)) == [
        "south-ossetia",
        "transnistria",
        "abkhazia",
        "comparison",
    ]


def test_an_unusable_manifest_falls_back_to_the_kind(tmp_path):
    odd = _planned(tmp_path, "abkhazia")
    odd.spec.folder.mkdir(parents=True)
    (odd.spec.folder / "manifest.json").write_text('{"timings": "soon"}', encoding="utf-8")
    assert _names(longest_first([_planned(tmp_path, None, 30.0), odd])) == [
        "comparison",
        "abkhazia",
    ]


def _data(tmp_path, rows):
    data = tmp_path / "data"
    data.mkdir()
    lines = ["territory_id,title"] + [f"{t},x" for t, n in rows.items() for _ in range(n)]
    (data / "events.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (data / "sources.csv").write_text("source_id,title\ns1,x\n", encoding="utf-8")
    return data


def test_a_fresh_out_starts_the_briefing_with_most_rows_first(tmp_path):
    # Ties used to keep the plan's order: South Ossetia, the longest, started third.
    data = _data(tmp_path, {"abkhazia": 40, "nagorno-karabakh": 30, "south-ossetia": 80})
    reports = [
        _planned(tmp_path, "abkhazia"),
        _planned(tmp_path, "nagorno-karabakh"),
        _planned(tmp_path, "south-ossetia"),
        _planned(tmp_path, None),
    ]
    assert _names(longest_first(reports, data)) == [
        "south-ossetia",
        "abkhazia",
        "nagorno-karabakh",
        "comparison",
    ]


def test_a_new_edition_uses_its_previous_editions_time(tmp_path):
    data = _data(tmp_path, {"abkhazia": 80, "transnistria": 10})
    before = ReportSpec("briefing", "transnistria", date(2025, 6, 1), tmp_path)
    older = ReportSpec("briefing", "transnistria", date(2025, 5, 1), tmp_path)
    _rendered_in(before, 30.0)
    _rendered_in(older, 1.0)
    reports = [_planned(tmp_path, "abkhazia", 20.0), _planned(tmp_path, "transnistria")]
    assert _names(longest_first(reports, data)) == ["transnistria", "abkhazia"]
