"""House style read in the prose the briefings print (issue 20, item 4), for every territory.

The sections are generated in-process from the shipped data for the four territories over many
dates (no kernel) and read for the marks an editor makes: one date style, counts in words, en
dashes, no sentence said twice, quotations that are whole sentences introduced by their speaker,
people with full name and role at first mention, "none" rather than "0" in the key facts. Each
rule is also shown a planted case, so that a check that cannot fail is caught too.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from factsonce import facts_once_a_day  # noqa: F401 (an autouse module fixture)
from styleguide import (
    count_problems,
    dash_problems,
    date_problems,
    person_problems,
    plain,
    quote_problems,
    repeat_problems,
    sentences,
)

from breakaway.report.briefing import Briefing
from breakaway.report.key_facts import key_fact_rows
from breakaway.report.speakers import is_person
from breakaway.report.voices import said

TERRITORIES = ["south-ossetia", "abkhazia", "transnistria", "nagorno-karabakh"]
# The turning points: the wars of the early 1990s, the August war, Crimea, the 2020 war, the
# referendum called on 13 May 2022, Nagorno-Karabakh's end, and the latest data.
DATES = [
    date(1992, 7, 1),
    date(2000, 1, 1),
    date(2008, 8, 20),
    date(2014, 6, 30),
    date(2020, 12, 1),
    date(2022, 5, 13),
    date(2024, 6, 30),
    date(2026, 12, 1),
]
STORIES = [
    "status_story",
    "location_story",
    "population_story",
    "recognition_story",
    "joining_story",
    "dependence_story",
    "factcheck_story",
    "comparison_story",
]
VOICES = ["voices.joining_story", "voices.reaction_story", "voices.war_story"]


def _call(briefing: Briefing, chain: str):
    target = briefing
    for name in chain.split("."):
        target = getattr(target, name)
    return target()


@pytest.fixture(scope="module")
def briefings(shipped) -> dict[tuple[str, date], Briefing]:
    """One briefing per territory and day, made once for the whole module."""
    return {(t, day): Briefing(shipped, t, day) for t in TERRITORIES for day in DATES}


@pytest.fixture(scope="module")
def written(briefings) -> dict[tuple[str, date, str], str]:
    """Each section's plain text by (territory, day, section), for every territory and day."""
    texts = {}
    for territory in TERRITORIES:
        for day in DATES:
            briefing = briefings[(territory, day)]
            for chain in STORIES + VOICES:
                output = _call(briefing, chain)
                if output is not None:
                    texts[(territory, day, chain)] = plain(output.data)
    return texts


@pytest.fixture(scope="module")
def people(shipped) -> dict[str, set[str]]:
    """Every person the statements name, with the roles the record gives them."""
    rows = shipped.statements
    named: dict[str, set[str]] = {}
    for speaker, role in zip(rows["speaker"], rows["role"], strict=True):
        if is_person(speaker):
            named.setdefault(speaker, set()).add(role)
    return named


def _every(written, check, chains=None) -> list[str]:
    return [
        f"{territory} {day} {chain}: {problem}"
        for (territory, day, chain), text in written.items()
        if chains is None or chain in chains
        for problem in check(text)
    ]


def test_the_sections_cover_every_territory_and_the_voices(written):
    assert {t for t, _, _ in written} == set(TERRITORIES)
    assert {c for _, _, c in written} >= set(STORIES + VOICES)


# -- one date style ----------------------------------------------------------------------------


def test_dates_are_written_one_way(written):
    assert _every(written, date_problems) == []


@pytest.mark.parametrize(
    "planted", ["The latest, on March 2025: x.", "It was set on 2022-05-13.", "On May 13, 2022."]
)
def test_a_planted_date_in_another_style_is_caught(planted):
    assert date_problems(planted)
    assert not date_problems("On 13 May 2022, in March 2025 and in 2006 “on May 13” was said.")


# -- counts in words ---------------------------------------------------------------------------


def test_counts_read_as_words(written):
    assert _every(written, count_problems) == []


@pytest.mark.parametrize(
    "planted",
    [
        "Russian military bases: 1 count in 2009.",
        "It holds 1 events.",
        "UN members: 0 states.",
        "14 claims were checked.",
    ],
)
def test_a_planted_count_is_caught(planted):
    assert count_problems(planted)
    assert not count_problems("Russia kept one military base in 2009; 1 July 1992; 10.0 km².")
    assert not count_problems("In all, 14 claims were checked. 13 May 2022: a vote was called.")


# -- en dashes -----------------------------------------------------------------------------------


def test_spans_take_en_dashes(written):
    assert _every(written, dash_problems) == []


@pytest.mark.parametrize(
    "planted", ["The war of 1992-1993 ended.", "The war of 1992-93 ended.", "A - B.", "86,600 km2."]
)
def test_a_planted_hyphen_for_a_dash_is_caught(planted):
    assert dash_problems(planted)
    assert not dash_problems("The war of 1992–1993; a one-day war; “motherland - Russia”.")


# -- nothing said twice ----------------------------------------------------------------------


def test_no_section_says_a_sentence_twice(written):
    assert _every(written, repeat_problems) == []


def test_a_planted_repeat_is_caught():
    listed = (
        "13 May 2022: Outgoing Bibilov calls a vote on joining Russia.\n"
        "The most recent of these came on 13 May 2022: Outgoing Bibilov calls a vote on joining "
        "Russia."
    )
    assert repeat_problems(listed)
    assert not repeat_problems("Russia funded 82% of the budget in 2020. Russia kept one base.")


# -- quotations and people ---------------------------------------------------------------------


def test_quotations_are_whole_sentences_introduced_by_their_speaker(written):
    assert _every(written, quote_problems) == []
    quoted = [text for text in written.values() if "“" in text]
    assert quoted, "no section quotes anyone: the check read nothing"


@pytest.mark.parametrize(
    "planted",
    [
        # The old form: a paraphrase followed by a lowercase fragment in quotation marks.
        "The ministry called the runoff illegal. “illegal action that contradicts norms”",
        "Bibilov called it a goal. “The Republic of South Ossetia will become part of Russia.”",
    ],
)
def test_a_planted_fragment_or_unintroduced_quote_is_caught(planted):
    assert quote_problems(planted)
    assert not quote_problems("He said so. In Bibilov's words: “We will join.”")


def test_the_table_column_shows_no_fragment_either(shipped):
    rows = shipped.statements
    fragments = rows[rows["quote"].str.match(r"^[a-z]")]
    assert not fragments.empty
    for _, row in fragments.iterrows():
        assert "“" not in said(row), said(row)
    whole = rows[rows["quote"].str.match(r"^[A-Z]")].iloc[0]
    assert said(whole).endswith(
        f"words: “{whole['quote']}”" + ("" if whole["quote"][-1] in ".!?" else ".")
    )


def test_people_are_named_in_full_with_role_at_first_mention(written, people):
    assert _every(written, lambda text: person_problems(text, people), VOICES) == []


@pytest.mark.parametrize(
    "planted",
    [
        "Anatoly Bibilov (30 March 2022): Bibilov called unification a goal.",  # no role
        "On 30 March 2022: Bibilov called unification a goal.",  # surname alone
        "On 9 May 2022: She called the treaty a step towards annexation.",  # whose "she"?
        "On 1 May 2020: Said Armenia could not recognise it.",  # no subject
    ],
)
def test_a_planted_bare_name_or_lone_pronoun_is_caught(planted, people):
    assert person_problems(planted, people)
    good = (
        "On 30 March 2022: Anatoly Bibilov, de facto president of South Ossetia, called "
        "unification a goal. Bibilov said more."
    )
    assert not person_problems(good, people)


# -- key facts ---------------------------------------------------------------------------------


def _zeros(rows) -> list[str]:
    return [f"{r.label}: {r.text}" for r in rows if str(r.text).split(":")[0].strip() == "0"]


def test_key_facts_say_none_rather_than_zero(briefings):
    zeros, nones = [], 0
    for territory in TERRITORIES:
        for day in DATES:
            briefing = briefings[(territory, day)]
            rows = key_fact_rows(briefing.facts, briefing.joining_patron, True)
            zeros += [f"{territory} {day} {z}" for z in _zeros(rows)]
            nones += sum(r.text == "none" for r in rows)
    assert zeros == []
    assert nones, "no territory had a zero count: the check read nothing"


def test_a_planted_zero_in_the_key_facts_is_caught():
    from breakaway.report.page import Fact

    assert _zeros([Fact("UN members recognising now", "0")])
    assert not _zeros([Fact("UN members recognising now", "none"), Fact("Area", "0.5 km²")])


def test_a_count_of_bases_in_the_support_table_is_a_bare_number():
    from breakaway.knowledge.indicators import indicator_value

    assert indicator_value(1, "count") == "1", "the table printed '1 count'"


# -- a section says once that the record holds nothing ----------------------------------------

ABSENCE = re.compile(r"\b(holds no|do not break|does not break)\b")


def absence_problems(text: str) -> list[str]:
    """Nothing known is said once per section, not once per chart that is left out."""
    said = [s for s in sentences(text) if ABSENCE.search(s)]
    return [f"absence said {len(said)} times: {said}"] if len(said) > 1 else []


def test_a_planted_second_absence_is_caught():
    assert absence_problems(
        "This record holds no census published by 1 July 1992. This record holds no population "
        "figure published by 1 July 1992."
    )
    assert not absence_problems("This record holds no census published by 1 July 1992.")


def test_who_lives_there_says_once_that_no_census_is_known(shipped):
    briefing = Briefing(shipped, "south-ossetia", date(1992, 7, 1))
    section = [briefing.population_story(), briefing.population_chart()]
    section.append(briefing.composition_chart())
    text = "\n".join(plain(part.data) for part in section if part is not None)
    assert "no census" in text
    assert absence_problems(text) == []


def test_the_steps_name_their_people_in_full_once_given_the_roster(shipped, briefings):
    from breakaway.knowledge.events import events_as_of, joining_patron_events, steps_back
    from breakaway.report import narrative

    problems, named = [], 0
    for territory in TERRITORIES:
        for day in DATES:
            briefing = briefings[(territory, day)]
            roster = briefing.voices.roster
            back = steps_back(events_as_of(shipped.events, territory, day))
            steps = joining_patron_events(shipped.events, territory, day)
            text = plain(
                narrative.joining_patron_story(steps, briefing.facts, briefing.cite, back, roster)
            )
            known = {name: {role for _, role in roles} for name, roles in roster.items()}
            problems += [f"{territory} {day}: {p}" for p in person_problems(text, known)]
            named += sum(f"{name}, " in text for name in known)
    assert problems == []
    assert named, "no step named a person: the check read nothing"
