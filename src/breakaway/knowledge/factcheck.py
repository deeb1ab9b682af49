"""Check press claims against what the data said on the day each claim was made.

A claim is judged by the knowledge of its own day, not of today: the fact-check "time travels" to
the claim's ``claimed_on`` and asks the recognition and population tables what they knew then (the
same ``known_from`` rule as every briefing). A partial ``claimed_on`` (``2009-12``) is checked
against the data known at the end of its period, like any partial date in this project. A report as
of ``as_of`` lists only the claims published by then.

Verdicts use an editor's five grades: ``accurate``; ``imprecise`` (right in substance, wrong in
a detail: a day, a rounding, a state left out of a list); ``overstated`` (says more than the
record shows: a count beyond the states that recognised, a refusal where the patron only played a
call down); ``inaccurate``; ``unverifiable`` (this record holds nothing of the claim's time to
check it against, said in words). One claim is one sentence, judged once. Rules:

* ``population``: the claimed number against the most recent census or estimate published by the
  claim's date from a source other than the claim's own article (a figure citing the claim's
  article alone is not used). "accurate" within the claim's rounding or 2%, "imprecise" within
  10%, otherwise "inaccurate". The explanation names the figure and why it was used.
* ``un_recognizers_count``: "accurate" if the number equals the UN members recognising the
  territory that day, otherwise "inaccurate" (the explanation says when it is the ever count).
* ``un_recognizers``: the claimed ISO3 codes against the UN members recognising that day:
  "accurate" if equal, "imprecise" if a strict subset, "inaccurate" if it names a state that did
  not recognise; with ``+N`` unnamed states, a count beyond the recognisers is "overstated".
* ``recognized_on`` and ``event_on``: "imprecise" when a few days off (``IMPRECISE_DAYS``).
* ``rebuffed``: "accurate" when the patron refused, "overstated" when it only played calls down.

``claimed_value`` formats (``claims.csv``):

* ``population`` and ``un_recognizers_count``: a whole number; ``55000`` (thousands separators
  ``,`` or a space are tolerated: ``55,000``).
* ``un_recognizers``: ISO 3166-1 alpha-3 codes separated by ``;`` (``NIC;RUS;SYR;VEN``), in any
  order and case. Two additions cover what press text does:

  - ``+N`` (once, anywhere in the list) stands for N states the claim counts without naming them
    ("... and three small Pacific island states" is ``+3``). Unnamed states cannot be matched, so
    such a claim is judged on its count: any *named* state that did not recognise makes it
    "inaccurate"; otherwise the named states plus N are compared with the number recognising:
    equal is "accurate", fewer "incomplete", more "inaccurate".
  - ``none`` (alone) is the claim that no UN member recognised the territory.

  Anything else (an unknown code, a name, a code listed twice) raises ``DataError`` naming the
  claims.csv line, so a typo can never turn into a verdict.

Each result row cites the claim's own sources followed by the sources of the data rows used.
Explanations and values are plain text built from data: escape them (``text.md``, ``text.html``)
before they become Markdown or HTML. This module does no I/O and never changes the data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import pandas as pd
import pycountry

from breakaway.data.claims import (
    RecognizerClaim,
    parse_claimed_number,
    parse_recognizer_claim,
)
from breakaway.data.load import Dataset
from breakaway.data.schema import split_ids
from breakaway.data.sourcing import known_rows, sources_known_from
from breakaway.dates import format_date, known_on, parse_partial_date
from breakaway.errors import ParameterError
from breakaway.knowledge.claim_dates import (
    DateCheck,
    check_event_on,
    check_population,
    check_rebuffed,
    check_recognized_on,
)
from breakaway.knowledge.recognition import (
    recognitions_as_of,
    un_members,
)
from breakaway.text import join_words

# The scale an editor uses: right; right in substance but wrong in a detail (a day, a rounding, a
# state left out); saying more than the record shows; wrong; nothing of its time to check against.
VERDICTS = ("accurate", "imprecise", "overstated", "inaccurate", "unverifiable")
COLUMNS = [
    "claim_id",
    "territory_id",
    "claimed_on",
    "publisher",
    "claim",
    "quote",
    "metric",
    "claimed_value",
    "data_value",
    "verdict",
    "explanation",
    "source_ids",
]


@dataclass(frozen=True)
class _Result:
    data_value: str
    verdict: str
    explanation: str
    source_ids: list[str]


def check_claims(dataset: Dataset, territory_id: str | None, as_of: date) -> pd.DataFrame:
    """Every claim published by ``as_of``, each checked against the data of its own date.

    Args:
        dataset: The loaded data (``claims``, ``recognitions``, ``population``, ``territories``).
        territory_id: Only claims about this territory; ``None`` for all territories.
        as_of: The report date: claims whose ``claimed_on`` is known later are left out.

    Returns:
        One row per claim, oldest first, with the columns of ``COLUMNS``: the claim's own fields,
        ``data_value`` (what the data said, as text), ``verdict`` (one of ``VERDICTS``),
        ``explanation`` (one sentence naming the numbers) and ``source_ids`` (the claim's sources,
        then the data's, ``;``-joined without repeats).

    Raises:
        ParameterError: if ``territory_id`` is not a territory of the dataset.
    """
    if territory_id is not None and territory_id not in dataset.territory_ids:
        raise ParameterError(
            f"territory {territory_id!r} is not in the data; expected one of "
            f"{', '.join(dataset.territory_ids)}"
        )
    claims = dataset.claims
    if claims is None or claims.empty:
        return pd.DataFrame(columns=COLUMNS)
    claims = known_rows(claims, "claims", as_of)
    if territory_id is not None:
        claims = claims[claims["territory_id"] == territory_id]
    claims = claims.assign(_checked_on=claims["claimed_on"].map(known_on))
    claims = claims.sort_values(["_checked_on", "claim_id"])

    days = sources_known_from(dataset.sources)
    rows = []
    for claim in claims.to_dict("records"):
        result = _check_claim(dataset, claim, as_of)  # values were parsed once on load
        rows.append(
            {
                **{column: claim.get(column, "") for column in COLUMNS[:8]},
                "data_value": result.data_value,
                "verdict": result.verdict,
                "explanation": result.explanation,
                # The data's sources as known on the claim's date: none published later.
                "source_ids": ";".join(
                    split_ids(
                        [
                            *split_ids(claim["source_ids"]),
                            *(s for s in result.source_ids if days[s] <= claim["_checked_on"]),
                        ]
                    )
                ),
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS).reset_index(drop=True)


def claim_verdict_counts(frame: pd.DataFrame) -> dict[str, int]:
    """How many claims got each verdict, every verdict of ``VERDICTS`` in order (zeros included).

    Raises:
        ValueError: if the frame holds a verdict that is not one of ``VERDICTS``.
    """
    counts = frame["verdict"].value_counts()
    unknown = sorted(set(counts.index) - set(VERDICTS))
    if unknown:
        raise ValueError(f"unknown verdicts {unknown}; expected some of {list(VERDICTS)}")
    return {verdict: int(counts.get(verdict, 0)) for verdict in VERDICTS}


def _check_claim(dataset: Dataset, claim: dict, as_of: date) -> _Result:
    territory = _territory_name(dataset, claim["territory_id"])
    checked_on = claim["_checked_on"]
    when = _when(claim["claimed_on"])
    if claim["metric"] == "population":
        days = sources_known_from(dataset.sources)
        own = set(split_ids(claim["source_ids"]))

        def independent(source_ids: str) -> str:
            # A figure is independent of the claim when a source other than the claim's own
            # article, published by the claim's date, supports it.
            return ";".join(
                s for s in split_ids(source_ids) if s not in own and days[s] <= checked_on
            )

        return _result(
            check_population(
                dataset.population,
                claim["territory_id"],
                territory,
                checked_on,
                when,
                parse_claimed_number(claim["claimed_value"]),
                independent,
            )
        )
    if claim["metric"] == "un_recognizers_count":
        return _check_count(
            dataset.recognitions,
            claim["territory_id"],
            territory,
            checked_on,
            when,
            parse_claimed_number(claim["claimed_value"]),
        )
    if claim["metric"] == "un_recognizers":
        return _check_recognizers(
            dataset.recognitions,
            claim["territory_id"],
            territory,
            checked_on,
            as_of,
            when,
            parse_recognizer_claim(claim["claimed_value"]),
        )
    if claim["metric"] == "recognized_on":
        return _result(
            check_recognized_on(
                dataset.recognitions, claim["territory_id"], territory, checked_on, claim
            )
        )
    if claim["metric"] == "event_on":
        return _result(check_event_on(dataset.events, as_of, claim, dataset.sources))
    if claim["metric"] == "rebuffed":
        patron = dataset.territory(claim["territory_id"])["patron_state"]
        return _result(
            check_rebuffed(dataset.statements, claim["territory_id"], patron, checked_on)
        )
    return _Result(
        claim["claimed_value"],
        "unverifiable",
        f"This record holds nothing to check a {claim['metric'].replace('_', ' ')} claim against.",
        [],
    )


def _result(check: DateCheck) -> _Result:
    return _Result(check.data_value, check.verdict, check.explanation, check.source_ids)


def _check_count(
    recognitions: pd.DataFrame,
    territory_id: str,
    territory: str,
    checked_on: date,
    when: str,
    claimed: int,
) -> _Result:
    state = _RecognitionState.of(recognitions, territory_id, checked_on)
    actual = len(state.active)
    if claimed == actual:
        return _Result(
            state.label(),
            "accurate",
            f"{_members(actual)} recognised {territory} {when}, as claimed.",
            state.source_ids,
        )
    explanation = f"{_members(actual)} recognised {territory} {when}, not {claimed}"
    if claimed == len(state.ever) and state.withdrawn:
        explanation += (
            f"; {claimed} is the number that had ever done so, counting "
            f"{state.names(state.withdrawn)}, which withdrew"
        )
    return _Result(state.label(), "inaccurate", explanation + ".", state.source_ids)


def _check_recognizers(
    recognitions: pd.DataFrame,
    territory_id: str,
    territory: str,
    checked_on: date,
    as_of: date,
    when: str,
    claim: RecognizerClaim,
) -> _Result:
    state = _RecognitionState.of(recognitions, territory_id, checked_on)
    actual = set(state.active)
    wrong = sorted(claim.named - actual, key=state.name)
    left_out = sorted(actual - claim.named, key=state.name)
    n, recognised = len(actual), f"recognised {territory} {when}"
    counted = (
        f"{claim.count} states ({len(claim.named)} named and {claim.unnamed} unnamed)"
        if claim.unnamed
        else ""
    )

    if wrong:
        described = [
            _describe_wrong(state, recognitions, territory_id, territory, code, checked_on, as_of)
            for code in wrong
        ]
        explanation = (
            f"{_members(n)} {recognised}{_listing(state, actual)}; the claim wrongly "
            f"includes {join_words(described)}"
        )
        if claim.unnamed:
            explanation += f", and its {claim.unnamed} unnamed states cannot be checked by name"
        elif claim.named == set(state.ever):
            explanation += (
                f", so it lists the {len(state.ever)} that had ever recognised {territory}"
            )
        elif left_out and len(left_out) < n:
            explanation += f", and leaves out {state.names(left_out)}"
        return _Result(state.label(), "inaccurate", explanation + ".", state.source_ids)

    if not claim.named and not claim.unnamed:
        if not actual:
            return _Result(
                state.label(),
                "accurate",
                f"No UN member {recognised}, as claimed.",
                state.source_ids,
            )
        return _Result(
            state.label(),
            "inaccurate",
            f"The claim says no UN member {recognised}, but {n} did: {state.names(actual)}.",
            state.source_ids,
        )

    if not claim.unnamed:
        if not left_out:
            return _Result(
                state.label(),
                "accurate",
                f"The claim names exactly the {_members(n)} that {recognised}.",
                state.source_ids,
            )
        return _Result(
            state.label(),
            "imprecise",
            f"The claim names {len(claim.named)} of the {_members(n)} that "
            f"{recognised}, leaving out {state.names(left_out)}.",
            state.source_ids,
        )

    # Unnamed states cannot be matched: the named ones are right, so judge the count.
    if claim.count == n:
        verdict = "accurate"
        explanation = (
            f"The claim counts {counted} and {_members(n)} {recognised}; the named "
            f"ones all did, and the unnamed can only be {state.names(left_out)}"
        )
    elif claim.count < n:
        verdict = "imprecise"
        explanation = (
            f"The claim counts {counted}, fewer than the {_members(n)} that "
            f"{recognised}{_listing(state, actual)}"
        )
    else:
        # Every named state is right, but the count says more than the record shows.
        verdict = "overstated"
        fit = n - len(claim.named)
        explanation = (
            f"The claim counts {counted}, but only {_members(n)} {recognised}"
            f"{_listing(state, actual)}, so at most {fit} unnamed "
            f"{'state fits' if fit == 1 else 'states fit'}"
        )
        if left_out:
            explanation += f" ({state.names(left_out)})"
    return _Result(state.label(), verdict, explanation + ".", state.source_ids)


@dataclass(frozen=True)
class _RecognitionState:
    """UN-member recognitions of one territory as known on one day, with names for the codes."""

    active: list[str]
    ever: list[str]
    withdrawn: list[str]
    source_ids: list[str]
    recognizer_names: dict[str, str]

    @classmethod
    def of(cls, recognitions: pd.DataFrame, territory_id: str, on: date) -> _RecognitionState:
        # One filter of the table: the lists un_recognizers_as_of and un_recognizers_ever give.
        rows = un_members(recognitions_as_of(recognitions, territory_id, on))
        active = sorted(rows.loc[rows["is_active"], "recognizer_iso3"])
        ever = sorted(rows["recognizer_iso3"])
        # Names come from any territory's rows: Vanuatu is named by its Abkhazia row even in a
        # check about South Ossetia, which it never recognised.
        members = un_members(recognitions)
        names = dict(zip(members["recognizer_iso3"], members["recognizer"], strict=True))
        return cls(
            active=active,
            ever=ever,
            withdrawn=sorted(set(ever) - set(active)),
            source_ids=split_ids(";".join(rows["source_ids"])),
            recognizer_names=names,
        )

    def name(self, code: str) -> str:
        """The recognizer's name in the data, else pycountry's, else the code itself."""
        if code in self.recognizer_names:
            return self.recognizer_names[code]
        country = pycountry.countries.get(alpha_3=code)
        if country is None:
            return code
        return getattr(country, "common_name", None) or country.name

    def names(self, codes: Iterable[str]) -> str:
        """``Nauru, Nicaragua and Russia``: names in alphabetical order."""
        return join_words(sorted(self.name(code) for code in codes))

    def label(self) -> str:
        """``5: Nauru, Nicaragua, Russia, Syria, Venezuela``, or ``0: none``."""
        names = sorted(self.name(code) for code in self.active)
        return f"{len(names)}: {', '.join(names) if names else 'none'}"


def _describe_wrong(
    state: _RecognitionState,
    recognitions: pd.DataFrame,
    territory_id: str,
    territory: str,
    code: str,
    checked_on: date,
    as_of: date,
) -> str:
    """Why a state should not be on the list: withdrew, recognised later, or never did."""
    name = state.name(code)
    # What the report may know (up to as_of) tells a later recognition from none at all.
    known = un_members(recognitions_as_of(recognitions, territory_id, as_of))
    rows = known[known["recognizer_iso3"] == code]
    if rows.empty:
        return f"{name}, whose recognition of {territory} this record does not hold"
    row = rows.iloc[0]
    if row["withdrawn_on"] and known_on(row["withdrawn_on"]) <= checked_on:
        return f"{name}, which had withdrawn its recognition on {format_date(row['withdrawn_on'])}"
    return f"{name}, which recognised it only on {format_date(row['recognized_on'])}"


def _listing(state: _RecognitionState, codes: Iterable[str]) -> str:
    codes = list(codes)
    return f" ({state.names(codes)})" if codes else ""


def _members(count: int) -> str:
    return "1 UN member" if count == 1 else f"{count} UN members"


def _when(claimed_on: str) -> str:
    """``on 13 May 2022`` for a day; ``by the end of December 2009`` for a month or a year."""
    if parse_partial_date(claimed_on).precision == "day":
        return f"on {format_date(claimed_on)}"
    return f"by the end of {format_date(claimed_on)}"


def _territory_name(dataset: Dataset, territory_id: str) -> str:
    names = dict(zip(dataset.territories["territory_id"], dataset.territories["name"], strict=True))
    return names.get(territory_id, territory_id)
