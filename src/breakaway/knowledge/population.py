"""Census counts and estimates of a territory, as known on a given day.

A figure counts as known from its ``published_on`` date, or from the end of its year when the
release date is not recorded. Pure functions on the population frame.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from breakaway.data.sourcing import known_rows


def known_population(population: pd.DataFrame, territory_id: str, as_of: date) -> pd.DataFrame:
    """A territory's population rows known on ``as_of``: what every function here reads.

    ``build_facts`` filters them once and asks the ``*_of`` functions below, instead of filtering
    the table again for each figure.
    """
    return known_rows(population[population["territory_id"] == territory_id], "population", as_of)


def population_totals(population: pd.DataFrame, territory_id: str, as_of: date) -> pd.DataFrame:
    """Total population by year and kind (census or estimate) known on ``as_of``, oldest first."""
    return totals_of(known_population(population, territory_id, as_of))


def totals_of(known: pd.DataFrame) -> pd.DataFrame:
    """``population_totals`` of rows already filtered by ``known_population``."""
    totals = known[known["group"] == "total"]
    return totals.sort_values(["year", "kind"]).reset_index(drop=True)


def latest_total(
    population: pd.DataFrame, territory_id: str, as_of: date, kind: str = "census"
) -> pd.Series | None:
    """The most recent total of a kind known on ``as_of``, or ``None`` when there is none."""
    return latest_of(population_totals(population, territory_id, as_of), kind)


def latest_of(totals: pd.DataFrame, kind: str = "census") -> pd.Series | None:
    """``latest_total`` read from ``population_totals`` of the same territory and day."""
    totals = totals[totals["kind"] == kind]
    return None if totals.empty else totals.iloc[-1]


def previous_census(population: pd.DataFrame, territory_id: str, as_of: date) -> pd.Series | None:
    """The census before the latest one known on ``as_of``, or ``None``."""
    return previous_census_of(population_totals(population, territory_id, as_of))


def previous_census_of(totals: pd.DataFrame) -> pd.Series | None:
    """``previous_census`` read from ``population_totals`` of the same territory and day."""
    censuses = totals[totals["kind"] == "census"]
    return None if len(censuses) < 2 else censuses.iloc[-2]


def ethnic_composition(population: pd.DataFrame, territory_id: str, as_of: date) -> pd.DataFrame:
    """Ethnic groups of every census known on ``as_of`` that has them, with their share.

    Columns: ``year``, ``group``, ``population``, ``share`` (of the census total), ``source_ids``
    and ``caveat`` (the row's reader caveat, empty when none): a share is printed with it.
    """
    return composition_of(known_population(population, territory_id, as_of))


def composition_of(known: pd.DataFrame) -> pd.DataFrame:
    """``ethnic_composition`` of rows already filtered by ``known_population``."""
    censuses = known[known["kind"] == "census"]
    totals = censuses[censuses["group"] == "total"].set_index("year")["population"]
    groups = censuses[(censuses["group"] != "total") & censuses["year"].isin(totals.index)].copy()
    groups["share"] = groups["population"] / groups["year"].map(totals)
    groups["caveat"] = groups["caveat"].fillna("") if "caveat" in groups else ""
    columns = ["year", "group", "population", "share", "source_ids", "caveat"]
    return groups.sort_values(["year", "population"], ascending=[True, False])[columns].reset_index(
        drop=True
    )
