"""What a render produces: one ``ReportSpec`` per report, and where its files go.

Light on purpose (standard library only): the CLI plans a whole run and decides what is up to date
without importing pandas, matplotlib or Jupyter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from breakaway import paths

COMPARISON = "comparison"
# The notebook publishes its facts as an output of this type; render saves them as facts.json.
FACTS_MIMETYPE = "application/vnd.breakaway.facts+json"


@dataclass(frozen=True)
class ReportSpec:
    """One report to render: a notebook, its parameters, its output folder."""

    kind: str  # "briefing" or "comparison"
    territory: str | None
    as_of: date
    out_dir: Path

    @property
    def name(self) -> str:
        """``south-ossetia`` or ``comparison``: the report's folder and display name."""
        return self.territory or COMPARISON

    @property
    def label(self) -> str:
        """``south-ossetia 2022-05-13``: how log lines name the report."""
        return f"{self.name} {self.as_of.isoformat()}"

    @property
    def notebook(self) -> Path:
        """The source notebook."""
        return paths.notebooks_dir() / f"{self.kind}.ipynb"

    @property
    def folder(self) -> Path:
        """``OUT/<territory>/<as_of>/``."""
        return self.out_dir / self.name / self.as_of.isoformat()

    def output(self, suffix: str) -> Path:
        """``OUT/<territory>/<as_of>/briefing.<suffix>``."""
        return self.folder / f"{self.kind}.{suffix}"

    def parameters(self, data_dir: Path) -> dict:
        """The notebook parameters papermill injects."""
        params = {"as_of": self.as_of.isoformat(), "data_dir": str(data_dir)}
        if self.territory:
            params = {"territory": self.territory, **params}
        return params


def plan_reports(
    territories: list[str], all_territories: list[str], as_of: date, out_dir: Path
) -> list[ReportSpec]:
    """The reports of one run: the named ones, or every briefing plus the comparison.

    ``comparison`` among the names stands for the comparison report.
    """
    if territories:
        return [
            ReportSpec("comparison", None, as_of, out_dir)
            if t == COMPARISON
            else ReportSpec("briefing", t, as_of, out_dir)
            for t in dict.fromkeys(territories)
        ]
    specs = [ReportSpec("briefing", t, as_of, out_dir) for t in all_territories]
    return specs + [ReportSpec("comparison", None, as_of, out_dir)]
