"""Issue 23, state: peers in the edition check, state files rebuilt, editions in date order,
charts published with their report, ``--out`` guarded, a run with nothing to do writes nothing.

Every case here stops before a kernel starts: reports are planned for real and "rendered" by
writing the files a finished report holds, so the file runs in seconds.
"""

from __future__ import annotations

import base64
import csv
import errno
import json
import os
import shutil
import signal
from dataclasses import replace
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import pytest
from conftest import REPO
from reportcheck import invoke

from breakaway import paths
from breakaway.data.asof import read_raw_tables
from breakaway.data.fingerprint import hash_bytes
from breakaway.errors import ParameterError
from breakaway.knowledge.peers import choose_peer_ids, choose_peers
from breakaway.render import editions as ed
from breakaway.render import publish
from breakaway.render.exporters import EXPORTERS
from breakaway.render.feed import ENTRIES, FEED, add_editions
from breakaway.render.index import write_index
from breakaway.render.plan import (
    PlannedReport,
    RenderOptions,
    ReportSpec,
    check_out_dir,
    expected_files,
    is_up_to_date,
    plan_reports,
)
from breakaway.render.run import safe_render, settle_up_to_date

DAY = date(2026, 12, 1)
NEXT = date(2026, 12, 2)
ABKHAZIA_2011 = "abkhazia,2011,total,240705,"
SOURCE = "civil-ge-24315-abkhazia-census"


@pytest.fixture(autouse=True)
def _fresh_warnings():
    ed._warned.clear()


def _copy_data(tmp_path: Path) -> Path:
    return Path(shutil.copytree(REPO / "data", tmp_path / "data"))


def _ids(data: Path) -> list[str]:
    """The territory ids of ``territories.csv``, in order: what ``read_raw_tables`` lists.

    Read with ``csv`` alone: the whole record's rows, parsed and dated, cost 20 to 40 ms a call.
    """
    with (data / "territories.csv").open(encoding="utf-8-sig", newline="") as handle:
        return [row["territory_id"] for row in csv.DictReader(handle)]


def _options(data: Path, out: Path) -> RenderOptions:
    return RenderOptions(data_dir=data, formats=("html",), figures_dir=out / "figures")


def _make_whole(spec, options, fingerprint="f" * 64) -> None:
    """What a finished render leaves: the expected files, its chart and an "ok" manifest."""
    spec.folder.mkdir(parents=True, exist_ok=True)
    for path in expected_files(spec, options):
        path.write_text("{}")
    charts = options.figures_dir / spec.name / spec.as_of.isoformat()
    charts.mkdir(parents=True, exist_ok=True)
    (charts / "chart.svg").write_text(f"<svg>{spec.as_of}</svg>")
    manifest = {"status": "ok", "fingerprint": fingerprint, "kind": spec.kind}
    manifest["figures"] = {"chart.svg": hash_bytes(f"<svg>{spec.as_of}</svg>".encode())}
    (spec.folder / "manifest.json").write_text(json.dumps(manifest))


def _night(specs, options, day: date):
    """Plan a run as of ``day``, "render" what it would render, record the editions."""
    specs = [type(s)(s.kind, s.territory, day, s.out_dir) for s in specs]
    planned, knowledge = ed.plan_editions(specs, options)
    statuses = {}
    for report in planned:
        if report.is_unchanged_edition:
            statuses[report.spec.name] = "unchanged"
        elif not report.is_up_to_date:
            _make_whole(report.spec, options, report.fingerprint)
            statuses[report.spec.label] = "rendered"
        else:
            statuses[report.spec.label] = "up to date"
    return planned, ed.record_editions(planned, statuses, knowledge, options, day)


def _unchanged(planned) -> set[str]:
    return {r.spec.name for r in planned if r.is_unchanged_edition}


def _change_abkhazia_census(data: Path) -> None:
    path = data / "population.csv"
    text = path.read_text(encoding="utf-8")
    assert ABKHAZIA_2011 in text
    path.write_text(text.replace(ABKHAZIA_2011, "abkhazia,2011,total,240706,"), encoding="utf-8")


# --- 1. stale peers: the edition check covers what the briefing shows ------------------------


def test_a_peers_new_census_makes_a_new_edition_of_every_briefing_that_shows_it(tmp_path):
    data, out = _copy_data(tmp_path), tmp_path / "out"
    options = _options(data, out)
    specs = plan_reports([], _ids(data), DAY, out)
    _night(specs, options, DAY)
    quiet, _ = _night(specs, options, NEXT)
    assert _unchanged(quiet) == {*_ids(data), "comparison"}, "nothing changed yet"
    _change_abkhazia_census(data)
    planned, new = _night(specs, options, NEXT)
    # Every briefing compares itself with Abkhazia's census: none may keep the old figure.
    assert _unchanged(planned) == set()
    assert {e["report"] for e in new} == {*_ids(data), "comparison"}


def _with_moldovan_territories(data: Path, count: int = 8) -> list[str]:
    """Add ``count`` territories with Transnistria's parent state, named after every other."""
    path = data / "territories.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    row = next(line for line in lines if line.startswith("transnistria,"))
    added = [f"zz-moldova-{i}" for i in range(count)]
    extra = [
        row.replace("transnistria,Transnistria", f"{new},Zz Moldova {i}", 1)
        for i, new in enumerate(added)
    ]
    assert all(line.startswith("zz-moldova-") for line in extra)
    path.write_text("\n".join([*lines, *extra]) + "\n", encoding="utf-8")
    return added


def test_a_peers_change_makes_new_editions_of_those_briefings_only(tmp_path):
    data, out = _copy_data(tmp_path), tmp_path / "out"
    added = _with_moldovan_territories(data)
    options = _options(data, out)
    specs = plan_reports([], _ids(data), DAY, out)
    _night(specs, options, DAY)
    rows = read_raw_tables(data)["territories"]
    showing = {t for t in _ids(data) if "abkhazia" in choose_peer_ids(rows, t)}
    assert showing == {"abkhazia", "south-ossetia", "nagorno-karabakh"}, "the setting"
    # A new estimate for Abkhazia, published on the day of the run.
    with (data / "population.csv").open("a", encoding="utf-8") as file:
        file.write(f"abkhazia,2026,total,250000,estimate,{NEXT},,,{SOURCE},\n")
    planned, new = _night(specs, options, NEXT)
    assert _unchanged(planned) == {"transnistria", *added}
    # The edition record (and the feed) say what changed: the peer's figure, named.
    told = {e["report"]: [c["text"] for c in e["changes"]] for e in new}
    assert told["south-ossetia"] == ["Abkhazia: 2026 estimate: total population 250,000"]
    assert told["abkhazia"] == ["2026 estimate: total population 250,000"]


def test_the_plan_chooses_the_peers_the_briefing_shows(dataset):
    rows = dataset.territories.to_dict("records")
    for territory in dataset.territory_ids:
        for limit in (2, 3, 8):
            assert choose_peer_ids(rows, territory, limit) == choose_peers(
                dataset.territories, territory, limit
            )


# --- 4. state files are rebuilt, not trusted -------------------------------------------------

BROKEN_STATES = {
    "bad date": '{"editions": [{"as_of": "2026-13-01", "knowledge": "x"}]}',
    "week date": '{"editions": [{"as_of": "2026-W48-4", "knowledge": "x"}]}',
    "number date": '{"editions": [{"as_of": 20261126}]}',
    "wrong type": '{"editions": "2026-12-01"}',
    "a list": '[{"as_of": "2026-12-01"}]',
    "junk": "\x00junk{",
    "bad checked day": '{"editions": [], "checked_on": 5}',
    "bad previous": '{"editions": [{"as_of": "2026-12-01", "previous": "yesterday"}]}',
}


@pytest.mark.parametrize("content", BROKEN_STATES.values(), ids=BROKEN_STATES.keys())
def test_a_broken_editions_file_is_set_aside_with_one_warning_and_rebuilt(
    tmp_path, capsys, content, data_dir
):
    # The tiny data folder: what is broken is the state file, and each case plans three nights.
    data, out = data_dir, tmp_path / "out"
    options = _options(data, out)
    specs = plan_reports(["south-ossetia"], _ids(data), DAY, out)
    _night(specs, options, DAY)
    state = out / "south-ossetia" / "editions.json"
    state.write_text(content)
    capsys.readouterr()
    planned, new = _night(specs, options, NEXT)
    warnings = capsys.readouterr().err.splitlines()
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith("breakaway: warning: ") and "editions.json" in warnings[0]
    assert "rebuilt" in warnings[0]
    # Rebuilt from the folders on disk: the edition of the 26th is known again.
    rebuilt = json.loads(state.read_text())
    assert [e["as_of"] for e in rebuilt["editions"]] == ["2026-12-01", "2026-12-02"]
    assert rebuilt["editions"][1]["previous"] == "2026-12-01"
    assert ed.state_problem(rebuilt) is None
    assert (state.parent / "editions.json.broken").read_text() == content
    # The next night trusts the rebuilt file: no warning, nothing new.
    ed._warned.clear()
    again, _ = _night(specs, options, date(2026, 12, 4))
    assert capsys.readouterr().err == ""
    assert _unchanged(again) == {"south-ossetia"}


BROKEN_FEEDS = {
    "junk": "junk{",
    "an object": '{"entries": []}',
    "missing keys": '[{"title": "x"}]',
    "wrong types": '[{"id": 1, "title": 2, "updated": 3, "link": 4, "summary": 5}]',
}


@pytest.mark.parametrize("content", BROKEN_FEEDS.values(), ids=BROKEN_FEEDS.keys())
def test_a_broken_feed_state_is_set_aside_and_rebuilt_from_the_editions(tmp_path, capsys, content):
    data, out = _copy_data(tmp_path), tmp_path / "out"
    options = _options(data, out)
    specs = plan_reports(["south-ossetia"], _ids(data), DAY, out)
    _, first = _night(specs, options, DAY)
    add_editions(out, first, {"south-ossetia": "South Ossetia"})
    (out / ENTRIES).write_text(content)
    capsys.readouterr()
    _change_abkhazia_census(data)
    _, second = _night(specs, options, NEXT)
    add_editions(out, second, {"south-ossetia": "South Ossetia"})
    warnings = capsys.readouterr().err.splitlines()
    assert len(warnings) == 1 and ".feed.json" in warnings[0], warnings
    assert (out / (ENTRIES + ".broken")).read_text() == content
    feed = ElementTree.parse(out / FEED).getroot()
    titles = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert "South Ossetia: edition of 2 December 2026" in titles
    assert "South Ossetia: edition of 1 December 2026" in titles  # rebuilt from editions.json


# --- 6. clock and time zone: editions in date order; latest never goes back -------------------


def test_a_run_a_day_behind_files_its_edition_in_date_order_and_latest_stays(tmp_path):
    data, out = _copy_data(tmp_path), tmp_path / "out"
    options = _options(data, out)
    specs = plan_reports(["south-ossetia"], _ids(data), NEXT, out)
    _night(specs, options, NEXT)
    assert (out / "figures" / "south-ossetia" / "latest").readlink() == Path("2026-12-02")
    _change_abkhazia_census(data)
    planned, new = _night(specs, options, DAY)  # the clock is a day behind
    assert [e["as_of"] for e in new] == ["2026-12-01"]
    state = ed.read_state(out / "south-ossetia")
    assert [e["as_of"] for e in state["editions"]] == ["2026-12-01", "2026-12-02"]
    assert (out / "south-ossetia" / "latest").readlink() == Path("2026-12-02")
    assert (out / "figures" / "south-ossetia" / "latest").readlink() == Path("2026-12-02")


def test_after_a_faked_future_day_a_normal_run_compares_with_the_editions_up_to_today(tmp_path):
    data, out = _copy_data(tmp_path), tmp_path / "out"
    options = _options(data, out)
    specs = plan_reports(["south-ossetia"], _ids(data), DAY, out)
    _night(specs, options, DAY)
    # A run with BREAKAWAY_TODAY=2027-06-01 left an edition of that day with the same knowledge.
    future = date(2027, 6, 1)
    report_dir = out / "south-ossetia"
    state = json.loads((report_dir / "editions.json").read_text())
    known = state["editions"][0]["knowledge"]
    state["editions"].append({"as_of": "2027-06-01", "knowledge": known, "previous": None})
    (report_dir / "editions.json").write_text(json.dumps(state))
    _make_whole(type(specs[0])("briefing", "south-ossetia", future, out), options)
    planned, _ = _night(specs, options, date(2026, 12, 4))
    assert [r.spec.as_of for r in planned] == [DAY]
    said = settle_up_to_date(planned, lambda result: None)[0][0].message
    assert said == "no change since the edition of 1 December 2026"


# --- 2. charts belong to their report ----------------------------------------------------------

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg=="
)


def _fake_kernel(monkeypatch, svg: str = "<svg>new</svg>") -> None:
    """papermill without a kernel: the executed notebook holds facts and one chart."""
    import nbformat
    import papermill

    from breakaway.report.facts_output import FACTS_MIMETYPE

    def execute_notebook(source, target, parameters=None, **kwargs):
        territory = parameters.get("territory", "comparison")
        output = nbformat.v4.new_output(
            "display_data",
            data={"image/png": base64.b64encode(PNG).decode(), "text/plain": "chart"},
            metadata={
                "breakaway": {"chart": f"{territory}-population", "svg": svg, "csv": "a\n1\n"}
            },
        )
        facts = nbformat.v4.new_output(
            "display_data", data={FACTS_MIMETYPE: {"name": "South Ossetia"}, "text/plain": "f"}
        )
        cell = nbformat.v4.new_code_cell("x", outputs=[output, facts])
        nbformat.write(nbformat.v4.new_notebook(cells=[cell]), target)

    monkeypatch.setattr(papermill, "execute_notebook", execute_notebook)


def _planned_report(tmp_path, day=date(2020, 1, 1), fingerprint="a" * 64):
    out = tmp_path / "out"
    spec = ReportSpec("briefing", "south-ossetia", day, out)
    options = RenderOptions(data_dir=tmp_path, formats=("html",), figures_dir=out / "figures")
    return PlannedReport(spec, fingerprint, {}, False), options


def test_charts_are_published_with_their_report_under_the_output(tmp_path, monkeypatch):
    _fake_kernel(monkeypatch)
    report, options = _planned_report(tmp_path)
    result = safe_render(report, options)
    assert result.status == "rendered", result.message
    charts = tmp_path / "out" / "figures" / "south-ossetia" / "2020-01-01"
    assert sorted(p.name for p in charts.iterdir()) == [
        "population.csv",
        "population.png",
        "population.svg",
    ]
    manifest = json.loads((report.spec.folder / "manifest.json").read_text())
    assert set(manifest["figures"]) == {"population.csv", "population.png", "population.svg"}
    # A past date's render is not an edition: figures/<report>/latest does not move.
    assert not os.path.lexists(charts.parent / "latest")
    assert not [p for p in charts.parent.iterdir() if ".tmp-" in p.name]


def test_a_trial_run_with_out_leaves_the_production_charts_alone(tmp_path, monkeypatch, data_dir):
    _fake_kernel(monkeypatch)
    production = tmp_path / "production-figures"
    (production / "south-ossetia" / "2020-01-01").mkdir(parents=True)
    (production / "south-ossetia" / "2020-01-01" / "population.svg").write_text("production")
    before = _stat_tree(production)
    out = tmp_path / "trial"
    env = {**os.environ, "BREAKAWAY_FIGURES_DIR": str(production)}
    result = invoke(
        "render", "south-ossetia", "--data", str(data_dir), "--out", str(out),
        "--as-of", "2020-01-01", "--format", "html", "--jobs", "1", env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert _stat_tree(production) == before
    assert (out / "figures" / "south-ossetia" / "2020-01-01" / "population.svg").is_file()


def test_a_full_disk_leaves_the_old_charts_beside_the_old_report(tmp_path, monkeypatch):
    _fake_kernel(monkeypatch, svg="<svg>old</svg>")
    report, options = _planned_report(tmp_path)
    assert safe_render(report, options).status == "rendered"
    charts = tmp_path / "out" / "figures" / "south-ossetia" / "2020-01-01"
    before = (_stat_tree(report.spec.folder), _stat_tree(charts))

    _fake_kernel(monkeypatch, svg="<svg>new</svg>")

    def full_disk(page, target):
        raise OSError(errno.ENOSPC, "No space left on device", str(target))

    html = EXPORTERS["html"]
    monkeypatch.setitem(EXPORTERS, "html", replace(html, write=full_disk))
    again = safe_render(replace(report, fingerprint="b" * 64), options)
    assert again.status == "failed"
    assert (charts / "population.svg").read_text() == "<svg>old</svg>"
    assert (_stat_tree(report.spec.folder), _stat_tree(charts)) == before


def test_a_sigterm_during_publication_waits_for_the_charts_to_go_in_too(tmp_path, monkeypatch):
    target, figures_target = tmp_path / "out" / "r" / "2020-01-01", tmp_path / "figures" / "r" / "d"
    for folder, text in ((target, "old report"), (figures_target, "old chart")):
        folder.mkdir(parents=True)
        (folder / "file").write_text(text)
    real = publish.publish_folder
    calls = []

    def publish_then_signal(staging, where):
        real(staging, where)
        calls.append(where)
        if len(calls) == 1:
            os.kill(os.getpid(), signal.SIGTERM)  # between the report's swap and the charts'

    class Stopped(BaseException):
        pass

    def stop(signum, frame):
        raise Stopped

    monkeypatch.setattr(publish, "publish_folder", publish_then_signal)
    previous = signal.signal(signal.SIGTERM, stop)
    try:
        with pytest.raises(Stopped), publish.staged(target, figures_target) as stage:
            (stage.report / "file").write_text("new report")
            (stage.figures / "file").write_text("new chart")
            publish.publish_report(stage)
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert calls == [target, figures_target], "the signal waited for both swaps"
    assert (target / "file").read_text() == "new report"
    assert (figures_target / "file").read_text() == "new chart"
    assert sorted(p.name for p in target.parent.iterdir()) == ["2020-01-01"]
    assert sorted(p.name for p in figures_target.parent.iterdir()) == ["d"]


def test_a_report_published_without_its_charts_is_rendered_again(tmp_path, monkeypatch):
    _fake_kernel(monkeypatch)
    report, options = _planned_report(tmp_path)
    assert safe_render(report, options).status == "rendered"
    assert is_up_to_date(report.spec, options, report.fingerprint)
    chart = tmp_path / "out" / "figures" / "south-ossetia" / "2020-01-01" / "population.svg"
    chart.write_text("<svg>the chart of an older render</svg>")  # as if killed between swaps
    assert not is_up_to_date(report.spec, options, report.fingerprint)


def test_an_edition_whose_charts_are_not_its_own_is_made_again(tmp_path):
    data, out = _copy_data(tmp_path), tmp_path / "out"
    options = _options(data, out)
    specs = plan_reports(["south-ossetia"], _ids(data), DAY, out)
    _night(specs, options, DAY)
    assert _unchanged(_night(specs, options, NEXT)[0]) == {"south-ossetia"}
    (out / "figures" / "south-ossetia" / DAY.isoformat() / "chart.svg").write_text("<svg/>")
    planned, new = _night(specs, options, NEXT)
    assert _unchanged(planned) == set()
    assert [e["as_of"] for e in new] == [NEXT.isoformat()]


# --- 4 / 11. --out guarded; a run with nothing to do writes nothing -----------------------------


def _stat_tree(folder: Path) -> dict[str, tuple]:
    """Every path under ``folder`` with its inode, size and modification time (links not followed)."""
    found = {}
    for path in sorted([folder, *folder.rglob("*")]):
        info = path.lstat()
        found[str(path.relative_to(folder))] = (info.st_ino, info.st_size, info.st_mtime_ns)
    return found


def _render_refusing_kernels(tmp_path, data_dir, out, monkeypatch, env=None):
    import papermill

    def never(*args, **kwargs):
        raise AssertionError("no report may render")

    monkeypatch.setattr(papermill, "execute_notebook", never)
    return invoke(
        "render", "south-ossetia", "--data", str(data_dir), "--out", str(out),
        "--as-of", "2020-01-01", "--format", "html", "--jobs", "1", env=env,
    )  # fmt: skip


@pytest.mark.parametrize("where", ["data", "inside data", "figures", "inside figures"])
def test_an_out_folder_that_would_overwrite_what_a_run_reads_is_refused(
    tmp_path, data_dir, monkeypatch, where
):
    figures = tmp_path / "figures"
    figures.mkdir()
    out = {
        "data": data_dir,
        "inside data": data_dir / "reports",
        "figures": figures,
        "inside figures": figures / "trial",
    }[where]
    env = {**os.environ, "BREAKAWAY_FIGURES_DIR": str(figures)}
    before = _stat_tree(data_dir), _stat_tree(figures)
    result = _render_refusing_kernels(tmp_path, data_dir, out, monkeypatch, env=env)
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"breakaway: --out {out}"), lines
    assert (_stat_tree(data_dir), _stat_tree(figures)) == before


@pytest.mark.parametrize("where", ["/", "project", "src", "package", "notebooks"])
def test_an_out_folder_on_the_system_or_the_code_is_refused(tmp_path, data_dir, where):
    # Checked on the guard itself: a regression must not write into / or the code.
    out = {
        "/": Path("/"),
        "project": paths.REPO_DIR,
        "src": paths.REPO_DIR / "src" / "reports",
        "package": paths.PACKAGE_DIR,
        "notebooks": paths.notebooks_dir(),
    }[where]
    with pytest.raises(ParameterError, match=f"^--out {out}: .*expected a folder of its own"):
        check_out_dir(out, data_dir, tmp_path / "figures")


def test_an_out_folder_of_its_own_is_accepted(tmp_path, data_dir, monkeypatch):
    # The guard is not a blanket refusal: a folder beside the data is fine.
    _fake_kernel(monkeypatch)
    result = _render_refusing_kernels(tmp_path, data_dir, tmp_path / "reports", monkeypatch)
    assert result.returncode == 1  # it did try to render (our stand-in kernel refuses)
    assert (tmp_path / "reports" / "south-ossetia").is_dir()


def test_a_run_with_nothing_to_do_writes_nothing(tmp_path):
    data, out = _copy_data(tmp_path), tmp_path / "out"
    options = replace(_options(data.resolve(), out.resolve()))
    specs = plan_reports([], _ids(data), DAY, out.resolve())
    _night(specs, options, DAY)
    write_index(out)
    before = _stat_tree(out)
    out.chmod(0o555)  # read-only (root writes anyway: the check above is what counts)
    try:
        env = {**os.environ, "BREAKAWAY_TODAY": NEXT.isoformat()}
        result = invoke(
            "render", "--data", str(data), "--out", str(out), "--format", "html", env=env
        )
    finally:
        out.chmod(0o755)
    assert result.returncode == 0, result.stderr
    assert "no change since the edition of 1 December 2026" in result.stdout
    assert _stat_tree(out) == before, "a run with nothing to do wrote under --out"
