"""How did it get here? The key steps of a territory's history, told in prose under its timeline.

The timeline chart shows every event; this paragraph names the few that made the territory what
it is (changes of status and the wars), one cited sentence each, oldest first. It never repeats
the steps towards the patron or the war in Ukraine: their own sections tell them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

import pandas as pd

from breakaway.dates import format_date
from breakaway.knowledge.events import events_as_of, key_steps
from breakaway.report.citations import Citations
from breakaway.report.narrative import dated

WORD = re.compile(r"\S+")


def names_in(texts: Iterable[str]) -> frozenset[str]:
    """The words the texts capitalise inside a sentence: names ("Georgian", "Soviet")."""
    names = set()
    for text in texts:
        words = WORD.findall(str(text))
        for before, word in zip(words, words[1:], strict=False):
            if word[:1].isupper() and not before.endswith((".", "!", "?", ":")):
                names.add(word.strip(",;:.()"))
    return frozenset(names)


def inside_sentence(text: str, names: frozenset[str]) -> str:
    """``text`` read on after a date: its first word lowered when it is not a name.

    A name keeps its capital: a word the record capitalises inside sentences ("Georgian",
    "Soviet"), an acronym, or a word followed by another capitalised word ("Region X's").
    """
    words = text.split(" ", 2)
    first = words[0].strip(",;:")
    following = words[1] if len(words) > 1 else ""
    if first in names or first[1:2].isupper() or following[:1].isupper():
        return text
    return text[:1].lower() + text[1:]


def key_steps_story(
    events: pd.DataFrame,
    territory: str,
    as_of: date,
    cite: Citations,
    known: pd.DataFrame | None = None,
) -> str:
    """The key steps of ``territory`` known on ``as_of`` (empty when the record holds none).

    ``known``, when given, is ``events_as_of(events, territory, as_of)``, already filtered.
    """
    steps = key_steps(events_as_of(events, territory, as_of) if known is None else known)
    return key_steps_sentences(steps, cite, names_in(events["description"]))


def key_steps_sentences(steps: pd.DataFrame, cite: Citations, names: frozenset[str]) -> str:
    """One Markdown paragraph: each key step as a dated, cited sentence (empty with no step).

    ``names``: the words the record capitalises inside sentences (``names_in``); any other first
    word of a description is set in lower case after its date.
    """
    sentences = []
    for _, row in steps.iterrows():
        sentence = dated(row["date"], inside_sentence(row["description"] or row["title"], names))
        if row["category"] == "conflict" and row["end_date"]:
            sentence += f"; the fighting lasted until {format_date(row['end_date'])}"
        sentences.append(f"{sentence} {cite.markdown(row['source_ids'])}.")
    return " ".join(sentences)
