"""Stop a real render at a chosen phase and say so in a marker file, for kill and signal tests.

Tests wait for the marker instead of sleeping, so the machine's load never decides which phase a
kill or a signal lands in. Two phases:

- ``kernel``: a briefing notebook with one extra cell (``blocking_notebooks``) that, when
  ``BREAKAWAY_TEST_BLOCK_DIR`` is set, writes ``kernel-<territory>`` there and blocks: the kernel
  is running the notebook. Without the variable the cell does nothing.
- ``swap``: this file run as a script in place of ``breakaway`` (``swap_command``): the report is
  staged whole (notebook, HTML, facts, manifest) and, just before it is swapped in, the process
  writes ``swap`` (holding the staging folder's path) and blocks.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parent.parent
BLOCK_ENV = "BREAKAWAY_TEST_BLOCK_DIR"
BLOCK_SECONDS = 300  # a cap, so a test that fails to kill leaves nothing running for long

BLOCKING_CELL = f"""\
import os as _os, pathlib as _pathlib, time as _time
if _os.environ.get("{BLOCK_ENV}"):
    _pathlib.Path(_os.environ["{BLOCK_ENV}"], "kernel-" + territory).write_text("running")
    _time.sleep({BLOCK_SECONDS})
"""


def blocking_notebooks(folder: Path) -> dict[str, str]:
    """An environment whose briefing notebook blocks in its kernel when ``BLOCK_ENV`` is set."""
    folder.mkdir(parents=True, exist_ok=True)
    notebook = nbformat.read(REPO / "notebooks" / "briefing.ipynb", as_version=4)
    notebook.cells.insert(4, nbformat.v4.new_code_cell(BLOCKING_CELL))
    nbformat.write(notebook, folder / "briefing.ipynb")
    return {**os.environ, "BREAKAWAY_NOTEBOOKS_DIR": str(folder)}


def swap_command(*args: str) -> list[str]:
    """The argv of ``breakaway ARGS`` that blocks just before its one report is swapped in."""
    return [sys.executable, str(Path(__file__).resolve()), *args]


def wait_for(marker: Path, process, timeout: float = 300.0) -> None:
    """Wait until ``marker`` exists; fail at once if ``process`` ends first (it never got there)."""
    deadline = time.monotonic() + timeout
    while not marker.exists():
        if process.poll() is not None:
            out, err = process.communicate()
            raise AssertionError(f"ended ({process.returncode}) before {marker.name}: {err}")
        if time.monotonic() > deadline:
            raise AssertionError(f"{marker.name} did not appear within {timeout:.0f} s")
        time.sleep(0.05)


def _block_before_swap() -> int:
    from breakaway import cli
    from breakaway.render import execute, publish

    block = Path(os.environ[BLOCK_ENV])

    def blocked(stage: publish.Staged) -> None:
        (block / "swap").write_text(str(stage.report))
        time.sleep(BLOCK_SECONDS)
        raise SystemExit("faultpoint: never killed")

    # The one function every path swaps a finished report in through (``publish_report``): under
    # the name render_report calls it by, and in its own module (``publish_files``, for Dask).
    execute.publish_report = blocked
    publish.publish_report = blocked
    return cli.main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(_block_before_swap())
