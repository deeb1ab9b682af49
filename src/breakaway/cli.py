"""The ``breakaway`` command: list, validate, render.

Exit codes: 0 everything rendered (or was up to date); 1 at least one report failed (the others
still rendered); 2 bad input (data or parameters), in which case nothing is rendered or
overwritten. Errors are one line each; ``--verbose`` adds tracebacks.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from breakaway import paths
from breakaway.errors import DataError, InputError

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


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

    render = commands.add_parser(
        "render", help="render briefings to HTML and PDF", parents=[common]
    )
    render.add_argument(
        "territories",
        nargs="*",
        metavar="TERRITORY",
        help="territory ids (default: every briefing and the comparison)",
    )
    render.add_argument("--as-of", default="today", help="YYYY-MM-DD or 'today' (default)")
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
    render.add_argument("--force", action="store_true", help="render even if up to date")
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
        type=int,
        default=300,
        help="seconds one notebook cell may run (default: 300)",
    )
    render.add_argument(
        "--start-timeout",
        type=int,
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
        if args.command == "list":
            return _list()
        if args.command == "validate":
            return _validate(args.data)
        return _render(args)
    except DataError as error:
        for problem in error.problems:
            print(f"breakaway: {problem}", file=sys.stderr)
        if args.verbose:
            raise
        return EXIT_BAD_INPUT
    except InputError as error:
        print(f"breakaway: {error}", file=sys.stderr)
        if args.verbose:
            raise
        return EXIT_BAD_INPUT


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
    from breakaway.data.params import read_territory_ids

    for territory in read_territory_ids(paths.data_dir()):
        print(territory)
    return EXIT_OK


def _validate(data: Path | None) -> int:
    from breakaway.data.validate import display_path, validate_data_dir

    data_dir = _data_dir(data)
    tables = validate_data_dir(data_dir)
    counts = ", ".join(f"{name} {len(raw.rows)}" for name, raw in tables.items())
    print(f"OK: {display_path(data_dir)} is valid ({counts} rows)")
    return EXIT_OK


def _render(args: argparse.Namespace) -> int:
    from breakaway.data.params import (
        check_as_of_in_range,
        check_formats,
        check_territory,
        read_territory_ids,
        resolve_as_of,
    )
    from breakaway.errors import ParameterError
    from breakaway.render.plan import COMPARISON, RenderOptions, plan_reports, plan_run
    from breakaway.render.run import render_reports

    data_dir = _data_dir(args.data)
    formats = check_formats(args.formats)
    if args.pdf_variant:
        from breakaway.render.convert import PDF_VARIANT_ENV, pdf_variant

        # The workers read it from the environment they inherit.
        os.environ[PDF_VARIANT_ENV] = pdf_variant(args.pdf_variant)
    if args.jobs < 1:
        raise ParameterError(f"--jobs {args.jobs}: expected a whole number of at least 1")
    known = read_territory_ids(data_dir)
    for territory in args.territories:
        check_territory(territory, [*known, COMPARISON])
    as_of = check_as_of_in_range(resolve_as_of(args.as_of), data_dir)
    out_dir = (args.out or paths.reports_dir()).expanduser().resolve()
    _check_writable(out_dir)

    specs = plan_reports(args.territories, known, as_of, out_dir)
    options = RenderOptions(
        data_dir=data_dir,
        formats=tuple(formats),
        page_size=args.page_size,
        force=args.force,
        cell_timeout=args.cell_timeout,
        start_timeout=args.start_timeout,
        figures_dir=paths.figures_dir(),
    )
    planned = plan_run(specs, options)
    if any(not report.is_up_to_date for report in planned):
        _validate_quietly(data_dir)  # bad data: exit 2 before any kernel starts

    from breakaway.render.progress import Progress

    progress = Progress(total=len(specs), verbose=args.verbose)
    results = render_reports(planned, options, args.jobs, progress.report)
    progress.close()

    from breakaway.render.index import write_index

    write_index(out_dir)
    failed = [r for r in results if r.status == "failed"]
    if failed:
        return EXIT_FAILED
    return EXIT_OK


def _validate_quietly(data_dir: Path) -> None:
    from breakaway.data.validate import validate_data_dir

    validate_data_dir(data_dir)


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
