"""Editions: a nightly run as of today makes a new report only when what is known has changed.

A report's content is a function of what is known as of its date (the rows and sources visible
then), the code, the notebook and the settings. Each report folder ``OUT/<report>/`` keeps
``editions.json``: every edition made (its day and a fingerprint of what it knew) and the day the
latest was last checked. A run as of today compares today's knowledge with the latest edition's:

- the same: nothing is rendered; the latest edition is recorded as checked today;
- different: a new edition is rendered in ``OUT/<report>/<today>/``, opening with what changed
  since the previous edition; ``OUT/<report>/latest`` then leads to it and ``OUT/feed.xml`` (Atom)
  gets an entry.

Standard library only: a night with nothing new starts no kernel and imports no pandas.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import replace
from datetime import date
from pathlib import Path

from breakaway.data.asof import read_raw_tables
from breakaway.data.fingerprint import data_hashes
from breakaway.knowledge.changes import changes, digest, snapshot
from breakaway.render import fingerprint as fp
from breakaway.render.execute import point_latest
from breakaway.render.guard import UnsafePath, open_no_follow
from breakaway.render.plan import (
    PlannedReport,
    RenderOptions,
    ReportSpec,
    check_paths,
    expected_files,
    plan_run,
    read_manifest,
)
from breakaway.render.publish import write_json_atomic

STATE = "editions.json"
LATEST = "latest"
MAX_STATE_BYTES = 4 * 1024 * 1024


def read_state(report_dir: Path) -> dict:
    """``{"editions": [...], "checked_on": ...}`` of a report folder (empty when missing)."""
    try:
        fd = open_no_follow(report_dir / STATE, os.O_RDONLY | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as file:
            state = json.loads(file.read(MAX_STATE_BYTES).decode("utf-8"))
    except (OSError, UnsafePath, ValueError):
        return {"editions": []}
    if not isinstance(state, dict) or not isinstance(state.get("editions"), list):
        return {"editions": []}
    state["editions"] = [e for e in state["editions"] if isinstance(e, dict) and "as_of" in e]
    return state


def knowledge_fingerprint(
    spec: ReportSpec, options: RenderOptions, tables: dict, code: dict[str, str]
) -> str:
    """What the report would know and how it would show it: rows, sources, code, settings."""
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
    )


def plan_editions(
    specs: list[ReportSpec], options: RenderOptions
) -> tuple[list[PlannedReport], dict[str, str]]:
    """Plan a run as of today: the reports whose latest edition still holds are checked only.

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
        latest = editions[-1] if editions else None
        if latest and not options.force and latest.get("knowledge") == knowledge[spec.name]:
            latest_spec = replace(spec, as_of=date.fromisoformat(latest["as_of"]))
            if _is_whole(latest_spec, options):
                manifest = read_manifest(latest_spec.folder) or {}
                fingerprint = str(manifest.get("fingerprint"))
                checked.append(PlannedReport(latest_spec, fingerprint, {}, True, True))
                continue
        previous = date.fromisoformat(latest["as_of"]) if latest else None
        if previous is not None and previous >= spec.as_of:
            previous = None
        to_plan.append(replace(spec, previous_edition=previous))
    return checked + plan_run(to_plan, options), knowledge


def record_editions(
    planned: list[PlannedReport],
    statuses: dict[str, str],
    knowledge: dict[str, str],
    options: RenderOptions,
    today: date,
) -> list[dict]:
    """After a run as of today: note checks and new editions, point ``latest`` at the newest.

    Args:
        planned: The plan of the run.
        statuses: Each report's result status by label ("rendered", "up to date", "failed").
        knowledge: Each report's knowledge fingerprint, by report name.
        options: The run's options (data folder for the change lists).
        today: The day of the run.

    Returns:
        The new editions, for the feed: ``{"report", "as_of", "previous", "changes"}``.
    """
    new = []
    tables = None
    for report in planned:
        spec = report.spec
        report_dir = spec.folder.parent
        state = read_state(report_dir)
        editions = state["editions"]
        status = statuses.get(spec.name if report.is_unchanged_edition else spec.label)
        is_new = status in ("rendered", "up to date") and (
            not editions or editions[-1]["as_of"] != spec.as_of.isoformat()
        )
        if status == "failed":
            continue
        if is_new:
            tables = tables or read_raw_tables(options.data_dir)
            previous = editions[-1]["as_of"] if editions else None
            found = (
                changes(tables, spec.territory, date.fromisoformat(previous), spec.as_of)
                if previous
                else []
            )
            editions.append(
                {
                    "as_of": spec.as_of.isoformat(),
                    "knowledge": knowledge.get(spec.name),
                    "previous": previous,
                    "changes": len(found),
                }
            )
            new.append(
                {
                    "report": spec.name,
                    "as_of": spec.as_of.isoformat(),
                    "previous": previous,
                    "changes": [c.as_dict() for c in found],
                }
            )
            point_latest(report_dir)
        elif editions and editions[-1]["as_of"] == spec.as_of.isoformat():
            editions[-1]["knowledge"] = knowledge.get(spec.name, editions[-1].get("knowledge"))
        state["checked_on"] = today.isoformat()
        write_json_atomic(report_dir / STATE, state)
    return new
