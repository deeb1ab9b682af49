"""``OUT/feed.xml``: an Atom feed with one entry per new edition, so that readers can subscribe.

Entries are kept in ``OUT/.feed.json`` (newest first, at most ``MAX_ENTRIES``) and the feed is
written from them; every text is escaped by the XML library. A ``.feed.json`` that is not what
this module writes is set aside as ``.feed.json.broken`` with one warning line, and the entries
are rebuilt from the editions recorded in each report's ``editions.json``.

An entry says what the edition learnt: the same five changes, the news first, and the same count
of the rest as the briefing's "Since the last edition" box (``summary_lines``), and links the
edition's HTML and PDF. Links are relative unless the run has a base URL (``render.links``).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from xml.etree import ElementTree

from breakaway.data.asof import read_raw_tables
from breakaway.data.safety import ID_PATTERN
from breakaway.dates import format_date, parse_partial_date
from breakaway.knowledge.changes import Change, headline_changes, rest_line
from breakaway.render.editions import read_state, warn_once
from breakaway.render.exporters import EXPORTERS
from breakaway.render.guard import UnsafePath, open_no_follow
from breakaway.render.links import href, read_json_object
from breakaway.render.plan import COMPARISON
from breakaway.render.publish import set_aside, write_text_atomic

ATOM = "http://www.w3.org/2005/Atom"
XHTML = "http://www.w3.org/1999/xhtml"
XML = "http://www.w3.org/XML/1998/namespace"
MEDIA_TYPES = {"html": "text/html", "pdf": "application/pdf"}
_FILE_NAME = re.compile(r"^[a-z]+\.[a-z]+$")
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


def _files(out_dir: Path, report: str, as_of: str) -> list[list[str]]:
    """``[[media type, path], ...]``: the edition's HTML and PDF found on disk, HTML first."""
    kind = "comparison" if report == COMPARISON else "briefing"
    found = []
    for exporter in EXPORTERS.values():
        name = exporter.file_name(kind)
        if (out_dir / report / as_of / name).is_file():
            found.append([MEDIA_TYPES.get(exporter.suffix, "application/octet-stream"), name])
    return found


def _entry(report: str, as_of: str, name: str, summary: str, **more: object) -> dict:
    return {
        "id": f"tag:breakaway,{as_of}:{report}",
        "title": f"{name}: edition of {format_date(as_of)}",
        "updated": f"{as_of}T00:00:00Z",
        "link": f"{report}/{as_of}/",
        "summary": summary,
        **more,
    }


def summary_lines(changes: list[dict]) -> tuple[list[str], str]:
    """The edition's five most significant changes as lines, and the line counting the rest.

    The same selection as the briefing's "Since the last edition" box (``headline_changes``).
    """
    keys = {"table", "date", "text", "source_ids", "peer"}
    found = [Change(**{k: v for k, v in c.items() if k in keys}) for c in changes]
    items, rest = headline_changes(found)
    lines = [f"{_date_phrase(c.date)}: {c.text}" for c in items]
    return lines, rest_line(items, rest)


def _date_phrase(day: str) -> str:
    """``On 13 May 2022``, ``In March 2024``, ``In 2006``."""
    precision = parse_partial_date(day).precision
    return f"{'On' if precision == 'day' else 'In'} {format_date(day)}"


def _first_edition_summary(out_dir: Path, report: str, as_of: str) -> str:
    facts = read_json_object(out_dir / report / as_of / "facts.json")
    headline = facts.get("headline")
    if isinstance(headline, str) and headline.strip():
        return f"The first edition of this report: {headline.strip()}"
    return "The first edition of this report."


def report_names(data_dir: Path) -> dict[str, str]:
    """Each report's name as the feed titles it: the territory's name, or the comparison's."""
    rows = read_raw_tables(data_dir).get("territories", [])
    return {COMPARISON: "The breakaway regions compared"} | {
        r["territory_id"]: r["name"] for r in rows
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
            files = _files(out_dir, report_dir.name, edition["as_of"])
            entries.append(_entry(report_dir.name, edition["as_of"], name, summary, files=files))
    entries.sort(key=lambda e: (e["updated"], e["id"]), reverse=True)
    return entries[:MAX_ENTRIES]


def add_editions(
    out_dir: Path, editions: list[dict], names: dict[str, str], base_url: str | None = None
) -> None:
    """Add an entry for each new edition and rewrite the feed.

    ``base_url`` (``--base-url``, checked by ``links.check_base_url``) makes every link absolute;
    called with no editions (the run's base URL changed), the feed is rewritten with its links.
    """
    if not editions and not (out_dir / FEED).is_file():
        return  # nothing new and no feed: nothing to write (no editions: links to rewrite)
    entries = _read_entries(out_dir)
    if entries is None:  # broken: rebuilt from editions.json, which already holds the new ones
        set_aside(out_dir / ENTRIES)
        fresh = {_entry(e["report"], e["as_of"], "", "")["id"] for e in editions}
        entries = [e for e in rebuilt_entries(out_dir, names) if e["id"] not in fresh]
    for edition in editions:
        report, as_of = edition["report"], edition["as_of"]
        items, more = summary_lines(edition["changes"])
        if edition["previous"]:
            since = f"New since the edition of {format_date(edition['previous'])}"
            summary = (
                f"{since}: " + "; ".join(items) + (f"; {more}." if more else ".")
                if items
                else "A new edition: no new rows, but the report or the data it shows was revised."
            )
        else:
            since, summary = "", _first_edition_summary(out_dir, report, as_of)
        entry = _entry(
            report, as_of, names.get(report, report), summary,
            items=items, more=more, since=since, files=_files(out_dir, report, as_of),
        )  # fmt: skip
        entries.insert(0, entry)
    entries = entries[:MAX_ENTRIES]
    write_text_atomic(out_dir / ENTRIES, json.dumps(entries, indent=1, ensure_ascii=False))
    write_text_atomic(out_dir / FEED, atom(entries, base_url))


def atom(entries: list[dict], base_url: str | None = None) -> str:
    """The Atom document (RFC 4287) for ``entries`` (newest first).

    Without a base URL the feed's id is a tag: URI and its links are relative to the feed; with
    one, the feed's id is its own address and every link is absolute. Entry ids are tag: URIs
    either way, so an entry keeps its id when the folder is published somewhere else.
    """
    ElementTree.register_namespace("", ATOM)
    ElementTree.register_namespace("xhtml", XHTML)
    feed = ElementTree.Element(f"{{{ATOM}}}feed", {f"{{{XML}}}lang": "en"})
    _text(feed, "title", "Breakaway briefings: new editions")
    _text(feed, "id", href(base_url, FEED) if base_url else "tag:breakaway,2026:editions")
    _text(feed, "updated", max((e["updated"] for e in entries), default="2026-01-01T00:00:00Z"))
    _text(ElementTree.SubElement(feed, f"{{{ATOM}}}author"), "name", "breakaway")
    _link(feed, href(base_url, FEED), rel="self", type="application/atom+xml")
    _link(feed, href(base_url, "index.html"), rel="alternate", type="text/html")
    for entry in entries:
        item = ElementTree.SubElement(feed, f"{{{ATOM}}}entry")
        for key in ("id", "title", "updated"):
            _text(item, key, entry[key])
        files = _entry_files(entry)
        for media_type, path in files:
            _link(item, href(base_url, *path.split("/")), rel="alternate", type=media_type)
        if not files:  # an entry rebuilt from editions.json whose files are gone
            _link(item, href(base_url, *entry["link"].strip("/").split("/")) + "/", rel="alternate")
        _text(item, "summary", entry["summary"])
        _content(item, entry, files, base_url)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(
        feed, encoding="unicode"
    )


def _entry_files(entry: dict) -> list[tuple[str, str]]:
    """The entry's files as (media type, path under the output folder); odd ones are dropped."""
    report, as_of = entry["link"].strip("/").partition("/")[::2]
    files = entry.get("files")
    if not isinstance(files, list):
        return []
    return [
        (pair[0], f"{report}/{as_of}/{pair[1]}")
        for pair in files
        if isinstance(pair, list)
        and len(pair) == 2
        and pair[0] in MEDIA_TYPES.values()
        and isinstance(pair[1], str)
        and _FILE_NAME.fullmatch(pair[1])
    ]


def _content(item, entry: dict, files: list[tuple[str, str]], base_url: str | None) -> None:
    """The entry's XHTML content: what changed as a list, then links to the edition's files."""
    items = [i for i in entry.get("items", []) if isinstance(i, str)]
    if not items and not files:
        return
    content = ElementTree.SubElement(item, f"{{{ATOM}}}content", type="xhtml")
    div = ElementTree.SubElement(content, f"{{{XHTML}}}div")
    since = entry.get("since")
    if items:
        if isinstance(since, str) and since:
            _text(div, "p", f"{since}, the news first:", XHTML)
        listed = ElementTree.SubElement(div, f"{{{XHTML}}}ul")
        for line in items:
            _text(listed, "li", line, XHTML)
        more = entry.get("more")
        if isinstance(more, str) and more:
            _text(div, "p", f"{more[:1].upper()}{more[1:]}.", XHTML)
    if files:
        links = ElementTree.SubElement(div, f"{{{XHTML}}}p")
        links.text = "Read this edition: "
        for number, (media_type, path) in enumerate(files):
            anchor = ElementTree.SubElement(
                links, f"{{{XHTML}}}a", href=href(base_url, *path.split("/"))
            )
            anchor.text = "PDF" if media_type == "application/pdf" else "HTML"
            anchor.tail = " · " if number < len(files) - 1 else ""


def _text(parent, tag: str, text: str, namespace: str = ATOM):
    element = ElementTree.SubElement(parent, f"{{{namespace}}}{tag}")
    element.text = text
    return element


def _link(parent, target: str, **attributes: str) -> None:
    ElementTree.SubElement(parent, f"{{{ATOM}}}link", {"href": target, **attributes})
