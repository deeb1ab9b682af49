"""A fact-check's recognition state filters the recognitions table once, not three times.

``_RecognitionState.of`` used to call ``recognitions_as_of`` for its rows and again inside
``un_recognizers_as_of`` and ``un_recognizers_ever``; it now reads both lists from its one filter.
Unit tier: the shipped data, in process.
"""

from __future__ import annotations

from datetime import date

from breakaway.knowledge.factcheck import _RecognitionState
from breakaway.knowledge.recognition import (
    un_recognizers_as_of,
    un_recognizers_ever,
    un_withdrawals_as_of,
)

DAYS = [date(2008, 8, 25), date(2008, 8, 26), date(2011, 9, 30), date(2014, 4, 1)]
DAYS += [date(2018, 6, 1), date(2020, 1, 1), date(2023, 1, 1), date(2026, 12, 1)]


def test_the_state_holds_what_the_recognition_functions_say(shipped):
    rows = shipped.recognitions
    withdrawn = 0
    for territory in shipped.territory_ids:
        for day in DAYS:
            state = _RecognitionState.of(rows, territory, day)
            where = (territory, day)
            assert state.active == un_recognizers_as_of(rows, territory, day), where
            assert state.ever == un_recognizers_ever(rows, territory, day), where
            assert state.withdrawn == un_withdrawals_as_of(rows, territory, day), where
            withdrawn += len(state.withdrawn)
    assert withdrawn > 0  # the days include withdrawals (not vacuous)
