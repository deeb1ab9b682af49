"""``OUT/feed.xml``: an Atom feed with one entry per new edition, so that readers can subscribe.

Entries are kept in ``OUT/.feed.json`` (newest first, at most ``MAX_ENTRIES``) and the feed is
written from them; every text is escaped by the XML library.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from xml.etree import ElementTree

from breakaway.dates import format_date
from breakaway.render.guard import UnsafePath, open_no_follow
from breakaway.render.publish import write_text_atomic

ATOM = "http://www.w3.org/2005/Atom"
FEED = "feed.xml"
ENTRIES = ".feed.json"
MAX_ENTRIES = 200


def _read_entries(out_dir: Path) -> list[dict]:
    try:
        fd = open_no_follow(out_dir / ENTRIES, os.O_RDONLY | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as file:
            entries = json.loads(file.read(8 * 1024 * 1024).decode("utf-8"))
    except (OSError, UnsafePath, ValueError):
        return []
    return [e for e in entries if isinstance(e, dict)] if isinstance(entries, list) else []


def add_editions(out_dir: Path, editions: list[dict], names: dict[str, str]) -> None:
    """Add an entry for each new edition and rewrite the feed (nothing to add: nothing written)."""
    if not editions:
        return
    entries = _read_entries(out_dir)
    for edition in editions:
        name = names.get(edition["report"], edition["report"])
        day = format_date(edition["as_of"])
        if edition["previous"]:
            count = len(edition["changes"])
            summary = (
                f"New since the edition of {format_date(edition['previous'])}: "
                + "; ".join(c["text"] for c in edition["changes"][:10])
                if count
                else "A new edition: the report itself changed, not the data."
            )
        else:
            summary = "The first edition of this report."
        entries.insert(
            0,
            {
                "id": f"tag:breakaway,{edition['as_of']}:{edition['report']}",
                "title": f"{name}: edition of {day}",
                "updated": f"{edition['as_of']}T00:00:00Z",
                "link": f"{edition['report']}/{edition['as_of']}/",
                "summary": summary,
            },
        )
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
