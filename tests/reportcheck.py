"""Helpers for tests that read rendered reports the way a reader would."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bs4 import BeautifulSoup

if TYPE_CHECKING:
    from pypdf import PdfReader

# Debian's Chromium for the browser tests (None when it is not installed: those tests skip).
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Without these Chromium tries Google's services at start-up; this machine has no network.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

REPO = Path(__file__).resolve().parent.parent
# Words that betray code, a missing value or an error where a reader would see them.
FORBIDDEN_PATTERNS = [
    r"\bNaN\b",
    r"\bNaT\b",
    r"\bnan\b",
    r"\bNone\b",
    r"Traceback",
    r"\bimport \w",
    r"\bbriefing\.\w+\(",
    r"\bcomparison\.\w+\(",
    r"<script",
    r"\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}",
    r"Error\b:",
    r"\\",  # a Markdown escape that leaked into the text (once printed as "one\-day")
]


BIN = Path(sys.executable).parent


def command(tool: str, *args: str, python_flags: tuple[str, ...] = ()) -> list[str]:
    """The argv of a tool: ``breakaway`` (as ``python -m breakaway.cli``) or one in the venv."""
    if tool == "breakaway":
        return [sys.executable, *python_flags, "-m", "breakaway.cli", *args]
    return [str(BIN / tool), *args]


def run(
    tool: str,
    *args: str,
    env: dict | None = None,
    timeout: int = 600,
    python_flags: tuple[str, ...] = (),
) -> subprocess.CompletedProcess:
    """Run ``breakaway``, ``papermill``, ``jupyter``, ``ruff`` or ``lint-imports`` in the repo.

    The one way tests start a subprocess and wait for it: output captured as text.
    """
    return subprocess.run(
        command(tool, *args, python_flags=python_flags),
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=timeout,
    )


def start(tool: str, *args: str, env: dict | None = None, **popen) -> subprocess.Popen:
    """Start a tool in the repo without waiting (for signal and concurrency tests)."""
    popen.setdefault("stdout", subprocess.PIPE)
    popen.setdefault("stderr", subprocess.PIPE)
    return subprocess.Popen(command(tool, *args), cwd=REPO, env=env, text=True, **popen)


def run_cli(*args: str, env: dict | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    """Run the ``breakaway`` command and capture its output."""
    return run("breakaway", *args, env=env, timeout=timeout)


def invoke(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``breakaway`` inside the test process and capture what it prints.

    For commands that are refused or finish before any kernel starts: a new Python process costs
    about a second of imports, which the unit tier cannot afford dozens of times. ``env``, when
    given, replaces the environment for the call, as it does for ``run_cli``. The tests that need a
    real process (exit status from the entry point, signals, no traceback on stderr) keep
    ``run_cli``.
    """
    from breakaway import cli

    stdout, stderr = io.StringIO(), io.StringIO()
    saved = dict(os.environ)
    try:
        if env is not None:
            os.environ.clear()
            os.environ.update(env)
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                code = cli.main(list(args))
            except SystemExit as exit:  # argparse refuses a bad option this way
                code = exit.code
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return subprocess.CompletedProcess(
        ["breakaway", *args], code, stdout.getvalue(), stderr.getvalue()
    )


def html_text(path: Path) -> tuple[BeautifulSoup, str]:
    """The parsed page and the text a reader sees, whitespace collapsed."""
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for hidden in soup(["style", "title"]):
        hidden.decompose()
    return soup, " ".join(soup.get_text(" ").split())


# The folder of a session's shared rendered sets (tests/rendered.py), which every xdist worker sees.
SHARED = "shared-reports"


def pdf_pages(path: Path) -> tuple[str, ...]:
    """Each page's text as pypdf extracts it (``""`` for a page without text).

    pypdf takes seconds for a briefing, and several modules read the same PDF of a shared set:
    the text of a PDF under the session's shared folder is extracted once a session, by the first
    worker to ask (under a lock, as ``pagefill.summary`` does), and kept there as JSON by the
    PDF's bytes. Any other PDF is read afresh.
    """
    path = Path(path)
    root = next((parent for parent in path.parents if parent.name == SHARED), None)
    if root is None:
        return _extract_pages(path)
    content = path.read_bytes()
    cache = root / "pdf-text"
    cache.mkdir(exist_ok=True)
    target = cache / f"{hashlib.sha256(content).hexdigest()[:24]}.json"
    with open(target.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not target.exists():
            staged = target.with_suffix(".tmp")
            staged.write_text(json.dumps(_extract_pages(path)), encoding="utf-8")
            staged.replace(target)
    return tuple(json.loads(target.read_text(encoding="utf-8")))


def _extract_pages(path: Path) -> tuple[str, ...]:
    # pypdf is imported where a PDF is read: most test processes import this module for
    # ``invoke`` and read no PDF (the import costs a unit-tier worker about 70 ms).
    from pypdf import PdfReader

    return tuple(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def pdf_text(path: Path) -> tuple[PdfReader, str]:
    """The PDF and its extracted text (``pdf_pages``, joined), whitespace collapsed."""
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    text = " ".join(pdf_pages(path))
    return reader, " ".join(text.split())


def assert_clean(text: str) -> None:
    """No code, missing values or raw timestamps where a reader would see them."""
    for pattern in FORBIDDEN_PATTERNS:
        found = re.search(pattern, text)
        assert not found, (
            f"reader-visible text contains {found.group(0)!r}: "
            f"...{text[max(0, found.start() - 80) : found.end() + 40]}..."
        )


def marked_processes(marker: str) -> list:
    """Live processes (any parent) whose environment holds ``BREAKAWAY_TEST_MARK=marker``.

    Kernels and workers inherit the CLI's environment, so this finds every process a test's
    render started, even after it was re-parented to init.
    """
    import psutil

    found = []
    for process in psutil.process_iter():
        try:
            if process.environ().get("BREAKAWAY_TEST_MARK") == marker:
                if process.status() != psutil.STATUS_ZOMBIE:
                    found.append(process)
        except psutil.Error:
            continue
    return found


def hostile_descriptor(folder: Path) -> Path:
    """Strip every ``pattern`` and ``enum`` from a data folder's descriptor, as an attacker would."""
    import json

    path = folder / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        for field in resource["schema"]["fields"]:
            constraints = field.get("constraints", {})
            constraints.pop("pattern", None)
            constraints.pop("enum", None)
    path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    return path
