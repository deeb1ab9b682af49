"""Regressions found after the merge of the hardening, test-tier, speed-up and as-of branches."""

from __future__ import annotations

import os
import shutil

from reportcheck import REPO

from breakaway import cli
from breakaway.data.fingerprint import VALIDATED_ENV
from breakaway.data.load import load_dataset


def test_a_render_called_in_process_leaves_no_validated_claim_behind(tmp_path, monkeypatch):
    from breakaway.render import run

    monkeypatch.delenv(VALIDATED_ENV, raising=False)
    monkeypatch.setattr(run, "render_reports", lambda *args, **kwargs: [])
    folder = tmp_path / "data"
    shutil.copytree(REPO / "data", folder)
    out = tmp_path / "out"
    argv = ["render", "abkhazia", "--data", str(folder), "--out", str(out), "--as-of", "2020-01-01"]
    assert cli.main(argv) == 0
    assert VALIDATED_ENV not in os.environ
    # A later load in the same process checks the data itself again.
    assert not load_dataset(folder).validated_by_run


def test_a_claim_the_caller_set_is_kept(tmp_path, monkeypatch):
    from breakaway.render import run

    monkeypatch.setenv(VALIDATED_ENV, "f" * 16)
    monkeypatch.setattr(run, "render_reports", lambda *args, **kwargs: [])
    folder = tmp_path / "data"
    shutil.copytree(REPO / "data", folder)
    out = tmp_path / "out"
    argv = ["render", "abkhazia", "--data", str(folder), "--out", str(out), "--as-of", "2020-01-01"]
    assert cli.main(argv) == 0
    assert os.environ[VALIDATED_ENV] == "f" * 16


def test_a_dead_render_leaves_no_staging_beside_the_report_or_its_charts(tmp_path):
    from breakaway.render.publish import discard_dead_render, staging_folder

    report = tmp_path / "out" / "abkhazia" / "2020-01-01"
    charts = tmp_path / "out" / "figures" / "abkhazia" / "2020-01-01"
    for target in (report, charts):
        (staging_folder(target) / "half-written.svg").write_text("<svg")
    other = staging_folder(charts.with_name("2021-01-01"))  # another report's: not this one's
    discard_dead_render(report, charts)
    assert not list(report.parent.glob(".*.tmp-*"))
    assert list(charts.parent.glob(".*.tmp-*")) == [other]
