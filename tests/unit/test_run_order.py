"""A parallel run starts its longest reports first, so the short comparison fills the last gap."""

import json
from datetime import date

from breakaway.render.plan import PlannedReport, ReportSpec
from breakaway.render.run import longest_first

DAY = date(2025, 6, 30)


def _planned(tmp_path, territory, seconds=None):
    spec = ReportSpec("comparison" if territory is None else "briefing", territory, DAY, tmp_path)
    if seconds is not None:
        spec.folder.mkdir(parents=True)
        manifest = {"timings": {"total": seconds}}
        (spec.folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
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
