"""Who said what: the sections built from statements and the acts of each side.

The explainer this project answers asks what the territory has said about joining its patron, how
the parent state has reacted, and what the war in Ukraine has to do with it. Each section here
answers one of those from ``statements.csv`` and ``events.csv`` as known on the report date, and
is left out (``None``) when the data has nothing to say yet.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
from IPython.display import Markdown

from breakaway.data.sourcing import known_rows
from breakaway.dates import format_date, known_on
from breakaway.knowledge.events import (
    events_as_of,
    people_as_of,
    statements_as_of,
)
from breakaway.knowledge.facts_types import BriefingFacts
from breakaway.report.blocks import Column, TableBlock
from breakaway.report.narrative import count_words, date_phrase, sentence_case
from breakaway.report.page import Page
from breakaway.report.speakers import (
    Roster,
    introduce,
    is_person,
    name_people,
    quoted,
    typeset,
)
from breakaway.text import md

# The day Russia's full-scale invasion of Ukraine began: the war section applies from then on.
FULL_SCALE_INVASION_ON = date(2022, 2, 24)
# A patron's reply counts as the answer to a claim of intent when it came within this time.
ANSWER_WITHIN = timedelta(days=120)


def said(row: pd.Series) -> str:
    """A statement as a reader sees it in a table: the paraphrase, then a whole-sentence quotation.

    The quotation is introduced by its speaker (``In Bibilov's words: “...”``); a fragment that
    cannot stand as a sentence is left to the paraphrase.
    """
    return f"{typeset(row['paraphrase'])}{quoted(row.get('quote') or '', row['speaker'])}"


def told_by(row: pd.Series, introduced: set[str], roster: Roster) -> str:
    """A statement in running prose, plain text: its speaker named in full and with role once.

    ``introduced`` holds the people already named in this section; the row's speaker, and anyone
    of ``roster`` the paraphrase mentions (with their role nearest its day), are named in full and
    added. An act
    of a state (no role, the state's name as speaker) reads as the data gives it.
    """
    speaker = str(row["speaker"])
    text = introduce(
        str(row["paraphrase"]).strip(),
        speaker,
        str(row.get("role") or ""),
        first=speaker not in introduced,
    )
    introduced.add(speaker)
    text = name_people(text, roster, introduced, known_on(row["date"]))
    return f"{text}{quoted(row.get('quote') or '', speaker)}"


def people_known(
    statements: pd.DataFrame | None, as_of, people: pd.DataFrame | None = None
) -> Roster:
    """Every person the statements known on ``as_of`` name, with the role of each statement.

    ``people`` (``people.csv``) adds those the events name who have no statement of their own,
    each with the role a source of its day gives them.
    """
    roster: Roster = {}
    if statements is not None and not statements.empty:
        for speaker, role, day in _speakers_in_order(statements, as_of):
            if is_person(speaker) and role:
                roster.setdefault(speaker, []).append((day, role))
    named = people_as_of(people, None, as_of)
    for person, role, day in zip(named["person"], named["role"], named["known_on"], strict=True):
        if is_person(person):
            roster.setdefault(person, []).append((day, role))
    return roster


def _speakers_in_order(statements: pd.DataFrame, as_of: date) -> list[tuple]:
    """``(speaker, role, known_on)`` of the rows of ``speakers_as_of``, in its order.

    Territories in turn, each latest first (``known_on``, then ``statement_id``): one sort of
    plain tuples instead of a frame sorted per territory and joined again.
    """
    rows = known_rows(statements, "statements", as_of)
    roles = rows["role"] if "role" in rows.columns else [None] * len(rows)
    days = map(known_on, rows["date"])
    ids, speakers = rows["statement_id"], rows["speaker"]
    items = list(zip(rows["territory_id"], days, ids, speakers, roles, strict=True))
    items.sort(key=lambda item: item[1:3], reverse=True)  # statement ids are unique: no ties
    items.sort(key=lambda item: item[0])
    return [(speaker, role, day) for _, day, _, speaker, role in items]


def who(row: pd.Series) -> str:
    """``Name Surname (de facto president)``: the speaker, with the role when recorded."""
    return f"{row['speaker']} ({row['role']})" if row.get("role") else row["speaker"]


def patron_answers(statements: pd.DataFrame) -> dict[int, pd.Series]:
    """For each territory statement of intent, the patron's first reply within ANSWER_WITHIN."""
    replies = statements[statements["side"] == "patron"].sort_values("known_on")
    answers = {}
    for index, row in statements.iterrows():
        if row["side"] != "territory" or row.get("stance") != "supports":
            continue
        after = replies[
            (replies["known_on"] >= row["known_on"])
            & (replies["known_on"] <= row["known_on"] + ANSWER_WITHIN)
        ]
        if not after.empty:
            answers[index] = after.iloc[0]
    return answers


class Voices:
    """The statement sections of one briefing."""

    def __init__(
        self,
        page: Page,
        data,
        territory: str,
        facts: BriefingFacts,
        known: tuple[pd.DataFrame, pd.DataFrame] | None = None,
    ):
        """``known``, when given, is ``(statements_as_of, events_as_of)`` of the same day."""
        self.page = page
        self.territory = territory
        self.facts = facts
        self.as_of = page.as_of
        if known is None:
            known = (
                statements_as_of(data.statements, territory, self.as_of),
                events_as_of(data.events, territory, self.as_of),
            )
        self.statements, self.events = known
        self.roster = people_known(
            data.statements, self.as_of, getattr(data, "tables", {}).get("people")
        )

    @property
    def patron(self) -> str:
        """The patron state's name, from territories.csv."""
        return self.facts["patron_state"]

    def _rows(self, topic: str | None = None, side: str | None = None) -> pd.DataFrame:
        rows = self.statements
        if topic:
            rows = rows[rows["topic"] == topic]
        if side:
            rows = rows[rows["side"] == side]
        return rows

    # -- what has it said about joining its patron? ------------------------------------------

    def joining_table(self) -> TableBlock | None:
        """Voices on joining the patron, latest first, the patron's answer beside each claim."""
        rows = self._rows("joining_patron")
        if rows.empty:
            return None
        answers = patron_answers(rows)
        cite = self.page.cite

        def answer(r) -> str:
            reply = answers.get(r.name)
            if reply is None:
                return "—"
            return (
                f"{format_date(reply['date'])}, {reply['speaker']}: {typeset(reply['paraphrase'])}"
            )

        def sources(r):
            reply = answers.get(r.name)
            extra = f";{reply['source_ids']}" if reply is not None else ""
            return cite.html(r["source_ids"] + extra)

        columns = [
            Column("Date", lambda r: format_date(r["date"]), is_nowrap=True),
            Column("Who", who),
            Column("What they said", said),
            Column(f"{self.patron}'s answer", answer),
            Column("Sources", sources, is_html=True),
        ]
        return self.page.table(
            f"{self.territory}-voices-joining",
            title=f"What each side said about joining {self.patron}, latest first, up to "
            f"{format_date(self.as_of)}",
            rows=rows,
            columns=columns,
        )

    def joining_story(self) -> Markdown | None:
        """Who has spoken on joining the patron, and the latest voice of each side."""
        rows = self._rows("joining_patron")
        if rows.empty:
            return None
        parts = []
        introduced: set[str] = set()
        for side in ("territory", "patron", "parent", "independent"):
            mine = rows[rows["side"] == side]
            if mine.empty:
                continue
            latest = mine.iloc[0]
            parts.append(
                f"{sentence_case(date_phrase(latest['date']))}: "
                f"{md(told_by(latest, introduced, self.roster))} "
                f"{self.page.cite.markdown(latest['source_ids'])}"
            )
        outside = " and from outside" if (rows["side"] == "independent").any() else ""
        head = (
            f"This record holds {count_words(len(rows), 'dated statement')} on joining "
            f"{md(self.patron)} up to {format_date(self.as_of)}. The latest from each "
            f"side{outside}:"
        )
        return Markdown("\n".join([head, "", *(f"- {part}" for part in parts)]))

    # -- how has the parent state reacted? ----------------------------------------------------

    def reaction_story(self) -> Markdown | None:
        """How many statements and acts of the parent state, and the latest one."""
        rows = self.reaction_rows()
        if rows.empty:
            return None
        said_count = int((rows["kind"] == "said").sum())
        did_count = len(rows) - said_count
        latest = rows.iloc[0]
        return Markdown(
            f"Up to {format_date(self.as_of)}, this record holds "
            f"{count_words(said_count, 'statement')} and {count_words(did_count, 'measure')} "
            f"of {md(self.facts['parent_state'])} about {md(self.facts['name'])}. The latest "
            f"came {date_phrase(latest['date'])}: {md(told_by(latest, set(), self.roster))} "
            f"{self.page.cite.markdown(latest['source_ids'])}"
        )

    def reaction_rows(self) -> pd.DataFrame:
        """The parent state's statements and acts known on the report date, latest first."""
        statements = self._rows(side="parent").assign(kind="said")
        # Wars and clashes are events between the sides, told in the timeline: nobody's reaction.
        own = (self.events["side"] == "parent") & (self.events["category"] != "conflict")
        acts = self.events[own].assign(
            kind="did", speaker=self.facts["parent_state"], role="", paraphrase="", quote=""
        )
        acts = acts.assign(paraphrase=acts["title"] + ". " + acts["description"].fillna(""))
        columns = ["date", "known_on", "kind", "speaker", "role", "paraphrase", "quote"]
        rows = pd.concat([statements[[*columns, "source_ids"]], acts[[*columns, "source_ids"]]])
        return rows.sort_values("known_on", ascending=False, kind="stable").reset_index(drop=True)

    def _said_or_did_columns(self) -> list[Column]:
        """Date, who, what they said or did, sources: the reaction and war tables alike."""
        return [
            Column("Date", lambda r: format_date(r["date"]), is_nowrap=True),
            Column("Who", who),
            Column("Said or did", lambda r: said(r).strip()),
            self.page.sources_column(),
        ]

    def reaction_table(self) -> TableBlock | None:
        """What the parent state said and did, latest first."""
        rows = self.reaction_rows()
        if rows.empty:
            return None
        columns = self._said_or_did_columns()
        return self.page.table(
            f"{self.territory}-voices-parent",
            title=f"How {self.facts['parent_state']} reacted, latest first, up to "
            f"{format_date(self.as_of)}",
            rows=rows,
            columns=columns,
        )

    # -- what does the war in Ukraine have to do with it? ------------------------------------

    def war_applies(self) -> bool:
        """From the full-scale invasion on, when the data ties the territory to the war."""
        return self.as_of >= FULL_SCALE_INVASION_ON and not self.war_rows().empty

    def war_rows(self) -> pd.DataFrame:
        """Statements and acts about the war in Ukraine (2014 on), latest first."""
        statements = self._rows("war_in_ukraine")
        acts = self.events[self.events["topic"] == "war_in_ukraine"]
        acts = acts.assign(
            speaker=acts["side"].map(self._actor),
            role="",
            paraphrase=acts["title"] + ". " + acts["description"].fillna(""),
            quote="",
        )
        columns = ["date", "known_on", "speaker", "role", "paraphrase", "quote", "source_ids"]
        rows = pd.concat([statements[columns], acts[columns]])
        return rows.sort_values("known_on", ascending=False, kind="stable").reset_index(drop=True)

    def _actor(self, side: str) -> str:
        return {
            "territory": self.facts["name"],
            "patron": self.patron,
            "parent": self.facts["parent_state"],
        }.get(side, "Others")

    def war_story(self) -> Markdown | None:
        """What the war changed, as the data records it: the latest act or statement."""
        if not self.war_applies():
            return None
        rows = self.war_rows()
        latest = rows.iloc[0]
        told = md(told_by(latest, set(), self.roster))
        return Markdown(
            f"Russia's full-scale invasion of Ukraine began on "
            f"{format_date(FULL_SCALE_INVASION_ON)}. This record ties "
            f"{count_words(len(rows), 'statement or act', 'statements and acts')} about "
            f"{md(self.facts['name'])} to the war in Ukraine up to {format_date(self.as_of)}. "
            f"The latest came {date_phrase(latest['date'])}: {told} "
            f"{self.page.cite.markdown(latest['source_ids'])}"
        )

    def war_table(self) -> TableBlock | None:
        """Who did and said what about the war in Ukraine, latest first."""
        if not self.war_applies():
            return None
        columns = self._said_or_did_columns()
        return self.page.table(
            f"{self.territory}-voices-war",
            title=f"The war in Ukraine and {self.facts['name']}, latest first, up to "
            f"{format_date(self.as_of)}",
            rows=self.war_rows(),
            columns=columns,
        )
