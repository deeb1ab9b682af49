"""The ``breakaway`` command: list, validate, render.

Exit codes: 0 everything rendered (or was up to date); 1 at least one report failed (the others
still rendered), or a file could not be written (disk full); 2 bad input (data or parameters), in
which case nothing is rendered or overwritten; 130 or 143 when SIGINT or SIGTERM stopped the run
(every worker and kernel stopped, each report old or new but whole, the index written). Errors are
one line each, with any text from the data escaped; ``--verbose`` adds tracebacks.

Order of every command: the environment (``BREAKAWAY_TODAY``, ``SOURCE_DATE_EPOCH``, the limits),
then the parameters, then full validation of the data folder, and only then does anything read
the rows of the tables (the edition snapshot, ``list``, ``diff``, a render on the pool or Dask)
or write under ``--out``. A bad file is the same one line, exit 2, on every path. Two shortcuts
keep a run with nothing to do fast: an explicit date or a sweep only hashes the files (regular,
named by the descriptor, within the size limit) until something needs rendering, and a night
whose data files are the very bytes of every latest edition (validated by the run that made it)
is not validated again.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from breakaway import paths
from breakaway.errors import DataError, InputError

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


def _seconds(text: str) -> int:
    """A positive whole number of seconds (argparse type)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(
            f"{text!r}: expected a whole number of seconds, at least 1"
        )
    return value


def _say(message: object) -> None:
    from breakaway.data.safety import escape_text

    print(f"breakaway: {escape_text(message)}", file=sys.stderr)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="breakaway", description="Data-driven briefings on the post-Soviet breakaway regions."
    )
    parser.add_argument("--verbose", action="store_true", help="say more; show tracebacks")
    # Accept --verbose after the command too, where operators tend to put it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--verbose",
        action="store_true",
        default=argparse.SUPPRESS,
        help="say more; show tracebacks",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    commands.add_parser("list", help="list the territory ids", parents=[common])

    validate = commands.add_parser(
        "validate", help="check the data folder against its contract", parents=[common]
    )
    validate.add_argument("--data", type=Path, help="data folder (default: the project's data/)")

    diff = commands.add_parser(
        "diff", help="what became known about a territory between two dates", parents=[common]
    )
    diff.add_argument("territory", metavar="TERRITORY", help="territory id (or comparison)")
    diff.add_argument("--from", dest="since", required=True, help="YYYY-MM-DD")
    diff.add_argument("--to", dest="until", default="today", help="YYYY-MM-DD or 'today'")
    diff.add_argument(
        "--format",
        dest="output_format",
        choices=["text", "markdown", "json"],
        default="text",
        help="text (default), markdown or json",
    )
    diff.add_argument("--data", type=Path, help="data folder (default: the project's data/)")

    render = commands.add_parser(
        "render", help="render briefings to HTML and PDF", parents=[common]
    )
    render.add_argument(
        "territories",
        nargs="*",
        metavar="TERRITORY",
        help="territory ids (default: every briefing and the comparison)",
    )
    render.add_argument(
        "--as-of",
        default="today",
        help="YYYY-MM-DD or 'today' (default), or a sweep START..END with --every",
    )
    render.add_argument(
        "--every",
        metavar="STEP",
        help="step of a sweep: year, quarter or month (from START, up to END inclusive)",
    )
    render.add_argument(
        "--format",
        dest="formats",
        action="append",
        default=[],
        metavar="FORMAT",
        help="html or pdf; repeat for both (default: both)",
    )
    render.add_argument("--out", type=Path, help="output folder (default: reports/)")
    render.add_argument("--data", type=Path, help="data folder (default: the project's data/)")
    render.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="reports rendered at once (default: number of cores)",
    )
    render.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="render on a Dask cluster, e.g. tcp://host:8786 (default: $DASK_SCHEDULER_ADDRESS; "
        "without either, the local process pool)",
    )
    render.add_argument("--force", action="store_true", help="render even if up to date")
    render.add_argument(
        "--base-url",
        metavar="URL",
        help="address OUT is published at: feed and index links absolute ($BREAKAWAY_BASE_URL)",
    )
    render.add_argument(
        "--page-size", choices=["a4", "letter"], default="a4", help="PDF page size (default: a4)"
    )
    render.add_argument(
        "--pdf-variant",
        metavar="VARIANT",
        help="pdf/ua-1 (default: tagged, accessible) or an archival pdf/a-3u",
    )
    render.add_argument(
        "--cell-timeout",
        type=_seconds,
        default=300,
        help="seconds one notebook cell may run (default: 300)",
    )
    render.add_argument(
        "--start-timeout",
        type=_seconds,
        default=60,
        help="seconds a kernel may take to start (default: 60)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = _parser().parse_args(argv)
    if args.verbose:
        os.environ["BREAKAWAY_VERBOSE"] = "1"
    try:
        from breakaway.data.environment import check_environment

        check_environment()
        if args.command == "list":
            return _list()
        if args.command == "validate":
            return _validate(args.data)
        if args.command == "diff":
            return _diff(args)
        return _render_scoped(args)
    except DataError as error:
        for problem in error.problems:
            _say(problem)
        if args.verbose:
            raise
        return EXIT_BAD_INPUT
    except InputError as error:
        _say(error)
        if args.verbose:
            raise
        return EXIT_BAD_INPUT
    except OSError as error:  # disk full, permissions: one line, exit 1 (files written whole)
        where = f"{error.filename}: " if error.filename else ""
        _say(f"{where}{error.strerror or error}")
        if args.verbose:
            raise
        return EXIT_FAILED


def _data_dir(value: Path | None) -> Path:
    from breakaway.errors import ParameterError

    data_dir = (value or paths.data_dir()).expanduser().resolve()
    if not data_dir.is_dir():
        raise ParameterError(
            f"--data {data_dir}: no such folder; expected the folder holding "
            "datapackage.json and the CSV tables"
        )
    return data_dir


def _list() -> int:
    from breakaway.data.safety import escape_text
    from breakaway.render.editions import read_state

    # Validated first: the ids it prints name folders it reads (no id can leave reports/).
    tables = _validate_quietly(_data_dir(None))
    rows = {r["territory_id"]: r for r in tables["territories"].rows}
    for territory, row in rows.items():
        editions = read_state(paths.reports_dir() / territory)["editions"]
        latest = editions[-1]["as_of"] if editions else "none yet"
        line = (
            f"{territory}: {row.get('name', '')} (parent state {row.get('parent_state', '')}, "
            f"patron {row.get('patron_state', '')}); latest edition: {latest}"
        )
        print(escape_text(line))
    return EXIT_OK


def _diff(args: argparse.Namespace) -> int:
    """Print what became known between two dates, from the data alone (no kernel)."""
    import json

    from breakaway.data.asof import read_raw_tables
    from breakaway.data.params import check_territory, checked_territory_ids, resolve_as_of
    from breakaway.data.safety import escape_text
    from breakaway.dates import format_date
    from breakaway.errors import ParameterError
    from breakaway.knowledge.changes import changes
    from breakaway.render.plan import COMPARISON

    data_dir = _data_dir(args.data)
    since, until = resolve_as_of(args.since), resolve_as_of(args.until)
    _validate_quietly(data_dir)
    check_territory(args.territory, [*checked_territory_ids(data_dir), COMPARISON])
    if since >= until:
        raise ParameterError(
            f"--from {since.isoformat()} is not before --to {until.isoformat()}; "
            "expected an earlier date first"
        )
    territory = None if args.territory == COMPARISON else args.territory
    found = changes(read_raw_tables(data_dir), territory, since, until)
    if args.output_format == "json":
        print(
            json.dumps(
                {
                    "territory": args.territory,
                    "from": since.isoformat(),
                    "to": until.isoformat(),
                    "changes": [c.as_dict() for c in found],
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        return EXIT_OK
    head = (
        f"{args.territory}: {len(found)} change{'' if len(found) == 1 else 's'} between "
        f"{format_date(since)} and {format_date(until)}"
    )
    if args.output_format == "markdown":
        from breakaway.data.safety import escape_markdown

        lines = [f"## {escape_markdown(head)}"]
        lines += [
            f"- {format_date(c.date)}: {escape_markdown(c.text)} "
            f"\\[{escape_markdown(c.source_ids.replace(';', ', '))}\\]"
            for c in found
        ]
    else:
        lines = [head]
        lines += [
            f"  {format_date(c.date)}: {c.text} [{c.source_ids.replace(';', ', ')}]" for c in found
        ]
    for line in lines:
        print(escape_text(line))
    return EXIT_OK


def _validate(data: Path | None) -> int:
    from breakaway.data.validate import display_path, validate_data_dir
    from breakaway.dates import today
    from breakaway.knowledge.freshness import stale_checks

    data_dir = _data_dir(data)
    tables = validate_data_dir(data_dir)
    counts = ", ".join(f"{name} {len(raw.rows)}" for name, raw in tables.items())
    print(f"OK: {display_path(data_dir)} is valid ({counts} rows)")
    stale = stale_checks(tables["territories"].rows, today())
    if stale:
        print(f"breakaway: warning: {stale}", file=sys.stderr)
    return EXIT_OK


def _render_scoped(args: argparse.Namespace) -> int:
    """``_render``, its claim that the data was validated (for its workers) ending with it.

    The claim lives in the environment so that workers and kernels inherit it; left behind, it
    would tell a later load in the same process (``main`` called in-process) that no one need
    check those bytes, although this run's validation is over.
    """
    from breakaway.data.fingerprint import VALIDATED_ENV

    before = os.environ.get(VALIDATED_ENV)
    try:
        return _render(args)
    finally:
        if before is None:
            os.environ.pop(VALIDATED_ENV, None)
        else:
            os.environ[VALIDATED_ENV] = before


def _render(args: argparse.Namespace) -> int:
    from breakaway.data.params import (
        check_as_of_in_range,
        check_formats,
        check_territory,
        checked_territory_ids,
    )
    from breakaway.data.schema import check_table_files
    from breakaway.errors import ParameterError
    from breakaway.render.plan import COMPARISON, RenderOptions, check_out_dir, plan_reports
    from breakaway.render.signals import Interrupted, handle_signals
    from breakaway.render.sweep import check_report_count, resolve_dates

    data_dir = _data_dir(args.data)
    formats = check_formats(args.formats)
    from breakaway.render.pdf_variants import pdf_variant

    variant = pdf_variant(args.pdf_variant)  # an unknown variant: exit 2 before anything runs
    if args.jobs < 1:
        raise ParameterError(f"--jobs {args.jobs}: expected a whole number of at least 1")
    # One date, or every date of a sweep; the first is the earliest, so one range check holds all.
    dates = resolve_dates(args.as_of, args.every)
    check_table_files(data_dir)  # a pipe, a link or a huge table: exit 2 before it is opened
    # Ids name folders under --out: checked in code before the plan looks at any folder.
    known = checked_territory_ids(data_dir)
    for territory in args.territories:
        check_territory(territory, [*known, COMPARISON])
    check_as_of_in_range(dates[0], data_dir)
    if args.out is None and data_dir != paths.data_dir().resolve():
        raise ParameterError(
            f"--data {data_dir} is not the project's data folder; expected an explicit --out "
            "for reports made from it"
        )
    out_dir = (args.out or paths.reports_dir()).expanduser().resolve()
    check_out_dir(out_dir, data_dir, paths.figures_dir())
    from breakaway.render.links import BASE_URL_ENV, check_base_url

    args.base_url = check_base_url(args.base_url or os.environ.get(BASE_URL_ENV))
    # Charts live with their reports: figures/ for the default output, OUT/figures/ with --out.
    figures_dir = paths.figures_dir() if args.out is None else out_dir / "figures"

    per_date = plan_reports(args.territories, known, dates[0], out_dir)
    check_report_count(len(dates), len(per_date))  # before a sweep plans thousands of folders
    specs = [spec for day in dates for spec in plan_reports(args.territories, known, day, out_dir)]
    options = RenderOptions(
        data_dir=data_dir,
        formats=tuple(formats),
        page_size=args.page_size,
        force=args.force,
        cell_timeout=args.cell_timeout,
        start_timeout=args.start_timeout,
        figures_dir=figures_dir,
        pdf_variant=variant,
    )
    # A sweep ending today renders today's report like any explicit date, not as an edition.
    is_edition = str(args.as_of).strip().lower() == "today"
    # Validated before anything reads a row: a night as of today reads every row to learn what is
    # known, unless these very bytes made the latest edition of every report (that run validated
    # them). An explicit date or a sweep only hashes the files; it validates before rendering.
    validated = is_edition and not _validated_before(specs, data_dir)
    if validated:
        _validate_quietly(data_dir)
    with handle_signals():
        try:
            return _render_planned(args, specs, options, out_dir, is_edition, validated)
        except Interrupted as stop:
            _say(
                f"stopped by {stop}: workers and kernels stopped; every report is whole "
                "(finished ones new, the others as before)"
            )
            return stop.exit_code


def _render_planned(args, specs, options, out_dir: Path, is_edition: bool, validated: bool) -> int:
    from breakaway.render.plan import plan_run
    from breakaway.render.progress import Progress
    from breakaway.render.run import render_reports
    from breakaway.render.signals import Interrupted

    # As of today, a report gets a new edition only when what is known has changed. (Editions
    # are imported only then: an explicit date with nothing to do needs none of their code.)
    if is_edition:
        from breakaway.render.editions import plan_editions

        planned, knowledge = plan_editions(specs, options)
    else:
        planned, knowledge = plan_run(specs, options), {}
    if not validated and any(not report.is_up_to_date for report in planned):
        _validate_quietly(options.data_dir)  # bad data: exit 2 before anything is written
    if any(not report.is_up_to_date for report in planned):
        _check_writable(out_dir)  # only now: a run with nothing to do writes nothing

    progress = Progress(total=len(specs), verbose=args.verbose)
    scheduler = args.scheduler or os.environ.get("DASK_SCHEDULER_ADDRESS") or None
    try:
        if scheduler:
            # Imported only here: dask is heavy, and a quiet night must not load it.
            from breakaway.render.cluster import render_on_cluster

            results = render_on_cluster(planned, options, scheduler, progress.report)
        else:
            results = render_reports(planned, options, args.jobs, progress.report)
    except Interrupted:
        if out_dir.is_dir():
            from breakaway.render.index import write_index

            write_index(out_dir, args.base_url)  # from the manifests on disk, as they are
        raise
    progress.close()
    from breakaway.render.site import publish_site

    edition_of = specs[0].as_of if is_edition else None
    publish_site(out_dir, planned, results, options, args.base_url, edition_of, knowledge)
    failed = [r for r in results if r.status == "failed"]
    if failed:
        return EXIT_FAILED
    return EXIT_OK


def _validated_before(specs, data_dir: Path) -> bool:
    """Whether the latest edition of every report was made from these very data files.

    A render validates before it renders, so those bytes passed validation then. Reads only.
    """
    import re

    from breakaway.data.fingerprint import data_hashes, short_fingerprint
    from breakaway.render.editions import read_state
    from breakaway.render.plan import read_manifest

    current = short_fingerprint(data_hashes(data_dir))
    for spec in specs:
        editions = read_state(spec.folder.parent)["editions"]
        day = str(editions[-1].get("as_of")) if editions else ""
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
            return False
        manifest = read_manifest(spec.folder.parent / day) or {}
        data = manifest.get("data")
        if manifest.get("status") != "ok" or not isinstance(data, dict):
            return False
        if data.get("fingerprint") != current:
            return False
    return True


def _validate_quietly(data_dir: Path) -> dict:
    from breakaway.data.fingerprint import VALIDATED_ENV, data_hashes, short_fingerprint
    from breakaway.data.validate import validate_data_dir

    tables = validate_data_dir(data_dir)
    # Workers and their kernels inherit this: they read the same bytes without re-validating.
    os.environ[VALIDATED_ENV] = short_fingerprint(data_hashes(data_dir))
    return tables


def _check_writable(out_dir: Path) -> None:
    from breakaway.errors import ParameterError

    probe_dir = out_dir
    while not probe_dir.exists():
        probe_dir = probe_dir.parent
    if not probe_dir.is_dir() or not os.access(probe_dir, os.W_OK | os.X_OK):
        raise ParameterError(
            f"--out {out_dir}: cannot write there; expected a folder you can write to"
        )


if __name__ == "__main__":
    sys.exit(main())
