"""The key figures of one briefing, computed once: the narrative's single source.

``build_facts`` returns plain JSON-ready values; ``render`` writes them to ``facts.json`` and every
narrative sentence reads its numbers from here, so the text and the file cannot disagree.
"""

from __future__ import annotations

from datetime import date

from breakaway.data.load import Dataset
from breakaway.data.schema import split_ids
from breakaway.data.sourcing import sources_known_from
from breakaway.dates import known_on
from breakaway.knowledge.events import events_known, steps_towards_patron
from breakaway.knowledge.facts_types import (
    BriefingFacts,
    CensusChange,
    Count,
    LargestGroup,
    PendingStatus,
    StatusEntry,
)
from breakaway.knowledge.memo import remembered
from breakaway.knowledge.population import (
    composition_of,
    known_population,
    latest_of,
    previous_census_of,
    totals_of,
)
from breakaway.knowledge.recognition import recognitions_as_of, un_members
from breakaway.knowledge.record import latest_recorded_on
from breakaway.knowledge.status import describe_status, status_facts_source_ids


def _count(row) -> Count | None:
    """A figure with its year, and what a reader must know beside it (its caveat, its area)."""
    if row is None:
        return None
    count: Count = {"year": int(row["year"]), "population": int(row["population"])}
    if row.get("caveat"):
        count["caveat"] = str(row["caveat"])
    if row.get("coverage"):
        count["coverage"] = str(row["coverage"])
    return count


def same_area(coverage: str, other: str) -> bool:
    """Whether two figures count the same area: unstated coverage is taken as the same."""
    return not coverage or not other or coverage == other


def declaration_known(
    dataset: Dataset, territory_id: str, declared: str, known_events, as_of: date
) -> bool:
    """Whether the declaration of independence on ``declared`` is in the record on ``as_of``.

    The territory row's date says when independence was declared, not when a source showed it.
    Where the record holds the declaration as a status event of that day, that event's sources
    decide (a declaration cited only from a 2022 anniversary piece is not known in 1992, however
    old the act); a territory without such an event falls back to the day itself.
    """
    if not declared or known_on(declared) > as_of:
        return False
    # Plain loops over the cells: a frame filter costs more than these few rows (equal cells).
    events = dataset.events
    recorded = zip(events["territory_id"], events["date"], events["category"], strict=True)
    if (territory_id, declared, "status") not in recorded:
        return True
    return (declared, "status") in zip(known_events["date"], known_events["category"], strict=True)


@remembered  # the same dataset, territory and day: computed once (knowledge/memo.py)
def build_facts(dataset: Dataset, territory_id: str, as_of: date) -> BriefingFacts:
    """Every figure a briefing states about ``territory_id`` as known on ``as_of``."""
    territory = dataset.territory(territory_id)
    published = {s for s, day in sources_known_from(dataset.sources).items() if day <= as_of}

    def _ids(*cells: str) -> list[str]:
        """Source ids of some rows, only those published by ``as_of`` (the as-of rule)."""
        return [s for s in split_ids(";".join(cells)) if s in published]

    recognitions = recognitions_as_of(dataset.recognitions, territory_id, as_of)
    un_rows = un_members(recognitions)
    active = un_rows[un_rows["is_active"]]
    withdrawn = un_rows[~un_rows["is_active"]]
    non_un = recognitions[(recognitions["recognizer_type"] == "non_un") & recognitions["is_active"]]

    # The territory's known population rows, filtered once for every figure below.
    known_population_rows = known_population(dataset.population, territory_id, as_of)
    totals = totals_of(known_population_rows)
    census = latest_of(totals, "census")
    earlier = previous_census_of(totals)
    estimate = latest_of(totals, "estimate")
    if estimate is not None and census is not None and estimate["year"] <= census["year"]:
        estimate = None  # an estimate older than the census it would update says nothing new
    groups = composition_of(known_population_rows)
    largest: LargestGroup | None = None
    if census is not None:
        latest_groups = groups[groups["year"] == census["year"]]
        latest_groups = latest_groups[latest_groups["group"] != "other"]
        if not latest_groups.empty:
            top = latest_groups.iloc[0]
            largest = {
                "year": int(top["year"]),
                "group": top["group"],
                "population": int(top["population"]),
                # Six places: the prose prints a per cent to one place, and four printed
                # 48,100 of 53,532 (0.89853) as 0.8985, which read "89.8%".
                "share": round(float(top["share"]), 6),
            }
            if top.get("caveat"):
                largest["caveat"] = str(top["caveat"])

    declared = territory["declared_independence_on"]
    events = events_known(dataset.events, territory_id, as_of)  # counted and dated only
    is_declared = declaration_known(dataset, territory_id, declared, events, as_of)
    steps = steps_towards_patron(events)
    checked_cell = territory.get("checked_through")
    checked = date.fromisoformat(checked_cell) if checked_cell else None
    standing = describe_status(dataset, territory_id, as_of, is_declared, territory)
    history: list[StatusEntry] = [
        {
            "status_on": entry["status_on"],
            "status": entry["status"],
            "change": entry["change"],
            "caveat": entry["caveat"],
            "source_ids": _ids(entry["source_ids"]),
        }
        for entry in standing["status_history"]
    ]
    pending: list[PendingStatus] = [
        {
            "status": entry["status"],
            "status_label": entry["status_label"],
            "status_on": entry["status_on"],
            "announced_on": entry["announced_on"],
            "source_ids": _ids(entry["source_ids"]),
        }
        for entry in standing["pending_status"]
    ]
    census_change: CensusChange | None = None
    # Figures for different areas are not compared: a difference would mislead.
    if (
        census is not None
        and earlier is not None
        and same_area(census.get("coverage", ""), earlier.get("coverage", ""))
    ):
        census_change = census_difference(earlier, census)

    # The keys in the order facts.json has always had them.
    return {
        "territory": territory_id,
        "name": territory["name"],
        "as_of": as_of.isoformat(),
        "data_version": dataset.version,
        "data_fingerprint": dataset.fingerprint,
        "parent_state": territory["parent_state"],
        "parent_state_iso3": territory["parent_state_iso3"],
        "patron_state": territory["patron_state"],
        "patron_state_iso3": territory["patron_state_iso3"],
        "aim": territory["aim"],
        "aim_text": territory["aim_text"],
        "capital": standing["capital"],
        "area_km2": standing["area_km2"],
        "status": standing["status"],
        "status_code": standing["status_code"],
        "status_on": standing["status_on"],
        "controlled_by": standing["controlled_by"],
        "status_change": standing["status_change"],
        "status_caveat": standing["status_caveat"],
        "dissolved_on": standing["dissolved_on"],
        "lost_control_on": standing["lost_control_on"],
        "status_history": history,
        "pending_status": pending,
        "declared_independence_on": declared if is_declared else None,
        # Checked through a later day means checked at least through the report's day.
        "checked_through": min(checked, as_of).isoformat() if checked else None,
        "latest_recorded_on": latest_recorded_on(
            dataset, territory_id, as_of, events, recognitions
        ),
        "un_recognizers": sorted(active["recognizer_iso3"]),
        "un_recognizers_ever": sorted(un_rows["recognizer_iso3"]),
        "un_withdrawals": sorted(withdrawn["recognizer_iso3"]),
        "un_recognizer_names": dict(
            sorted(zip(un_rows["recognizer_iso3"], un_rows["recognizer"], strict=True))
        ),
        "non_un_recognizers": sorted(non_un["recognizer"]),
        "latest_census": _count(census),
        "previous_census": _count(earlier),
        "latest_estimate": _count(estimate),
        "largest_group": largest,
        "events_known": len(events),
        "joining_patron_events": len(steps),
        "sources": {
            "territory": _ids(territory["source_ids"]),
            "status": _ids(status_facts_source_ids(standing)),
            "un_recognizers": _ids(*active["source_ids"]),
            "un_recognizers_ever": _ids(*un_rows["source_ids"]),
            "un_withdrawals": _ids(*withdrawn["source_ids"]),
            "non_un_recognizers": _ids(*non_un["source_ids"]),
            "latest_census": _ids(census["source_ids"]) if census is not None else [],
            "previous_census": _ids(earlier["source_ids"]) if earlier is not None else [],
            "latest_estimate": _ids(estimate["source_ids"]) if estimate is not None else [],
            "largest_group": _ids(*groups.loc[groups["year"] == largest["year"], "source_ids"])
            if largest
            else [],
        },
        "census_change": census_change,
    }


def rounding_unit(figure: dict) -> int:
    """The unit a count is rounded to (1 for an exact count): 1,000 for "555,000; rounded".

    A count is taken as rounded only when its caveat says so ("rounded", "given in thousands");
    the unit is then the largest power of ten (up to a million) that divides it.
    """
    caveat = str(figure.get("caveat") or "").lower()
    if "round" not in caveat and "in thousands" not in caveat:
        return 1
    value, unit = int(figure["population"]), 1
    while unit < 1_000_000 and value % (unit * 10) == 0 and value:
        unit *= 10
    return unit


def census_difference(earlier: dict, later: dict) -> CensusChange:
    """The change from ``earlier`` to ``later``, as precise as the coarser of the two counts."""
    change = int(later["population"]) - int(earlier["population"])
    percent = 100 * change / int(earlier["population"])
    unit = max(rounding_unit(earlier), rounding_unit(later))
    return {
        "from_year": int(earlier["year"]),
        "to_year": int(later["year"]),
        "change": round(change / unit) * unit,
        "percent": float(round(percent)) if unit > 1 else round(percent, 1),
        "approximate": unit > 1,
    }
