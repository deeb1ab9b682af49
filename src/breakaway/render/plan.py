"""The plan of a run: which reports, where their files go, and which of them are up to date.

Decided once per run (``plan_run``): every input is hashed once, every report's fingerprint is
computed once and compared with its manifest. Light on purpose (standard library only): a run with
nothing to do imports no pandas, matplotlib or Jupyter.

Planning only reads: it runs before the data is validated, so it must not change anything under
``--out`` (an interrupted swap is finished by the render, under the report's lock). Every report
path is checked to stay inside its root with no symbolic link on the way (``guard``).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from breakaway import paths
from breakaway.data.fingerprint import content_hash, data_hashes
from breakaway.errors import ParameterError
from breakaway.render import fingerprint as fp
from breakaway.render.exporters import exporters_for
from breakaway.render.guard import UnsafePath, open_no_follow, refuse_links
from breakaway.render.locks import lock_location

COMPARISON = "comparison"
MANIFEST = "manifest.json"
MAX_MANIFEST_BYTES = 16 * 1024 * 1024
_PLAIN_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}", re.ASCII)
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


@dataclass(frozen=True)
class ReportSpec:
    """One report to render: a notebook, its parameters, its output folder."""

    kind: str  # "briefing" or "comparison"
    territory: str | None
    as_of: date
    out_dir: Path
    previous_edition: date | None = None  # a new edition opens with what changed since this

    @property
    def name(self) -> str:
        """The territory id or ``comparison``: the report's folder and display name."""
        return self.territory or COMPARISON

    @property
    def label(self) -> str:
        """``<territory id> 2022-05-13``: how log lines name the report."""
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
            if self.previous_edition:
                params["previous_edition"] = self.previous_edition.isoformat()
        return params


def check_out_dir(out_dir: Path, data_dir: Path, figures_dir: Path) -> None:
    """Refuse an output folder that would overwrite, or feed on, what a run reads or keeps.

    Not ``/``, not the project folder itself, nothing inside the data (``--data`` or the
    project's ``data/``: its own reports would count as data), the code (``src/``, the package,
    the notebooks) or the default output's charts folder (``figures/``).

    Raises:
        ParameterError: One line naming the folder and why.
    """
    out = Path(os.path.realpath(out_dir))
    refused = [
        (Path(os.path.realpath(data_dir)), "the data folder (--data)"),
        (Path(os.path.realpath(paths.data_dir())), "the project's data folder"),
        (paths.REPO_DIR / "src", "the code (src/)"),
        (paths.PACKAGE_DIR, "the code (the breakaway package)"),
        (Path(os.path.realpath(paths.notebooks_dir())), "the notebooks"),
        (Path(os.path.realpath(figures_dir)), "the charts folder of the default output"),
    ]
    why = None
    if out.parent == out:
        why = "is the root of the file system"
    elif out == paths.REPO_DIR:
        why = "is the project folder itself"
    else:
        for folder, words in refused:
            if out == folder or folder in out.parents:
                why = f"is inside {words} ({folder})" if out != folder else f"is {words}"
                break
    if why:
        raise ParameterError(
            f"--out {out_dir}: {why}; expected a folder of its own for the reports "
            "(reports/ by default)"
        )
    existing = out
    while not os.path.lexists(existing):
        existing = existing.parent
    if not existing.is_dir():
        raise ParameterError(
            f"--out {out_dir}: cannot write there, {existing} is not a folder; "
            "expected a folder you can write to"
        )


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


@dataclass(frozen=True)
class RenderOptions:
    """Settings shared by every report of a run."""

    data_dir: Path
    formats: tuple[str, ...] = ("html", "pdf")
    page_size: str = "a4"
    force: bool = False
    cell_timeout: int = 300
    start_timeout: int = 60
    lock_timeout: float = 600.0
    # The root of exported charts: figures/ for the default output, OUT/figures/ with --out.
    figures_dir: Path | None = None
    pdf_variant: str = "pdf/ua-1"

    def settings(self) -> dict:
        """The options that shape a report's bytes (and so belong in its fingerprint)."""
        return {
            "formats": sorted(self.formats),
            "page_size": self.page_size,
            "pdf_variant": self.pdf_variant,
        }


def is_day(name: object) -> bool:
    """Whether ``name`` is a ``YYYY-MM-DD`` day (a report folder's or an edition's name)."""
    if not isinstance(name, str) or not _DAY.fullmatch(name):
        return False
    try:
        date.fromisoformat(name)
    except ValueError:
        return False
    return True


def expected_files(spec: ReportSpec, options: RenderOptions) -> list[Path]:
    """The files a finished report folder holds (the formats from the exporter registry)."""
    names = [f"{spec.kind}.ipynb", "facts.json", MANIFEST]
    names += [exporter.file_name(spec.kind) for exporter in exporters_for(options.formats)]
    return [spec.folder / name for name in names]


def figures_folder(spec: ReportSpec, options: RenderOptions) -> Path | None:
    """``<figures>/<report>/<as_of>/``: a report's exported charts, published with it."""
    if options.figures_dir is None:
        return None
    return options.figures_dir / spec.name / spec.as_of.isoformat()


def has_its_figures(spec: ReportSpec, options: RenderOptions, manifest: dict) -> bool:
    """Whether the figures folder holds exactly the charts the report's manifest lists.

    A report published without its charts (a render killed between the two renames of its
    publication, or charts deleted by hand) is then not up to date, and is rendered again.
    """
    folder = figures_folder(spec, options)
    listed = manifest.get("figures")
    if folder is None or not isinstance(listed, dict):
        return True  # nothing exported, or a manifest from before charts were recorded
    return all(
        isinstance(digest, str) and _PLAIN_NAME.fullmatch(name) and _hash(folder / name) == digest
        for name, digest in listed.items()
    )


def _hash(path: Path) -> str | None:
    """A file's fingerprint, read without following a link; ``None`` when it cannot be read."""
    try:
        fd = open_no_follow(path, os.O_RDONLY | os.O_NONBLOCK)
    except (OSError, UnsafePath):
        return None
    digest = content_hash()
    with os.fdopen(fd, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_manifest(folder: Path) -> dict | None:
    """A report folder's manifest, or ``None`` when it is missing, unreadable or not ours.

    A link in its place is not followed, and a file too big for a manifest is not read.
    """
    try:
        fd = open_no_follow(folder / MANIFEST, os.O_RDONLY | os.O_NONBLOCK)
    except (OSError, UnsafePath):
        return None
    try:
        with os.fdopen(fd, "rb") as file:
            content = file.read(MAX_MANIFEST_BYTES + 1)
        if len(content) > MAX_MANIFEST_BYTES:
            return None
        manifest = json.loads(content.decode("utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) else None


@dataclass(frozen=True)
class PlannedReport:
    """One report of a run, with the fingerprint of its inputs and whether it is up to date."""

    spec: ReportSpec
    fingerprint: str
    inputs: dict[str, str]
    is_up_to_date: bool
    # As of today: the latest edition (of spec.as_of) still holds what is known today.
    is_unchanged_edition: bool = False


def is_up_to_date(spec: ReportSpec, options: RenderOptions, fingerprint: str) -> bool:
    """Whether the report folder holds a good render of exactly these inputs (reads only)."""
    manifest = read_manifest(spec.folder)
    return (
        not options.force
        and manifest is not None
        and manifest.get("status") == "ok"
        and manifest.get("fingerprint") == fingerprint
        and all(path.exists() for path in expected_files(spec, options))
        and has_its_figures(spec, options, manifest)
    )


def check_paths(spec: ReportSpec, options: RenderOptions) -> None:
    """Every path a report writes stays under its root, with no symbolic link on the way."""
    folder = spec.folder
    paths_ = [
        (spec.out_dir, folder),
        lock_location(folder),
        (spec.out_dir, folder.with_name(folder.name + ".previous")),
    ]
    figures = figures_folder(spec, options)
    if figures is not None and options.figures_dir is not None:
        paths_ += [
            (options.figures_dir, figures),
            (options.figures_dir, figures.with_name(figures.name + ".previous")),
        ]
    try:
        for root, path in paths_:
            refuse_links(root, path)
    except UnsafePath as error:
        raise ParameterError(str(error)) from None


def plan_run(specs: list[ReportSpec], options: RenderOptions) -> list[PlannedReport]:
    """Fingerprint every report once (the data and package hashed once) and check each folder.

    Raises:
        ParameterError: A report's folder, lock or figures folder would leave its root or pass
            through a symbolic link.
    """
    for spec in specs:
        check_paths(spec, options)
    shared = {**data_hashes(options.data_dir), **fp.package_hashes()}
    planned = []
    for spec in specs:
        inputs = {**fp.notebook_hashes(spec.notebook), **shared}
        settings = {
            **options.settings(),
            "parameters": spec.parameters(Path("data")),
            "kind": spec.kind,
        }
        fingerprint = fp.fingerprint(inputs, settings)
        planned.append(
            PlannedReport(spec, fingerprint, inputs, is_up_to_date(spec, options, fingerprint))
        )
    return planned
