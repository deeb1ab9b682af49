"""A render with nothing to do loads nothing heavy (issue 22: a no-op within 0.15 s).

Two subprocesses: the first runs ``breakaway render`` with the renderer replaced by one that
writes each report's manifest (the real fingerprint) and empty files, so that the output folder
is up to date without a kernel; the second runs the real command again, which finds nothing to
do, and lists the modules it imported. No kernel starts, nothing is laid out.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
AS_OF = "2025-06-30"

FAKE_RENDER = r"""
import json, sys
from pathlib import Path
from breakaway import cli
from breakaway.render import run
from breakaway.render.execute import RenderResult
from breakaway.render.plan import expected_files

def fake_render(planned, options, jobs, on_result):
    results = []
    for report in planned:
        spec = report.spec
        spec.folder.mkdir(parents=True, exist_ok=True)
        for path in expected_files(spec, options):
            path.write_text("")
        manifest = {"status": "ok", "fingerprint": report.fingerprint}
        (spec.folder / "manifest.json").write_text(json.dumps(manifest))
        result = RenderResult(spec.label, "rendered", str(spec.folder))
        on_result(result)
        results.append(result)
    return results

run.render_reports = fake_render
sys.exit(cli.main(sys.argv[1:]))
"""

NO_OP = r"""
import json, sys
from breakaway import cli
code = cli.main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""

# Libraries only a render needs; a run with nothing to do must not pay for their import.
HEAVY = (
    "pandas",
    "numpy",
    "matplotlib",
    "nbconvert",
    "nbformat",
    "papermill",
    "weasyprint",
    "jinja2",
    "frictionless",
    "jupyter_client",
    "psutil",
)
# The package's own render machinery, also not needed to find that nothing is out of date.
RENDER_ONLY = (
    "breakaway.render.execute",
    "breakaway.render.publish",
    "breakaway.render.ahead",
    "breakaway.render.pool",
    "breakaway.render.convert",
    "breakaway.render.index",
    "breakaway.render.editions",
)
# Standard modules a worker or an error message needs, loaded only then (each costs a no-op run
# a few milliseconds: tempfile brings random, shutil, bz2 and lzma; html its entity table).
ONLY_WHEN_NEEDED = ("tempfile", "ctypes", "difflib", "html", "calendar", "random")


def _run(script: str, out: Path, *extra: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO / "src"),
        "BREAKAWAY_FIGURES_DIR": str(out.parent / "figures"),
    }
    args = ["render", "--as-of", AS_OF, "--format", "html", "--out", str(out), *extra]
    return subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, env=env, timeout=300
    )


@pytest.fixture(scope="module")
def up_to_date_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("noop") / "out"
    done = _run(FAKE_RENDER, out)
    assert done.returncode == 0, done.stderr
    return out


def test_a_run_with_nothing_to_do_imports_no_heavy_library(up_to_date_out):
    done = _run(NO_OP, up_to_date_out)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["code"] == 0
    assert "up to date" in done.stdout + done.stderr
    modules = set(found["modules"])
    assert not [name for name in HEAVY if name in modules]
    assert not [name for name in RENDER_ONLY if name in modules]
    assert not [name for name in ONLY_WHEN_NEEDED if name in modules]


def test_the_fake_render_left_reports_that_a_real_run_finds_up_to_date(up_to_date_out):
    # The check above is only worth something if the second run really had nothing to do.
    manifests = sorted(up_to_date_out.glob("*/*/manifest.json"))
    assert len(manifests) == 5  # four briefings and the comparison
    done = _run(NO_OP, up_to_date_out)
    assert "rendered" not in done.stdout.split("{")[0]
