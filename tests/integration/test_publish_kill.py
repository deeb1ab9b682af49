"""End to end: SIGKILL a real render at a known phase; the previous report stays whole.

The render is stopped where a marker says it is (``faultpoint``), not after a sleep: in its kernel,
and with its new report staged whole just before the swap. The step-by-step matrix of the publish
itself is in ``test_publish_faults.py``; here the real process dies and the next real run cleans
up after it.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import uuid

import pytest
from faultpoint import BLOCK_ENV, blocking_notebooks, swap_command, wait_for
from pypdf import PdfReader
from rendered import EARLY, rendered_set
from reportcheck import REPO, command, marked_processes, run

pytestmark = pytest.mark.integration

AS_OF = EARLY  # the shared set of small reports
ARGS = ["render", "abkhazia", "--as-of", AS_OF, "--format", "html"]


def _manifest(out) -> dict:
    return json.loads((out / "abkhazia" / AS_OF / "manifest.json").read_text())


def _assert_whole(out, fingerprint: str) -> None:
    folder = out / "abkhazia" / AS_OF
    manifest = _manifest(out)
    assert manifest["status"] == "ok" and manifest["fingerprint"] == fingerprint
    for name in manifest["files"]:
        assert (folder / name).is_file(), name
    if "briefing.pdf" in manifest["files"]:
        assert len(PdfReader(str(folder / "briefing.pdf")).pages) >= 4
    json.loads((folder / "facts.json").read_text())
    assert (folder / "briefing.html").read_text().rstrip().endswith("</html>")


@pytest.mark.parametrize("phase", ["kernel", "swap"])
def test_sigkill_mid_render_leaves_the_previous_report_whole(tmp_path_factory, tmp_path, phase):
    out = tmp_path / "reports"
    shutil.copytree(rendered_set(tmp_path_factory, AS_OF), out)
    before = _manifest(out)["fingerprint"]
    block = tmp_path / "block"
    block.mkdir()
    mark = uuid.uuid4().hex
    env = blocking_notebooks(tmp_path / "notebooks") if phase == "kernel" else dict(os.environ)
    env.update({BLOCK_ENV: str(block), "BREAKAWAY_TEST_MARK": mark})
    argv = command("breakaway", *ARGS) if phase == "kernel" else swap_command(*ARGS)
    argv += ["--out", str(out)]
    process = subprocess.Popen(
        argv,
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        marker = block / ("kernel-abkhazia" if phase == "kernel" else "swap")
        wait_for(marker, process)
        os.killpg(process.pid, signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
        # The kill landed mid-render: a staging folder is left, the last good report stands.
        staged = list((out / "abkhazia").glob(f".{AS_OF}.tmp-*"))
        assert len(staged) == 1, staged
        if phase == "swap":  # staged whole, and killed before the swap
            assert marker.read_text() == str(staged[0])
            assert {"briefing.html", "facts.json", "manifest.json"} <= {
                p.name for p in staged[0].iterdir()
            }
        _assert_whole(out, before)
    finally:
        for left in marked_processes(mark):  # the kernel leads its own session
            left.kill()
    # The next run cleans up after the killed one and renders normally.
    del env[BLOCK_ENV]
    result = run("breakaway", *ARGS, "--out", str(out), env=env)
    assert result.returncode == 0, result.stderr
    after = _manifest(out)["fingerprint"]
    assert after != before, "an HTML-only render has a fingerprint of its own"
    _assert_whole(out, after)
    assert not list((out / "abkhazia").glob(f".{AS_OF}.tmp-*"))
    assert not (out / "abkhazia" / f"{AS_OF}.previous").exists()
