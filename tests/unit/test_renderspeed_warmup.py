"""Pool workers start with the converters loaded by their parent (issue 22).

Each worker used to import papermill, nbconvert and WeasyPrint itself (WeasyPrint's import runs
some 20 ``ctypes.util.find_library`` look-ups, each a compiler subprocess) and compile the HTML
template on its first report. The render process now does it once before it forks them.
Run in a subprocess: the imports and the fork must not touch the test process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

CHILD = r"""
import ctypes.util, json, multiprocessing, os, sys
# A render process has validated its data before it warms up, and validation declares the optional
# rfc3987_syntax absent before jsonschema is first imported (breakaway.data.validate); without
# that, papermill's nbformat import here would compile its grammar, 1.5 s this test need not pay.
sys.modules.setdefault("rfc3987_syntax", None)
from breakaway.render import run

run.warm_up_for_workers()
threads = len(os.listdir("/proc/self/task"))

def child(queue):
    looked_up = []
    real = ctypes.util.find_library
    ctypes.util.find_library = lambda name: looked_up.append(name) or real(name)
    import nbformat
    import weasyprint  # noqa: F401
    from breakaway.render import convert
    compiled = convert._exporter.cache_info().currsize
    blank = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("x")])
    convert.notebook_html(blank, title="t", subject="s")
    queue.put({"looked_up": looked_up, "exporter_cached": compiled})

context = multiprocessing.get_context("fork")
queue = context.Queue()
process = context.Process(target=child, args=(queue,))
process.start()
found = queue.get(timeout=120)
process.join()
found["threads"] = threads
found["start_method"] = multiprocessing.get_start_method()
print(json.dumps(found))
"""


@pytest.mark.skipif(sys.platform != "linux", reason="fork and /proc are Linux's")
def test_a_forked_worker_finds_weasyprint_and_the_template_ready():
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    done = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, env=env, timeout=300
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["start_method"] == "fork"
    # Fork-safe: the warm-up started no thread (a thread's lock held across fork can hang it).
    assert found["threads"] == 1
    # The worker imported nothing that looks up a library: WeasyPrint was already loaded ...
    assert found["looked_up"] == []
    # ... and the HTML exporter (its compiled template) came with it.
    assert found["exporter_cached"] == 1


def test_no_warm_up_when_workers_would_not_inherit_it(monkeypatch):
    import multiprocessing

    from breakaway.render import run

    calls = []
    monkeypatch.setattr(multiprocessing, "get_start_method", lambda allow_none=False: "spawn")
    monkeypatch.setattr("breakaway.render.convert.warm_up", lambda: calls.append(1))
    run.warm_up_for_workers()
    assert calls == []
