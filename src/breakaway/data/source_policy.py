"""Sources an editor keeps: state media labelled as such, no number on a reference work alone.

Two rules of the source policy that a program can tell, refused by ``breakaway validate`` with
the usual one-line error (file, line, column):

- A source from a known state-media publisher (``data/state_media.csv``: outlets owned or
  controlled by a state or a de facto authority, matched by the URL's host or by the publisher's
  name) has the kind ``state_media``, whatever else it might be called.
- A number (a population, an indicator's value, a claim's value) never rests on reference works
  (encyclopedias) alone: at least one of its sources is of another kind. A row with no reason
  at all is already refused by the independence rule of ``policy.py``; this rule refuses the
  reason (``no-independent-source:``) for a number, so each place gets one line.

The list of publishers is data, kept beside the tables; a data folder without it is not judged
on the first rule. This module only reads tables already parsed; it loads nothing else.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from breakaway.data.policy import EXCUSE
from breakaway.data.problems import Problem, RawTable, display_path
from breakaway.data.safety import FileRefused, read_regular_file, split_url

STATE_MEDIA_FILE = "state_media.csv"
STATE_MEDIA_KIND = "state_media"
REFERENCE_KIND = "reference"
# The number each table states, judged by the second rule.
NUMBER_COLUMNS = {"population": "population", "indicators": "value", "claims": "claimed_value"}


@dataclass(frozen=True)
class StateMedia:
    """A publisher owned or controlled by a state or a de facto authority."""

    name: str
    hosts: tuple[str, ...]

    def publishes(self, publisher: str, url: str) -> bool:
        """Whether a source with this publisher and URL comes from this outlet."""
        return self.publishes_from(_host(url), publisher.strip().lower())

    def publishes_from(self, host: str, publisher: str) -> bool:
        """``publishes`` given the URL's host and the publisher in lower case, found once a row."""
        if any(host == known or host.endswith("." + known) for known in self.hosts):
            return True
        # The publisher column names the outlet first ("TASS (Itar-Tass)"); an outlet only
        # cited by another ("ZIK (citing Ukrinform)") is that other outlet's report.
        name = self.name.lower()
        return publisher == name or publisher.startswith((name + " ", name + ",", name + "("))


def _host(url: str) -> str:
    return split_url(url).netloc.lower().split(":")[0]


def read_state_media(data_dir: Path) -> tuple[list[StateMedia], list[Problem]]:
    """The known state-media publishers of a data folder (none when it keeps no list)."""
    path = Path(data_dir) / STATE_MEDIA_FILE
    if not os.path.lexists(path):
        return [], []
    shown = display_path(path)
    try:
        # The same reader as the tables: no FIFO, device or oversized file, read once.
        text = read_regular_file(path, shown).decode("utf-8")
    except FileRefused as error:
        return [], [Problem(shown, None, None, error.reason)]
    except UnicodeDecodeError:
        return [], [Problem(shown, None, None, "not UTF-8 text; expected a UTF-8 CSV file")]
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or not {"name", "hosts"} <= set(reader.fieldnames):
        return [], [Problem(shown, 1, None, "expected a header with the columns name and hosts")]
    outlets, problems = [], []
    for row in reader:
        name = (row.get("name") or "").strip()
        if not name:
            problems.append(Problem(shown, reader.line_num, "name", "empty; expected a name"))
            continue
        hosts = tuple(h.strip().lower() for h in (row.get("hosts") or "").split(";") if h.strip())
        outlets.append(StateMedia(name, hosts))
    return outlets, problems


def check_state_media_kinds(sources: RawTable, outlets: list[StateMedia]) -> list[Problem]:
    """Sources from a known state-media publisher that are not labelled ``state_media``."""
    problems = []
    first_outlet = _outlet_finder(outlets)
    for line, row in zip(sources.lines, sources.rows, strict=True):
        kind = row.get("kind", "")
        if kind == STATE_MEDIA_KIND or not outlets:
            continue
        outlet = first_outlet(_host(row.get("url", "")), row.get("publisher", "").strip().lower())
        if outlet is not None:
            problems.append(
                Problem(
                    sources.display_path,
                    line,
                    "kind",
                    f"{kind or 'empty'}, but {outlet.name} is state media (listed in "
                    f"{STATE_MEDIA_FILE}); expected {STATE_MEDIA_KIND}",
                )
            )
    return problems


def _outlet_finder(outlets: list[StateMedia]) -> Callable[[str, str], StateMedia | None]:
    """``first(host, publisher)``: the first of ``outlets`` that ``publishes_from`` them, or None.

    By lookups rather than by trying every outlet on every source: the host and each of its
    suffixes after a dot against the outlets' hosts, the publisher and each of its beginnings
    followed by a space, a comma or a parenthesis against their names; the first listed wins.
    """
    by_host: dict[str, int] = {}
    by_name: dict[str, int] = {}
    for index, outlet in enumerate(outlets):
        for known in outlet.hosts:
            by_host.setdefault(known, index)
        by_name.setdefault(outlet.name.lower(), index)

    def first(host: str, publisher: str) -> StateMedia | None:
        hosts = [host, *(host[i + 1 :] for i, char in enumerate(host) if char == ".")]
        names = [publisher, *(publisher[:i] for i, char in enumerate(publisher) if char in " ,(")]
        found = [by_host[h] for h in hosts if h in by_host]
        found += [by_name[n] for n in names if n in by_name]
        return outlets[min(found)] if found else None

    return first


def check_numbers_not_on_reference_alone(tables: dict[str, RawTable]) -> list[Problem]:
    """Rows whose number is supported only by reference works."""
    kinds = {row["source_id"]: row.get("kind", "") for row in tables["sources"].rows}
    problems = []
    for name, column in NUMBER_COLUMNS.items():
        raw = tables.get(name)
        if raw is None or column not in raw.header or "source_ids" not in raw.header:
            continue
        for line, row in zip(raw.lines, raw.rows, strict=True):
            ids = [i for i in row.get("source_ids", "").split(";") if i]
            if not row.get(column, "").strip() or not ids:
                continue
            if not row.get("note", "").startswith(EXCUSE):
                continue  # refused, with its own line, by the independence rule
            if all(kinds.get(source_id) == REFERENCE_KIND for source_id in ids):
                problems.append(
                    Problem(
                        raw.display_path,
                        line,
                        "source_ids",
                        f"the {column} rests on reference works alone ({', '.join(ids)}); "
                        "expected an official, news, research or other source beside them",
                    )
                )
    return problems


def check_source_kinds(tables: dict[str, RawTable], data_dir: Path) -> list[Problem]:
    """Both rules over the tables of ``data_dir``, as problems to print one per line."""
    if "sources" not in tables:
        return []
    outlets, problems = read_state_media(data_dir)
    problems += check_state_media_kinds(tables["sources"], outlets)
    problems += check_numbers_not_on_reference_alone(tables)
    return problems
