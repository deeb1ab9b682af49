"""Reposts and aggregators are refused; rows re-cited to originals enter when the original did.

Issue 18 (source policy): cite the original publisher, never an aggregator's or a repost site's
copy. The hosts banned in this round are refused on load with the usual one line (file, line,
column); the rows that lost an aggregator are known from their new source of the time.
"""

from __future__ import annotations

import pytest
from conftest import REPO
from plantedsource import assert_load_refuses, assert_validate_refuses, folder_with_url

from breakaway.data.load import load_dataset

NEWLY_BANNED = [
    ("https://newskeeper.ro/articol?data=2010-07-21&id=340E8EF3", "newskeeper.ro"),
    ("http://news.windowstorussia.com/tuvalu-supports-abkhazia.html", "news.windowstorussia.com"),
]


@pytest.mark.parametrize(("url", "host"), NEWLY_BANNED)
def test_a_source_on_a_newly_banned_aggregator_is_refused_in_one_line(tmp_path, url, host):
    assert_load_refuses(folder_with_url(tmp_path, url), f"a news aggregator ({host})")


def test_validate_names_the_aggregator_source_on_one_line_and_exits_2(tmp_path):
    folder = folder_with_url(tmp_path, NEWLY_BANNED[0][0])
    assert_validate_refuses(folder, "a news aggregator (newskeeper.ro)")


def test_the_original_publishers_page_passes(tmp_path):
    folder = folder_with_url(tmp_path, "https://www.csmonitor.com/1992/0728/28022.html")
    load_dataset(folder)  # no DataError


@pytest.fixture(scope="module")
def shipped():
    return load_dataset(REPO / "data")


def test_no_shipped_source_is_a_dropped_repost(shipped):
    sources = shipped.sources.set_index("source_id")
    dropped = {
        "newskeeper-2010-07-21-ceasefire-anniversary",
        "windowstorussia-2011-tuvalu",
        "armenianclub-2004-nk-census-plan",
        "devdiscourse-2024-11-15-abkhazia-protest",
        "devdiscourse-2024-12-19-abkhazia-lawmaker-killed",
        "devdiscourse-2025-01-05-rolling-power-cuts",
        "devdiscourse-2025-02-14-gas-resumes",
        "eurasia-ro-2008-russia-signs",
    }
    assert not dropped & set(sources.index)
    hosts = ("newskeeper", "windowstorussia")
    assert not [url for url in sources["url"] if any(host in url for host in hosts)]


def test_the_1992_ceasefire_is_known_from_a_source_of_its_own_time(shipped):
    # Cited from a 2010 aggregator before: the ceasefire and the status it set entered in 2010.
    view = shipped.as_of("1992-08-01", "transnistria")
    assert "tr-1992-07-21-peace-agreement" in set(view.events["event_id"])
    status = view.status
    assert "1992-07-21" in {str(day)[:10] for day in status["status_on"]}
    assert view.status.sort_values("status_on").iloc[-1]["status"] == "de_facto_independent"


def test_the_ceasefire_is_not_known_before_its_source_was_published(shipped):
    view = shipped.as_of("1992-07-27", "transnistria")
    assert "tr-1992-07-21-peace-agreement" not in set(view.events["event_id"])
