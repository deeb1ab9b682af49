from datetime import date

from breakaway.knowledge.recognition import (
    count_un_recognizers_over_time,
    recognitions_as_of,
    un_recognizers_as_of,
    un_recognizers_ever,
    un_withdrawals_as_of,
)


def test_recognizers_follow_time_travel(dataset):
    rec = dataset.recognitions
    assert un_recognizers_as_of(rec, "south-ossetia", date(2008, 8, 25)) == []
    assert un_recognizers_as_of(rec, "south-ossetia", date(2008, 8, 26)) == ["RUS"]
    assert un_recognizers_as_of(rec, "south-ossetia", date(2012, 1, 1)) == ["RUS", "TUV"]
    # Tuvalu withdrew on 2014-03-31: gone from "now", kept in "ever".
    assert un_recognizers_as_of(rec, "south-ossetia", date(2014, 3, 31)) == ["RUS"]
    assert un_recognizers_ever(rec, "south-ossetia", date(2014, 3, 31)) == ["RUS", "TUV"]
    assert un_withdrawals_as_of(rec, "south-ossetia", date(2014, 3, 31)) == ["TUV"]
    assert un_withdrawals_as_of(rec, "south-ossetia", date(2014, 3, 30)) == []


def test_withdrawal_is_hidden_before_it_happens(dataset):
    rows = recognitions_as_of(dataset.recognitions, "south-ossetia", date(2013, 1, 1))
    tuvalu = rows.set_index("recognizer").loc["Tuvalu"]
    assert tuvalu["withdrawn_on"] == ""
    assert bool(tuvalu["is_active"])


def test_year_only_recognition_counts_from_end_of_year(dataset):
    rows = recognitions_as_of(dataset.recognitions, "south-ossetia", date(2006, 12, 30))
    assert "Artsakh" not in set(rows["recognizer"])
    rows = recognitions_as_of(dataset.recognitions, "south-ossetia", date(2006, 12, 31))
    assert "Artsakh" in set(rows["recognizer"])


def test_step_series_counts_up_and_down(dataset):
    steps = count_un_recognizers_over_time(dataset.recognitions, "south-ossetia", date(2020, 1, 1))
    assert list(steps["change"]) == [1, 1, -1, 1]
    assert list(steps["count"]) == [1, 2, 1, 2]
    assert steps["on"].iloc[2] == date(2014, 3, 31)
