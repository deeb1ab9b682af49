"""A parallel run with no manifest to go by still starts its longest briefing first (issue 22).

In a fresh --out (the bench's, a first render) or a new edition's folder the briefings used to tie
at their kind's typical time and keep the plan's order, so South Ossetia, the longest, started
third. The estimate now falls back to the report's newest other edition, then to its territory's
data rows.
"""

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
    for spec, seconds in ((before, 30.0), (older, 1.0)):
        spec.folder.mkdir(parents=True)
        manifest = {"timings": {"total": seconds}}
        (spec.folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    reports = [_planned(tmp_path, "abkhazia", 20.0), _planned(tmp_path, "transnistria")]
    assert _names(longest_first(reports, data)) == ["transnistria", "abkhazia"]
