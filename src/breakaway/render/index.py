"""``OUT/index.html``: every report in an output folder, for readers, latest edition first.

For each report's latest edition the index shows what a reader came for: its headline, its latest
news and the day its sources were checked through (``facts.json``, with fallbacks when a key is
absent), and links to its files; not render times. A failed render stays visible.

Built from the manifests on disk (standard library and Jinja2 only), so it is correct whatever
renders ran before; the page is ``templates/index.html.j2``, autoescaped, so everything it shows
is escaped. Only real folders named like a report and an
as-of date are listed (no link is followed); a manifest it cannot use is listed as unreadable.
Links are relative (``./…``), or absolute under ``--base-url`` (``links.href``, http(s) only), and
every part is percent-encoded, so no folder name can turn into a ``javascript:`` URL.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from breakaway.data.safety import ID_PATTERN
from breakaway.dates import format_date, known_on
from breakaway.knowledge.facts_types import BriefingFacts, briefing_facts
from breakaway.render.editions import read_state
from breakaway.render.exporters import EXPORTERS
from breakaway.render.links import href, read_json_object
from breakaway.render.plan import MANIFEST, read_manifest
from breakaway.render.publish import write_text_atomic

_DATE_FOLDER = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_KINDS = ("briefing", "comparison")
TEMPLATES = Path(__file__).resolve().parent / "templates"


def _day(text: str) -> str:
    try:
        return format_date(text)
    except ValueError:
        return text


def _real_folders(folder: Path, pattern: re.Pattern) -> list[Path]:
    """Sub-folders of ``folder`` whose names match ``pattern``; links are not followed."""
    try:
        with os.scandir(folder) as scan:
            return sorted(
                Path(entry.path)
                for entry in scan
                if pattern.match(entry.name) and entry.is_dir(follow_symlinks=False)
            )
    except OSError:
        return []


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _entries(out_dir: Path, base_url: str | None = None) -> list[dict]:
    entries = []
    for report_dir in _real_folders(out_dir, ID_PATTERN):
        for folder in _real_folders(report_dir, _DATE_FOLDER):
            if not os.path.lexists(folder / MANIFEST):
                continue
            entries.append(_entry(folder, read_manifest(folder), base_url))
    entries.sort(
        key=lambda e: (e["report"] == "comparison", e["report"], e["as_of"]), reverse=False
    )
    # Newest as-of first within each report; mark it as the latest.
    grouped: dict[str, list[dict]] = {}
    for entry in entries:
        grouped.setdefault(entry["report"], []).append(entry)
    latest, older = [], []
    for group in grouped.values():
        group.sort(key=lambda e: e["as_of"], reverse=True)
        group[0]["is_latest"] = True
        checked = _text(read_state(out_dir / group[0]["report"]).get("checked_on"))
        group[0]["checked_on"] = _day(checked) if checked else ""
        latest.append(group[0])
        if len(group) > 1:  # a sweep's earlier dates, under one heading per report
            count = len(group) - 1
            group[1]["group_title"] = (
                f"{group[0]['title']}: {count} earlier report{'' if count == 1 else 's'}"
            )
        older += group[1:]
    _note_mixed_data(entries)
    return latest + older


def _note_mixed_data(entries: list[dict]) -> None:
    """Say where a report was built from other data than the project's, or than its peers.

    A briefing and the comparison of the same day are read side by side; built from different
    data, their numbers may disagree, so both say so.
    """
    by_day: dict[str, list[dict]] = {}
    for entry in entries:
        data = entry.pop("data")
        entry["data_notes"] = []
        entry["fingerprint"] = _text(data.get("fingerprint"))
        if data.get("is_project_data") is False:
            entry["data_notes"].append(f"Built from other data: {_text(data.get('folder'))}")
        by_day.setdefault(entry["as_of"], []).append(entry)
    for day in by_day.values():
        comparisons = [e for e in day if e["kind"] == "comparison" and e["fingerprint"]]
        for comparison in comparisons:
            for briefing in day:
                if briefing["kind"] == "briefing" and briefing["fingerprint"] not in (
                    "",
                    comparison["fingerprint"],
                ):
                    briefing["data_notes"].append(
                        "Built from different data than the comparison of the same day"
                    )
                    if not any("briefing" in note for note in comparison["data_notes"]):
                        comparison["data_notes"].append(
                            "Built from different data than a briefing of the same day"
                        )


def _entry(folder: Path, manifest: dict | None, base_url: str | None = None) -> dict:
    """One row of the index; a manifest that cannot be used makes an "unreadable" row."""
    if manifest is None:
        status, error, kind = "unreadable", "manifest.json cannot be used", ""
    else:
        kind = _text(manifest.get("kind"))
        if kind not in _KINDS:
            kind = "briefing"
        attempt = manifest.get("last_attempt")
        attempt = attempt if isinstance(attempt, dict) else {}
        status = _text(manifest.get("status")) or "unknown"
        error = ""
        if attempt.get("status") == "failed":
            status = "ok, last attempt failed" if status == "ok" else "failed"
            error = _text(attempt.get("error"))
    links = [
        (exporter.label, href(base_url, folder.parent.name, folder.name, name))
        for exporter in EXPORTERS.values()
        if kind and (folder / (name := exporter.file_name(kind))).is_file()
    ]
    facts = read_json_object(folder / "facts.json")
    data = manifest.get("data") if manifest else None
    checked = _text(facts.get("checked_through"))
    return {
        "report": folder.parent.name,
        "kind": kind,
        "data": data if isinstance(data, dict) else {},
        "title": _text(facts.get("name")) or folder.parent.name.replace("-", " ").title(),
        "headline": _text(facts.get("headline")).strip() or _summary(facts),
        "news": _latest_news(facts),
        "checked_through": _day(checked) if checked else "",
        "as_of": folder.name,
        "as_of_shown": _day(folder.name),
        "status": status,
        "error": error,
        "links": links,
    }


def _latest_news(facts: dict[str, Any]) -> dict[str, str] | None:
    """``{"on": "13 May 2022", "text": ...}``: the edition's latest news, or ``None``.

    From ``latest_news`` (``{"on": ISO date, "text": ...}``); without it, the newest of the
    dated items the facts record (its change of status, its steps towards the patron).
    """
    news = facts.get("latest_news")
    if isinstance(news, dict) and _text(news.get("text")).strip():
        on = _text(news.get("on"))
        return {"on": _day(on) if on else "", "text": _text(news["text"]).strip()}
    dated = [(_text(facts.get("status_on")), _text(facts.get("status_change")))]
    steps = facts.get("joining_patron")
    for step in steps if isinstance(steps, list) else []:
        if isinstance(step, dict):
            dated.append((_text(step.get("date")), _text(step.get("title"))))
    dated = [(on, text.strip()) for on, text in dated if text.strip() and _known_on(on)]
    if not dated:
        return None
    on, text = max(dated, key=lambda item: _known_on(item[0]) or date.min)
    return {"on": _day(on), "text": text}


def _known_on(text: str) -> date | None:
    try:
        return known_on(text)
    except ValueError:
        return None


def _summary(facts: dict[str, Any]) -> str:
    """One line of a briefing's key facts: status, recognitions, latest census, patron."""
    if not facts or "territories" in facts:
        return "The breakaway regions side by side" if facts else ""
    return _briefing_summary(briefing_facts(facts))


def _briefing_summary(facts: BriefingFacts) -> str:
    """The summary line from a briefing's facts.json; any key may be missing or odd (on disk)."""
    status = _text(facts.get("status"))
    parts = [status[:1].upper() + status[1:]]
    recognisers = facts.get("un_recognizers")
    if isinstance(recognisers, list):
        count = len(recognisers)
        members = {0: "no UN member", 1: "one UN member"}.get(count, f"{count} UN members")
        parts.append(f"recognised by {members}")
    census = facts.get("latest_census")
    if isinstance(census, dict) and isinstance(census.get("population"), int):
        # Its caveat beside it, as wherever the figure is printed (a de facto count is a claim).
        caveat = _text(census.get("caveat")).strip().rstrip(".")
        aside = f" ({caveat})" if caveat else ""
        parts.append(f"census {census.get('year')}: {census['population']:,}{aside}")
    if _text(facts.get("patron_state")):
        parts.append(f"patron: {facts['patron_state']}")
    return "; ".join(p for p in parts if p)


def write_index(out_dir: Path, base_url: str | None = None) -> Path:
    """Write ``out_dir/index.html`` linking every report found there (absolute under a base)."""
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )
    page = environment.get_template("index.html.j2").render(
        reports=_entries(out_dir, base_url),
        has_feed=(out_dir / "feed.xml").is_file(),
        feed=href(base_url, "feed.xml"),
    )
    target = out_dir / "index.html"
    if target.is_symlink() or not target.is_file() or target.read_text(encoding="utf-8") != page:
        # An unchanged index is left alone, so a run with nothing to do writes nothing.
        write_text_atomic(target, page)
    return target
