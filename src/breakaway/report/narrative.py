"""Narrative sentences: each a function of the facts (and rows) as of a day, returning Markdown.

Nothing the data can say is typed by hand here: numbers, names and dates come from ``facts`` or
from data rows, pass through ``text.md`` (escaping), and carry citation markers.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from breakaway.dates import format_date, known_on, parse_partial_date
from breakaway.knowledge.changes import Change, headline_changes, rest_line
from breakaway.knowledge.facts_types import (
    Aside,
    BriefingFacts,
    Count,
    StatusEntry,
    census_population,
    stated,
)
from breakaway.report.citations import Citations
from breakaway.report.speakers import Roster, name_people, typeset
from breakaway.text import join_words, md, number, plural

NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
GROUP_NAMES = {"abkhaz": "Abkhaz", "other": "other groups"}


def sentence_case(text: str) -> str:
    """The first letter in capitals, the rest as written (``capitalize`` would lower "May")."""
    return text[:1].upper() + text[1:]


def spell(count: int) -> str:
    """``five``: numbers up to ten in words, digits from eleven on (newsroom style)."""
    return NUMBER_WORDS[count] if count < len(NUMBER_WORDS) else str(count)


def count_words(count: int, singular: str, plural_form: str | None = None) -> str:
    """``five UN member states``; digits from eleven on."""
    words = plural(count, singular, plural_form).split(" ", 1)[1]
    return f"{spell(count)} {words}"


def group_name(group: str) -> str:
    """A population group as a reader expects it: ``Ossetians``, ``Abkhaz``."""
    return GROUP_NAMES.get(group, group.title())


def aside(text: str) -> str:
    """A caveat as a parenthetical: no final full stop, lower case when it opens with a common word.

    Only the ordinary words a caveat opens with are lowered; any other capitalised word (a
    country, a people, a person) keeps its capital, so no name needs listing here.
    """
    text = str(text).strip().rstrip(".")
    first = text.split(" ", 1)[0]
    if first.rstrip(",;:.") in COMMON_OPENERS:
        text = text[0].lower() + text[1:]
    return text


# Ordinary words that open a caveat or a change and read on in lower case inside a sentence.
COMMON_OPENERS = frozenset(
    "A After An Approximate Based Claim Count Counts Dated Estimate Estimates Figure Figures Given "
    "Includes Initially Leaders Lower Military No Not Official Only Planned Preliminary "
    "Recognition Rough Rounded Share Some The This These Upper".split()
)


def dated(on: str, sentence: str) -> str:
    """``On 20 September 2023, the regional leadership ...``: a reader sentence after its date."""
    return f"{sentence_case(date_phrase(on))}, {md(aside(sentence))}"


def told(entry: StatusEntry, cite: Citations) -> str:
    """A status change as one cited sentence, preceded by a space."""
    return (
        # ``dated`` escapes the sentence once; escaping it here too printed backslashes.
        f" {dated(entry['status_on'], entry['change'])} {cite.markdown(entry['source_ids'])}."
    )


def location_sentence(facts: BriefingFacts, where: str, cite: Citations) -> str:
    """Where the territory lies, its capital and its area: geography, not status.

    ``where`` comes from the same boundaries as the locator map (``maps.words.location_phrase``),
    so the sentence and the map's title agree. The status is told once, in the history
    (``status_sentence``); page 1's lead states it too, and a section says a thing once.
    """
    name = md(facts["name"])
    held = (facts.get("status_code") or "") not in ("under_parent_control", "dissolved")
    capital = (
        f"Its capital is {md(facts['capital'])}"
        if held
        else (f"Its capital was {md(facts['capital'])}")
    )
    return (
        f"{name} lies {md(where)}. {capital}, and it covers about "
        f"{number(facts['area_km2'])} km² {cite.markdown(facts['sources']['territory'])}."
    ).replace(" .", ".")


def status_sentence(facts: BriefingFacts, cite: Citations) -> str:
    """The territory's status on the report date (its place and size are ``location_sentence``).

    The status follows ``status.csv`` on the report date: a territory its parent state has taken
    over is not described as governing itself, and a change decided for a later day is told in
    the future tense.
    """
    name, parent = md(facts["name"]), md(facts["parent_state"])
    code = facts.get("status_code") or ""
    held = code not in ("under_parent_control", "dissolved")
    verb = "is" if held else "was"
    text = (
        f"As of {format_date(facts['as_of'])}, {name} {verb} a breakaway region of {parent} "
        f"{cite.markdown(facts['sources']['territory'])}."
    )
    history = facts.get("status_history") or []
    if code == "dissolved":
        dissolved = stated(facts["dissolved_on"], "dissolved_on")
        text += f" It ceased to exist as a de facto state on {format_date(dissolved)}."
    if not held:
        lost = stated(facts["lost_control_on"], "lost_control_on")
        text += "".join(
            told(entry, cite) for entry in history if known_on(entry["status_on"]) >= known_on(lost)
        )
    elif code == "de_facto_independent" and facts["declared_independence_on"]:
        text += (
            f" It declared independence on {format_date(facts['declared_independence_on'])}"
            f" and governs itself without broad international recognition "
            f"{cite.markdown(facts['sources']['status'])}."
        )
    elif history:
        text += told(history[-1], cite)
    elif facts["declared_independence_on"]:
        text += (
            f" It declared independence on {format_date(facts['declared_independence_on'])}"
            " and governs itself without broad international recognition."
        )
    else:
        text += (
            " This record holds no declaration of independence made by "
            f"{format_date(facts['as_of'])}."
        )
    if facts.get("status_caveat"):
        text += f" {md(facts['status_caveat'])}"
    for change in facts.get("pending_status") or []:
        text += (
            f" On {format_date(change['announced_on'])} it was announced that "
            f"{FUTURE.get(change['status'], 'its status would change')} on "
            f"{format_date(change['status_on'])} {cite.markdown(change['source_ids'])}."
        )
    return text.replace(" .", ".")


# A change decided ahead of its day, in the future tense of the report's date.
FUTURE = {
    "dissolved": "the de facto republic's institutions would be dissolved and the republic would "
    "cease to exist",
    "under_parent_control": "the parent state would take control",
}


def recognition_sentence(facts: BriefingFacts, cite: Citations) -> str:
    """How many UN members recognise the territory on the report date, and who withdrew."""
    name = md(facts["name"])
    names = facts["un_recognizer_names"]
    current = [md(names[code]) for code in facts["un_recognizers"]]
    when = format_date(facts["as_of"])
    if current:
        text = (
            f"As of {when}, {count_words(len(current), 'UN member state')} "
            f"{'recognises' if len(current) == 1 else 'recognise'} {name} as independent: "
            f"{join_words(current)} {cite.markdown(facts['sources']['un_recognizers'])}."
        )
    else:
        text = f"As of {when}, no UN member state recognises {name} as independent."
    withdrawn = [md(names[code]) for code in facts["un_withdrawals"]]
    if withdrawn:
        verb = "has" if len(withdrawn) == 1 else "have"
        text += (
            f" {join_words(withdrawn)} {verb} withdrawn an earlier recognition, so "
            f"{count_words(len(facts['un_recognizers_ever']), 'UN member')} recognised it at "
            f"some point {cite.markdown(facts['sources']['un_withdrawals'])}."
        )
    others = [md(other) for other in facts["non_un_recognizers"]]
    if others:
        text += (
            f" Among entities that are not UN members, {join_words(others)} "
            f"{'recognises' if len(others) == 1 else 'recognise'} it "
            f"{cite.markdown(facts['sources']['non_un_recognizers'])}."
        )
    return text


def figure_notes(figure: Count | Aside) -> str:
    """``in the area then held by ...; preliminary result``: the area and caveat, escaped."""
    parts = [f"in {figure['coverage']}"] if figure.get("coverage") else []
    if figure.get("caveat"):
        parts.append(aside(figure["caveat"]))
    return md("; ".join(parts))  # escaped once, here


def figure_aside(figure: Count | Aside) -> str:
    """`` (in the area then held by ...; preliminary result)``: what a reader needs beside it."""
    notes = figure_notes(figure)
    return f" ({notes})" if notes else ""


def population_sentence(facts: BriefingFacts, cite: Citations) -> str:
    """The latest census, the change from the one before, the largest group, the latest estimate.

    A figure's caveat and the area it covers are printed beside it; two censuses of different
    areas are not compared. After the de facto authorities lost control, the latest estimate is
    told as the population before that day, followed by what happened to it.
    """
    name = md(facts["name"])
    census = facts["latest_census"]
    if census is None:
        text = f"This record holds no census of {name} published by {format_date(facts['as_of'])}."
    else:
        text = (
            f"The {census['year']} census counted {number(census['population'])} people"
            f"{figure_aside(census)} {cite.markdown(facts['sources']['latest_census'])}."
        )
    change = facts["census_change"]
    previous = facts["previous_census"]
    if change and previous:
        direction = "fewer" if change["change"] < 0 else "more"
        if change["change"] == 0:
            text += f" That is the same as in {previous['year']}."
        else:
            # The earlier count's area and caveat too (a Soviet census, rounded, is not a de
            # facto count); from a rounded count the difference is as rounded ("about 14%").
            notes = figure_notes(previous)
            about = "about " if change.get("approximate") else ""
            percent = f"{abs(change['percent']):.{0 if about else 1}f}%"
            text += (
                f" That is {about}{number(abs(change['change']))} {direction} than in the "
                f"{previous['year']} census ({number(previous['population'])}"
                f"{'; ' + notes if notes else ''}), a "
                f"{'fall' if change['change'] < 0 else 'rise'} of {about}{percent} "
                f"{cite.markdown(facts['sources']['previous_census'])}."
            )
    elif census is not None and previous is not None:
        text += (
            f" The {previous['year']} census ({number(previous['population'])}"
            f"{'; ' + md(previous['coverage']) if previous.get('coverage') else ''}) counted a "
            "different area, so the two are not compared "
            f"{cite.markdown(facts['sources']['previous_census'])}."
        )
    largest = facts["largest_group"]
    if largest:
        # The census's caveat was printed just above; a group's own (a lower bound) is added.
        own = largest.get("caveat", "")
        shown = own and not (census and census.get("caveat") == own)
        text += (
            f" {md(group_name(largest['group']))} made up {largest['share'] * 100:.1f}% of the "
            f"population in {largest['year']}{figure_aside({'caveat': own}) if shown else ''} "
            f"{cite.markdown(facts['sources']['largest_group'])}."
        )
    estimate = facts["latest_estimate"]
    lost = facts.get("lost_control_on")
    if estimate and lost:
        text += (
            f" Before {md(facts['controlled_by'])} took control on {format_date(lost)}, the most "
            f"recent estimate, for {estimate['year']}, was {number(estimate['population'])}"
            f"{figure_aside(estimate)} {cite.markdown(facts['sources']['latest_estimate'])}."
        )
    elif estimate:
        text += (
            f" The most recent estimate, for {estimate['year']}, is "
            f"{number(estimate['population'])}{figure_aside(estimate)} "
            f"{cite.markdown(facts['sources']['latest_estimate'])}."
        )
    if lost:
        after = [
            entry
            for entry in facts.get("status_history") or []
            if known_on(entry["status_on"]) > known_on(lost) and entry["status"] != "dissolved"
        ]
        text += "".join(told(entry, cite) for entry in after)
    return text.replace(" .", ".")


def event_line(
    row: pd.Series,
    cite: Citations,
    roster: Roster | None = None,
    introduced: set[str] | None = None,
) -> str:
    """One event as a Markdown list item: date, headline, description, citation.

    With a ``roster`` (people and their roles, see ``voices.people_known``), each person the
    event names is named in full and with the role of the day at first mention in the list
    (``introduced`` holds who already was).
    """
    when = format_date(row["date"])
    if row["end_date"]:
        when += f" – {format_date(row['end_date'])}"
    words = f"{str(row['title']).rstrip('.')}."
    if row["description"]:
        words += f" {row['description']}"
    if roster is not None:
        words = name_people(
            words, roster, introduced if introduced is not None else set(), known_on(row["date"])
        )
    return f"- **{when}**: {md(typeset(words))} {cite.markdown(row['source_ids'])}"


def joining_patron_story(
    events: pd.DataFrame,
    facts: BriefingFacts,
    cite: Citations,
    back: pd.DataFrame | None = None,
    roster: Roster | None = None,
) -> str:
    """The steps towards joining the patron known on the report date, newest last.

    ``events`` holds only steps towards the patron; ``back`` the suspensions, postponements,
    rejections and steps back, told as what they are and never counted as steps. With a
    ``roster`` (``Voices.roster``), the people the steps name are named in full and with role
    at first mention.
    """
    introduced: set[str] = set()
    name, patron = md(facts["name"]), md(facts["patron_state"])
    day = format_date(facts["as_of"])
    if events.empty:
        lines = [
            f"This record holds no step by {name} or {patron} towards "
            f"{md(facts['aim_text'])} up to {day}."
        ]
    else:
        lines = [
            f"Up to {day}, this record holds {count_words(len(events), 'step')} by {name} or "
            f"{patron} towards joining or integrating with {patron}:",
            "",
        ]
        # Oldest first, so the list ends with the latest step: no sentence repeats it after.
        lines += [event_line(row, cite, roster, introduced) for _, row in events.iterrows()]
    if back is not None and not back.empty:
        lines += [
            "",
            "Steps the other way (suspensions, postponements, rejections), not counted above:",
            "",
        ]
        lines += [event_line(row, cite, roster, introduced) for _, row in back.iterrows()]
    return "\n".join(lines)


def date_phrase(value: str) -> str:
    """A date with its preposition: ``on 17 March 2024``, ``in March 2024``, ``in 2024``."""
    precision = parse_partial_date(value).precision
    return f"{'on' if precision == 'day' else 'in'} {format_date(value)}"


def comparison_sentence(facts: BriefingFacts, others: list[BriefingFacts], cite: Citations) -> str:
    """Rank the territory among all of them by UN recognitions and census population."""
    name = md(facts["name"])
    by_recognition = sorted(others, key=lambda f: (-len(f["un_recognizers"]), f["name"]))
    rank = [f["territory"] for f in by_recognition].index(facts["territory"]) + 1
    tied = [
        f
        for f in others
        if len(f["un_recognizers"]) == len(facts["un_recognizers"])
        and f["territory"] != facts["territory"]
    ]
    count = len(facts["un_recognizers"])
    text = (
        f"Of the {count_words(len(others), 'breakaway region')} covered here, {name} has "
        f"{count_words(count, 'UN member state')} recognising it on "
        f"{format_date(facts['as_of'])}"
    )
    if tied and count == 0:
        text += f", like {join_words([md(f['name']) for f in tied])}"
    elif tied:
        text += f", as many as {join_words([md(f['name']) for f in tied])}"
    elif rank == 1:
        text += ", more than any other"
    text += "."
    # A territory its de facto authorities no longer hold is not ranked by a census of before.
    counted = [f for f in others if f["latest_census"] and not f.get("lost_control_on")]
    lost = facts.get("lost_control_on")
    if lost:
        text += (
            f" {name} has been under {md(facts['controlled_by'])} control since "
            f"{format_date(lost)}, so it is not ranked by its population "
            f"{cite.markdown(facts['sources']['status'])}."
        )
    elif facts["latest_census"] and len(counted) > 1:
        counted.sort(key=lambda f: -census_population(f))
        place = [f["territory"] for f in counted].index(facts["territory"]) + 1
        ordinal = {
            1: "largest",
            2: "second largest",
            3: "third largest",
            len(counted): "smallest",
        }.get(place, f"number {place} by size")
        text += (
            f" By its latest census it is the {ordinal} by population of the "
            f"{count_words(len(counted), 'territory', 'territories')} with a census "
            f"{cite.markdown([s for f in counted for s in f['sources']['latest_census']])}."
        )
    return text


def factcheck_sentence(checked: pd.DataFrame, facts: BriefingFacts) -> str:
    """How many press claims were checked and how they fared, with the verdicts counted."""
    name = md(facts["name"])
    if checked.empty:
        day = format_date(facts["as_of"])
        return f"This record holds no press claim about {name} published by {day}."
    counts = checked["verdict"].value_counts()
    parts = [f"{spell(int(count))} {md(verdict)}" for verdict, count in counts.items()]
    total = len(checked)
    # A sentence never opens with a figure: "In all, 14 claims", but "Ten claims".
    opening = ("In all, " if total > 10 else "") + count_words(total, "claim")
    return (
        f"{sentence_case(opening)} about {name} from press coverage "
        f"up to {format_date(facts['as_of'])} {'was' if total == 1 else 'were'} checked against "
        f"the best figure known on the day {'it was' if total == 1 else 'each was'} made, "
        f"from a source independent of the claim: {join_words(parts)}. Each row below names "
        "the figure used and why."
    )


def dependence_sentence(indicators: pd.DataFrame, facts: BriefingFacts, cite: Citations) -> str:
    """What the sourced indicators say about outside support for the territory, as sentences.

    ``indicators``: rows known on the report date (see ``indicators.indicators_as_of``); the
    latest year of each indicator is stated, with its caveat and citation, in words a reader
    uses ("Russia kept one military base there in 2009", never "1 count").
    """
    name = md(facts["name"])
    if indicators.empty:
        return (
            f"This record holds no sourced figure on outside support for {name} up to "
            f"{format_date(facts['as_of'])}."
        )
    latest = indicators.sort_values("year").groupby("indicator", sort=True).tail(1)
    sentences = [
        f"{sentence_case(indicator_phrase(row.indicator, row.value, row.unit, facts['name']))} "
        f"in {row.year}{figure_aside({'caveat': getattr(row, 'caveat', '')})} "
        f"{cite.markdown(row.source_ids)}."
        for row in latest.sort_values("indicator").itertuples()
    ]
    return " ".join(sentences)


def indicator_phrase(indicator: str, value: float, unit: str, name: str) -> str:
    """``Russia funded 82% of Region X's budget``: one indicator's latest figure in words.

    Escaped here (the name and any unknown indicator come from data); the year follows.
    """
    from breakaway.knowledge.indicators import indicator_label, indicator_value

    count = int(round(value))
    shown = md(indicator_value(value, unit))
    phrases = {
        "budget_share_from_russia": f"Russia funded {shown} of {md(name)}'s budget",
        "russian_budget_transfer": f"Russia's budget transfer to {md(name)} was {shown}",
        "russian_aid_pledged": f"Russia pledged {shown} in aid to {md(name)}",
        "russian_troops": f"Russia's troops in {md(name)} numbered {shown}"
        if count
        else f"Russia had no troops in {md(name)}",
        "russian_military_bases": f"Russia kept {count_words(count, 'military base')} in "
        f"{md(name)}",
        "russian_citizenship_share": f"Russian citizenship was held by {shown} of {md(name)}'s "
        "residents",
        "russian_citizens": f"Russian citizenship was held by {shown} of {md(name)}'s residents",
        "gas_debt_to_gazprom": f"{md(name)}'s gas debt to Gazprom was {shown}",
    }
    if indicator in phrases:
        return phrases[indicator]
    return f"{md(indicator_label(indicator))} was {shown}"


def since_last_edition(found: list[Change], previous: date, cite: Citations) -> str:
    """The "Since the last edition" box: the five changes that matter most, the rest counted.

    The same selection as the edition's feed entry (``headline_changes``, ``rest_line``): the
    news before the bookkeeping, newest first, each with its date and citation.
    """
    head = f"**Since the last edition ({format_date(previous)})**"
    if not found:
        return f"{head}: nothing new in the data; this edition reflects changes to the report."
    items, rest = headline_changes(found)
    first = ", the news first" if len(found) > 1 else ""
    lines = [f"{head}, {count_words(len(found), 'change')} in the data{first}:", ""]
    lines += [
        f"- {sentence_case(date_phrase(change.date))}: {md(change.text)} "
        f"{cite.markdown(change.source_ids)}"
        for change in items
    ]
    more = rest_line(items, rest)
    return "\n".join(lines + (["", f"{md(more)}."] if more else []))
