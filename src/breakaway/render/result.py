"""What became of one report, and the one-line form of an error: shared by every way to render.

Standard library only: a run with nothing to do reports its up-to-date reports with these and
needs none of the rendering code (``execute``).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RenderResult:
    """What happened to one report."""

    label: str
    status: str  # "rendered", "up to date" or "failed"
    folder: str
    message: str = ""
    timings: dict = field(default_factory=dict)


def first_line(text: str) -> str:
    """The first non-blank line of a message, stripped: error lines stay one line."""
    lines = [line.strip() for line in str(text).strip().splitlines() if line.strip()]
    return lines[0] if lines else ""
