"""The suite's own speed helpers: counting renders (tests/rendercount.py) and laying a page out
once for every layout check (tests/pagefill.py ``summary``)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import rendercount

PAGE = """<!doctype html><html lang="en"><head><style>
@page { size: A5; margin: 2cm }
.wide { width: 30cm }
</style></head><body>
<section class="lead"><p>The short answer.</p></section>
<p class="wide">A box wider than the page.</p>
<h2 id="appendix">Appendix</h2><p>The record.</p>
</body></html>
"""


def test_the_counting_kernel_logs_the_test_then_runs_the_real_kernel(tmp_path, monkeypatch):
    # A stand-in for the real kernel (a unit test starts no kernel): it prints its arguments.
    fake = [sys.executable, "-c", "import sys; print(sys.argv[1:])", "-f", "{connection_file}"]
    monkeypatch.setattr(rendercount, "_real_spec", lambda: {"argv": fake, "language": "python"})
    log = rendercount.counting_kernels(tmp_path / "jupyter")
    spec = json.loads((tmp_path / "jupyter" / "kernels" / "python3" / "kernel.json").read_text())
    assert spec["language"] == "python", "the real spec's metadata is kept"
    # As the kernel manager fills in the argv (jupyter_client's format_kernel_cmd): every element.
    argv = [re.sub(r"\{connection_file\}", "conn.json", a) for a in spec["argv"]]
    assert argv[-1] == "conn.json"
    env = {**os.environ, "PYTEST_CURRENT_TEST": "tests/integration/test_x.py::test_y (call)"}
    for _ in range(2):
        result = subprocess.run(argv, env=env, capture_output=True, text=True, check=True)
        assert result.stdout.strip() == "['-f', 'conn.json']"
    assert rendercount.kernel_starts(log) == {"tests/integration/test_x.py": 2}


def test_pdfs_made_counts_a_copied_set_once(tmp_path):
    first = tmp_path / "set" / "a" / "briefing.pdf"
    first.parent.mkdir(parents=True)
    first.write_bytes(b"%PDF-1.7 one")
    shutil.copytree(tmp_path / "set", tmp_path / "copy")  # keeps the modification time
    assert rendercount.pdfs_made(tmp_path) == 1
    other = tmp_path / "set" / "b" / "briefing.pdf"
    other.parent.mkdir()
    other.write_bytes(b"%PDF-1.7 another one")
    assert rendercount.pdfs_made(tmp_path) == 2


def test_a_page_is_laid_out_once_for_every_layout_check(tmp_path, monkeypatch):
    import pagefill  # imports WeasyPrint (about a second): only the worker that runs this pays

    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    document = pagefill.weasyprint.HTML(filename=str(page)).render()
    cache = tmp_path / "layouts"
    found = pagefill.summary(page, cache)
    # The same figures as each check computed from its own layout.
    appendix_page, fills, lead_pages = pagefill.body_pages(document)
    assert found["appendix_page"] == appendix_page is not None
    assert found["fills"] == pytest.approx(fills)
    assert found["lead_pages"] == lead_pages == {1}
    assert found["overflows"] == pagefill.overflows(document) != []
    assert found["pages"] == json.loads(json.dumps(pagefill.page_fill(page, document)))

    def no_layout(*args, **kwargs):
        raise AssertionError("laid out again")

    monkeypatch.setattr(pagefill.weasyprint, "HTML", no_layout)
    assert pagefill.summary(page, cache) == found
    # Other bytes are another page: laid out anew.
    page.write_text(PAGE.replace("The record.", "The whole record."), encoding="utf-8")
    with pytest.raises(AssertionError, match="laid out again"):
        pagefill.summary(page, cache)


def test_the_suite_bench_reads_the_summary_with_and_without_rules():
    import importlib.util

    path = Path(__file__).resolve().parents[2] / "benchmarks" / "suite_bench.py"
    spec = importlib.util.spec_from_file_location("suite_bench", path)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    quiet = "....\n1247 passed, 2 xfailed in 470.12s (0:07:50)\n"  # what -q prints
    ruled = "==== 3 failed, 5 passed in 1.50s ====\n"
    assert bench.SUMMARY.findall(quiet)[-1][0] == "1247 passed, 2 xfailed"
    assert bench.SUMMARY.findall(ruled)[-1][0] == "3 failed, 5 passed"
