"""Our words wear no quotation marks: refused on load with the usual one-line error.

Titles, descriptions, paraphrases, roles and caveats are the curator's own words. Quotation
marks in them would print our summary, or a scare-quoted term, as if someone had said it (the
editorial style: quotation marks only around a speaker's exact words, which live in the
``quote`` columns). A name is written as a name, a disputed term is attributed in words ("what
Russia calls its special military operation").
"""

from __future__ import annotations

import re

from breakaway.data.problems import Problem, RawTable

# The columns that hold our words, by table. ``quote`` and ``note`` are not among them: the one
# holds a speaker's exact words, the other is a curator's note that is never printed.
OUR_WORDS = {
    "claims": ("claim",),
    "events": ("title", "description", "detail", "caveat"),
    "indicators": ("caveat",),
    "people": ("role",),
    "population": ("caveat", "coverage"),
    "recognitions": ("caveat",),
    "statements": ("paraphrase", "detail", "role"),
    "status": ("change", "caveat"),
    "territories": ("aim_text",),
}
# Double quotation marks anywhere; a single one where it opens a quotation (after a space,
# bracket or dash, before a letter), so that apostrophes (Georgia's, rock 'n' roll aside) pass.
QUOTATION = re.compile(r"[\"“”„«»]|(?:^|[\s(\[—–-])['‘]\w")


def check_our_words(tables: dict[str, RawTable]) -> list[Problem]:
    """One problem for each cell of our words that holds a quotation mark."""
    problems = []
    for name, columns in OUR_WORDS.items():
        raw = tables.get(name)
        if raw is None:
            continue
        for column in columns:
            if column not in raw.header:
                continue
            problems += [
                Problem(
                    raw.display_path,
                    line,
                    column,
                    "quotation marks in our own words; expected them only around a speaker's "
                    "exact words, in the quote column (write a name as a name, attribute a term)",
                )
                for line, _, value in raw.column(column)
                if QUOTATION.search(value)
            ]
    return problems
