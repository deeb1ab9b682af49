"""Checks of press claims about populations, dates and the patron's answers.

``population`` (against the most recent figure, with a tolerance that fits the claim's rounding),
``recognized_on`` (when a state recognised the territory), ``event_on`` (when an event happened or
was set for) and ``rebuffed`` (the patron turned down earlier calls to join it). Each compares the
claim with the data known on the claim's own date, like the recognition checks in
:mod:`breakaway.knowledge.factcheck`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pandas as pd

from breakaway.data.schema import split_ids
from breakaway.data.sourcing import has_source_by, known_rows
from breakaway.dates import format_date, parse_partial_date
from breakaway.knowledge.population import latest_of, population_totals
from breakaway.knowledge.recognition import recognitions_as_of
from breakaway.text import number, percent

ACCURATE_WITHIN = 0.02  # relative difference from the figure compared
IMPRECISE_WITHIN = 0.10  # right in substance, wrong in the rounding
# A date off by up to this many days is right in substance, wrong in a detail.
IMPRECISE_DAYS = 7


@dataclass(frozen=True)
class DateCheck:
    """What the data said, the verdict, one sentence why, and the sources used."""

    data_value: str
    verdict: str
    explanation: str
    source_ids: list[str]


def compare_dates(claimed: str, actual: str) -> str:
    """``accurate`` when the claimed (possibly partial) date contains the actual one.

    Off by a few days (``IMPRECISE_DAYS``) is ``imprecise``: right in substance, wrong in a
    detail; further off is ``inaccurate``.
    """
    claimed_period, actual_period = parse_partial_date(claimed), parse_partial_date(actual)
    if claimed_period.start <= actual_period.start <= claimed_period.end:
        return "accurate"
    gap = min(
        abs((actual_period.start - claimed_period.end).days),
        abs((claimed_period.start - actual_period.start).days),
    )
    return "imprecise" if gap <= IMPRECISE_DAYS else "inaccurate"


def check_recognized_on(
    recognitions: pd.DataFrame, territory_id: str, name: str, checked_on: date, claim: dict
) -> DateCheck:
    """When the state named by ``subject`` (ISO3) recognised the territory."""
    rows = recognitions_as_of(recognitions, territory_id, checked_on)
    rows = rows[rows["recognizer_iso3"] == claim["subject"]]
    if rows.empty:
        return DateCheck(
            "no recognition",
            "unverifiable",
            f"This record holds no recognition of {name} by {claim['subject']} published by the "
            "claim's date, so there is nothing of its time to check the date against.",
            [],
        )
    row = rows.iloc[0]
    verdict = compare_dates(claim["claimed_value"], row["recognized_on"])
    return DateCheck(
        format_date(row["recognized_on"]),
        verdict,
        f"{row['recognizer']} recognised {name} on {format_date(row['recognized_on'])}, the "
        f"date of its recognition in this record; the claim gives "
        f"{format_date(claim['claimed_value'])}.",
        split_ids(row["source_ids"]),
    )


def check_event_on(
    events: pd.DataFrame, as_of: date, claim: dict, sources: pd.DataFrame
) -> DateCheck:
    """When the event named by ``subject`` happened, or the day it was set for."""
    rows = events[events["event_id"] == claim["subject"]]
    rows = rows[has_source_by(rows, sources, as_of)]  # a day set in advance is known before it
    if rows.empty:
        return DateCheck(
            "no such event",
            "unverifiable",
            "This record holds no source for the event of its time, so its date cannot be checked.",
            [],
        )
    row = rows.iloc[0]
    verdict = compare_dates(claim["claimed_value"], row["date"])
    return DateCheck(
        format_date(row["date"]),
        verdict,
        f"The sources of this record date it to {format_date(row['date'])} ({row['title']}); "
        f"the claim gives {format_date(claim['claimed_value'])}.",
        split_ids(row["source_ids"]),
    )


def check_rebuffed(
    statements: pd.DataFrame | None, territory_id: str, patron: str, checked_on: date
) -> DateCheck:
    """Whether the patron had answered calls to join it with a no or a non-committal reply."""
    if statements is None:
        return DateCheck(
            "no statements",
            "unverifiable",
            "This record holds no statements to check the claim against.",
            [],
        )
    rows = statements[
        (statements["territory_id"] == territory_id)
        & (statements["side"] == "patron")
        & (statements["topic"] == "joining_patron")
        & statements["stance"].isin(["opposes", "noncommittal"])
    ]
    rows = known_rows(rows, "statements", checked_on)
    if rows.empty:
        return DateCheck(
            "none recorded",
            "unverifiable",
            f"This record holds no reply from {patron} to a call to join it, published by the "
            "claim's date, so the claim cannot be checked.",
            [],
        )
    latest = rows.iloc[-1]
    replies = len(rows)
    refusals = int((rows["stance"] == "opposes").sum())
    times = f"{replies} {'time' if replies == 1 else 'times'}"
    if refusals:
        verdict = "accurate"
        explanation = (
            f"{patron} had turned down such calls by then: {refusals} of its {times} answering "
            f"them in this record were refusals, most recently {latest['speaker']} on "
            f"{format_date(latest['date'])}."
        )
    else:
        # A reply that plays a call down is not one that shuts it down.
        verdict = "overstated"
        explanation = (
            f"{patron} had answered such calls {times} in this record by then, each time "
            f"non-committally and never with a refusal, most recently {latest['speaker']} on "
            f"{format_date(latest['date'])}; 'shut down' or 'turned down' says more than that."
        )
    return DateCheck(
        f"{replies} {'reply' if replies == 1 else 'replies'}",
        verdict,
        explanation,
        split_ids(";".join(rows["source_ids"])),
    )


def check_population(
    population: pd.DataFrame,
    territory_id: str,
    territory: str,
    checked_on: date,
    when: str,
    claimed: int,
    independent: Callable[[str], str] | None = None,
) -> DateCheck:
    """The claimed population against the most recent figure known on the claim's date.

    ``independent`` maps a row's ``source_ids`` to those independent of the claim (not the
    claim's own article) and published by its date; a figure with none is not used.
    """
    # The best figure available on the claim's own date: the most recent one, so a contemporary
    # estimate wins over an older census (which may also count a different area).
    # Only the territory's rows are read: its totals filtered once for both kinds of figure.
    population = population[population["territory_id"] == territory_id]
    if independent is not None:
        population = population.assign(source_ids=population["source_ids"].map(independent))
        population = population[population["source_ids"] != ""]
    totals = population_totals(population, territory_id, checked_on)
    census, estimate = latest_of(totals, "census"), latest_of(totals, "estimate")
    figures = [row for row in (census, estimate) if row is not None]
    if not figures:
        return DateCheck(
            "no figure",
            "unverifiable",
            f"This record holds no count or estimate of {territory}'s population known {when} "
            "from a source other than the claim's own, so there is no figure of its time to "
            "check it against.",
            [],
        )
    best = max(figures, key=lambda row: (int(row["year"]), row["kind"] == "census"))
    actual = int(best["population"])
    difference = (claimed - actual) / actual
    tolerance = rounding_tolerance(claimed)
    if abs(claimed - actual) <= tolerance or abs(difference) <= ACCURATE_WITHIN:
        verdict = "accurate"
    elif abs(difference) <= IMPRECISE_WITHIN:
        verdict = "imprecise"
    else:
        verdict = "inaccurate"
    coverage = best.get("coverage", "") if hasattr(best, "get") else ""
    figure = f"the {int(best['year'])} {best['kind']} ({number(actual)}"
    figure += f", for {coverage})" if coverage else ")"
    rounding = (
        f"; a figure given to the nearest {number(2 * tolerance)} allows ±{number(tolerance)}"
        if tolerance
        else ""
    )
    kind = "de facto " if "de facto" in str(best.get("caveat", "")).lower() else ""
    explanation = (
        f"The claimed {number(claimed)} is {compare(difference, figure)}, used because it is "
        f"the most recent {kind}figure for {territory} known {when}, from a source other than "
        f"the claim's own{rounding}."
    )
    return DateCheck(
        f"{number(actual)} ({int(best['year'])} {best['kind']})",
        verdict,
        explanation,
        split_ids(best["source_ids"]),
    )


def rounding_tolerance(claimed: int) -> int:
    """Half the unit a round number was rounded to: 55,000 -> 2,500; 70,000 -> 5,000; 53,532 -> 0.

    The unit is the largest 10^k or 5·10^k that divides the number, at most a tenth of it, so
    "about 50,000" allows 45,000 to 55,000 rather than anything up to 75,000.
    """
    unit = 0
    step = 10
    while step <= claimed // 10:
        for candidate in (step, 5 * step):
            if candidate <= claimed // 10 and claimed % candidate == 0:
                unit = candidate
        step *= 10
    return unit // 2


def compare(difference: float, figure: str) -> str:
    """``2.7% above the 2015 census (53,532)``, or ``equal to ...``."""
    if difference == 0:
        return f"equal to {figure}"
    return f"{percent(abs(difference))} {'above' if difference > 0 else 'below'} {figure}"
