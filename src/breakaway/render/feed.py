"""``OUT/feed.xml``: an Atom feed with one entry per new edition, so that readers can subscribe.

Entries are kept in ``OUT/.feed.json`` (newest first, at most ``MAX_ENTRIES``) and the feed is
written from them; every text is escaped by the XML library. A ``.feed.json`` that is not what
this module writes is set aside as ``.feed.json.broken`` with one warning line, and the entries
are rebuilt from the editions recorded in each report's ``editions.json``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from xml.etree import ElementTree

from breakaway.data.safety import ID_PATTERN
from breakaway.dates import format_date
from breakaway.render.editions import read_state, warn_once
from breakaway.render.guard import UnsafePath, open_no_follow
from breakaway.render.publish import set_aside, write_text_atomic

ATOM = "http://www.w3.org/2005/Atom"
FEED = "feed.xml"
ENTRIES = ".feed.json"
MAX_ENTRIES = 200
MAX_ENTRIES_BYTES = 8 * 1024 * 1024
KEYS = ("id", "title", "updated", "link", "summary")


def _entries_problem(entries: object) -> str | None:
    if not isinstance(entries, list):
        return f"holds {type(entries).__name__}, expected a list of entries"
    for entry in entries:
        if not (isinstance(entry, dict) and all(isinstance(entry.get(k), str) for k in KEYS)):
            return f"an entry is not an object with the texts {', '.join(KEYS)}"
    return None


def _read_entries(out_dir: Path) -> list[dict] | None:
    """The stored entries, or ``None`` when they cannot be used (one warning line)."""
    path = out_dir / ENTRIES
    problem: str | None
    try:
        fd = open_no_follow(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        return []
    except (OSError, UnsafePath) as error:
        problem = f"cannot be read ({error})"
    else:
        try:
            with os.fdopen(fd, "rb") as file:
                content = file.read(MAX_ENTRIES_BYTES + 1)
            if len(content) > MAX_ENTRIES_BYTES:
                raise ValueError(f"larger than {MAX_ENTRIES_BYTES} bytes")
            entries = json.loads(content.decode("utf-8"))
            problem = _entries_problem(entries)
        except (OSError, ValueError, RecursionError) as error:
            problem = f"is not JSON ({str(error).splitlines()[0] if str(error) else 'unreadable'})"
        if problem is None:
            return entries
    warn_once(path, problem, f"set aside as {ENTRIES}.broken and rebuilt from the editions")
    return None


def _entry(report: str, as_of: str, name: str, summary: str) -> dict:
    return {
        "id": f"tag:breakaway,{as_of}:{report}",
        "title": f"{name}: edition of {format_date(as_of)}",
        "updated": f"{as_of}T00:00:00Z",
        "link": f"{report}/{as_of}/",
        "summary": summary,
    }


def rebuilt_entries(out_dir: Path, names: dict[str, str]) -> list[dict]:
    """An entry per edition recorded under ``out_dir``, newest first (change lists not kept)."""
    entries = []
    try:
        reports = sorted(p for p in out_dir.iterdir() if ID_PATTERN.match(p.name))
    except OSError:
        return []
    for report_dir in reports:
        if report_dir.is_symlink() or not report_dir.is_dir():
            continue
        for edition in read_state(report_dir)["editions"]:
            previous = edition.get("previous")
            summary = (
                f"A new edition since that of {format_date(previous)}."
                if previous
                else "The first edition of this report."
            )
            name = names.get(report_dir.name, report_dir.name)
            entries.append(_entry(report_dir.name, edition["as_of"], name, summary))
    entries.sort(key=lambda e: (e["updated"], e["id"]), reverse=True)
    return entries[:MAX_ENTRIES]


def add_editions(out_dir: Path, editions: list[dict], names: dict[str, str]) -> None:
    """Add an entry for each new edition and rewrite the feed (nothing to add: nothing written)."""
    if not editions:
        return
    entries = _read_entries(out_dir)
    if entries is None:  # broken: rebuilt from editions.json, which already holds the new ones
        set_aside(out_dir / ENTRIES)
        fresh = {_entry(e["report"], e["as_of"], "", "")["id"] for e in editions}
        entries = [e for e in rebuilt_entries(out_dir, names) if e["id"] not in fresh]
    for edition in editions:
        name = names.get(edition["report"], edition["report"])
        if edition["previous"]:
            count = len(edition["changes"])
            summary = (
                f"New since the edition of {format_date(edition['previous'])}: "
                + "; ".join(c["text"] for c in edition["changes"][:10])
                if count
                else "A new edition: no new rows, but the report or the data it shows was revised."
            )
        else:
            summary = "The first edition of this report."
        entries.insert(0, _entry(edition["report"], edition["as_of"], name, summary))
    entries = entries[:MAX_ENTRIES]
    write_text_atomic(out_dir / ENTRIES, json.dumps(entries, indent=1, ensure_ascii=False))
    write_text_atomic(out_dir / FEED, atom(entries))


def atom(entries: list[dict]) -> str:
    """The Atom document for ``entries`` (newest first)."""
    ElementTree.register_namespace("", ATOM)
    feed = ElementTree.Element(f"{{{ATOM}}}feed")
    ElementTree.SubElement(feed, f"{{{ATOM}}}title").text = "Breakaway briefings: new editions"
    ElementTree.SubElement(feed, f"{{{ATOM}}}id").text = "tag:breakaway,2026:editions"
    updated = entries[0]["updated"] if entries else "2026-01-01T00:00:00Z"
    ElementTree.SubElement(feed, f"{{{ATOM}}}updated").text = updated
    author = ElementTree.SubElement(feed, f"{{{ATOM}}}author")
    ElementTree.SubElement(author, f"{{{ATOM}}}name").text = "breakaway"
    ElementTree.SubElement(feed, f"{{{ATOM}}}link", href="./feed.xml", rel="self")
    for entry in entries:
        item = ElementTree.SubElement(feed, f"{{{ATOM}}}entry")
        for key in ("id", "title", "updated"):
            ElementTree.SubElement(item, f"{{{ATOM}}}{key}").text = entry[key]
        ElementTree.SubElement(item, f"{{{ATOM}}}link", href=f"./{entry['link']}")
        ElementTree.SubElement(item, f"{{{ATOM}}}summary").text = entry["summary"]
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(
        feed, encoding="unicode"
    )
