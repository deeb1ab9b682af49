from datetime import date

import pandas as pd

from breakaway.knowledge.indicators import indicator_label, indicator_value, indicators_as_of

ROWS = pd.DataFrame(
    {
        "territory_id": ["south-ossetia", "south-ossetia", "abkhazia"],
        "indicator": ["budget_share_from_russia", "budget_share_from_russia", "russian_troops"],
        "value": [90.1, 82.0, 3800.0],
        "unit": ["percent", "percent", "persons"],
        "year": [2017, 2020, 2009],
        "source_ids": ["a", "b", "c"],
        "note": ["", "", ""],
    }
)


def test_a_year_counts_once_it_has_ended():
    assert list(indicators_as_of(ROWS, "south-ossetia", date(2020, 12, 30))["year"]) == [2017]
    assert list(indicators_as_of(ROWS, "south-ossetia", date(2020, 12, 31))["year"]) == [2017, 2020]
    assert indicators_as_of(ROWS, "transnistria", date(2025, 1, 1)).empty
    assert indicators_as_of(None, "south-ossetia", date(2025, 1, 1)).empty


def test_labels_and_values_read_naturally():
    assert indicator_label("budget_share_from_russia") == "Share of the budget funded by Russia"
    assert indicator_label("new_thing_count") == "New thing count"
    assert indicator_value(90.1, "percent") == "90.1%"
    assert indicator_value(3800.0, "persons") == "3,800"
    assert indicator_value(6.22e9, "RUB") == "6.2 billion roubles"
    assert indicator_value(5e9, "RUB") == "5 billion roubles"
    assert indicator_value(1_500_000, "USD") == "1.5 million US dollars"
