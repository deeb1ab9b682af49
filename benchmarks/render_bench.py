"""Time ``breakaway render`` against the plain papermill + nbconvert + WeasyPrint loop.

Method
------
All variants run in ONE invocation on the same machine, on the same reports, the same ``as_of``
date (a fixed past day by default, so runs on different days are comparable) and the same data
(the project's ``data/``). Each repetition runs the variants in a fixed alternating order
(a, b, c, a, b, c, ...), so slow drift of the machine (thermal state, page cache, a neighbour's
test run) spreads over all of them; the report gives every repetition and the medians.

(a) plain loop: for each report, one after the other, three fresh processes, as an analyst
    would do by hand::

        .venv/bin/papermill notebooks/briefing.ipynb OUT.ipynb -p territory X -p as_of D \
            --cwd notebooks
        .venv/bin/jupyter nbconvert --to html --no-input OUT.ipynb
        .venv/bin/python -c 'import weasyprint,sys; \
            weasyprint.HTML(sys.argv[1]).write_pdf(sys.argv[2])' OUT.html OUT.pdf

    (the comparison notebook gets only ``-p as_of D``; the notebooks' ``data_dir`` parameter is
    left at its default, the project's ``data/``).
(b) ``.venv/bin/breakaway render --force --as-of D --out TMP [TERRITORY ...]`` with the CLI's
    default ``--jobs`` (the number of cores) unless ``--jobs`` is given here.
(c) ``.venv/bin/breakaway render --as-of D --out TMP [TERRITORY ...]`` right after (b), into the
    same folder, so every report is up to date (checked: no manifest.json may change). A report's
    fingerprint covers the package source too, so when someone edits ``src/`` between (b) and
    (c), (c) re-renders; that attempt is discarded and (c) run again (at most
    ``NOOP_ATTEMPTS`` times), and the results say how often that happened.
(d) peak memory: after the timed repetitions, ``breakaway render --force --jobs 1 TERRITORY`` runs
    once more while this script samples, every 20 ms with psutil, the RSS of every process in its
    tree (the CLI process, which renders in-process when there is one report and one job, and the
    Jupyter kernel it starts). It reports the peak of the *summed* RSS of the tree (the number
    checked against the target; shared library pages are counted once per process, so it errs
    high) and the peak of each process. ``os.wait4`` also gives the kernel-accounted maximum RSS
    of the largest single process in the tree (exact, not sampled). For context it also samples
    one whole default run (every selected report, default ``--jobs``).

Other people may be editing the project while this runs, and a report's fingerprint covers the
package source, so by default the script first copies ``src/``, ``notebooks/`` and ``data/`` into
a temporary snapshot and runs everything there (``PYTHONPATH`` puts the snapshot's package ahead
of the editable install; checked). Every variant and repetition then runs the same code and data.
``--in-place`` runs the working tree instead.

Every command's exit code is checked and its outputs are looked for; the script stops with exit
code 1 and the command's output when one fails. A target that is missed is reported as FAIL, but
the script still exits 0. Charts go to a temporary folder (``BREAKAWAY_FIGURES_DIR``), so the
benchmark leaves the project's ``figures/`` alone.

Caveats, stated in the results too: (a) exports with nbconvert's default ``lab`` template (a
bigger HTML page than the project's template, hence a different PDF layout job), and writes no
facts.json, manifest or figures; timings are wall-clock and include process start-ups, which is
the point. Anything else running on the machine (load average is recorded) skews all variants.

Usage::

    .venv/bin/python benchmarks/render_bench.py [--repeats 3] [--reports south-ossetia ...]
        [--as-of 2025-06-30] [--out benchmarks/RESULTS.md] [--jobs N] [--in-place] [--keep]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from breakaway import paths
from breakaway.data.params import read_territory_ids
from breakaway.render.execute import VERSIONED_PACKAGES
from breakaway.render.plan import COMPARISON, MANIFEST, RenderOptions, ReportSpec, expected_files

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT_FOLDERS = ("src", "notebooks", "data")
DEFAULT_AS_OF = "2025-06-30"
DEFAULT_OUT = ROOT / "benchmarks" / "RESULTS.md"
COMMAND_TIMEOUT = 1800  # seconds; a hung kernel must not hang the benchmark forever
SAMPLE_INTERVAL = 0.02  # seconds between RSS samples
RSS_REPORT = "south-ossetia"  # the report (d) measures, when it is among the selected ones
HELPER_RSS = 20_000_000  # processes smaller than this (bytes) are listed as helpers
NOOP_ATTEMPTS = 3  # (c) runs again when it was not a no-op (inputs edited since (b))

TARGET_RATIO = 0.3  # (b) / (a), issue 22
TARGET_NOOP_S = 0.15  # (c), issue 22 (on an idle machine)
TARGET_RSS_MB = 400  # peak RSS per render, MB = 10**6 bytes

PROFILE_PLACEHOLDER = "(to be filled in after profiling)"
# The packages that shape a report (the package's own list) and the tooling the loop uses.
VERSION_PACKAGES = (
    *VERSIONED_PACKAGES,
    "nbformat",
    "jupyter_client",
    "ipykernel",
    "pydyf",
    "psutil",
)
PDF_SNIPPET = "import weasyprint,sys; weasyprint.HTML(sys.argv[1]).write_pdf(sys.argv[2])"


class BenchError(RuntimeError):
    """A command failed or did not produce what it should: the numbers would be meaningless."""


def _venv_bin() -> Path:
    project_bin = ROOT / ".venv" / "bin"
    return project_bin if (project_bin / "breakaway").exists() else Path(sys.executable).parent


BIN = _venv_bin()


# -- running commands -------------------------------------------------------------------------


@dataclass
class Shown:
    """Turns absolute paths into the short forms RESULTS.md shows."""

    tmp: Path | None = None
    work: Path = ROOT  # the folder commands run in: the project, or a snapshot of it

    def __call__(self, cmd: list[str]) -> str:
        """The command as a shell line, with ``$TMP`` and project-relative paths."""
        text = shlex.join(str(part) for part in cmd)
        text = text.replace(f"{BIN}/", ".venv/bin/").replace(f"{self.work}/", "")
        if self.tmp is not None:
            text = text.replace(str(self.tmp), "$TMP")
        return text.replace(f"{ROOT}/", "")


SHOW = Shown()


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess]:
    """Run one command from the project folder; return its wall time. Raise on a non-zero exit."""
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [str(c) for c in cmd],
            cwd=SHOW.work,
            env=env,
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise BenchError(f"timed out after {COMMAND_TIMEOUT} s: {SHOW(cmd)}") from error
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise BenchError(
            f"exit code {done.returncode}: {SHOW(cmd)}\n"
            f"--- stdout ---\n{done.stdout[-4000:]}\n"
            f"--- stderr ---\n{done.stderr[-4000:]}"
        )
    return elapsed, done


def child_cpu() -> float:
    """User + system CPU seconds of every finished, waited-for descendant so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def require_files(paths: list[Path], what: str) -> None:
    """Fail unless every file exists and is not empty."""
    missing = [p for p in paths if not p.is_file() or p.stat().st_size == 0]
    if missing:
        raise BenchError(f"{what}: missing or empty: {', '.join(SHOW([str(p)]) for p in missing)}")


# -- the reports ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    """The reports to benchmark and how the breakaway CLI names them."""

    reports: tuple[str, ...]  # territory ids and/or "comparison"
    render_args: tuple[str, ...]  # positional TERRITORY arguments for breakaway render


def known_territories(env: dict[str, str]) -> list[str]:
    """The territory ids of the project's data, read the way the CLI reads them."""
    ids = read_territory_ids(paths.data_dir())
    if not ids:
        raise BenchError("the data lists no territory")
    return ids


def select_reports(wanted: list[str] | None, territories: list[str]) -> Selection:
    """Check ``--reports`` and work out the matching ``breakaway render`` arguments."""
    everything = (*territories, COMPARISON)
    if not wanted:
        return Selection(everything, ())
    names = [n for item in wanted for n in item.split(",") if n]
    unknown = [n for n in names if n not in everything]
    if unknown:
        raise SystemExit(
            f"render_bench.py: --reports: unknown {', '.join(unknown)}; "
            f"known: {', '.join(everything)}"
        )
    names = list(dict.fromkeys(names))  # drop repeats, keep order
    if set(names) == set(everything):
        return Selection(everything, ())
    if COMPARISON in names:
        raise SystemExit(
            "render_bench.py: --reports: breakaway render renders the comparison only "
            "together with every briefing; list all reports or leave out "
            f"{COMPARISON!r}"
        )
    return Selection(tuple(names), tuple(names))


def plain_loop_commands(report: str, as_of: str, out: Path) -> tuple[list[list], list[Path]]:
    """The three commands of variant (a) for one report, and the files they must leave."""
    kind = COMPARISON if report == COMPARISON else "briefing"
    executed = out / f"{report}.ipynb"
    html, pdf = executed.with_suffix(".html"), executed.with_suffix(".pdf")
    params = [] if report == COMPARISON else ["-p", "territory", report]
    papermill = [
        BIN / "papermill",
        f"notebooks/{kind}.ipynb",
        executed,
        *params,
        "-p",
        "as_of",
        as_of,
        "--cwd",
        "notebooks",
    ]
    nbconvert = [BIN / "jupyter", "nbconvert", "--to", "html", "--no-input", executed]
    weasy = [BIN / "python", "-c", PDF_SNIPPET, html, pdf]
    return [papermill, nbconvert, weasy], [executed, html, pdf]


def report_spec(out: Path, report: str, as_of: str) -> ReportSpec:
    """The package's own description of one report: its kind, folder and files."""
    territory = None if report == COMPARISON else report
    kind = COMPARISON if territory is None else "briefing"
    return ReportSpec(kind, territory, date.fromisoformat(as_of), out)


def report_folder(out: Path, report: str, as_of: str) -> Path:
    """Where breakaway render puts one report."""
    return report_spec(out, report, as_of).folder


def report_files(out: Path, report: str, as_of: str) -> list[Path]:
    """The files breakaway render must leave for one report (as the plan expects them)."""
    options = RenderOptions(data_dir=paths.data_dir())
    return expected_files(report_spec(out, report, as_of), options)


# -- the variants -----------------------------------------------------------------------------


@dataclass
class Repetition:
    """One round of (a), (b), (c)."""

    plain: float = 0.0
    plain_steps: dict[str, float] = field(default_factory=dict)  # papermill/nbconvert/weasyprint
    render: float = 0.0
    render_phases: dict[str, float] = field(default_factory=dict)  # summed manifest timings
    noop: float = 0.0
    plain_cpu: float = 0.0  # user + system CPU seconds of the variant's processes
    render_cpu: float = 0.0
    noop_cpu: float = 0.0
    noop_retries: int = 0  # (c) attempts discarded because they re-rendered something


def time_plain_loop(
    sel: Selection, as_of: str, out: Path, env: dict[str, str], commands: list[str] | None
) -> tuple[float, dict[str, float]]:
    """Variant (a): wall time of the whole loop, and the summed time of each step."""
    out.mkdir(parents=True)
    steps = {"papermill": 0.0, "nbconvert": 0.0, "weasyprint": 0.0}
    started = time.perf_counter()
    for report in sel.reports:
        cmds, files = plain_loop_commands(report, as_of, out)
        for step, cmd in zip(steps, cmds, strict=True):
            if commands is not None:
                commands.append(SHOW(cmd))
            steps[step] += run(cmd, env)[0]
        require_files(files, f"(a) {report}")
    return time.perf_counter() - started, steps


def render_command(sel: Selection, as_of: str, out: Path, jobs: int | None, force: bool) -> list:
    """``breakaway render`` for variants (b) and (c)."""
    cmd = [
        BIN / "breakaway",
        "render",
        *(["--force"] if force else []),
        "--as-of",
        as_of,
        "--out",
        out,
    ]
    if jobs is not None:
        cmd += ["--jobs", str(jobs)]
    return cmd + list(sel.render_args)


def manifest_times(sel: Selection, as_of: str, out: Path) -> dict[str, dict]:
    """Each report's manifest: its ``timings`` and the manifest file's mtime."""
    found = {}
    for report in sel.reports:
        path = report_folder(out, report, as_of) / MANIFEST
        manifest = json.loads(path.read_text(encoding="utf-8"))
        if manifest.get("status") != "ok":
            raise BenchError(f"{SHOW([str(path)])}: status {manifest.get('status')!r}")
        found[report] = {"timings": manifest.get("timings", {}), "mtime": path.stat().st_mtime_ns}
    return found


def time_render(
    sel: Selection,
    as_of: str,
    out: Path,
    jobs: int | None,
    env: dict[str, str],
    commands: list[str] | None,
) -> tuple[float, dict[str, float]]:
    """Variant (b): a forced render of every selected report."""
    cmd = render_command(sel, as_of, out, jobs, force=True)
    if commands is not None:
        commands.append(SHOW(cmd))
    elapsed, _ = run(cmd, env)
    for report in sel.reports:
        require_files(report_files(out, report, as_of), f"(b) {report}")
    phases: dict[str, float] = {}
    for info in manifest_times(sel, as_of, out).values():
        for phase, seconds in info["timings"].items():
            phases[phase] = phases.get(phase, 0.0) + float(seconds)
    return elapsed, phases


def time_noop(
    sel: Selection,
    as_of: str,
    out: Path,
    jobs: int | None,
    env: dict[str, str],
    commands: list[str] | None,
) -> tuple[float, int]:
    """Variant (c): the same render again, with everything up to date; and the retries needed."""
    cmd = render_command(sel, as_of, out, jobs, force=False)
    if commands is not None:
        commands.append(SHOW(cmd))
    for attempt in range(NOOP_ATTEMPTS):
        before = {r: i["mtime"] for r, i in manifest_times(sel, as_of, out).items()}
        elapsed, _ = run(cmd, env)
        after = {r: i["mtime"] for r, i in manifest_times(sel, as_of, out).items()}
        changed = [r for r in sel.reports if before[r] != after[r]]
        if not changed:
            return elapsed, attempt
        _say(
            f"(c) re-rendered {', '.join(changed)} (inputs changed since (b)?); "
            "discarding that attempt"
        )
    raise BenchError(
        f"(c) re-rendered something on each of {NOOP_ATTEMPTS} attempts: the "
        "no-op run is never a no-op (inputs keep changing, or a fingerprint bug)"
    )


# -- memory -----------------------------------------------------------------------------------


@dataclass
class MemoryPeak:
    """Peak RSS of one command's process tree."""

    command: str
    method: str
    tree_peak: int | None = None  # bytes, peak of the summed RSS of the tree (sampled)
    per_process: dict[str, int] = field(default_factory=dict)  # role -> peak bytes (sampled)
    largest_process: int | None = None  # bytes, from os.wait4 (exact)
    samples: int = 0


def _role(proc, root_pid: int) -> str:
    try:
        cmdline = " ".join(proc.cmdline())
    except Exception:  # noqa: BLE001 - the process may be gone already
        cmdline = ""
    if "ipykernel_launcher" in cmdline:
        return f"kernel (pid {proc.pid})"
    if proc.pid == root_pid:
        return f"breakaway CLI (pid {proc.pid})"
    try:
        name = proc.name()
    except Exception:  # noqa: BLE001
        name = "?"
    return f"{name} (pid {proc.pid})"


def measure_memory(cmd: list, env: dict[str, str], workdir: Path) -> MemoryPeak:
    """Run ``cmd`` and sample the RSS of its whole process tree until it exits."""
    try:
        import psutil
    except ImportError:
        psutil = None
    peak = MemoryPeak(
        command=SHOW(cmd),
        method=f"psutil sampling every {SAMPLE_INTERVAL * 1000:.0f} ms + os.wait4"
        if psutil
        else "os.wait4 only",
    )
    stdout, stderr = workdir / "stdout.txt", workdir / "stderr.txt"
    with stdout.open("w") as out_file, stderr.open("w") as err_file:
        proc = subprocess.Popen(
            [str(c) for c in cmd], cwd=SHOW.work, env=env, stdout=out_file, stderr=err_file
        )
        root = psutil.Process(proc.pid) if psutil else None
        roles: dict[int, str] = {}
        deadline = time.monotonic() + COMMAND_TIMEOUT
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                raise BenchError(f"timed out after {COMMAND_TIMEOUT} s: {SHOW(cmd)}")
            if root is not None:
                total = 0
                try:
                    tree = [root, *root.children(recursive=True)]
                except psutil.Error:
                    tree = []
                for member in tree:
                    try:
                        rss = member.memory_info().rss
                    except psutil.Error:
                        continue
                    if member.pid not in roles:
                        roles[member.pid] = _role(member, proc.pid)
                    role = roles[member.pid]
                    peak.per_process[role] = max(peak.per_process.get(role, 0), rss)
                    total += rss
                peak.tree_peak = max(peak.tree_peak or 0, total)
                peak.samples += 1
            time.sleep(SAMPLE_INTERVAL)
        proc.returncode = os.waitstatus_to_exitcode(status)
    peak.largest_process = usage.ru_maxrss * 1024  # Linux reports KiB
    if proc.returncode != 0:
        raise BenchError(
            f"exit code {proc.returncode}: {SHOW(cmd)}\n"
            f"--- stdout ---\n{stdout.read_text()[-4000:]}\n"
            f"--- stderr ---\n{stderr.read_text()[-4000:]}"
        )
    return peak


# -- the machine ------------------------------------------------------------------------------


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _ram() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024**2:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _versions(env: dict[str, str]) -> dict[str, str]:
    script = (
        "import json, platform, sys\n"
        "from importlib import metadata\n"
        "found = {'python': platform.python_version()}\n"
        "for name in sys.argv[1:]:\n"
        "    try: found[name] = metadata.version(name)\n"
        "    except metadata.PackageNotFoundError: found[name] = 'not installed'\n"
        "print(json.dumps(found))\n"
    )
    _, done = run([BIN / "python", "-c", script, *VERSION_PACKAGES], env)
    return json.loads(done.stdout)


def _git_state() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            text=True,
            capture_output=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "--no-optional-locks", "status", "--porcelain"],
            cwd=ROOT,
            text=True,
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout?)"
    return f"{head}" + (" with uncommitted changes" if dirty.strip() else " (clean)")


def inputs_digest() -> str:
    """A hash of the package source, notebooks and data: did anyone edit them during the run?"""
    digest = hashlib.sha256()
    for folder in (ROOT / "src", ROOT / "notebooks", ROOT / "data"):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode())
                try:
                    digest.update(path.read_bytes())
                except OSError:
                    digest.update(b"<unreadable>")
    return digest.hexdigest()


def make_snapshot(tmp: Path, env: dict[str, str]) -> Path:
    """Copy src/, notebooks/ and data/ so edits made during the run do not change what runs.

    The project is installed editable through a ``.pth`` path entry, so ``PYTHONPATH`` (set by
    the caller) puts the snapshot's ``src`` first, and ``breakaway.paths`` then finds the
    snapshot's notebooks and data beside it. Checked here, loudly.
    """
    snapshot = tmp / "snapshot"
    for name in SNAPSHOT_FOLDERS:
        shutil.copytree(
            ROOT / name,
            snapshot / name,
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints"),
        )
    # Compile once, untimed, as the working tree's __pycache__ would already be.
    run([BIN / "python", "-m", "compileall", "-q", snapshot / "src"], env)
    _, done = run([BIN / "python", "-c", "import breakaway.paths as p; print(p.PACKAGE_DIR)"], env)
    if Path(done.stdout.strip()) != snapshot / "src" / "breakaway":
        raise BenchError(
            f"the snapshot is not what runs: breakaway imports from "
            f"{done.stdout.strip()}, not {snapshot / 'src' / 'breakaway'}; "
            "rerun with --in-place"
        )
    return snapshot


def _load() -> str:
    try:
        return " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


# -- the report -------------------------------------------------------------------------------


def _s(seconds: float) -> str:
    return f"{seconds:.2f}"


def _mb(value: int | None) -> str:
    return "n/a" if value is None else f"{value / 1e6:.0f} MB"


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def _borderline(reps: list[Repetition]) -> list[str]:
    """A warning when the repetitions disagree about the ratio target."""
    ratios = [r.render / r.plain for r in reps]
    if min(ratios) <= TARGET_RATIO < max(ratios):
        return [
            f"  - borderline: the repetitions disagree (ratios {min(ratios):.2f} to "
            f"{max(ratios):.2f}); (a) took {min(r.plain for r in reps):.1f} to "
            f"{max(r.plain for r in reps):.1f} s. Rerun on a quiet machine, or with more "
            "--repeats, before trusting this verdict."
        ]
    return []


def _existing_profile_notes(path: Path) -> str:
    """Keep filled-in profile notes when the results are rewritten."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return PROFILE_PLACEHOLDER
    match = re.search(r"^## Profile notes\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    notes = match.group(1).strip() if match else ""
    return notes or PROFILE_PLACEHOLDER


def _existing_scale_section(path: Path) -> str:
    """Keep the sections other scripts and people write (profile, nightly, scale, Dask, suite)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return ""
    headings = (
        "## Profile",
        "## Render profile",
        "## Nightly",
        "## Scale",
        "## Dask",
        "## Suite",
        "## Suite: before and after (issue 22)",
    )
    kept = [
        match.group(0).strip()
        for heading in headings
        if (match := re.search(rf"^{re.escape(heading)}\n.*?(?=^## |\Z)", text, re.M | re.S))
    ]
    return "\n\n".join(kept)


def results_markdown(
    *,
    args,
    sel: Selection,
    jobs_used: int,
    reps: list[Repetition],
    commands: dict[str, list[str]],
    peak: MemoryPeak,
    run_peak: MemoryPeak,
    versions: dict[str, str],
    started: datetime,
    load_before: str,
    load_after: str,
    inputs_changed: bool,
    profile_notes: str,
) -> str:
    """RESULTS.md."""
    plain = statistics.median(r.plain for r in reps)
    render = statistics.median(r.render for r in reps)
    noop = statistics.median(r.noop for r in reps)
    ratio = render / plain
    rss = peak.tree_peak if peak.tree_peak is not None else peak.largest_process
    lines = [
        "# Render benchmark",
        "",
        "Written by `benchmarks/render_bench.py` (`make bench`); the method is in its docstring. "
        "Rerun it rather than editing the numbers.",
        "",
        "## Verdict",
        "",
        f"- {_verdict(ratio <= TARGET_RATIO)}: (b)/(a) = {ratio:.2f} (target ≤ {TARGET_RATIO})",
        *_borderline(reps),
        f"- {_verdict(noop <= TARGET_NOOP_S)}: (c) no-op = {noop:.2f} s "
        f"(target ≤ {TARGET_NOOP_S} s)",
        f"- {_verdict(rss is not None and rss <= TARGET_RSS_MB * 1e6)}: peak RSS per render = "
        f"{_mb(rss)} (target ≤ {TARGET_RSS_MB} MB; summed RSS of the render's process tree, "
        "see below)",
        "",
        "## Run",
        "",
        f"- date: {started.isoformat(timespec='seconds')}",
        f"- machine: {os.cpu_count()} cores (os.cpu_count()), {_cpu_model()}, {_ram()} RAM, "
        f"{platform.system()} {platform.release()} {platform.machine()}",
        f"- load average (1/5/15 min) before: {load_before}; after: {load_after}",
        f"- code: {_git_state()}; "
        + (
            "ran in place (`--in-place`)"
            if args.in_place
            else "ran on a snapshot of src/, notebooks/ and data/ taken at the start (imported via "
            "PYTHONPATH), so every variant and repetition ran the same code and data"
        )
        + "; the working tree's src/, notebooks/ and data/ "
        + ("**changed during the run**" if inputs_changed else "did not change during the run")
        + (
            " (so the variants may have run different code)"
            if inputs_changed and args.in_place
            else ""
        ),
        "- versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()),
        f"- reports: {', '.join(sel.reports)} ({len(sel.reports)}); as_of {args.as_of}; "
        f"{len(reps)} repetitions, order a, b, c in each",
        f"- (b) used --jobs {'default = ' if args.jobs is None else ''}{jobs_used}",
        f"- (c) attempts discarded because they re-rendered (inputs edited after (b)): "
        f"{sum(r.noop_retries for r in reps)}",
        "",
        "## Times (wall clock, seconds)",
        "",
        "| repetition | (a) plain loop | (b) breakaway render --force | (c) no-op render "
        "| (b)/(a) |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for number, rep in enumerate(reps, 1):
        lines.append(
            f"| {number} | {_s(rep.plain)} | {_s(rep.render)} | {rep.noop:.3f} "
            f"| {rep.render / rep.plain:.2f} |"
        )
    lines.append(
        f"| **median** | **{_s(plain)}** | **{_s(render)}** | **{noop:.3f}** | **{ratio:.2f}** |"
    )
    plain_cpu = statistics.median(r.plain_cpu for r in reps)
    render_cpu = statistics.median(r.render_cpu for r in reps)
    noop_cpu = statistics.median(r.noop_cpu for r in reps)
    lines += [
        "",
        "CPU time (user + system seconds of all the variant's processes, kernels included; less "
        "sensitive than wall time to other load on the machine, and blind to parallelism):",
        "",
        "| repetition | (a) | (b) | (c) | (b)/(a) |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for number, rep in enumerate(reps, 1):
        lines.append(
            f"| {number} | {_s(rep.plain_cpu)} | {_s(rep.render_cpu)} "
            f"| {rep.noop_cpu:.3f} | {rep.render_cpu / rep.plain_cpu:.2f} |"
        )
    lines.append(
        f"| **median** | **{_s(plain_cpu)}** | **{_s(render_cpu)}** | **{noop_cpu:.3f}** "
        f"| **{render_cpu / plain_cpu:.2f}** |"
    )
    step_names = list(reps[0].plain_steps)
    phase_names = [p for p in ("execute", "html", "pdf", "total") if p in reps[0].render_phases]
    lines += [
        "",
        "Where the time goes (medians over the repetitions, summed over the reports):",
        "",
        "- (a) "
        + ", ".join(
            f"{step} {statistics.median(r.plain_steps[step] for r in reps):.1f} s"
            for step in step_names
        )
        + " (each step a fresh process, one report after another)",
        "- (b) "
        + ", ".join(
            f"{phase} {statistics.median(r.render_phases.get(phase, 0) for r in reps):.1f} s"
            for phase in phase_names
        )
        + " (from each report's manifest.json; reports run in parallel, so these add up to more "
        "than the wall time)",
        "",
        "## Peak memory",
        "",
        f"One render, `{peak.command}`, measured by {peak.method}:",
        "",
        f"- peak of the summed RSS of the process tree (checked against the target): "
        f"**{_mb(peak.tree_peak)}** ({peak.samples} samples)",
    ]
    helpers = {}
    for role, value in sorted(peak.per_process.items(), key=lambda kv: -kv[1]):
        if value >= HELPER_RSS:
            lines.append(f"- peak RSS of {role}: {_mb(value)} (sampled)")
        elif not role.startswith("? "):  # gone before its name could be read
            name = role.split(" (pid")[0]
            helpers[name] = max(helpers.get(name, 0), value)
    if helpers:
        lines.append(
            "- short-lived helper processes (at most): "
            + ", ".join(f"{name} {_mb(value)}" for name, value in sorted(helpers.items()))
        )
    lines += [
        f"- largest single process, kernel-accounted maximum (os.wait4 ru_maxrss): "
        f"{_mb(peak.largest_process)}",
        "",
        f"For sizing a server, the whole run of these reports with (b)'s --jobs, "
        f"`{run_peak.command}`: peak summed RSS "
        f"{_mb(run_peak.tree_peak)}, largest single process {_mb(run_peak.largest_process)}.",
        "",
        "RSS counts shared library pages in every process that maps them, so the sums err high.",
        "",
        "## Commands",
        "",
        "Run from the project folder (with a snapshot: from `$TMP/snapshot`, holding copies of "
        "src/, notebooks/ and data/, with `PYTHONPATH=$TMP/snapshot/src`); `$TMP/<variant><n>` is "
        "a fresh folder per variant and repetition. Environment: "
        "`BREAKAWAY_FIGURES_DIR=$TMP/figures` for every command (keeps the project's figures/ "
        "untouched). Commands are shown for the first repetition.",
        "",
    ]
    for title, cmds in commands.items():
        lines += [f"{title}:", "", "```sh", *cmds, "```", ""]
    lines += [
        "## Caveats",
        "",
        "- (a) exports HTML with nbconvert's default `lab` template, which is larger than the "
        "project's template, so its PDF step lays out a different page; (a) writes no facts.json, "
        "manifest or figures. Both produce an executed .ipynb, an HTML and a PDF per report.",
        "- Wall-clock times on a shared machine: the load average above shows whether something "
        "else was running. The first repetition may pay for a cold page cache.",
        "- RSS is sampled; a spike shorter than the sampling interval can be missed "
        "(the os.wait4 figure cannot miss one).",
        "",
        "## Profile notes",
        "",
        profile_notes,
        "",
    ]
    scale = _existing_scale_section(args.out)  # written by benchmarks/scale_bench.py
    if scale:
        lines += [scale, ""]
    return "\n".join(lines)


# -- main -------------------------------------------------------------------------------------


def _as_of(value: str) -> str:
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{value!r}: expected YYYY-MM-DD") from error


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description="Time breakaway render against the plain papermill + nbconvert + WeasyPrint "
        "loop, and measure peak memory; write RESULTS.md."
    )
    parser.add_argument(
        "--repeats",
        type=int,
        default=3,
        help="repetitions of (a), (b), (c), alternating (default: 3, minimum 3)",
    )
    parser.add_argument(
        "--reports",
        nargs="+",
        metavar="REPORT",
        help="territory ids and/or 'comparison', space- or comma-separated "
        "(default: every briefing and the comparison)",
    )
    parser.add_argument(
        "--as-of",
        type=_as_of,
        default=DEFAULT_AS_OF,
        help=f"report date, a fixed past day (default: {DEFAULT_AS_OF})",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help="where to write the results (default: benchmarks/RESULTS.md)",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=None,
        help="--jobs for breakaway render in (b) (default: the CLI's default, the number of cores)",
    )
    parser.add_argument(
        "--in-place",
        action="store_true",
        help="run the working tree itself rather than a snapshot of src/, "
        "notebooks/ and data/ taken at the start",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary output folder and print where it is"
    )
    return parser


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; return the exit code."""
    args = _parser().parse_args(argv)
    if args.repeats < 3:
        _parser().error("--repeats: at least 3, so a median means something")
    if args.jobs is not None and args.jobs < 1:
        _parser().error("--jobs: at least 1")
    for tool in ("breakaway", "papermill", "jupyter", "python"):
        if not (BIN / tool).exists():
            _say(f"render_bench.py: {BIN / tool} is missing; run `make setup` first")
            return 1

    started = datetime.now(UTC)
    tmp = Path(tempfile.mkdtemp(prefix="breakaway-bench-"))
    SHOW.tmp = tmp
    env = {**os.environ, "BREAKAWAY_FIGURES_DIR": str(tmp / "figures")}
    try:
        digest_before = inputs_digest()
        if not args.in_place:
            env["PYTHONPATH"] = os.pathsep.join(
                p for p in (str(tmp / "snapshot" / "src"), os.environ.get("PYTHONPATH")) if p
            )
            SHOW.work = make_snapshot(tmp, env)
        sel = select_reports(args.reports, known_territories(env))
        jobs_used = args.jobs or os.cpu_count() or 1
        versions = _versions(env)
        load_before = _load()
        _say(
            f"benchmarking {', '.join(sel.reports)} as of {args.as_of}, {args.repeats} "
            f"repetitions, output under {tmp}"
        )
        commands: dict[str, list[str]] = {
            "(a) plain loop": [],
            "(b) breakaway render --force": [],
            "(c) no-op render": [],
        }
        reps = []
        for number in range(1, args.repeats + 1):
            first = number == 1
            rep = Repetition()
            cpu = child_cpu()
            rep.plain, rep.plain_steps = time_plain_loop(
                sel,
                args.as_of,
                tmp / f"a{number}",
                env,
                commands["(a) plain loop"] if first else None,
            )
            rep.plain_cpu, cpu = child_cpu() - cpu, child_cpu()
            _say(f"repetition {number}: (a) plain loop {rep.plain:.2f} s")
            rep.render, rep.render_phases = time_render(
                sel,
                args.as_of,
                tmp / f"b{number}",
                args.jobs,
                env,
                commands["(b) breakaway render --force"] if first else None,
            )
            rep.render_cpu, cpu = child_cpu() - cpu, child_cpu()
            _say(f"repetition {number}: (b) breakaway render --force {rep.render:.2f} s")
            rep.noop, rep.noop_retries = time_noop(
                sel,
                args.as_of,
                tmp / f"b{number}",
                args.jobs,
                env,
                commands["(c) no-op render"] if first else None,
            )
            rep.noop_cpu = child_cpu() - cpu
            _say(f"repetition {number}: (c) no-op render {rep.noop:.3f} s")
            reps.append(rep)

        territory = (
            RSS_REPORT
            if RSS_REPORT in sel.reports
            else next((r for r in sel.reports if r != COMPARISON), None)
        )
        if territory is None:
            raise BenchError("no territory among the reports to measure peak memory on")
        (tmp / "rss-one").mkdir()
        peak = measure_memory(
            [
                BIN / "breakaway",
                "render",
                "--force",
                "--jobs",
                "1",
                "--as-of",
                args.as_of,
                "--out",
                tmp / "rss-one" / "out",
                territory,
            ],
            env,
            tmp / "rss-one",
        )
        _say(
            f"(d) peak RSS of one render ({territory}): {_mb(peak.tree_peak)} summed, "
            f"{_mb(peak.largest_process)} largest process"
        )
        (tmp / "rss-all").mkdir()
        run_peak = measure_memory(
            render_command(sel, args.as_of, tmp / "rss-all" / "out", args.jobs, force=True),
            env,
            tmp / "rss-all",
        )
        _say(f"(d) peak RSS of the whole run: {_mb(run_peak.tree_peak)} summed")
        load_after = _load()
        inputs_changed = inputs_digest() != digest_before
    except BenchError as error:
        _say(f"render_bench.py: FAILED: {error}")
        _say(f"(outputs kept in {tmp})")
        return 1
    except (SystemExit, KeyboardInterrupt):  # bad --reports, or ^C: nothing worth keeping
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        if args.keep:
            _say(f"kept {tmp}")

    text = results_markdown(
        args=args,
        sel=sel,
        jobs_used=jobs_used,
        reps=reps,
        commands=commands,
        peak=peak,
        run_peak=run_peak,
        versions=versions,
        started=started,
        load_before=load_before,
        load_after=load_after,
        inputs_changed=inputs_changed,
        profile_notes=_existing_profile_notes(args.out),
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    print(text)
    _say(f"wrote {args.out}")
    ratio = statistics.median(r.render for r in reps) / statistics.median(r.plain for r in reps)
    _say(
        f"batch ratio (b)/(a): {ratio:.2f} "
        f"(target <= {TARGET_RATIO}); no-op: {statistics.median(r.noop for r in reps):.3f} s "
        f"(target <= {TARGET_NOOP_S} s); load average before {load_before}, after {load_after}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
