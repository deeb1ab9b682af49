"""Editions: a nightly run as of today makes a new report only when what is known has changed.

A report's content is a function of what is known as of its date (the rows and sources it shows,
its peers' included), the code, the notebook and the settings. Each report folder
``OUT/<report>/`` keeps ``editions.json``: every edition made (its day and a fingerprint of what
it knew), in date order, and the day the latest was last checked. A run as of today compares
today's knowledge with the newest edition on or before today:

- the same: nothing is rendered and nothing is written (the check day is recorded only when the
  run writes anyway, so a run with nothing to do leaves ``--out`` untouched);
- different: a new edition is rendered in ``OUT/<report>/<today>/``, opening with what changed
  since the previous edition; ``OUT/<report>/latest`` (and ``figures/<report>/latest``) then lead
  to it, unless an edition of a later day exists, and ``OUT/feed.xml`` (Atom) gets an entry.

``editions.json`` is not trusted: one that cannot be read as written here (bad date, wrong type,
junk) is set aside as ``editions.json.broken`` with one warning line and rebuilt from the report
folders on disk. Editions are kept in date order whatever the order of the runs, so a run with a
clock a day behind never makes ``latest`` go back, and a faked future day is never what a normal
run compares with.

Standard library only: a night with nothing new starts no kernel and imports no pandas.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

from breakaway.data.asof import RawTables, read_raw_tables
from breakaway.data.fingerprint import data_hashes
from breakaway.data.safety import escape_text
from breakaway.knowledge.changes import digest, edition_changes, snapshot
from breakaway.render import fingerprint as fp
from breakaway.render.guard import UnsafePath, open_no_follow
from breakaway.render.plan import (
    PlannedReport,
    RenderOptions,
    ReportSpec,
    check_paths,
    expected_files,
    has_its_figures,
    is_day,
    plan_run,
    read_manifest,
)
from breakaway.render.publish import point_latest, set_aside, write_json_atomic

STATE = "editions.json"
MAX_STATE_BYTES = 4 * 1024 * 1024
_warned: set[str] = set()


def warn_once(path: Path, problem: str, action: str) -> None:
    """One warning line per broken state file and process (planning and recording both read it)."""
    key = str(path)
    if key in _warned:
        return
    _warned.add(key)
    print(escape_text(f"breakaway: warning: {path}: {problem}; {action}"), file=sys.stderr)


def _edition_problem(edition: object) -> str | None:
    """Why one entry of ``editions`` is not one this module wrote, or ``None``."""
    if not isinstance(edition, dict):
        return f"an edition is {type(edition).__name__}, expected an object"
    if not (isinstance(edition.get("as_of"), str) and is_day(edition["as_of"])):
        return f"an edition's as_of is {edition.get('as_of')!r}, expected a YYYY-MM-DD day"
    previous = edition.get("previous")
    if previous is not None and not (isinstance(previous, str) and is_day(previous)):
        return f"an edition's previous is {previous!r}, expected a YYYY-MM-DD day or null"
    if not isinstance(edition.get("knowledge"), str | None):
        return "an edition's knowledge is not a text"
    changes_ = edition.get("changes", 0)
    if isinstance(changes_, bool) or not isinstance(changes_, int):
        return "an edition's changes is not a whole number"
    return None


def state_problem(state: object) -> str | None:
    """Why a parsed ``editions.json`` cannot be used, or ``None``."""
    if not isinstance(state, dict):
        return f"holds {type(state).__name__}, expected an object"
    if not isinstance(state.get("editions"), list):
        return "has no list of editions"
    checked = state.get("checked_on")
    if checked is not None and not (isinstance(checked, str) and is_day(checked)):
        return f"checked_on is {checked!r}, expected a YYYY-MM-DD day"
    days = [e.get("as_of") for e in state["editions"] if isinstance(e, dict)]
    if len(set(days)) != len(days):
        return "lists an edition twice"
    for edition in state["editions"]:
        problem = _edition_problem(edition)
        if problem:
            return problem
    return None


def rebuilt_editions(report_dir: Path) -> list[dict]:
    """The editions found on disk: every whole dated report folder, oldest first."""
    editions: list[dict] = []
    try:
        with os.scandir(report_dir) as scan:
            days = sorted(
                entry.name
                for entry in scan
                if is_day(entry.name) and entry.is_dir(follow_symlinks=False)
            )
    except OSError:
        return []
    for day in days:
        manifest = read_manifest(report_dir / day)
        if manifest is not None and manifest.get("status") == "ok":
            previous = editions[-1]["as_of"] if editions else None
            editions.append({"as_of": day, "knowledge": None, "previous": previous, "changes": 0})
    return editions


def read_state(report_dir: Path) -> dict:
    """``{"editions": [...], "checked_on": ...}`` of a report folder, editions in date order.

    Missing: no editions. Unusable: rebuilt from the report folders, with ``"rebuilt"`` saying
    why (one warning line is printed; the file is set aside when the state is next written).
    """
    path = report_dir / STATE
    problem: str | None
    try:
        fd = open_no_follow(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        return {"editions": []}
    except (OSError, UnsafePath) as error:
        problem = f"cannot be read ({error})"
    else:
        try:
            with os.fdopen(fd, "rb") as file:
                content = file.read(MAX_STATE_BYTES + 1)
            if len(content) > MAX_STATE_BYTES:
                raise ValueError(f"larger than {MAX_STATE_BYTES} bytes")
            state = json.loads(content.decode("utf-8"))
            problem = state_problem(state)
        except (OSError, ValueError, RecursionError) as error:
            problem = f"is not JSON ({str(error).splitlines()[0] if str(error) else 'unreadable'})"
        if problem is None:
            state["editions"] = sorted(state["editions"], key=lambda e: e["as_of"])
            return state
    warn_once(path, problem, f"set aside as {STATE}.broken and rebuilt from the report folders")
    return {"editions": rebuilt_editions(report_dir), "rebuilt": problem}


def knowledge_fingerprint(
    spec: ReportSpec, options: RenderOptions, tables: RawTables, code: dict[str, str]
) -> str:
    """What the report would know and how it would show it: rows, sources, code, settings.

    The rows are those the report shows: for a briefing, its peers' too (``snapshot``).
    """
    known = snapshot(tables, spec.territory, spec.as_of)
    payload = {
        "known": digest(known),
        "code": code,
        "notebook": fp.notebook_hashes(spec.notebook),
        "settings": options.settings(),
        "report": spec.name,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def _is_whole(spec: ReportSpec, options: RenderOptions) -> bool:
    manifest = read_manifest(spec.folder)
    return (
        manifest is not None
        and manifest.get("status") == "ok"
        and all(path.exists() for path in expected_files(spec, options))
        and has_its_figures(spec, options, manifest)
    )


def _newest(editions: list[dict], day: date, *, inclusive: bool) -> dict | None:
    """The newest edition on (or, not ``inclusive``, before) ``day``; later ones are ignored."""
    found = [
        e
        for e in editions
        if (e["as_of"] <= day.isoformat() if inclusive else e["as_of"] < day.isoformat())
    ]
    return found[-1] if found else None


def plan_editions(
    specs: list[ReportSpec], options: RenderOptions
) -> tuple[list[PlannedReport], dict[str, str]]:
    """Plan a run as of today: the reports whose latest edition still holds are checked only.

    The edition compared with is the newest one on or before today: one of a later day (a run
    with a faked clock) is never what "no change since" refers to.

    Returns the plan and each report's knowledge fingerprint (by report name).
    """
    for spec in specs:
        check_paths(spec, options)
    tables = read_raw_tables(options.data_dir)
    # Everything but the tables (the descriptor, the boundaries) and the package's code.
    code = {
        **{k: v for k, v in data_hashes(options.data_dir).items() if not k.endswith(".csv")},
        **fp.package_hashes(),
    }
    knowledge, checked, to_plan = {}, [], []
    for spec in specs:
        knowledge[spec.name] = knowledge_fingerprint(spec, options, tables, code)
        editions = read_state(spec.folder.parent)["editions"]
        base = _newest(editions, spec.as_of, inclusive=True)
        if base and not options.force and base.get("knowledge") == knowledge[spec.name]:
            base_spec = replace(spec, as_of=date.fromisoformat(base["as_of"]))
            if _is_whole(base_spec, options):
                manifest = read_manifest(base_spec.folder) or {}
                fingerprint = str(manifest.get("fingerprint"))
                checked.append(PlannedReport(base_spec, fingerprint, {}, True, True))
                continue
        previous = _newest(editions, spec.as_of, inclusive=False)
        to_plan.append(
            replace(
                spec, previous_edition=date.fromisoformat(previous["as_of"]) if previous else None
            )
        )
    return checked + plan_run(to_plan, options), knowledge


def record_editions(
    planned: list[PlannedReport],
    statuses: dict[str, str],
    knowledge: dict[str, str],
    options: RenderOptions,
    today: date,
) -> list[dict]:
    """After a run as of today: note new editions in date order, point ``latest`` at the newest.

    Nothing is written when the run wrote nothing else (every report unchanged or up to date,
    every state file sound): the check day is recorded only along with other writes.

    Args:
        planned: The plan of the run.
        statuses: Each report's result status by label ("rendered", "up to date", "failed").
        knowledge: Each report's knowledge fingerprint, by report name.
        options: The run's options (data folder for the change lists, figures folder).
        today: The day of the run.

    Returns:
        The new editions, for the feed: ``{"report", "as_of", "previous", "changes"}``.
    """
    new, updates = [], []
    tables = None
    for report in planned:
        spec = report.spec
        report_dir = spec.folder.parent
        state = read_state(report_dir)
        editions = state["editions"]
        status = statuses.get(spec.name if report.is_unchanged_edition else spec.label)
        if status == "failed":
            continue
        day = spec.as_of.isoformat()
        mine = next((e for e in editions if e["as_of"] == day), None)
        changed = "rebuilt" in state
        if status in ("rendered", "up to date") and mine is None:
            tables = tables or read_raw_tables(options.data_dir)
            before = _newest(editions, spec.as_of, inclusive=False)
            previous = before["as_of"] if before else None
            found = []
            if previous:
                since = date.fromisoformat(previous)
                found = edition_changes(tables, spec.territory, since, spec.as_of)
            editions.append(
                {
                    "as_of": day,
                    "knowledge": knowledge.get(spec.name),
                    "previous": previous,
                    "changes": len(found),
                }
            )
            editions.sort(key=lambda e: e["as_of"])
            new.append(
                {
                    "report": spec.name,
                    "as_of": day,
                    "previous": previous,
                    "changes": [c.as_dict() for c in found],
                }
            )
            changed = True
        elif mine is not None and knowledge.get(spec.name, mine.get("knowledge")) != mine.get(
            "knowledge"
        ):
            mine["knowledge"] = knowledge[spec.name]
            changed = True
        updates.append((report, state, changed))
    # The check day is worth a write only when this run writes anyway.
    writes = any(changed for *_, changed in updates) or any(
        status in ("rendered", "failed") for status in statuses.values()
    )
    if not writes:
        return new
    newly = {(e["report"], e["as_of"]) for e in new}
    for report, state, _ in updates:
        spec = report.spec
        report_dir = spec.folder.parent
        if "rebuilt" in state:
            set_aside(report_dir / STATE)
        record = {k: v for k, v in state.items() if k != "rebuilt"}
        record["checked_on"] = today.isoformat()
        write_json_atomic(report_dir / STATE, record)
        newest = record["editions"][-1]["as_of"] if record["editions"] else None
        # latest moves only with a new edition of today that is the newest of all.
        if (spec.name, spec.as_of.isoformat()) in newly and newest == spec.as_of.isoformat():
            point_latest(report_dir, newest)
            if options.figures_dir is not None:
                point_latest(options.figures_dir / spec.name, newest)
    return new
