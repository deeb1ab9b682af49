"""Find sentences that state, as a fact about the world, that something had not happened.

The record is not the world: where it holds nothing, a report says "This record holds no census
published before 1 July 1992", never "No census had been published". ``absence_claims`` returns
every sentence of a text that states an absence as a fact.

A sentence that reports what a named speaker said ("Kalandadze said no act ... could be considered
legal while displaced people were not allowed to return") is the speaker's claim, not ours: an
absence worded after the reporting verb is exempt. An absence before it, or in a sentence with no
speaker, is still caught.
"""

from __future__ import annotations

import html
import re

# Past participles: "published", "held", "made", "taken place".
DONE = r"(?:\w+ed|made|held|taken(?: place)?|done|given|begun|known|written|run|set|seen)"
# Each pattern is one way of saying that something had not happened, been published or held.
ABSENCE = [
    re.compile(r"\b(?:had|has|have|was|were)\s+not\s+(?:yet\s+)?(?:been\s+)?" + DONE + r"\b", re.I),
    re.compile(r"\bnot\s+yet\b", re.I),
    re.compile(r"\bnone\s+yet\b", re.I),
    re.compile(r"\bno\s+[\w\s-]{0,60}?\b(?:had|has|have)\s+been\s+" + DONE + r"\b", re.I),
    re.compile(r"\bno\s+[\w\s-]{0,60}?\b(?:is|are|was|were)\s+(?:recorded|published|held)\b", re.I),
    re.compile(r"\bno\s+[\w\s-]{0,60}?\b(?:had|has|have)\s+" + DONE + r"\b", re.I),
    re.compile(r"\bthe data (?:records|holds) no\b", re.I),
    re.compile(r"\bnever\s+(?:been\s+)?(?:published|held|happened|taken place)\b", re.I),
]
# "Kalandadze said", "the ministry stated that": a speaker (a capitalised name or a "the ..." body)
# then a reporting verb; what follows is the speaker's claim. A role in commas may stand between
# them ("Nino Kalandadze, Georgia's deputy foreign minister, said").
ATTRIBUTION = re.compile(
    r"\b(?:[A-Z][\w'-]+|[Tt]he\s+[\w\s'-]{1,40}?)(?:,\s[^,.;]{1,120},)?\s+"
    r"(?:said|says|stated|states|told\s+\w+|declared|claimed|argued|insisted|warned|added|wrote)\b"
)
TAGS = re.compile(r"<[^>]+>")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def sentences(text: str) -> list[str]:
    """The sentences of a text (HTML tags dropped, Markdown escapes removed)."""
    plain = html.unescape(TAGS.sub(" ", text)).replace("\\", "")
    return [s.strip() for s in SENTENCE_END.split(plain) if s.strip()]


def absence_claims(text: str) -> list[str]:
    """Every sentence that states an absence as a fact about the world."""
    return [s for s in sentences(text) if _states_absence(s)]


def _states_absence(sentence: str) -> bool:
    """Whether an absence is worded in our voice: before any speaker's reporting verb."""
    attributed = ATTRIBUTION.search(sentence)
    ours = sentence[: attributed.start()] if attributed else sentence
    return any(p.search(ours) for p in ABSENCE)
