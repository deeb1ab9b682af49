"""Narrative sentences: each a function of the facts (and rows) as of a day, returning Markdown.

Nothing the data can say is typed by hand here: numbers, names and dates come from ``facts`` or
from data rows, pass through ``text.md`` (escaping), and carry citation markers.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from breakaway.dates import format_date
from breakaway.report.citations import Citations
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


def status_sentence(facts: dict, cite: Citations) -> str:
    """Where the territory sits, its capital and area, and its status on the report date."""
    name = md(facts["name"])
    verb = "was" if facts["status"] == "dissolved" else "is"
    text = (
        f"{name} {verb} a breakaway region of {md(facts['parent_state'])}, with its capital at "
        f"{md(facts['capital'])} and an area of about {number(facts['area_km2'])} km² "
        f"{cite.markdown(facts['sources']['territory'])}."
    )
    if facts["status"] == "dissolved":
        text += f" It ceased to exist as a de facto state on {format_date(facts['dissolved_on'])}."
    elif facts["declared_independence_on"]:
        text += (
            f" It declared independence on {format_date(facts['declared_independence_on'])}"
            " and governs itself without broad international recognition."
        )
    else:
        text += " It had not yet declared independence on this date."
    return text


def recognition_sentence(facts: dict, cite: Citations) -> str:
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


def population_sentence(facts: dict, cite: Citations) -> str:
    """The latest census, the change from the one before, the largest group, the latest estimate."""
    census = facts["latest_census"]
    if census is None:
        return "No census of this territory had been published by this date."
    text = (
        f"The {census['year']} census counted {number(census['population'])} people "
        f"{cite.markdown(facts['sources']['latest_census'])}."
    )
    change = facts["census_change"]
    if change:
        previous = facts["previous_census"]
        direction = "fewer" if change["change"] < 0 else "more"
        if change["change"] == 0:
            text += f" That is the same as in {previous['year']}."
        else:
            text += (
                f" That is {number(abs(change['change']))} {direction} than in the "
                f"{previous['year']} census ({number(previous['population'])}), a "
                f"{'fall' if change['change'] < 0 else 'rise'} of "
                f"{abs(change['percent']):.1f}% "
                f"{cite.markdown(facts['sources']['previous_census'])}."
            )
    largest = facts["largest_group"]
    if largest:
        text += (
            f" {md(group_name(largest['group']))} made up {largest['share'] * 100:.1f}% of the "
            f"population in {largest['year']} "
            f"{cite.markdown(facts['sources']['largest_group'])}."
        )
    estimate = facts["latest_estimate"]
    if estimate:
        text += (
            f" The most recent estimate, for {estimate['year']}, is "
            f"{number(estimate['population'])} "
            f"{cite.markdown(facts['sources']['latest_estimate'])}."
        )
    return text


def event_line(row: pd.Series, cite: Citations) -> str:
    """One event as a Markdown list item: date, headline, description, citation."""
    when = format_date(row["date"])
    if row["end_date"]:
        when += f" – {format_date(row['end_date'])}"
    description = f" {md(row['description'])}" if row["description"] else ""
    return f"- **{when}**: {md(row['title'])}.{description} {cite.markdown(row['source_ids'])}"


def joining_patron_story(events: pd.DataFrame, facts: dict, cite: Citations) -> str:
    """The steps towards joining the patron known on the report date, newest last."""
    name, patron = md(facts["name"]), md(facts["patron_state"])
    if events.empty:
        return (
            f"Up to {format_date(facts['as_of'])}, the data records no step by {name} or "
            f"{patron} towards {md(facts['aim_text'])}."
        )
    lines = [
        f"Up to {format_date(facts['as_of'])}, the data records "
        f"{count_words(len(events), 'step')} by {name} or {patron} towards joining or "
        f"integrating with {patron}:",
        "",
    ]
    lines += [event_line(row, cite) for _, row in events.iterrows()]
    latest = events.iloc[-1]
    lines += [
        "",
        f"The most recent of these came {date_phrase(latest['date'])}: {md(latest['title'])}.",
    ]
    return "\n".join(lines)


def date_phrase(value: str) -> str:
    """A date with its preposition: ``on 17 March 2024``, ``in March 2024``, ``in 2024``."""
    from breakaway.dates import parse_partial_date

    precision = parse_partial_date(value).precision
    return f"{'on' if precision == 'day' else 'in'} {format_date(value)}"


def comparison_sentence(facts: dict, others: list[dict], cite: Citations) -> str:
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
    counted = [f for f in others if f["latest_census"]]
    if facts["latest_census"] and len(counted) > 1:
        counted.sort(key=lambda f: -f["latest_census"]["population"])
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


def factcheck_sentence(checked: pd.DataFrame, facts: dict) -> str:
    """How many press claims were checked and how they fared, with the verdicts counted."""
    name = md(facts["name"])
    if checked.empty:
        day = format_date(facts["as_of"])
        return f"No press claim about {name} published by {day} is recorded."
    counts = checked["verdict"].value_counts()
    parts = [f"{spell(int(count))} {md(verdict)}" for verdict, count in counts.items()]
    total = len(checked)
    return (
        f"{count_words(total, 'claim').capitalize()} about {name} from press coverage "
        f"up to {format_date(facts['as_of'])} {'was' if total == 1 else 'were'} checked against "
        f"what the data held on the day {'it was' if total == 1 else 'each was'} made: "
        f"{join_words(parts)}. Each row below names the figures compared."
    )


def dependence_sentence(indicators: pd.DataFrame, facts: dict, cite: Citations) -> str:
    """What the sourced indicators say about outside support for the territory.

    ``indicators``: rows known on the report date (see ``indicators.indicators_as_of``); the
    latest year of each indicator is stated, with its citation.
    """
    from breakaway.knowledge.indicators import indicator_label, indicator_value

    name = md(facts["name"])
    if indicators.empty:
        return (
            f"The data holds no sourced figure on outside support for {name} up to "
            f"{format_date(facts['as_of'])}."
        )
    latest = indicators.sort_values("year").groupby("indicator", sort=True).tail(1)
    parts = [
        f"{md(indicator_label(row.indicator))}: {md(indicator_value(row.value, row.unit))} "
        f"in {row.year} {cite.markdown(row.source_ids)}"
        for row in latest.sort_values("indicator").itertuples()
    ]
    return (
        "Support and presence from abroad, in the latest sourced figure of each kind: "
        + "; ".join(parts)
        + "."
    )


def since_last_edition(found: list, previous: date, cite: Citations) -> str:
    """The "Since the last edition" box: each change with its date and citation."""
    head = f"**Since the last edition ({format_date(previous)})**"
    if not found:
        return f"{head}: nothing new in the data; this edition reflects changes to the report."
    lines = [f"{head}, {count_words(len(found), 'change')} in the data:", ""]
    lines += [
        f"- {sentence_case(date_phrase(change.date))}: {md(change.text)} "
        f"{cite.markdown(change.source_ids)}"
        for change in found
    ]
    return "\n".join(lines)
