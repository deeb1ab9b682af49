"""Tell the operator what a render did: a progress line on a terminal, plain lines otherwise.

On a terminal the line rewrites itself as reports finish. Elsewhere (cron, CI) each report gets
one plain line. Failures always go to stderr, one line each.
"""

from __future__ import annotations

import os
import sys

from breakaway.data.safety import escape_text
from breakaway.render.result import RenderResult

# Set by ``--verbose`` (the CLI), inherited by workers: say what became of each kernel.
VERBOSE_ENV = "BREAKAWAY_VERBOSE"


def say_verbose(message: str) -> None:
    """With ``--verbose``, one line on stderr, in any process of the run (escaped)."""
    if os.environ.get(VERBOSE_ENV):
        print(f"breakaway: {escape_text(message)}", file=sys.stderr, flush=True)


class Progress:
    """Collects results and prints them as they arrive."""

    def __init__(self, total: int, verbose: bool = False, stream=None):
        self.total = total
        self.done = 0
        self.verbose = verbose
        self.stream = stream or sys.stdout
        self.is_terminal = self.stream.isatty()
        self.counts: dict[str, int] = {}

    def report(self, result: RenderResult) -> None:
        """Record one finished report."""
        self.done += 1
        self.counts[result.status] = self.counts.get(result.status, 0) + 1
        if result.status == "failed":
            self._clear()
            print(
                escape_text(
                    f"breakaway: {result.label}: failed: {result.message} (kept {result.folder})"
                ),
                file=sys.stderr,
            )
        line = f"{result.label}: {result.message or result.status}"
        if result.status != "unchanged":
            line = f"{result.label}: {result.status}"
        if result.timings.get("total"):
            line += f" in {result.timings['total']:.1f} s"
        if self.is_terminal and not self.verbose:
            bar = "#" * int(20 * self.done / self.total)
            self.stream.write(f"\r[{bar:<20}] {self.done}/{self.total} {line[:60]:<60}")
            self.stream.flush()
        elif result.status != "failed":
            print(line, file=self.stream)

    def _clear(self) -> None:
        if self.is_terminal and not self.verbose:
            self.stream.write("\r" + " " * 90 + "\r")

    def close(self) -> None:
        """Finish with a summary line."""
        self._clear()
        summary = ", ".join(f"{count} {status}" for status, count in sorted(self.counts.items()))
        quiet = self.counts.get("up to date", 0) + self.counts.get("unchanged", 0)
        if quiet == self.total:
            reports = "the report is" if self.total == 1 else f"all {self.total} reports are"
            summary = f"{reports} up to date; nothing to do"
        print(f"breakaway: {summary}", file=self.stream)
