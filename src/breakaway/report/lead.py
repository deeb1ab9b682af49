"""The short answer that opens a briefing: a headline and a lead of 300–500 words.

The lead tells the latest news on the report's day first, then what the territory is, what it
has said and done about joining its patron and why, how the parent state has reacted, and the
wider context with one outside voice quoted verbatim. Every sentence is built from rows known on
the day (``lead_news.LeadRecord``) and cites them; absence is worded as absence from this record.
``lead_news`` chooses what to say; this module words it. It never reads files or writes HTML
beyond the escaped paragraphs it hands to the ``lead`` partial.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pandas as pd

from breakaway.dates import format_date, known_on
from breakaway.knowledge.facts_types import BriefingFacts
from breakaway.knowledge.status_labels import NOT_SELF_GOVERNED, SELF_GOVERNED
from breakaway.report.lead_news import (
    LeadRecord,
    NewsItem,
    headline,
    is_war_item,
    latest_news,
    leader_news,
    outside_voice,
    people,
    role_sources,
)
from breakaway.report.lead_text import (
    CONTEXT,
    DETAIL,
    FOLLOW_UP,
    HISTORY,
    KEEP,
    Lead,
    Sentence,
    as_item,
    drop_one,
    introduce,
    is_told,
    item_sentence,
    key,
    lower_first,
    mark,
    proper_words,
    quote_sentence,
    said_dated,
    told_day,
)
from breakaway.report.narrative import (
    aside,
    count_words,
    date_phrase,
    group_name,
    sentence_case,
    spell,
)
from breakaway.report.speakers import is_whole_sentence
from breakaway.report.voices import FULL_SCALE_INVASION_ON
from breakaway.text import amount, join_words, number

MIN_WORDS, MAX_WORDS = 300, 500
# Page 1 holds the title block and about 450 words of lead at print size: a longer lead is cut
# to this, dropping the least needed sentences first (a lead never falls below MIN_WORDS by it).
FIT_WORDS = 450
# The paragraphs in reading order: the news, what it is, how it got here (when the lead is short),
# joining the patron, why, the parent state's reaction, the wider context with an outside voice.
PARAGRAPHS = ("news", "what", "background", "joining", "why", "parent", "wider")

# A step away from the patron (suspension, postponement, rejection) is introduced as one: the
# steps are counted just before it, and a reader must not take it for another of them.
STEP_BACK = "Not every move went that way: "

# A parent state's stand on joining this much older than its newest words is not its last word.
PARENT_NEWER = timedelta(days=5 * 365)

# -- the paragraphs ------------------------------------------------------------------------------


def news_paragraph(
    record: LeadRecord, facts: BriefingFacts, proper: set[str]
) -> tuple[list[Sentence], list[NewsItem]]:
    """The latest news on the day, then up to two items of the same weeks, in date order."""
    item, others = latest_news(record)
    if item is None:
        absent = Sentence(
            f"This record holds no event or statement about {facts['name']} "
            f"up to {format_date(record.as_of)}"
        )
        return [absent], []
    follow = [
        o for o in others if o.score >= 2 and o.row.get("side") != "independent" and o.on != item.on
    ]
    # A war of the same weeks is told before lesser acts: a ceasefire's lead says the war began.
    follow = sorted(follow, key=lambda o: (is_war_item(o), o.score, o.known_on), reverse=True)[:2]
    follow.sort(key=lambda o: o.known_on)
    sentences = [item_sentence(item, proper)]
    sentences += [item_sentence(o, proper, FOLLOW_UP) for o in follow]
    # Who governs now, when the news is a lesser act: a change of leader outranks it on page 1.
    leaders = leader_news(record, [item, *follow])
    sentences += [item_sentence(o, proper, DETAIL) for o in leaders]
    return sentences, [item, *follow, *leaders]


def what_it_is(
    record: LeadRecord, facts: BriefingFacts, proper: set[str], told: set[str]
) -> list[Sentence]:
    """Status on the day (in its tense), recognition, and the people counted."""
    name, parent, patron = facts["name"], facts["parent_state"], facts["patron_state"]
    sources = facts["sources"]
    place = (
        f"a region of about {number(facts['area_km2'])} km² with its capital at {facts['capital']}"
    )
    code = facts.get("status_code") or ""
    day = format_date(facts["as_of"])
    # The status row's sources, and the record's own events of the days the sentence names.
    days = {facts["declared_independence_on"], facts["status_on"], facts["lost_control_on"]}
    acts = record.events[record.events["date"].isin(days - {None})]
    ids = ";".join(sources["territory"] + sources["status"] + list(acts["source_ids"]))
    if code in NOT_SELF_GOVERNED:
        lost = facts["lost_control_on"] or facts["status_on"] or facts["as_of"]
        text = (
            f"{name}, {place}, was a breakaway part of {parent}, backed by {patron}; "
            f"{facts['controlled_by']} has controlled it since {format_date(lost)}"
        )
        if facts["dissolved_on"]:
            ended = format_date(facts["dissolved_on"])
            text += f", and the de facto republic ceased to exist on {ended}"
    elif code == "de_facto_independent" and facts["declared_independence_on"]:
        text = (
            f"{name}, {place}, is a breakaway part of {parent} that declared independence "
            f"{date_phrase(facts['declared_independence_on'])} and governs itself without broad "
            "international recognition"
        )
    elif code == "de_facto_independent":  # the declaration itself not (yet) in the record
        text = (
            f"{name}, {place}, is a breakaway part of {parent} that governs itself without "
            "broad international recognition"
        )
    elif code == "soviet_autonomy" and facts["status_change"]:
        text = f"{name}, {place}, is {lower_first(facts['status_change'], proper)}"
    elif facts["status_change"] and facts["status_on"]:
        held = facts["controlled_by"] or "contested"
        control = f"its control {held}" if held.startswith("contested") else f"held by {held}"
        text = (
            f"{name}, {place}, is a self-proclaimed republic within {parent}'s borders, {control}"
        )
    else:
        text = f"{name}, {place}, is an autonomous region of {parent}"
    if not ids:  # facts and events hold no source of the day: say so rather than assert it
        text = f"This record holds no source on the status of {name} published by {day}"
    out = [Sentence(text, ids)]
    # The change itself, unless the first sentence says it already (self-rule, dissolution).
    shown = code not in SELF_GOVERNED | {"soviet_autonomy", "dissolved"}
    if (
        facts["status_change"]
        and facts["status_on"]
        and shown
        and not told_day(told, facts["status_on"])
    ):
        out.append(
            Sentence(said_dated(facts["status_on"], facts["status_change"], proper), ids, DETAIL)
        )
        told.add(f"status:{facts['status_on']}")  # the status event of that day is this change
    for change in facts.get("pending_status") or []:
        if told_day(told, change["announced_on"]):
            continue  # the news above is the decision itself
        out.append(
            Sentence(
                f"On {format_date(change['announced_on'])} it was decided that the republic "
                f"would be {change['status_label']} on {format_date(change['status_on'])}",
                ";".join(change["source_ids"]),
            )
        )
    out += [recognition_sentence(facts), population_sentence(facts)]
    return out


def recognition_sentence(facts: BriefingFacts) -> Sentence:
    """Which UN members recognise it, or that this record holds none."""
    names = facts["un_recognizer_names"]
    current = [names[code] for code in facts["un_recognizers"]]
    withdrawn = [names[code] for code in facts["un_withdrawals"]]
    ids = facts["sources"]["un_recognizers"] + facts["sources"]["un_withdrawals"]
    if not current:
        text = "This record holds no recognition of it by a UN member state"
        if withdrawn:
            text += f" in force; {join_words(withdrawn)} withdrew theirs"
        return Sentence(text, ";".join(ids))
    verb = "recognises" if len(current) == 1 else "recognise"
    states = sentence_case(count_words(len(current), "UN member state"))
    text = f"{states} {verb} it: {join_words(current)}"
    if withdrawn:
        text += f"; {join_words(withdrawn)} {'has' if len(withdrawn) == 1 else 'have'} withdrawn"
    return Sentence(text, ";".join(ids))


def population_sentence(facts: BriefingFacts) -> Sentence:
    """The latest census, or that this record holds no census (its groups: ``why_paragraph``)."""
    census = facts["latest_census"]
    if census is None:
        return Sentence(
            f"This record holds no census of {facts['name']} published by "
            f"{format_date(facts['as_of'])}"
        )
    verb = "counted" if facts.get("lost_control_on") is None else "had counted"
    text = f"Its {census['year']} census {verb} {number(census['population'])} people"
    if census.get("caveat"):  # whose count it is matters as much as the count
        text += f" ({aside(census['caveat'])})"
    ids = facts["sources"]["latest_census"]
    return Sentence(text, ";".join(ids))


def joining_paragraph(
    record: LeadRecord, facts: BriefingFacts, proper: set[str], told: set[str]
) -> list[Sentence]:
    """The aim, the steps towards the patron and back, and what each side said of joining."""
    name, patron = facts["name"], facts["patron_state"]
    held = (facts.get("status_code") or "") not in NOT_SELF_GOVERNED
    steps, back = record.steps, record.steps_back
    if steps.empty:
        return [
            Sentence(
                f"This record holds no step by {name} or {patron} towards joining or "
                f"integrating with {patron} up to {format_date(record.as_of)}"
            )
        ]
    first = steps.iloc[0]
    which = "the first" if len(steps) > 1 else "taken"
    what = f"{date_phrase(first['date'])}: {lower_first(first['description'], proper)}"
    if key(first) in told:  # the news above: pointed to, not told twice
        which = "the first being" if len(steps) > 1 else "the"
        what = f"decision of {format_date(first['date'])} told above"
    mark(told, first)
    out = [
        Sentence(
            f"The declared aim of its leaders {'is' if held else 'was'} {facts['aim_text']}",
            ";".join(facts["sources"]["territory"]),
        ),
        Sentence(
            f"This record holds {count_words(len(steps), 'step')} by {name} or {patron} towards "
            f"that goal, {which} {what}",
            first["source_ids"],
        ),
    ]
    for rows in (steps.iloc[1:], back):
        if not rows.empty and key(rows.iloc[-1]) not in told:
            row = rows.iloc[-1]
            mark(told, row)
            text = said_dated(row["date"], row["description"] or row["title"], proper)
            if rows is back:  # a postponement or a rejection, said to be one, not a step
                text = f"{STEP_BACK}{text[:1].lower()}{text[1:]}"
            out.append(Sentence(text, row["source_ids"], DETAIL, row["date"]))
    said = record.statements[record.statements["topic"] == "joining_patron"]
    for side, drop in (("territory", DETAIL), ("patron", KEEP)):
        # A leader's words on the day of his own act repeat it: the act is told instead.
        mine = said[(said["side"] == side) & ~said.apply(lambda r: is_told(told, r), axis=1)]
        if not mine.empty:
            row = mine.iloc[0]
            mark(told, row)
            out.append(item_sentence(as_item(row, "statement"), proper, drop))
    # After the aim and the count, what each side did and said, in the order it happened.
    return out[:2] + sorted(out[2:], key=lambda s: known_on(s.on))


def why_paragraph(record: LeadRecord, facts: BriefingFacts) -> list[Sentence]:
    """Why, from data: kinship across the border, passports, money, the patron's troops."""
    patron = facts["patron_state"]
    out = []
    largest = facts["largest_group"]
    if largest:
        group = group_name(largest["group"])
        share = f"{largest['share'] * 100:.1f}%"
        counted = f"made up {share} of the people counted in {largest['year']}"
        text = f"{group} {counted}"
        stem = largest["group"].lower()[:5]
        region = record.patron_region
        ids = facts["sources"]["largest_group"]
        if region and stem in region.lower():
            text = (
                f"{group}, kin to the people of {region} across the border in {patron}, {counted}"
            )
            ids = ids + facts["sources"]["territory"]
        elif stem in patron.lower():
            text = f"{group}, kin to the majority in {patron}, {counted}"
        out.append(Sentence(text, ";".join(ids)))
    figures = indicator_sentences(record.indicators, patron)
    out += figures
    if not figures:
        out.append(
            Sentence(
                f"This record holds no sourced figure on {patron}'s passports, money or troops "
                f"there up to {format_date(record.as_of)}"
            )
        )
    return out


def _latest(rows: pd.DataFrame, indicator: str) -> pd.Series | None:
    mine = rows[rows["indicator"] == indicator]
    return None if mine.empty else mine.sort_values("year").iloc[-1]


def _caveat(row: pd.Series) -> str:
    caveat = str(row.get("caveat") or "").strip()
    return f" ({aside(caveat)})" if caveat else ""


def indicator_sentences(rows: pd.DataFrame, patron: str) -> list[Sentence]:
    """Passports, budget and troops from the patron, each its latest sourced figure."""
    if rows.empty:
        return []
    # The indicator ids name the state they measure (``russian_troops``): only the patron's count.
    stem = patron.lower()[:5]
    rows = rows[rows["indicator"].str.contains(stem, regex=False)]
    adjective = {"russi": "Russian"}.get(stem, patron)
    out = []
    share = _latest(rows, f"{adjective.lower()}_citizenship_share")
    citizens = _latest(rows, f"{adjective.lower()}_citizens")
    if share is not None:
        out.append(
            Sentence(
                f"About {share['value']:g}% of its residents held {adjective} passports in "
                f"{share['year']}{_caveat(share)}",
                share["source_ids"],
            )
        )
    elif citizens is not None:
        out.append(
            Sentence(
                f"About {amount(citizens['value'])} of its residents held {adjective} passports in "
                f"{citizens['year']}{_caveat(citizens)}",
                citizens["source_ids"],
            )
        )
    budget = _latest(rows, f"budget_share_from_{patron.lower()}")
    transfer = _latest(rows, f"{adjective.lower()}_budget_transfer")
    if budget is not None:
        out.append(
            Sentence(
                f"{patron} paid for about {budget['value']:g}% of its budget in {budget['year']}"
                f"{_caveat(budget)}",
                budget["source_ids"],
                DETAIL,
            )
        )
    elif transfer is not None:
        out.append(
            Sentence(
                f"{patron} transferred {amount(transfer['value'])} roubles to its budget in "
                f"{transfer['year']}{_caveat(transfer)}",
                transfer["source_ids"],
                DETAIL,
            )
        )
    troops = _latest(rows, f"{adjective.lower()}_troops")
    if troops is not None and troops["value"] > 0:
        out.append(
            Sentence(
                f"About {number(troops['value'])} {adjective} troops were stationed there in "
                f"{troops['year']}{_caveat(troops)}",
                troops["source_ids"],
                CONTEXT,
            )
        )
    return out


def parent_paragraph(
    record: LeadRecord, facts: BriefingFacts, proper: set[str], told: set[str]
) -> list[Sentence]:
    """How the parent state reacted: its own statements and acts only, never a war."""
    parent, name, patron = facts["parent_state"], facts["name"], facts["patron_state"]
    said, did = record.parent_rows()
    if said.empty and did.empty:
        return [
            Sentence(
                f"This record holds no statement or act of {parent} about {name} "
                f"up to {format_date(record.as_of)}"
            )
        ]
    out = []
    on_joining = said[said["topic"] == "joining_patron"]
    if len(on_joining) >= 2 and (on_joining["stance"] == "opposes").all():
        out.append(
            Sentence(
                f"{parent} has opposed every move towards {patron} that this record holds: "
                f"{'both' if len(on_joining) == 2 else 'all ' + spell(len(on_joining))} of its "
                f"statements on joining {patron} reject it",
                ";".join(on_joining["source_ids"]),
            )
        )
    chosen = on_joining if not on_joining.empty else said
    fresh = chosen[~chosen.apply(lambda r: key(r) in told, axis=1)] if not chosen.empty else chosen
    if not fresh.empty:
        row = fresh.iloc[0]
        mark(told, row)
        out.append(item_sentence(as_item(row, "statement"), proper))
        # Its stand on joining may be decades old: its newest words on the territory come too.
        newer = said[said["known_on"] > row["known_on"] + PARENT_NEWER]
        newer = newer[[key(r) not in told for _, r in newer.iterrows()]]
        if not newer.empty:
            mark(told, newer.iloc[0])
            out.append(item_sentence(as_item(newer.iloc[0], "statement"), proper, CONTEXT))
    fresh_acts = did[~did.apply(lambda r: key(r) in told, axis=1)] if not did.empty else did
    if not fresh_acts.empty:
        row = fresh_acts.iloc[0]
        mark(told, row)
        out.append(item_sentence(as_item(row, "event"), proper, CONTEXT))
    return out


def wider_paragraph(
    record: LeadRecord, facts: BriefingFacts, proper: set[str], told: set[str]
) -> list[Sentence]:
    """The war in Ukraine where the record ties it (from 24 February 2022), and an outside voice."""
    out = []
    if record.as_of >= FULL_SCALE_INVASION_ON:
        events = record.events[record.events["topic"] == "war_in_ukraine"]
        events = events[events["known_on"] >= FULL_SCALE_INVASION_ON]
        war = [as_item(r, "event") for _, r in events.iterrows() if key(r) not in told]
        # The first act that tied it to the war and, when there are more, the latest.
        for item, drop in zip([*war[:1], *war[1:][-1:]], (KEEP, CONTEXT), strict=False):
            mark(told, item.row)
            out.append(item_sentence(item, proper, drop))
    voice = outside_voice(record, told)
    heard = record.statements["side"].eq("independent") & record.statements.apply(
        lambda r: key(r) in told, axis=1
    )
    if voice is None and heard.any():
        pass  # the only outside voice is the news itself, told above
    elif voice is None:
        out.append(
            Sentence(
                f"This record holds no statement about {facts['name']} by an outside voice (an "
                "analyst, an international organisation or a third state) up to "
                f"{format_date(record.as_of)}"
            )
        )
    elif is_whole_sentence(voice["quote"] or ""):
        out.append(quote_sentence(voice))
    else:
        out.append(item_sentence(as_item(voice, "statement"), proper))
    return out


def history_sentences(record: LeadRecord, proper: set[str], told: set[str]) -> list[Sentence]:
    """How it got here, oldest first: status changes, votes and wars not told above."""
    rows = record.events
    return [
        Sentence(
            said_dated(r["date"], r["description"] or r["title"], proper), r["source_ids"], HISTORY
        )
        for _, r in rows.iterrows()
        if key(r) not in told and not (r["category"] == "status" and f"status:{r['date']}" in told)
    ]


def build_lead(facts: BriefingFacts, record: LeadRecord) -> Lead:
    """The headline and the lead of a briefing as known on ``record.as_of``."""
    proper = proper_words(record, facts)
    item, _ = latest_news(record)
    news, told_items = news_paragraph(record, facts, proper)
    told: set[str] = set()
    for told_item in told_items:
        mark(told, told_item.row)
    background: list[Sentence] = []
    body = [
        news,
        what_it_is(record, facts, proper, told),
        background,
        joining_paragraph(record, facts, proper, told),
        why_paragraph(record, facts),
        parent_paragraph(record, facts, proper, told),
        wider_paragraph(record, facts, proper, told),
    ]
    history = history_sentences(record, proper, told)
    named, cites = people(record), role_sources(record)
    while history and introduce(body, named).words < MIN_WORDS + 30:
        background.append(history.pop(0))
    lead = introduce(body, named, cites)
    while lead.words > FIT_WORDS and drop_one(body, lead.words, MIN_WORDS):
        lead = introduce(body, named, cites)
    return replace(lead, headline=headline(facts, item), names=PARAGRAPHS)
