"""The suite hands its costliest files to the xdist workers first (tests/suiteorder.py)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from suiteorder import COSTLIEST_FIRST, costliest_first

TESTS = Path(__file__).resolve().parent.parent


def _items(*names: str) -> list:
    return [SimpleNamespace(path=TESTS / name, name=f"{name}::{i}") for i, name in enumerate(names)]


def test_every_listed_file_exists_once():
    assert len(set(COSTLIEST_FIRST)) == len(COSTLIEST_FIRST)
    missing = [name for name in COSTLIEST_FIRST if not (TESTS / name).is_file()]
    assert missing == [], f"tests/suiteorder.py lists files that do not exist: {missing}"


def test_listed_files_come_first_in_the_lists_order_and_the_rest_keep_theirs():
    first, second = COSTLIEST_FIRST[0], COSTLIEST_FIRST[1]
    items = _items(
        "unit/test_dates.py", second, "unit/test_absence_wording.py", first, second, first
    )
    ordered = [item.name for item in costliest_first(items, TESTS)]
    assert ordered == [
        f"{first}::3",
        f"{first}::5",
        f"{second}::1",
        f"{second}::4",
        "unit/test_dates.py::0",
        "unit/test_absence_wording.py::2",
    ]


def test_this_session_collected_in_that_order_and_xdist_keeps_it(request, pytestconfig):
    # xdist's own reordering (files with the most tests first) would undo the schedule.
    assert pytestconfig.getoption("loadscopereorder") is False
    rank = {name: index for index, name in enumerate(COSTLIEST_FIRST)}
    seen: list[int] = []
    for item in request.session.items:
        name = Path(item.path).relative_to(TESTS).as_posix()
        position = rank.get(name, len(rank))
        if not seen or seen[-1] != position:
            seen.append(position)
    assert seen == sorted(seen), "the conftest hook did not order this session's files"
