"""One set of rendered reports per test session, shared by every test that reads outputs.

Each set is rendered by the ``breakaway`` command, the way an operator renders it, at most once
per session: with pytest-xdist the workers share one folder beside their own temporary folders,
and the first worker to ask for a set renders it under a file lock while the others wait for it
(the pattern of the pytest-xdist docs, with ``fcntl`` instead of the ``filelock`` package).
Tests must treat a set as read-only: copy it (``shutil.copytree``) before changing anything.

A set renders HTML only unless one of its readers opens the PDF.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from pathlib import Path

import pytest
from reportcheck import SHARED, start

# The day of the set of small reports that mechanism tests copy, break and render again.
EARLY = "2000-01-01"

# name -> the render commands (arguments after ``breakaway render``), each run into the set's
# folder; the commands of one set run at the same time (in turn: IN_TURN). Readers are named so that a change to a
# set is checked against every test that reads it.
SETS: dict[str, list[list[str]]] = {
    # test_render_integration (HTML, PDF, facts), test_browser (HTML of both, index),
    # test_editorial_rendered (the briefing's HTML, read for house style), test_reproducible (the
    # first of its two renders; see ENV), test_pdf_structure (the tagged PDF: structure,
    # language, alt text, bookmarks).
    "2022-05-13": [
        ["south-ossetia", "--as-of", "2022-05-13"],
        ["comparison", "--as-of", "2022-05-13", "--format", "html"],
    ],
    # test_time_travel: the turning points, read in facts.json, the HTML and the PDF.
    "time-travel": [
        ["south-ossetia", "--as-of", "2011-12-31"],
        ["south-ossetia", "--as-of", "2014-04-30"],
        ["south-ossetia", "--as-of", "2018-06-30"],
        ["south-ossetia", "--as-of", "2022-06-15"],
        ["nagorno-karabakh", "--as-of", "2024-06-30"],
    ],
    # Every report of today, in two runs one after the other (IN_TURN): test_record_current
    # reads the two Georgian regions' HTML and PDF; test_body_appendix (every briefing) and
    # test_print_layout (every report) lay the HTML out again; test_feed_validates_rendered reads
    # the feed (an entry per report) and runs the same two commands again with --base-url.
    "today": [
        ["south-ossetia", "abkhazia", "--as-of", "today", "--jobs", "2"],
        ["transnistria", "nagorno-karabakh", "comparison", "--as-of", "today"]
        + ["--format", "html", "--jobs", "2"],
    ],
    # test_faults, test_hardening_signals, test_publish_kill, test_render_ahead_rendered: good
    # reports that they copy and then break (or compare with), and test_pdf_structure's archival
    # variant. These tests prove mechanisms, not content: an early day gives small reports (six
    # pages, five charts for Abkhazia), so the set and every render of theirs costs about half
    # of one of 2020 (14 pages).
    EARLY: [["abkhazia", "transnistria", "--as-of", EARLY, "--jobs", "2"]],
}

# Sets whose commands run one after the other, not at once: runs into the same folder that both
# publish new editions would both rewrite the feed's entries (the last writer's list would win).
IN_TURN = {"today"}

# name -> environment variables of that set's renders, on top of the session's.
ENV: dict[str, dict[str, str]] = {
    # Byte-identical PDFs need a fixed date; test_reproducible renders the same report again.
    "2022-05-13": {"SOURCE_DATE_EPOCH": "1700000000"},
    # test_kernel_forks_rendered reads what became of each kernel (forked or not) in its log.
    EARLY: {"BREAKAWAY_VERBOSE": "1"},
}


def rendered_log(tmp_path_factory, name: str) -> str:
    """What the commands of set ``name`` wrote on stderr (the set is rendered first if need be)."""
    rendered_set(tmp_path_factory, name)
    return (shared_root(tmp_path_factory) / f"{name}.stderr").read_text()


def shared_root(tmp_path_factory) -> Path:
    """The folder every xdist worker of this session sees (its own base folder without xdist)."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # pytest-of-user/pytest-N/, above popen-gw0, popen-gw1, ...
    root = base / SHARED
    root.mkdir(exist_ok=True)
    return root


def rendered_set(tmp_path_factory, name: str) -> Path:
    """The output folder of set ``name``, rendered now unless this session already did."""
    root = shared_root(tmp_path_factory)
    out, done = root / name, root / f"{name}.done"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if done.exists():
            return out
        shutil.rmtree(out, ignore_errors=True)  # a failed attempt of another worker
        env = {**os.environ, **ENV.get(name, {})}
        batches = [[args] for args in SETS[name]] if name in IN_TURN else [SETS[name]]
        failures = []
        log = root / f"{name}.stderr"  # what the commands said, for tests that read it
        log.write_text("")
        for batch in batches:
            processes = [
                start("breakaway", "render", *args, "--out", str(out), env=env) for args in batch
            ]
            for args, process in zip(batch, processes, strict=True):
                _, stderr = process.communicate(timeout=900)
                with log.open("a") as said:
                    said.write(stderr)
                if process.returncode != 0:
                    failures.append(f"render {' '.join(args)}: exit {process.returncode}: {stderr}")
        if failures:
            pytest.fail("shared reports failed:\n" + "\n".join(failures))
        done.write_text("rendered\n")
    return out
