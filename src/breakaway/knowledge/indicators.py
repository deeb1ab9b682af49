"""Context indicators (Russia's share of the budget, troops, passports), as known on a day.

A value for a year counts as known from the end of that year. Pure functions; labels for the
indicator ids live here so that tables and charts name them the same way.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from breakaway.data.sourcing import known_rows
from breakaway.text import amount

LABELS = {
    "budget_share_from_russia": "Share of the budget funded by Russia",
    "russian_budget_transfer": "Budget transfer from Russia",
    "russian_aid_pledged": "Russian aid pledged",
    "russian_troops": "Russian troops stationed",
    "russian_military_bases": "Russian military bases",
    "russian_citizenship_share": "Residents holding Russian citizenship",
}
UNITS = {
    "percent": "%",
    "persons": "",
    "bases": "",
    "count": "",
    "RUB": " roubles",
    "USD": " US dollars",
}


def indicators_as_of(indicators: pd.DataFrame | None, territory_id: str, as_of: date):
    """Indicator rows of a territory whose year had ended by ``as_of``, by indicator and year."""
    if indicators is None:
        return pd.DataFrame(columns=["indicator", "value", "unit", "year", "source_ids", "caveat"])
    rows = known_rows(indicators[indicators["territory_id"] == territory_id], "indicators", as_of)
    return rows.sort_values(["indicator", "year"]).reset_index(drop=True)


def indicator_label(indicator: str) -> str:
    """A reader's name for an indicator id."""
    return LABELS.get(indicator, indicator.replace("_", " ").capitalize())


def indicator_value(value: float, unit: str) -> str:
    """``90.1%``, ``3,800``, ``6.2 billion roubles``."""
    if unit == "percent":
        return f"{value:g}%"
    return amount(value) + UNITS.get(unit, f" {unit}")
