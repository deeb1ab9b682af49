"""What was known on a day, as a comparable snapshot, and what became known between two days.

Standard library only: the render plan compares today's snapshot of each report with its latest
edition's to decide whether a new edition is needed, without starting a kernel or importing
pandas; ``breakaway diff`` and the "Since the last edition" box list the same changes.

A new edition opens with the few changes that matter most (``headline_changes``): the news first,
then the bookkeeping of the record, the rest counted in one line (``rest_line``). The box in the
briefing and the edition's entry in the feed are both made from this one selection.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, replace
from datetime import date

from breakaway.data.asof import NEVER, RawTables, read_raw_tables
from breakaway.data.details import DETAIL, DETAIL_SOURCE_IDS, detail_known_from, detail_shown
from breakaway.data.registry import Roles
from breakaway.data.schema import split_ids
from breakaway.dates import known_on
from breakaway.knowledge.peers import choose_peer_ids
from breakaway.text import join_words

# The tables whose rows a report shows, in the order changes are listed.
TABLES = ("events", "recognitions", "population", "statements", "indicators", "claims", "status")
# What a briefing shows of each peer (knowledge.facts for the comparison text and charts): its
# territories row, its recognitions and its population.
PEER_TABLES = frozenset({"territories", "recognitions", "population"})


@dataclass(frozen=True)
class Change:
    """One row that became known (or one end that did) between two days."""

    table: str
    date: str  # the row's own date, ISO (possibly partial)
    text: str  # what a reader is told, in one line
    source_ids: str
    peer: str = ""  # the peer's name, for what a briefing shows of another region

    def as_dict(self) -> dict:
        """The change as plain JSON types (``peer`` only when it is about a peer)."""
        return {k: v for k, v in asdict(self).items() if k != "peer" or v}


def _belongs(row: dict, territory: str | None) -> bool:
    return territory is None or row.get("territory_id") == territory


def _rows(tables: RawTables, name: str):
    """``(row, known_from, end_known_from)`` of each row of a table."""
    return (
        (row, start, end)
        for row, (start, end) in zip(tables.get(name, []), tables.known.get(name, []), strict=True)
    )


def shown_tables(tables: RawTables) -> list[str]:
    """The tables whose rows a report shows: every table that cites sources, but the sources."""
    return [
        name
        for name, rows in tables.items()
        if name != "sources" and (not rows or "source_ids" in rows[0])
    ]


def shown_rows(tables: dict[str, list[dict]], territory: str | None):
    """Which rows a report draws on: ``(table, row) -> bool``.

    The comparison (``territory`` None) draws on every row. A briefing draws on all of its own
    territory's rows, on its peers' rows of ``PEER_TABLES`` (the peers chosen as the briefing
    chooses them), and on the events its own press claims name as their subject, whichever
    territory those belong to.
    """
    if territory is None:
        return lambda table, row: True
    territories = tables.get("territories", [])
    known_ids = {row.get("territory_id", "").strip() for row in territories}
    peers = set(choose_peer_ids(territories, territory)) if territory in known_ids else set()
    subjects = {
        row.get("subject", "")
        for row in tables.get("claims", [])
        if row.get("territory_id") == territory
    } - {""}

    def is_shown(table: str, row: dict) -> bool:
        owner = row.get("territory_id")
        if owner == territory:
            return True
        if table == "events" and row.get("event_id") in subjects:
            return True
        return table in PEER_TABLES and owner in peers

    return is_shown


def snapshot(tables: RawTables, territory: str | None, as_of: date) -> dict:
    """The rows (and ends) known on ``as_of`` that a report shows, with their sources.

    For a briefing: its own territory's rows, its peers' and the events its claims name
    (``shown_rows``), so that a peer's new census makes a new edition of every briefing that
    shows that peer, and of those only. ``territory`` None: the comparison, every row. Two days
    with equal snapshots give reports with the same content, but for the date itself.
    """
    days = dict(
        zip(
            (r["source_id"] for r in tables.get("sources", [])),
            (k for k, _ in tables.known.get("sources", [])),
            strict=True,
        )
    )
    is_shown = shown_rows(tables, territory)
    known: dict[str, list] = {}
    cited: set[str] = set()
    for name in shown_tables(tables):
        rows = []
        for row, start, end in _rows(tables, name):
            if not is_shown(name, row) or start > as_of:
                continue
            rows.append({**row, "_ended": end <= as_of})
            if row.get(DETAIL):  # a detail made public after its row: a new edition that day
                rows[-1]["_detail_shown"] = detail_shown(row, days, as_of)
            ids = split_ids(f"{row.get('source_ids', '')};{row.get(DETAIL_SOURCE_IDS, '')}")
            cited |= {s for s in ids if days[s] <= as_of}
        known[name] = sorted(rows, key=lambda r: json.dumps(r, sort_keys=True))
    # The territories' own dates (independence, dissolution) change the story as they pass.
    for row in known.get("territories", []):
        for column in ("declared_independence_on", "dissolved_on"):
            row[f"_{column}_passed"] = bool(row.get(column)) and known_on(row[column]) <= as_of
    known["sources"] = sorted(
        (row for row in tables.get("sources", []) if row["source_id"] in cited),
        key=lambda r: r["source_id"],
    )
    return known


def digest(value: dict) -> str:
    """A stable hash of a snapshot."""
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()


def changes(
    tables: RawTables, territory: str | None, since: date, until: date, shown=None
) -> list[Change]:
    """The rows that became known after ``since`` and by ``until``, and the ends that did.

    Lists the tables whose roles say how to describe a row (``describe`` in the descriptor);
    ``shown``, a ``(table, row) -> bool``, narrows them further (a briefing's peers).
    """
    found = []
    days = _source_days(tables)
    for name, roles in tables.roles.items():
        if not roles.is_listed:
            continue
        for row, start, end in _rows(tables, name):
            if not _belongs(row, territory) or (shown and not shown(name, row)):
                continue
            if since < start <= until:
                found.append(Change(name, roles.own_date(row), describe(roles, row), _ids(row)))
            # A detail that a later source made public, of a row known before: told as new.
            detail_from = detail_known_from(row, days)
            if start <= since < detail_from <= until:
                text = f"{describe(roles, row)}: {row[DETAIL].strip()}"
                found.append(Change(name, roles.own_date(row), text, row[DETAIL_SOURCE_IDS]))
            if end != NEVER and since < end <= until and start <= until:
                found.append(Change(name, roles.end(row), describe_end(roles, row), _ids(row)))
    return sorted(found, key=lambda c: (known_on(c.date), c.table, c.text))


def peer_changes(tables: RawTables, territory: str, since: date, until: date) -> list[Change]:
    """What became known about a briefing's peers that it shows, each named with its peer."""
    is_shown = shown_rows(tables, territory)
    names = {row.get("territory_id"): row.get("name", "") for row in tables.get("territories", [])}

    def shown_of_peer(table: str, row: dict) -> bool:
        return table in PEER_TABLES - {"territories"} and is_shown(table, row)

    peers = sorted(
        {
            row.get("territory_id")
            for name in PEER_TABLES - {"territories"}
            for row in tables.get(name, [])
            if row.get("territory_id") != territory and is_shown(name, row)
        }
    )
    found = []
    for peer in peers:
        for change in changes(tables, peer, since, until, shown=shown_of_peer):
            name = names.get(peer) or peer
            found.append(replace(change, text=f"{name}: {change.text}", peer=name))
    return sorted(found, key=lambda c: (known_on(c.date), c.table, c.text))


def edition_changes(
    tables: RawTables, territory: str | None, since: date, until: date
) -> list[Change]:
    """Everything a new edition of a report learnt since ``since``: its own rows, then its peers'.

    The one list behind an edition's opening box, its feed entry and its count in
    ``editions.json``.
    """
    if territory is None:  # the comparison: every territory's changes, each named
        found = []
        for row in tables.get("territories", []):
            name = row.get("name") or row.get("territory_id", "")
            found += [
                replace(c, text=f"{name}: {c.text}")
                for c in changes(tables, row.get("territory_id"), since, until)
            ]
        return sorted(found, key=lambda c: (known_on(c.date), c.table, c.text))
    # A briefing: what it shows of its peers changed too, or instead.
    return changes(tables, territory, since, until) + peer_changes(tables, territory, since, until)


# What matters most to a reader of the next edition comes first: the news (a change of status, a
# recognition given or withdrawn, an event, a statement), then what changed about the regions a
# briefing is compared with, then the bookkeeping of the record (figures, fact-checks).
NEWS = ("status", "recognitions", "events", "statements")
BOOKKEEPING = ("population", "indicators", "claims")
# How the rest line names each kind: (one, several).
KIND_WORDS = {
    "status": ("change of status", "changes of status"),
    "recognitions": ("change in recognition", "changes in recognition"),
    "events": ("event", "events"),
    "statements": ("statement", "statements"),
    "peer": ("update on the regions compared", "updates on the regions compared"),
    "population": ("population figure", "population figures"),
    "indicators": ("figure on support from abroad", "figures on support from abroad"),
    "claims": ("fact-check update", "fact-check updates"),
    "record": ("other update to the record", "other updates to the record"),  # a new table
}
KINDS = (*NEWS, "peer", *BOOKKEEPING, "record")
HEADLINE_ITEMS = 5
# An item of the box is at most about two printed lines, so five fit in a third of a page.
ITEM_CHARACTERS = 150
_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def kind(change: Change) -> str:
    """The kind of a change for ranking and counting: its table, ``peer`` or ``record``."""
    if change.peer:
        return "peer"
    return change.table if change.table in KIND_WORDS else "record"


def shorten(text: str, limit: int = ITEM_CHARACTERS) -> str:
    """``text`` cut at a word before ``limit`` characters, with an ellipsis; short text as is."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:–-")
    return f"{cut}…"


def headline_changes(
    found: list[Change], limit: int = HEADLINE_ITEMS
) -> tuple[list[Change], dict[str, int]]:
    """The ``limit`` changes that matter most, and how many of each kind are left over.

    Ranked by kind (``KINDS``: the news before the bookkeeping), then newest first, so the
    day's news leads. Each item's text is shortened to about two printed lines (``shorten``).
    """
    ranked = sorted(
        found,
        key=lambda c: (KINDS.index(kind(c)), -known_on(c.date).toordinal(), c.table, c.text),
    )
    items = [replace(c, text=shorten(c.text)) for c in ranked[:limit]]
    rest: dict[str, int] = {}
    for change in ranked[limit:]:
        rest[kind(change)] = rest.get(kind(change), 0) + 1
    return items, rest


def rest_line(shown: list[Change], rest: dict[str, int]) -> str:
    """``and one more event, eight statements and seven fact-check updates`` ("" for none)."""
    shown_kinds = {kind(c) for c in shown}
    parts = []
    for name in KINDS:
        count = rest.get(name, 0)
        if not count:
            continue
        one, several = KIND_WORDS[name]
        words = _NUMBER_WORDS[count] if count < len(_NUMBER_WORDS) else f"{count:,}"
        more = " more" if name in shown_kinds else ""
        parts.append(f"{words}{more} {one if count == 1 else several}")
    return f"and {join_words(parts)}" if parts else ""


def changes_between(data_dir, territory: str | None, since: date, until: date):
    """What became known after ``since`` and by ``until``, as a frame (for analysts)."""
    import pandas as pd  # the render plan imports this module and must stay fast

    found = changes(read_raw_tables(data_dir), territory, since, until)
    columns = ["table", "date", "text", "source_ids"]
    return pd.DataFrame([change.as_dict() for change in found], columns=columns)


def _source_days(tables: RawTables) -> dict[str, date]:
    """Each source's publication day (its ``known_from``), by id."""
    rows = tables.get("sources", [])
    return dict(
        zip(
            (r["source_id"] for r in rows),
            (k for k, _ in tables.known.get("sources", [])),
            strict=True,
        )
    )


def _ids(row: dict) -> str:
    return row.get("source_ids", "")


def describe(roles: Roles, row: dict) -> str:
    """A row in one line, as the edition box and ``breakaway diff`` print it."""
    return roles.describe_row(row)


def describe_end(roles: Roles, row: dict) -> str:
    """The end of a row in one line: a withdrawal, a recogniser that ceased, a span's end."""
    return roles.describe_row_end(row)
