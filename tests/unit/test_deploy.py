"""The scheduling recipes in deploy/ run a command the real CLI accepts.

Parses the crontab line, the systemd services' ExecStart (the nightly one and the Dask cluster's
archive sweep) and the commands shown in CLUSTER.md, takes out each ``breakaway`` command and checks that it names the project's console script and that its arguments parse with the CLI's
own parser. The last tests feed the same checks broken commands, so they are known to bite.
"""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
SCRIPT = "breakaway"

SEPARATORS = {"&&", "||", ";", "|"}
REDIRECT = re.compile(r"^\d*(>>|>&|<&|&>>|&>|>|<)")
CRON_FIELD = re.compile(r"^[0-9A-Za-z*/,-]+$")
CRON_MACROS = {
    "@reboot",
    "@yearly",
    "@annually",
    "@monthly",
    "@weekly",
    "@daily",
    "@midnight",
    "@hourly",
}
WRAPPERS = {"nice", "ionice", "chrt"}  # may precede the command, with their own options


# -- parsing -----------------------------------------------------------------------------------


def console_scripts() -> dict[str, str]:
    return tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]


def cron_jobs(text: str) -> list[tuple[str, str]]:
    """``(schedule, command)`` for each job line of a user crontab."""
    jobs = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or re.match(r"^[A-Za-z_][A-Za-z0-9_]*\s*=", line):
            continue
        if line.startswith("@"):
            schedule, _, command = line.partition(" ")
            assert schedule in CRON_MACROS, f"unknown cron macro {schedule!r}"
        else:
            fields = line.split(None, 5)
            assert len(fields) == 6, f"expected five time fields and a command: {line!r}"
            assert all(CRON_FIELD.match(f) for f in fields[:5]), f"bad time fields: {line!r}"
            schedule, command = " ".join(fields[:5]), fields[5]
        assert "%" not in command, "cron turns % into a newline; escape it as \\%"
        jobs.append((schedule, command.strip()))
    return jobs


def shell_commands(command: str) -> list[list[str]]:
    """The simple commands of a shell line, without redirections."""
    commands, current, skip_next = [], [], False
    for token in shlex.split(command):
        if skip_next:
            skip_next = False
            continue
        if token in SEPARATORS:
            commands.append(current)
            current = []
            continue
        match = REDIRECT.match(token)
        if match:
            skip_next = match.end() == len(token) and not token.endswith("&")  # '>> file'
            continue
        current.append(token)
    commands.append(current)
    assert all(commands), f"empty command in {command!r}"
    return commands


def strip_wrappers(argv: list[str]) -> list[str]:
    """Drop leading ``VAR=value`` assignments and ``nice``/``ionice`` with their options."""
    argv = list(argv)
    while argv and re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", argv[0]):
        argv.pop(0)
    while argv and Path(argv[0]).name in WRAPPERS:
        argv.pop(0)
        while argv and (argv[0].startswith("-") or argv[0].isdigit()):
            argv.pop(0)
    return argv


def cron_breakaway(text: str) -> tuple[str | None, list[str]]:
    """The folder the job changes to (if any) and the breakaway command it runs."""
    jobs = cron_jobs(text)
    assert len(jobs) == 1, f"expected exactly one cron job, found {len(jobs)}"
    workdir, found = None, []
    for argv in shell_commands(jobs[0][1]):
        if argv[0] == "cd":
            assert len(argv) == 2, f"cd takes one folder: {argv}"
            workdir = argv[1]
            continue
        found.append(strip_wrappers(argv))
    assert len(found) == 1, f"expected one command besides cd, found {found}"
    return workdir, found[0]


def unit_entries(path: Path) -> dict[str, list[tuple[str, str]]]:
    """A systemd unit file as ``{section: [(key, value), ...]}`` (keys may repeat)."""
    sections: dict[str, list[tuple[str, str]]] = {}
    section, pending = None, ""
    for raw in path.read_text().splitlines():
        line = pending + raw.strip()
        pending = ""
        if not line or line.startswith(("#", ";")):
            continue
        if line.endswith("\\"):
            pending = line[:-1] + " "
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            sections.setdefault(section, [])
            continue
        assert section is not None and "=" in line, f"{path.name}: not a key=value line: {line!r}"
        key, _, value = line.partition("=")
        sections[section].append((key.strip(), value.strip()))
    return sections


def unit_value(entries: dict, section: str, key: str) -> list[str]:
    return [value for k, value in entries.get(section, []) if k == key]


def exec_start_argv(value: str) -> list[str]:
    """ExecStart's command line, without systemd's ``-@:+!`` prefixes."""
    return shlex.split(value.lstrip("-@:+!"))


def check_breakaway_command(argv: list[str]) -> None:
    """The command names the project's console script and the CLI parser accepts its arguments."""
    from breakaway.cli import _parser

    scripts = console_scripts()
    assert SCRIPT in scripts, "pyproject.toml declares no breakaway console script"
    assert scripts[SCRIPT] == "breakaway.cli:main", scripts[SCRIPT]
    executable = Path(argv[0])
    assert executable.name == SCRIPT, f"runs {argv[0]!r}, not the {SCRIPT!r} console script"
    assert executable.parent.parts[-2:] == (".venv", "bin"), (
        f"{argv[0]!r}: expected the project's .venv/bin/{SCRIPT}"
    )
    try:
        args = _parser().parse_args(argv[1:])
    except SystemExit as error:
        pytest.fail(f"breakaway rejects the arguments {argv[1:]} (exit {error.code})")
    assert args.command == "render", f"expected a render job, got {args.command!r}"
    assert not args.force, "a nightly job with --force re-renders unchanged reports every night"
    # The checks the CLI makes before rendering (exit 2), short of reading the data folder.
    from breakaway.data.params import check_formats
    from breakaway.errors import ParameterError
    from breakaway.render.sweep import resolve_dates

    try:
        check_formats(args.formats)
        resolve_dates(args.as_of, args.every)  # one date, or a sweep START..END --every STEP
    except ParameterError as error:
        pytest.fail(f"breakaway would exit 2: {error}")
    assert args.jobs >= 1, f"--jobs {args.jobs}: breakaway would exit 2"


# -- the recipes -------------------------------------------------------------------------------


def test_cron_line_runs_breakaway_render_from_the_project_folder():
    workdir, argv = cron_breakaway((DEPLOY / "breakaway.cron").read_text())
    check_breakaway_command(argv)
    if not Path(argv[0]).is_absolute():
        assert workdir is not None, f"{argv[0]!r} is relative but the job does not cd first"


def test_service_runs_breakaway_render_from_its_working_directory():
    entries = unit_entries(DEPLOY / "breakaway.service")
    assert unit_value(entries, "Service", "Type") == ["oneshot"]
    starts = unit_value(entries, "Service", "ExecStart")
    assert len(starts) == 1, f"expected one ExecStart, found {starts}"
    argv = exec_start_argv(starts[0])
    assert Path(argv[0]).is_absolute(), "systemd needs an absolute path to the executable"
    check_breakaway_command(argv)
    workdir = unit_value(entries, "Service", "WorkingDirectory")
    assert len(workdir) == 1, "the service needs a WorkingDirectory (the project folder)"
    assert Path(argv[0]) == Path(workdir[0]) / ".venv" / "bin" / SCRIPT, (
        "ExecStart should be the WorkingDirectory's own .venv/bin/breakaway"
    )


def test_cron_and_service_agree_on_the_project_folder():
    workdir, argv = cron_breakaway((DEPLOY / "breakaway.cron").read_text())
    cron_executable = Path(workdir or "/") / argv[0]
    entries = unit_entries(DEPLOY / "breakaway.service")
    service_executable = Path(exec_start_argv(unit_value(entries, "Service", "ExecStart")[0])[0])
    assert cron_executable == service_executable, (
        f"cron runs {cron_executable}, the service {service_executable}"
    )


def test_timer_starts_the_service_daily_and_catches_up():
    timer = unit_entries(DEPLOY / "breakaway.timer")
    calendars = unit_value(timer, "Timer", "OnCalendar")
    assert calendars, "the timer has no OnCalendar"
    assert all(c.strip() for c in calendars)
    assert unit_value(timer, "Timer", "Persistent") == ["true"]
    units = unit_value(timer, "Timer", "Unit") or ["breakaway.service"]  # default: same name
    assert units == ["breakaway.service"], units
    assert (DEPLOY / units[0]).is_file(), f"the timer starts {units[0]}, which deploy/ lacks"
    assert unit_value(timer, "Install", "WantedBy") == ["timers.target"]


def test_readme_documents_every_exit_code():
    readme = (DEPLOY / "README.md").read_text()
    for code in ("| 0 |", "| 1 |", "| 2 |"):
        assert code in readme, f"deploy/README.md does not explain exit code {code}"


# -- the Dask cluster recipe -------------------------------------------------------------------


def _scheduler_port(entries: dict) -> str:
    argv = exec_start_argv(unit_value(entries, "Service", "ExecStart")[0])
    assert Path(argv[0]).parts[-3:] == (".venv", "bin", "dask"), argv[0]
    assert argv[1] == "scheduler", argv
    return argv[argv.index("--port") + 1]


def test_archive_service_renders_a_sweep_on_the_clusters_scheduler():
    from breakaway.cli import _parser
    from breakaway.render.sweep import is_range

    entries = unit_entries(DEPLOY / "breakaway-archive.service")
    assert unit_value(entries, "Service", "Type") == ["oneshot"]
    argv = exec_start_argv(unit_value(entries, "Service", "ExecStart")[0])
    check_breakaway_command(argv)
    assert Path(argv[0]) == Path(unit_value(entries, "Service", "WorkingDirectory")[0]) / (
        ".venv/bin/breakaway"
    )
    args = _parser().parse_args(argv[1:])
    assert is_range(args.as_of) and args.every, "the archive is a sweep over dates"
    assert args.scheduler, "the archive runs on the cluster"
    # The workers and the archive reach the scheduler at the address and port it listens on.
    worker = exec_start_argv(
        unit_value(unit_entries(DEPLOY / "dask-worker.service"), "Service", "ExecStart")[0]
    )
    assert Path(worker[0]).parts[-3:] == (".venv", "bin", "dask") and worker[1] == "worker"
    assert worker[2] == args.scheduler, (worker[2], args.scheduler)
    port = _scheduler_port(unit_entries(DEPLOY / "dask-scheduler.service"))
    assert args.scheduler.rsplit(":", 1)[1] == port
    assert worker[worker.index("--nthreads") + 1] == "1"


def test_worker_unit_names_its_own_data_folder():
    entries = unit_entries(DEPLOY / "dask-worker.service")
    environment = dict(v.split("=", 1) for v in unit_value(entries, "Service", "Environment"))
    assert environment.get("BREAKAWAY_DATA_DIR", "").startswith("/"), environment


def cluster_doc_commands() -> list[list[str]]:
    """Every ``breakaway render`` command in CLUSTER.md's shell blocks."""
    text = (DEPLOY / "CLUSTER.md").read_text()
    found = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        for line in block.splitlines():
            if "bin/breakaway" in line and not line.lstrip().startswith("#"):
                found += [strip_wrappers(c) for c in shell_commands(line) if "render" in c]
    return found


def test_cluster_doc_commands_parse_and_match_the_archive_unit():
    commands = cluster_doc_commands()
    assert len(commands) >= 2, commands  # the systemd one and the Kubernetes one
    for argv in commands:
        check_breakaway_command(argv)
        assert "--scheduler" in argv, argv
    entries = unit_entries(DEPLOY / "breakaway-archive.service")
    unit = exec_start_argv(unit_value(entries, "Service", "ExecStart")[0])
    assert [".venv/bin/breakaway", *unit[1:]] in commands, "CLUSTER.md shows another command"


# -- the checks themselves can fail ------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "30 5 * * * cd /opt/b && .venv/bin/breakaway rendr >> /var/log/b.log",  # typo'd command
        "30 5 * * * cd /opt/b && .venv/bin/breakaway render --jobz 2",  # unknown option
        "30 5 * * * cd /opt/b && .venv/bin/breakaway render --page-size a3",  # bad choice
        "30 5 * * * cd /opt/b && .venv/bin/breakaway render --format docx",  # exit 2 at run time
        "30 5 * * * cd /opt/b && .venv/bin/breakaway render --jobs 0",  # exit 2 at run time
        "30 5 * * * cd /opt/b && .venv/bin/papermill render",  # not the console script
        "30 5 * * * cd /opt/b && .venv/bin/breakaway render --force",  # re-renders every night
        "30 5 * * cd /opt/b && .venv/bin/breakaway render",  # four time fields
        "@daily cd /opt/b && .venv/bin/breakaway render --as-of 2012-01-31..2008-01-31 --every year",
        "@daily cd /opt/b && .venv/bin/breakaway render --as-of 2008-01-31..today --every week",
        "@daily cd /opt/b && .venv/bin/breakaway render --as-of 2008-01-31..today",  # no --every
    ],
)
def test_checks_reject_broken_cron_lines(line):
    with pytest.raises((AssertionError, pytest.fail.Exception)):
        check_breakaway_command(cron_breakaway(line)[1])


def test_checks_accept_redirections_and_wrappers():
    workdir, argv = cron_breakaway(
        "@daily cd /srv/b && nice -n 10 .venv/bin/breakaway render --jobs 2 --out /srv/r "
        ">>/var/log/b.log 2>&1"
    )
    assert workdir == "/srv/b"
    assert argv == [".venv/bin/breakaway", "render", "--jobs", "2", "--out", "/srv/r"]
    check_breakaway_command(argv)
