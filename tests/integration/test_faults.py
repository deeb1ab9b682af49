"""Faults lose nothing: failing cells, dying kernels, concurrent renders, blocked output.

SIGKILL at a known phase: test_publish_kill.py; at every publish step: test_publish_faults.py.

Each test first renders a good report, then causes the fault, then checks that the good report is
still whole (same fingerprint, every file there, the PDF readable) and that the run said what
happened.
"""

from __future__ import annotations

import json
import os
import shutil

import nbformat
import pytest
from pypdf import PdfReader
from rendered import EARLY, rendered_set
from reportcheck import REPO, run, start

pytestmark = pytest.mark.integration

AS_OF = EARLY  # the shared set of small reports
FILES = ["briefing.ipynb", "briefing.html", "briefing.pdf", "facts.json", "manifest.json"]


def _render_args(*territories: str, out, extra: tuple[str, ...] = ()) -> list[str]:
    return ["render", *territories, "--as-of", AS_OF, "--out", str(out), *extra]


def _cli(*args, env=None):
    return run("breakaway", "render", "abkhazia", "--as-of", AS_OF, *args, env=env)


def _notebooks_with(tmp_path, extra_source: str | None) -> dict:
    """An environment whose briefing notebook has one extra cell after the parameters check."""
    folder = tmp_path / "notebooks"
    folder.mkdir(exist_ok=True)
    notebook = nbformat.read(REPO / "notebooks" / "briefing.ipynb", as_version=4)
    if extra_source:
        notebook.cells.insert(4, nbformat.v4.new_code_cell(extra_source))
    nbformat.write(notebook, folder / "briefing.ipynb")
    return {**os.environ, "BREAKAWAY_NOTEBOOKS_DIR": str(folder)}


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    """Good reports rendered once a session; tests copy them and break things around the copy."""
    return rendered_set(tmp_path_factory, AS_OF)


@pytest.fixture
def out(tmp_path, good):
    target = tmp_path / "reports"
    shutil.copytree(good, target)
    return target


def _assert_whole(out, fingerprint: str) -> None:
    folder = out / "abkhazia" / AS_OF
    for name in FILES:
        assert (folder / name).is_file(), name
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["status"] == "ok"
    assert manifest["fingerprint"] == fingerprint
    assert len(PdfReader(str(folder / "briefing.pdf")).pages) >= 4
    json.loads((folder / "facts.json").read_text())


def _fingerprint(out) -> str:
    return json.loads((out / "abkhazia" / AS_OF / "manifest.json").read_text())["fingerprint"]


def test_a_failing_cell_keeps_the_good_report_and_says_where(tmp_path, out):
    before = _fingerprint(out)
    env = _notebooks_with(tmp_path, "raise RuntimeError('boom in the data')")
    result = _cli("--out", str(out), env=env)
    assert result.returncode == 1
    line = [text for text in result.stderr.splitlines() if "failed" in text]
    assert len(line) == 1
    assert f"abkhazia {AS_OF}: failed: cell" in line[0]
    assert "RuntimeError: boom in the data" in line[0]
    _assert_whole(out, before)
    folder = out / "abkhazia" / AS_OF
    failed = nbformat.read(folder / "briefing.failed.ipynb", as_version=4)
    assert any(o.get("ename") == "RuntimeError" for c in failed.cells for o in c.get("outputs", []))
    attempt = json.loads((folder / "manifest.json").read_text())["last_attempt"]
    assert attempt["status"] == "failed" and "boom in the data" in attempt["error"]
    index = (out / "index.html").read_text()
    assert "last attempt failed" in index


def test_a_dying_kernel_keeps_the_good_report(tmp_path, out):
    before = _fingerprint(out)
    env = _notebooks_with(tmp_path, "import os\nos._exit(1)")
    result = _cli("--out", str(out), env=env)
    assert result.returncode == 1
    assert f"abkhazia {AS_OF}: failed:" in result.stderr
    assert "Traceback" not in result.stderr
    _assert_whole(out, before)


def test_other_reports_still_render_when_one_fails(tmp_path, out):
    env = _notebooks_with(tmp_path, "assert territory != 'abkhazia', 'abkhazia breaks'")
    # HTML only: no PDF is read here, and a PDF is most of a render's time.
    args = _render_args("abkhazia", "transnistria", out=out, extra=("--format", "html"))
    result = run("breakaway", *args, env=env)
    assert result.returncode == 1
    folder = out / "transnistria" / AS_OF
    assert (folder / "briefing.html").is_file()
    assert json.loads((folder / "manifest.json").read_text())["settings"]["formats"] == ["html"]
    assert "abkhazia breaks" in result.stderr


def test_two_renders_of_the_same_report_at_once(out):
    before = _fingerprint(out)
    # A report missing its PDF is out of date: both runs plan to render it. The lock lets one
    # render; the other waits, checks again under the lock and finds it done. (Two forced renders
    # proved the lock at the cost of a second full render; this proves the check under it too.)
    (out / "abkhazia" / AS_OF / "briefing.pdf").unlink()
    args = _render_args("abkhazia", out=out, extra=("--jobs", "1"))
    processes = [start("breakaway", *args) for _ in range(2)]
    results = [(p.wait(timeout=600), p.communicate()) for p in processes]
    assert [code for code, _ in results] == [0, 0], results
    lines = [stdout for _, (stdout, _) in results]
    rendered = [text for text in lines if f"abkhazia {AS_OF}: rendered" in text]
    waited = [text for text in lines if f"abkhazia {AS_OF}: up to date" in text]
    assert (len(rendered), len(waited)) == (1, 1), lines
    # The same inputs end with the same whole report.
    _assert_whole(out, before)


def test_an_output_folder_in_the_way_fails_that_report_only(out):
    before = _fingerprint(out)
    # A file where the territory's folder must be: the render cannot write there.
    shutil.rmtree(out / "transnistria", ignore_errors=True)
    (out / "transnistria").write_text("in the way")
    result = run("breakaway", *_render_args("abkhazia", "transnistria", out=out))
    assert result.returncode == 1
    assert f"transnistria {AS_OF}: failed:" in result.stderr
    assert "Traceback" not in result.stderr
    _assert_whole(out, before)
