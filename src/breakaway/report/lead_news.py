"""What the lead says first: the record known on a day, its latest news and the headline.

The lead of a briefing opens with the most significant event or statement known on its day,
the newest one first when two are comparable. This module chooses (the news, the outside voice,
the people named and their roles); ``lead`` words it. Nothing here writes HTML or cites.
"""

from __future__ import annotations

import re
from collections.abc import Set
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

import pandas as pd

from breakaway.data.load import Dataset
from breakaway.dates import known_on
from breakaway.knowledge.events import (
    events_as_of,
    is_war_row,
    people_as_of,
    statements_as_of,
    steps_back,
)
from breakaway.knowledge.events import steps_towards_patron as towards
from breakaway.knowledge.facts_types import BriefingFacts, LatestNews
from breakaway.knowledge.indicators import indicators_as_of
from breakaway.report.speakers import is_whole_sentence, typeset

# Items this close to the newest one known count as "the latest news" together; the most
# significant of them leads (a referendum called on the day outranks a runoff five days before).
NEWS_WINDOW = timedelta(days=31)
# When the newest weeks hold no story (no item scores STORY_SCORE), a story this far back leads.
STORY_WINDOW, STORY_SCORE = timedelta(days=120), 3
# Words that mark a speaker as an organisation rather than a person (no surname to shorten).
ORGANISATION_WORDS = frozenset(
    "Ministry Embassy Office Government Council Court Union Mission Committee Parliament "
    "Department Agency Organization Organisation Commission Group Secretariat OSCE UN EU".split()
)


@dataclass(frozen=True)
class LeadRecord:
    """A territory's rows known on the report day, as the lead reads them."""

    as_of: date
    events: pd.DataFrame  # oldest first, ``known_on`` added
    statements: pd.DataFrame  # latest first, ``known_on`` added
    indicators: pd.DataFrame  # by indicator and year
    patron_region: str = ""  # the patron's region next to it (territories.csv), if any
    # Every title, description, speaker, role and paraphrase in the data, of any territory and
    # day: only read to tell a name ("Georgian") from an ordinary word opening a sentence.
    vocabulary: tuple[str, ...] = ()
    # People the events name who have no statement: full name and role (people.csv), latest first.
    people: pd.DataFrame | None = None

    @classmethod
    def known(
        cls,
        dataset: Dataset,
        territory: str,
        as_of: date,
        events: pd.DataFrame | None = None,
        statements: pd.DataFrame | None = None,
    ) -> LeadRecord:
        """The rows of ``territory`` known on ``as_of`` (the as-of rule of each table).

        ``events`` and ``statements``, when given, are ``events_as_of`` and ``statements_as_of``
        of the same dataset, territory and day (a briefing filters them once for every section).
        """
        return cls(
            as_of,
            events_as_of(dataset.events, territory, as_of) if events is None else events,
            statements_as_of(dataset.statements, territory, as_of)
            if statements is None
            else statements,
            indicators_as_of(dataset.indicators, territory, as_of),
            str(dataset.territory(territory).get("patron_region") or ""),
            vocabulary(dataset),
            people_as_of(getattr(dataset, "tables", {}).get("people"), territory, as_of),
        )

    @cached_property
    def news(self) -> tuple[NewsItem, ...]:
        """``news_items``, made once: a lead asks for them three or four times (read only)."""
        items = [
            NewsItem("event", str(r["date"]), r["known_on"], event_score(r), r)
            for _, r in self.events.iterrows()
        ] + [
            NewsItem("statement", str(r["date"]), r["known_on"], statement_score(r), r)
            for _, r in self.statements.iterrows()
        ]
        return tuple(sorted(items, key=lambda i: (i.known_on, i.kind == "event"), reverse=True))

    @property
    def steps(self) -> pd.DataFrame:
        """Steps towards the patron, oldest first."""
        return towards(self.events)

    @property
    def steps_back(self) -> pd.DataFrame:
        """Suspensions, postponements, rejections and steps back, oldest first."""
        return steps_back(self.events)

    def parent_rows(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The parent state's own statements and acts (wars are nobody's reaction), latest first."""
        said = self.statements[self.statements["side"] == "parent"]
        did = self.events[
            (self.events["side"] == "parent") & (self.events["category"] != "conflict")
        ]
        return said, did.iloc[::-1]


def vocabulary(dataset: Dataset) -> tuple[str, ...]:
    """The data's running text, for telling names from ordinary words (never printed)."""
    texts: list[str] = []
    for table, columns in (
        ("events", ("title", "description")),
        ("statements", ("speaker", "role", "paraphrase")),
    ):
        frame = getattr(dataset, table)
        for column in columns:
            if frame is not None and column in frame.columns:
                texts += [str(t) for t in frame[column].fillna("")]
    return tuple(texts)


@dataclass(frozen=True)
class NewsItem:
    """One event or statement, as the lead tells it."""

    kind: str  # "event" or "statement"
    on: str  # the row's own (possibly partial) ISO date
    known_on: date
    score: int
    row: pd.Series

    @property
    def source_ids(self) -> str:
        """The row's sources (the citation filters them by the report day)."""
        return str(self.row["source_ids"])

    @property
    def text(self) -> str:
        """The news in one plain sentence: an event's description, a statement's paraphrase."""
        if self.kind == "event":
            return str(self.row.get("description") or self.row["title"]).strip()
        return str(self.row["paraphrase"]).strip()


def event_score(row: pd.Series) -> int:
    """How much an event matters to the story: status, votes and steps first, then wars."""
    # A change of leader (politics on status: an election, a resignation) is as much a story as a
    # change of status or a step: it outranks a lesser act of the same weeks.
    leader = (row["category"], row["topic"]) == ("politics", "status")
    if row.get("direction") or row["category"] in ("status", "referendum") or leader:
        return 4
    if row["category"] == "conflict" or row["topic"] in ("war_in_ukraine", "joining_patron"):
        return 3
    return 2 if row["category"] in ("diplomacy", "politics") else 1


def statement_score(row: pd.Series) -> int:
    """A statement on joining the patron by either of its two sides counts; others are voices."""
    return 3 if row["topic"] == "joining_patron" and row["side"] in ("territory", "patron") else 1


def news_items(record: LeadRecord) -> list[NewsItem]:
    """Every event and statement known on the day, newest first, events before statements."""
    return list(record.news)


def latest_news(record: LeadRecord) -> tuple[NewsItem | None, list[NewsItem]]:
    """The lead item and the others of its weeks (newest first), or ``None`` and [] if none.

    When nothing of the newest weeks is a story (a remark, a lesser act), a story of the months
    before (a war, its ceasefire, a status change, a step) leads instead: a briefing of 2022
    leads with a war of 2020 and its ceasefire, not with a minister's remark of 2021.
    """
    items = news_items(record)
    if not items:
        return None, []
    window = [i for i in items if i.known_on >= items[0].known_on - NEWS_WINDOW]
    if max(i.score for i in window) < STORY_SCORE:
        wider = [i for i in items if ends_on(i) >= items[0].known_on - STORY_WINDOW]
        if max(i.score for i in wider) >= STORY_SCORE:
            window = wider
    chosen = max(window, key=lambda i: (i.score, i.known_on, i.kind == "event"))
    # A war whose span reaches into the weeks of the news counts as of those weeks.
    near = [i for i in items if ends_on(i) >= chosen.known_on - NEWS_WINDOW]
    return chosen, [i for i in near if i is not chosen]


# A change of leader this long before the latest news still belongs on page 1 when the news of
# the day is something lesser (an administrative step): a reader must learn who governs now.
LEADER_WINDOW = timedelta(days=2 * 365)


def is_leader_change(item: NewsItem) -> bool:
    """An election, resignation or inauguration: the record files them as politics on status."""
    return item.kind == "event" and (item.row["category"], item.row["topic"]) == (
        "politics",
        "status",
    )


def leader_news(record: LeadRecord, told: list[NewsItem]) -> list[NewsItem]:
    """The change of leader of the two years before the news, when the news tells none.

    The first two changes of the window, oldest first (a resignation forced by protests and the
    election that followed), so that a lead that opens with a lesser act of 2026 still says who
    governs and how that came about; [] when the news already tells a change of leader.
    """
    if not told or any(is_leader_change(item) for item in told):
        return []
    since = told[0].known_on - LEADER_WINDOW
    changes = [i for i in news_items(record) if is_leader_change(i) and i.known_on >= since]
    return sorted(changes, key=lambda i: i.known_on)[:2]


def is_war_item(item: NewsItem) -> bool:
    """Whether a news item is a war (an event ``knowledge.events.is_war`` calls one)."""
    return item.kind == "event" and is_war_row(item.row)


def ends_on(item: NewsItem) -> date:
    """The day an item was last news: a war's recorded end, else the day it became known."""
    end = str(item.row.get("end_date") or "") if is_war_item(item) else ""
    return max(item.known_on, known_on(end)) if end else item.known_on


def headline(facts: BriefingFacts, item: NewsItem | None) -> str:
    """The story of the day in one plain line (escaped where it is printed), in house typography."""
    return typeset(_headline(facts, item))


def _headline(facts: BriefingFacts, item: NewsItem | None) -> str:
    name, patron = facts["name"], facts["patron_state"]
    if item is None:
        return f"{name}: the record as known on this day"
    if item.kind == "event":
        title = str(item.row["title"]).strip()
        return title if name in title else f"{name}: {title}"
    row = item.row
    speaker = str(row["speaker"])
    if row["topic"] == "joining_patron":
        verb = {"supports": "backs", "opposes": "speaks against"}.get(
            row.get("stance"), "speaks on"
        )
        return f"{speaker} {verb} {name} joining {patron}"
    told = said_headline(row)
    if told:  # what was said, not only who spoke on what
        return told
    subject = {
        "war_in_ukraine": "the war in Ukraine",
        "status": f"{name}'s status",
    }.get(str(row["topic"]), name)
    return f"{speaker} on {subject}"


# A headline from a paraphrase keeps at most this many words; a longer one is cut at a clause.
HEADLINE_WORDS = 16
# Verbs a paraphrase opens its report with ("Said ...", "In Yerevan said ...", "Sent ...").
HEADLINE_VERBS = re.compile(
    r"\b(said|disclosed|sent|called|adopted|rejected|condemned|denounced|welcomed|urged|"
    r"warned|stressed|declared|praised|presented)\b",
    re.IGNORECASE,
)


def said_headline(row: pd.Series) -> str:
    """``Lavrov: No settlement could be formalised without ...``: what a statement said.

    The speaker (surname for a person) and the paraphrase's first clause, cut where a clause
    ends (never inside a list such as "Kosovo, A or B"); "" when no clause
    of at most HEADLINE_WORDS words stands alone.
    """
    speaker = str(row["speaker"]).strip()
    short = speaker.split()[-1] if is_person(speaker) else speaker.removeprefix("The ")
    text = " ".join(str(row.get("paraphrase") or "").split()).rstrip(".")
    verb = HEADLINE_VERBS.search(text)
    if not verb:
        return ""
    rest = text[verb.end() :].strip()
    if verb.group(1).lower() == "said":
        rest = re.sub(r"^that\s+", "", rest)
        clause = _first_clause(rest)
        return f"{short}: {clause[:1].upper()}{clause[1:]}" if clause else ""
    clause = _first_clause(f"{verb.group(1).lower()} {rest}")
    return f"{short} {clause}" if clause else ""


def _first_clause(text: str) -> str:
    """The text up to where its first clause ends, if that is at most HEADLINE_WORDS words."""
    end = re.search(
        r"[;:—]|,? and that\b|, that\b|, (?:\w+ing|while|but|which|who|after|as|because)\b",
        text,
    )
    clause = (text[: end.start()] if end else text).strip().rstrip(",")
    words = clause.split()
    if not 3 <= len(words) <= HEADLINE_WORDS:
        return ""
    # A clause that leans on what came before or after it does not stand alone.
    if words[0].lower() in DANGLING_OPENERS or words[-1].lower() in DANGLING_ENDS:
        return ""
    return clause


DANGLING_OPENERS = frozenset("it he she they this these those its his her their".split())
DANGLING_ENDS = frozenset("and or but of to in on for with by as that the a an them".split())


def news_facts(
    facts: BriefingFacts,
    dataset: Dataset,
    territory: str,
    as_of: date,
    record: LeadRecord | None = None,
) -> tuple[str, LatestNews | None]:
    """``headline`` and ``latest_news`` (``{"on": ISO date, "text": ...}``) for facts.json.

    ``record``, when given, is ``LeadRecord.known`` of the same dataset, territory and day.
    """
    item, _ = latest_news(record or LeadRecord.known(dataset, territory, as_of))
    news: LatestNews | None = {"on": item.on, "text": item.text} if item is not None else None
    return headline(facts, item), news


def outside_voice(record: LeadRecord, told: Set[str] = frozenset()) -> pd.Series | None:
    """The outside voice to quote: an independent statement with a verbatim quote, newest first.

    One on joining the patron is preferred, since that is the story the lead tells; without any
    quote in the record, the newest outside statement (told in paraphrase, no quotation marks).
    """
    rows = record.statements
    ids = rows.get("statement_id", pd.Series("", index=rows.index)).fillna("")
    outside = rows[(rows["side"] == "independent") & ~ids.isin(told)]  # not told above
    if outside.empty:
        return None
    # House style quotes whole sentences only; a fragment is told in paraphrase.
    quoted = outside[outside["quote"].fillna("").map(is_whole_sentence)]
    if quoted.empty:  # no whole sentence of their own in the record: their view, paraphrased
        return outside.iloc[0]
    joining = quoted[quoted["topic"] == "joining_patron"]
    return (joining if not joining.empty else quoted).iloc[0]


def is_person(speaker: str) -> bool:
    """``Ned Price`` is a person; ``Ministry of Foreign Affairs of Georgia`` is not."""
    words = speaker.split()
    return (
        2 <= len(words) <= 3
        and all(w[:1].isupper() and w.replace("-", "").isalpha() for w in words)
        and not ORGANISATION_WORDS.intersection(words)
    )


def people(record: LeadRecord) -> dict[str, tuple[str, str]]:
    """Surname -> (full name, role) of each person who speaks in the record (latest role)."""
    found: dict[str, tuple[str, str]] = {}
    for _, row in record.statements.iterrows():  # latest first: the first role seen is kept
        speaker = str(row["speaker"]).strip()
        if is_person(speaker):
            found.setdefault(speaker.split()[-1], (speaker, str(row.get("role") or "").strip()))
    # Then the people the events name who have no statement, with the role a source gives them.
    for _, row in _people_rows(record):
        found.setdefault(row["person"].split()[-1], (row["person"], str(row["role"]).strip()))
    return found


def role_sources(record: LeadRecord) -> dict[str, str]:
    """Surname -> the sources of the name and role ``people`` takes from ``people.csv``.

    The sentence that names such a person cites them too: its own row's sources may not say who
    the person was. A speaker's role is the statement's, cited where the statement is told.
    """
    speakers = {str(s).strip().split()[-1] for s in record.statements["speaker"] if is_person(s)}
    cites: dict[str, str] = {}
    for _, row in _people_rows(record):
        surname = row["person"].split()[-1]
        if surname not in speakers:
            cites.setdefault(surname, str(row["source_ids"]))
    return cites


def _people_rows(record: LeadRecord):
    rows = record.people if record.people is not None else pd.DataFrame()
    return [(i, r) for i, r in rows.iterrows() if is_person(str(r["person"]).strip())]
