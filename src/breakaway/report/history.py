"""How did it get here? The key steps of a territory's history, told in prose under its timeline.

The timeline chart shows every event; this paragraph names the few that made the territory what
it is (changes of status and the wars), one cited sentence each, oldest first. It never repeats
the steps towards the patron or the war in Ukraine: their own sections tell them.
"""

from __future__ import annotations

import pandas as pd

from breakaway.dates import format_date
from breakaway.report.citations import Citations
from breakaway.report.narrative import dated


def key_steps_story(steps: pd.DataFrame, cite: Citations) -> str:
    """One Markdown paragraph: each key step as a dated, cited sentence (empty with no step)."""
    sentences = []
    for _, row in steps.iterrows():
        sentence = dated(row["date"], row["description"] or row["title"])
        if row["category"] == "conflict" and row["end_date"]:
            sentence += f"; the fighting lasted until {format_date(row['end_date'])}"
        sentences.append(f"{sentence} {cite.markdown(row['source_ids'])}.")
    return " ".join(sentences)
