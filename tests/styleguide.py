"""The editorial rules of shared/STYLE.md as checks on text: each returns what an editor would mark.

Shared by the unit tier (sections generated in-process from the shipped data) and the integration
tier (the text of a rendered briefing). A check takes plain text (``plain`` turns a section's
Markdown into what a reader reads) and returns a list of problems, each quoting its context.
"""

from __future__ import annotations

import re

MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
# Quotation marks hold the speaker's exact words: typography inside them is theirs, not ours.
QUOTATION = re.compile(r"“[^”]*”|\"[^\"]*\"")
# A title just before a name gives the role: "Kremlin aide Vladislav Surkov".
TITLES = ("aide", "minister", "president", "speaker", "spokesman", "spokesperson", "leader")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“0-9])")


def plain(markdown: str) -> str:
    """What a reader reads of a section's Markdown: no citation links, escapes or list marks."""
    text = re.sub(r"\[(\d+)\]\(#source-\d+\)", "", markdown)
    text = re.sub(r"\\\[[,–\s]*\\\]", "", text)  # the emptied citation brackets
    text = re.sub(r"\\(.)", r"\1", text)
    text = text.replace("**", "")
    text = re.sub(r"^\s*- ", "", text, flags=re.MULTILINE)
    return re.sub(r"[ \t]+", " ", text).strip()


def _context(text: str, match: re.Match) -> str:
    return text[max(0, match.start() - 50) : match.end() + 30].replace("\n", " ")


def _marks(text: str, rules: dict[str, str]) -> list[str]:
    found = []
    for what, pattern in rules.items():
        found += [f"{what}: …{_context(text, m)}…" for m in re.finditer(pattern, text)]
    return found


def date_problems(text: str) -> list[str]:
    """One date style: "13 May 2022", "in March 2025", "in 2006"; never ISO or "May 13"."""
    return _marks(
        QUOTATION.sub("“”", text),
        {
            "ISO date": r"\b\d{4}-\d{2}(?:-\d{2})?\b",
            "month before day": rf"\b{MONTH} \d{{1,2}}(?:st|nd|rd|th)?\b(?!\d)",
            "'on' before a month or year": rf"\bon (?:{MONTH} )?\d{{4}}\b",
        },
    )


def count_problems(text: str) -> list[str]:
    """Counts agree with their nouns and read as words: no "1 count", "1 events", "0 states"."""
    return _marks(
        text,
        {
            "one with a plural": r"\b1 (?!km)[a-z]+s\b",
            "a unit for a count": r"\b\d[\d,]* counts?\b",
            "zero as a figure": r"(?<![\d.,])\b0 [a-z]",
            "a sentence opening with a figure": r"(?:^|[.!?]\s+)\d[\d,.]*%?\s+[a-z]",
        },
    )


def dash_problems(text: str) -> list[str]:
    """En dashes for spans and breaks: no "1992-1993", no " - ", no "km2" beside "km²"."""
    return _marks(
        QUOTATION.sub("“”", text),
        {
            "hyphen in a span": r"\b(?:1[89]|20)\d\d ?- ?(?:\d{4}|\d{2})\b",
            "hyphen as a dash": r"\s-\s",
            "km2 for km²": r"\bkm2\b",
        },
    )


def _words(sentence: str) -> set[str]:
    return set(re.findall(r"[a-z0-9%']+", sentence.lower()))


def sentences(text: str) -> list[str]:
    """The sentences of a text, list items and paragraphs each ending one."""
    parts = []
    for block in re.split(r"\n+", text):
        parts += [s.strip() for s in SENTENCE_END.split(block) if s.strip()]
    return parts


def repeat_problems(text: str) -> list[str]:
    """No sentence said twice in a section, nor one whose words another already holds.

    Two sentences repeat when nine tenths of the shorter one's words (six at least) are in the
    longer: "13 May 2022: Outgoing Bibilov calls a vote" then "The most recent came on 13 May
    2022: Outgoing Bibilov calls a vote".
    """
    said = sentences(QUOTATION.sub("“”", text))
    found = []
    for i, first in enumerate(said):
        for second in said[i + 1 :]:
            a, b = _words(first), _words(second)
            small = min(len(a), len(b))
            if small >= 6 and len(a & b) / small >= 0.9:
                found.append(f"said twice: {first!r} / {second!r}")
    return found


def quote_problems(text: str) -> list[str]:
    """A quotation is a whole sentence introduced by its speaker: "In Bibilov's words: “...”"."""
    found = []
    for match in re.finditer(r"“([^”]*)”", text):
        words = match.group(1).strip()
        if not words or not (words[0].isupper() or words[0].isdigit()):
            found.append(f"quotation not a whole sentence: …{_context(text, match)}…")
        before = text[: match.start()].rstrip()
        if not re.search(r"(words|said|wrote|says|reads|read|declared|added):$", before):
            found.append(f"quotation not introduced by its speaker: …{_context(text, match)}…")
    return found


def person_problems(text: str, people: dict[str, set[str]]) -> list[str]:
    """Each person named in full and with role at first mention, surname after; no lone pronoun.

    Args:
        text: A section's plain text.
        people: Full name -> the roles the record gives that person.
    """
    found = []
    for name, roles in people.items():
        surname = name.split()[-1]
        first = re.search(rf"(?<![\w'’-]){re.escape(surname)}(?![\w-])", text)
        if not first:
            continue
        given = name[: -len(surname)]
        if not text[: first.start()].endswith(given):
            found.append(f"{surname} first named without the full name: …{_context(text, first)}…")
            continue
        start = first.start() - len(given)
        after, lead_in = text[first.end() :], text[max(0, start - 40) : start]
        role_words = {w for role in roles for w in re.findall(r"[a-z]{5,}", role)}
        titled = re.search(rf"\b({'|'.join(TITLES)}) $", lead_in)  # "Kremlin aide Vladislav S."
        if not any(after.startswith(f", {role}") for role in roles) and not (
            titled or role_words & set(re.findall(r"[a-z]{5,}", lead_in))
        ):
            found.append(f"{name} first named without a role: …{_context(text, first)}…")
    for match in re.finditer(r"(?:^|[.:!?]\s+)(He|She|They|Said|Called)\b", text):
        found.append(f"a sentence without its speaker: …{_context(text, match)}…")
    return found
