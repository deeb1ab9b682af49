"""How the lead words a sentence: plain text from data rows, cited, names introduced once.

A ``Sentence`` is plain text (escaped when printed) with the sources it cites; a ``Lead`` is the
headline and its paragraphs. The helpers here turn a data row into a sentence an editor would
keep: a date phrase in front, the row's own first word lowered unless it is a name, a subject
put back where a paraphrase lost it, and each person named by full name and role at first
mention. Choosing what to say is ``lead_news`` and ``lead``; nothing here reads files.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import lru_cache

import pandas as pd
from markupsafe import Markup, escape

from breakaway.dates import known_on
from breakaway.knowledge.facts_types import BriefingFacts
from breakaway.report.citations import Citations
from breakaway.report.lead_news import LeadRecord, NewsItem, is_person, people
from breakaway.report.narrative import COMMON_OPENERS, aside, date_phrase, sentence_case
from breakaway.report.templating import render_partial

# Sentences are dropped in this order when the lead runs long (0: never dropped).
HISTORY, FOLLOW_UP, CONTEXT, DETAIL, KEEP = 5, 4, 3, 2, 0
_WORD = re.compile(r"[A-Za-z][\w'’-]*")


@dataclass(frozen=True)
class Sentence:
    """One sentence of the lead, plain text (escaped when printed) and the sources it cites."""

    text: str
    source_ids: str = ""
    drop: int = KEEP
    on: str = ""  # the (possibly partial) ISO date it tells of, when it tells of one

    def html(self, cite: Citations) -> Markup:
        """The sentence escaped, its citation marker before the full stop (after a quote's)."""
        marker = cite.html(self.source_ids)
        end = marker + Markup("" if self.ends_quoted else ".")
        if not marker:
            return escape(self.text.rstrip()) + end
        # The marker and the full stop stay together: a line never starts with ".". The space
        # before them stays breakable: tying the last word to them (a no-break space, or the word
        # inside the no-wrap span) made WeasyPrint break the line early, at the sentence's first
        # break, leaving a word alone on a line ("candidate," / "won the runoff ...").
        return (
            escape(self.text.rstrip())
            + Markup(' <span class="cite-end">')
            + end
            + Markup("</span>")
        )

    @property
    def ends_quoted(self) -> bool:
        """Whether the sentence ends with a quotation that brings its own full stop."""
        text = self.text.rstrip()
        return text.endswith("”") and text[-2:-1] in (".", "!", "?")

    @property
    def plain(self) -> str:
        """The sentence as read, without its citation marker."""
        return self.text.rstrip() + ("" if self.ends_quoted else ".")


@dataclass(frozen=True)
class Lead:
    """A headline and paragraphs of sentences: the short answer on page 1."""

    headline: str
    paragraphs: tuple[tuple[Sentence, ...], ...]
    names: tuple[str, ...] = ()  # what each paragraph answers: "news", "parent", ...

    def paragraph(self, name: str) -> tuple[Sentence, ...]:
        """The sentences of one named paragraph (``news``, ``what``, ``joining``, ``parent``...)."""
        return self.paragraphs[self.names.index(name)]

    @property
    def plain(self) -> str:
        """The lead as a reader reads it, without citation markers."""
        return "\n\n".join(" ".join(s.plain for s in p) for p in self.paragraphs if p)

    @property
    def words(self) -> int:
        """How many words the lead has (citation markers do not count)."""
        return len(self.plain.split())

    def html(self, cite: Citations) -> Markup:
        """The ``lead`` partial: the headline and the paragraphs, each sentence cited."""
        paragraphs = [
            Markup(" ").join(s.html(cite) for s in paragraph)
            for paragraph in self.paragraphs
            if paragraph
        ]
        return render_partial("lead", headline=self.headline, paragraphs=paragraphs)


def proper_words(record: LeadRecord, facts: BriefingFacts) -> set[str]:
    """Words that are names: never written in lower case, or capitalised mid-sentence.

    Everything else ("After", "Voters", "Units") is an ordinary word that may be lowered.
    """
    own = _text_words((facts["name"], facts["parent_state"], facts["patron_state"]))
    # The data's running text is the same for every territory and day: its words read once.
    capital, lower, openers = (
        a | b for a, b in zip(own, _text_words(record.vocabulary), strict=True)
    )
    speakers = {w for full, _ in people(record).values() for w in full.split()}
    lowered, capitals = sorted(lower), sorted(c.lower() for c in capital)
    return speakers | capital | {w for w in openers if not _ordinary(w, lowered, capitals)}


@lru_cache(maxsize=8)
def _text_words(texts: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Of some texts: the words capitalised mid-sentence, those in lower case, and the openers."""
    capital: set[str] = set()
    lower: set[str] = set()
    for text in texts:
        for sentence in re.split(r"(?<=[.!?;:])\s+", str(text)):
            words = [_bare(w) for w in _WORD.findall(sentence)]
            capital.update(w for w in words[1:] if w[:1].isupper())
            lower.update(w for w in words if w[:1].islower())
    openers = {_bare(w) for t in texts for w in _WORD.findall(str(t))[:1]}
    return frozenset(capital), frozenset(lower), frozenset(openers)


def _has_prefix(words: list[str], prefix: str) -> bool:
    """Whether a sorted list holds a word starting with ``prefix``."""
    at = bisect_left(words, prefix)
    return at < len(words) and words[at].startswith(prefix)


def _ordinary(word: str, lower: list[str], capital: list[str]) -> bool:
    """An opener that is no name: written (or its stem) in lower case, or no name shares its stem.

    "Reports" (the data has "reported") and "During" are ordinary; "Azerbaijanis" is a name, as
    "Azerbaijan" is written with a capital mid-sentence.
    """
    stem = word.lower()[: max(4, len(word) - 3)]
    return _has_prefix(lower, stem) or not _has_prefix(capital, word.lower()[:5])


def _bare(word: str) -> str:
    return re.sub(r"['’]s$", "", word)


def lower_first(text: str, proper: set[str]) -> str:
    """A data sentence continued after our words: its first word lowered unless it is a name."""
    text = aside(text)
    first = _WORD.match(text)
    if not first:
        return text
    word = _bare(first.group())
    if word.isupper() and len(word) > 1:  # an acronym: ICC, EU
        return text
    if word in COMMON_OPENERS or word not in proper:
        return text[:1].lower() + text[1:]
    return text


def said_dated(item_on: str, text: str, proper: set[str]) -> str:
    """``On 13 May 2022, after losing the runoff, Bibilov signed ...``."""
    text = re.sub(r"\bkm2\b", "km²", lower_first(text, proper))  # house style, as in our words
    return f"{sentence_case(date_phrase(item_on))}, {text}"


# The verbs a paraphrase reports with; a paraphrase that opens with one ("Declared the ...",
# "In Yerevan said ...") has lost its subject, and the speaker is put back in front of it.
REPORTING_VERBS = frozenset(
    "said declared called rejected praised presented urged voted appealed adopted ruled ended "
    "sent disclosed resolved stressed condemned welcomed criticised denounced described told "
    "warned announced backed voiced argued insisted accused congratulated".split()
)
PRONOUNS = {"he", "she", "they"}
# Words that open a phrase of time or place, not a subject ("In Yerevan said ...").
OPENING_WORDS = frozenset("In At On During After Before in at on during after before".split())


def statement_text(row: pd.Series, proper: set[str]) -> str:
    """A statement's paraphrase with its speaker as the subject, named as a reader needs."""
    text = aside(row["paraphrase"])
    speaker, role = str(row["speaker"]), str(row.get("role") or "")
    subject = speaker if is_person(speaker) or speaker.startswith("The ") else f"the {speaker}"
    opening = re.match(r"[Tt]he (\w+)\b", text)
    if opening and not is_person(speaker):
        body = role if opening.group(1).lower() in role.lower().split() else speaker
        return f"The {body}{text[opening.end() :]}"
    words = list(re.finditer(r"[\w'’-]+", text))
    for position, word in enumerate(words):
        bare = word.group().lower()
        if bare in PRONOUNS:  # "Replying to ..., he said": the speaker by name
            return _opening(text[: word.start()]) + subject + text[word.end() :]
        if bare in REPORTING_VERBS:
            # The subject stands between the last comma and the verb ("Asked ..., Peskov said");
            # a bare opening phrase there ("In Yerevan", "on the anniversary, said") is none.
            clause = text[: word.start()].rsplit(",", 1)[-1].split()
            names = set(speaker.split()) | proper | {"The", "the"}
            # "Moldova's foreign ministry called": a name in the possessive is a subject too.
            if clause and clause[0] not in OPENING_WORDS and {_bare(w) for w in clause} & names:
                return text
            # "At his press conference Bibilov said": the speaker ends the opening phrase.
            if clause and clause[0] in OPENING_WORDS and clause[-1] in speaker.split()[1:]:
                name = text.rfind(clause[-1], 0, word.start())
                return f"{_opening(text[:name])}{text[name:]}"
            verb = word.group()
            verb = verb[:1].lower() + verb[1:] if position == 0 else verb
            return f"{_opening(text[: word.start()])}{subject} {verb}{text[word.end() :]}"
    return text


def _opening(text: str) -> str:
    """An opening phrase set off by a comma before the subject put after it.

    "In Yerevan said" becomes "In Yerevan, Sergei Lavrov said", not "In Yerevan Sergei Lavrov".
    """
    words = text.split()
    if not words or words[0] not in OPENING_WORDS or text.rstrip().endswith((",", ":", ";")):
        return text  # "Asked whether he ...": no opening phrase, no comma
    return f"{text.rstrip()}, "


def item_sentence(item: NewsItem, proper: set[str], drop: int = KEEP) -> Sentence:
    """A dated sentence for an event (its description) or a statement (its paraphrase)."""
    text = item.text if item.kind == "event" else statement_text(item.row, proper)
    return Sentence(said_dated(item.on, text, proper), item.source_ids, drop, item.on)


def key(row: pd.Series) -> str:
    """A row's id (``event_id`` or ``statement_id``), so that no row is told twice."""
    return str(row.get("event_id") or row.get("statement_id") or "")


def mark(told: set[str], row: pd.Series) -> None:
    """Remember a row as told, and an event's day (a statement that day only repeats it)."""
    told.add(key(row))
    if row.get("event_id"):
        told.add(f"day:{row['date']}")


def is_told(told: set[str], row: pd.Series) -> bool:
    """Whether a row, or (for a statement) an act of the same day, is told already."""
    return key(row) in told or f"day:{row['date']}" in told


def told_day(told: set[str], day: str) -> bool:
    """Whether an event of ``day`` is told already."""
    return f"day:{day}" in told


def as_item(row: pd.Series, kind: str) -> NewsItem:
    """A row as a news item (``kind``: ``event`` or ``statement``), to word it like the news."""
    return NewsItem(kind, str(row["date"]), known_on(str(row["date"])), 0, row)


def introduce(
    paragraphs: list[list[Sentence]],
    named: dict[str, tuple[str, str]],
    cites: dict[str, str] | None = None,
) -> Lead:
    """Each person named by full name and role at first mention (``Bibilov`` -> ``Anatoly ...``).

    ``cites`` (surname -> source ids) are the sources of a name and role that the sentence's
    own row does not give (``people.csv``): the sentence that names the person cites them too.
    """
    cites = cites or {}
    seen: set[str] = set()
    result = []
    for paragraph in paragraphs:
        sentences = []
        for sentence in paragraph:
            text = sentence.text
            while True:  # in reading order: a list's roles follow the form of its first
                found = [
                    (match.start(), surname, match)
                    for surname in named
                    if surname not in seen
                    for match in [re.search(rf"\b{re.escape(surname)}\b", text)]
                    if match
                ]
                if not found:
                    break
                _, surname, match = min(found)
                seen.add(surname)
                text = _first_mention(text, match, *named[surname])
                if cites.get(surname):
                    ids = [i for i in (sentence.source_ids, cites[surname]) if i]
                    sentence = replace(sentence, source_ids=";".join(ids))
            sentences.append(replace(sentence, text=text))
        result.append(tuple(same_day(sentences)))
    return Lead("", tuple(result))


def same_day(sentences: list[Sentence]) -> list[Sentence]:
    """A date said once: a sentence on the day of the one before opens "The same day,"."""
    out: list[Sentence] = []
    for sentence in sentences:
        previous = out[-1].on if out else ""
        opening = f"{sentence_case(date_phrase(sentence.on))}, " if sentence.on else ""
        if sentence.on and sentence.on == previous and sentence.text.startswith(opening):
            again = {10: "The same day", 7: "That month", 4: "That year"}[len(sentence.on)]
            sentence = replace(sentence, text=f"{again}, {sentence.text[len(opening) :]}")
        out.append(sentence)
    return out


# Words that, standing right before a name, already say the person's office.
TITLE_WORDS = frozenset(
    "president minister pm premier speaker chairman secretary ambassador general spokesman "
    "spokesperson spokeswoman leader envoy commander".split()
)


def _first_mention(text: str, found: re.Match, full: str, role: str) -> str:
    start, end = found.span()
    given = full[: -len(found.group())].strip()
    if given and text[:start].rstrip().endswith(given):
        start = text.rfind(given, 0, start)
    after = text[end:]
    # Already introduced: the role follows, or the text's own apposition does ("Vardanyan, ...").
    introduced = after.lstrip(" ,(").startswith(role) or (
        start > 0 and text[start:end].startswith(given) and after.startswith(",")
    )
    before = text[:start].split()
    # "President Medvedev", "speaker Bibilov": a title before the name; only the forename is added.
    # "Vice-President Gunba" is titled too: the last part of a hyphened title counts.
    last = before[-1].lower().rsplit("-", 1)[-1] if before else ""
    titled = bool(before) and last in TITLE_WORDS | set(role.lower().split())
    if after.startswith(("'s", "’s")) or not role or introduced or titled:
        return text[:start] + full + after
    if after[:1] in ".;:":
        return f"{text[:start]}{full}, {role}{after}"
    # The middle or the last of a list whose first member took its role in parentheses.
    listed = (after.startswith(" and ") and re.search(r"\),\s*$", text[:start])) or re.search(
        r"\)(?:,[^.;:()]*)? and\s*$", text[:start]
    )
    if after[:1] == "," or listed:  # one of a list: "A (role), B (role) and C signed"
        return f"{text[:start]}{full} ({role}){after}"
    return (
        f"{text[:start]}{full}, {role},{after}"
        if "," not in role
        else f"{text[:start]}{full} ({role}){after}"
    )


# Words a quoted clause starts with: "said that “we will not recognize ...”" reads on.
OPENS_A_CLAUSE = frozenset("we i it they there this that our the he she you".split())


def quote_sentence(row: pd.Series) -> Sentence:
    """An outside voice by full name and role, its ``quote`` verbatim in quotation marks."""
    speaker, role, quote = str(row["speaker"]), str(row.get("role") or ""), str(row["quote"])
    who = f"{speaker}, {role}," if is_person(speaker) and role else f"the {speaker}"
    if speaker.startswith("The "):
        who = speaker
    if quote[:1].isupper():
        lead_in = "said:"
    elif quote.split(" ", 1)[0] in OPENS_A_CLAUSE:
        lead_in = "said that"
    else:  # a fragment ("arguably in its most difficult situation"): their words, not a clause
        when = sentence_case(date_phrase(str(row["date"])))
        return Sentence(
            f"{when}, in the words of {who[:-1] if who.endswith(',') else who}: “{quote}”",
            str(row["source_ids"]),
        )
    return Sentence(
        f"{sentence_case(date_phrase(str(row['date'])))}, {who} {lead_in} “{quote}”",
        str(row["source_ids"]),
    )


def drop_one(paragraphs: list[list[Sentence]], words: int, least: int) -> bool:
    """Drop the most droppable sentence, latest first, keeping at least ``least`` words.

    False when only kept sentences are left, or dropping would leave the lead too short.
    """
    candidates = [
        (s.drop, p, i)
        for p, paragraph in enumerate(paragraphs)
        for i, s in enumerate(paragraph)
        if s.drop
    ]
    if not candidates:
        return False
    _, p, i = max(candidates)
    if words - len(paragraphs[p][i].plain.split()) < least:
        return False
    del paragraphs[p][i]
    return True
