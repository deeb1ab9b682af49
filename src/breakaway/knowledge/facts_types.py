"""The shape of a briefing's facts and of the comparison's: what ``facts.json`` holds.

Typing only: ``build_facts`` and ``describe_status`` return these, and every reader of a facts key
is checked by mypy, so a misspelled or missing key fails ``make lint`` instead of a render. The
values and their order are those of ``facts.json``; nothing here changes them.
"""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict, cast


class Count(TypedDict):
    """A census or an estimate: its year and total, with its caveat and area when stated."""

    year: int
    population: int
    caveat: NotRequired[str]
    coverage: NotRequired[str]


class LargestGroup(TypedDict):
    """The largest group at the latest census, with its share (0 to 1)."""

    year: int
    group: str
    population: int
    share: float
    caveat: NotRequired[str]


class CensusChange(TypedDict):
    """The change between the two latest censuses of the same area."""

    from_year: int
    to_year: int
    change: int
    percent: float
    # One of the counts is rounded (its caveat says so): the change is rounded as coarsely and the
    # percentage to a whole number, so the text does not claim more precision than the data has.
    approximate: bool


class StatusRecord(TypedDict):
    """One status row in force by the day, as ``status.csv`` gives its sources (``a;b``)."""

    status_on: str
    status: str
    change: str
    caveat: str
    source_ids: str


class PendingRecord(TypedDict):
    """A change announced by the day that takes effect after it, sources as in the CSV."""

    status: str
    status_label: str
    status_on: str
    announced_on: str
    source_ids: str


class StatusEntry(TypedDict):
    """A status row in the facts: its sources those published by the day."""

    status_on: str
    status: str
    change: str
    caveat: str
    source_ids: list[str]


class PendingStatus(TypedDict):
    """A pending change in the facts: its sources those published by the day."""

    status: str
    status_label: str
    status_on: str
    announced_on: str
    source_ids: list[str]


class StatusFacts(TypedDict):
    """What ``describe_status`` decides: label, control, capital, area, history, pending change."""

    capital: str
    area_km2: int
    status: str
    status_code: str
    status_on: str | None
    controlled_by: str | None
    status_change: str | None
    status_caveat: str | None
    dissolved_on: str | None
    lost_control_on: str | None
    status_history: list[StatusRecord]
    pending_status: list[PendingRecord]


class FactSources(TypedDict):
    """The source ids behind each group of facts, only those published by the day."""

    territory: list[str]
    status: list[str]
    un_recognizers: list[str]
    un_recognizers_ever: list[str]
    un_withdrawals: list[str]
    non_un_recognizers: list[str]
    latest_census: list[str]
    previous_census: list[str]
    latest_estimate: list[str]
    largest_group: list[str]


class BriefingFacts(TypedDict):
    """Every figure a briefing states about one territory on one day (``facts.json``)."""

    territory: str
    name: str
    as_of: str
    data_version: str
    data_fingerprint: str
    parent_state: str
    parent_state_iso3: str
    patron_state: str
    patron_state_iso3: str
    aim: str
    aim_text: str
    capital: str
    area_km2: int
    status: str
    status_code: str
    status_on: str | None
    controlled_by: str | None
    status_change: str | None
    status_caveat: str | None
    dissolved_on: str | None
    lost_control_on: str | None
    status_history: list[StatusEntry]
    pending_status: list[PendingStatus]
    declared_independence_on: str | None
    checked_through: str | None
    latest_recorded_on: str | None
    un_recognizers: list[str]
    un_recognizers_ever: list[str]
    un_withdrawals: list[str]
    un_recognizer_names: dict[str, str]
    non_un_recognizers: list[str]
    latest_census: Count | None
    previous_census: Count | None
    latest_estimate: Count | None
    largest_group: LargestGroup | None
    events_known: int
    joining_patron_events: int
    sources: FactSources
    census_change: CensusChange | None


class JoiningStep(TypedDict):
    """A step towards joining the patron, as a briefing publishes it."""

    date: str
    title: str


class ClaimVerdict(TypedDict):
    """A press claim's verdict, as a briefing publishes it."""

    claim_id: str
    verdict: str


class PeerFacts(TypedDict):
    """What a briefing publishes of each territory it is compared with."""

    un_recognizers: list[str]
    latest_census: Count | None
    status: str


class LatestNews(TypedDict):
    """The news the lead opens with: its own (ISO, possibly partial) date and its sentence."""

    on: str
    text: str


class PublishedBriefing(BriefingFacts):
    """A briefing's ``facts.json``: its facts and what its other sections state."""

    headline: str
    latest_news: LatestNews | None

    joining_patron: list[JoiningStep]
    claims: list[ClaimVerdict]
    peers: dict[str, PeerFacts]


class ComparisonFacts(TypedDict):
    """The comparison's ``facts.json``: every territory's facts on one day."""

    as_of: str
    checked_through: str | None
    headline: str
    territories: dict[str, BriefingFacts]


PublishedFacts = PublishedBriefing | ComparisonFacts


def briefing_facts(facts: PublishedFacts | dict[str, Any]) -> BriefingFacts:
    """Facts read back from a briefing's JSON, refused if they are the comparison's."""
    if "territories" in facts:
        raise ValueError("expected a briefing's facts, got the comparison's")
    return cast(BriefingFacts, facts)


class Aside(TypedDict, total=False):
    """What is printed beside any figure: its caveat and the area it covers."""

    caveat: str
    coverage: str


def stated(value: str | None, key: str) -> str:
    """A fact the facts' own logic guarantees here (a dissolved territory's ``dissolved_on``)."""
    if value is None:
        raise ValueError(f"the facts state no {key}")
    return value


def census_population(facts: BriefingFacts) -> int:
    """The latest census total of a territory, 0 without a census (to sort by)."""
    census = facts["latest_census"]
    return census["population"] if census else 0
