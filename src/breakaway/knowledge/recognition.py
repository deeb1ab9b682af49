"""Who recognised a territory, as known on a given day.

Time travel: a recognition counts from the day it is known (the end of its period for a partial
date), and a withdrawal only once it is known too. Pure functions on the recognitions frame.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from breakaway.data.sourcing import end_known, known_rows
from breakaway.dates import known_on


def recognitions_as_of(recognitions: pd.DataFrame, territory_id: str, as_of: date) -> pd.DataFrame:
    """Recognitions of a territory known on ``as_of``, oldest first.

    Adds ``is_active`` (recognised and not withdrawn as of that day) and blanks ``withdrawn_on``
    where the withdrawal lies after ``as_of``.
    """
    rows = recognitions[recognitions["territory_id"] == territory_id]
    rows = known_rows(rows, "recognitions", as_of).copy()
    withdrawn_yet = end_known(rows, "recognitions", as_of)
    rows["withdrawn_on"] = rows["withdrawn_on"].where(withdrawn_yet, "")
    rows["is_active"] = ~withdrawn_yet
    rows["recognized_known_on"] = rows["recognized_on"].map(known_on)
    return rows.sort_values(["recognized_known_on", "recognizer"]).reset_index(drop=True)


def un_members(rows: pd.DataFrame) -> pd.DataFrame:
    """Only the rows of UN member states."""
    return rows[rows["recognizer_type"] == "un_member"]


def un_recognizers_as_of(recognitions: pd.DataFrame, territory_id: str, as_of: date) -> list[str]:
    """ISO3 codes of UN members recognising the territory on ``as_of``, sorted."""
    rows = un_members(recognitions_as_of(recognitions, territory_id, as_of))
    return sorted(rows.loc[rows["is_active"], "recognizer_iso3"])


def un_recognizers_ever(recognitions: pd.DataFrame, territory_id: str, as_of: date) -> list[str]:
    """ISO3 codes of UN members that had recognised the territory by ``as_of``, sorted."""
    rows = un_members(recognitions_as_of(recognitions, territory_id, as_of))
    return sorted(rows["recognizer_iso3"])


def un_withdrawals_as_of(recognitions: pd.DataFrame, territory_id: str, as_of: date) -> list[str]:
    """ISO3 codes of UN members whose withdrawal was known by ``as_of``, sorted."""
    rows = un_members(recognitions_as_of(recognitions, territory_id, as_of))
    return sorted(rows.loc[~rows["is_active"], "recognizer_iso3"])


def count_un_recognizers_over_time(
    recognitions: pd.DataFrame, territory_id: str, as_of: date
) -> pd.DataFrame:
    """A step series: the number of UN members recognising after each change up to ``as_of``.

    Columns: ``on`` (date of the change), ``change`` (+1 or -1), ``recognizer``, ``count``.
    """
    return un_recognizer_steps(recognitions_as_of(recognitions, territory_id, as_of))


def un_recognizer_steps(known: pd.DataFrame) -> pd.DataFrame:
    """``count_un_recognizers_over_time`` of rows already filtered by ``recognitions_as_of``."""
    rows = un_members(known)
    changes = [(known_on(r.recognized_on), 1, r.recognizer) for r in rows.itertuples()]
    changes += [
        (known_on(r.withdrawn_on), -1, r.recognizer) for r in rows.itertuples() if r.withdrawn_on
    ]
    steps = pd.DataFrame(sorted(changes), columns=["on", "change", "recognizer"])
    steps["count"] = steps["change"].cumsum() if len(steps) else pd.Series(dtype="int64")
    return steps
