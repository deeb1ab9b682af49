"""Narrative sentences: computed wording, escaping, citations that match the sources list."""

from __future__ import annotations

from datetime import date

from conftest import SO_2015

from breakaway.knowledge.facts import build_facts
from breakaway.report.citations import Citations
from breakaway.report.narrative import count_words, population_sentence, recognition_sentence
from breakaway.text import join_words, md


def test_count_words_and_join_words():
    assert count_words(1, "UN member state") == "one UN member state"
    assert count_words(5, "UN member state") == "five UN member states"
    assert count_words(12, "event") == "12 events"
    assert join_words(["A"]) == "A"
    assert join_words(["A", "B", "C"]) == "A, B and C"


def test_recognition_sentence_follows_the_date(dataset):
    cite = Citations(dataset.sources)
    early = recognition_sentence(build_facts(dataset, "south-ossetia", date(2012, 1, 1)), cite)
    assert early.startswith("As of 1 January 2012, two UN member states recognise South Ossetia")
    assert "Russia and Tuvalu" in early
    assert "withdrawn" not in early
    late = recognition_sentence(build_facts(dataset, "south-ossetia", date(2015, 1, 1)), cite)
    assert "one UN member state recognises South Ossetia" in late
    assert "Tuvalu has withdrawn an earlier recognition" in late
    none = recognition_sentence(build_facts(dataset, "south-ossetia", date(2008, 1, 1)), cite)
    assert "no UN member state recognises" in none


def test_population_sentence_states_change_between_the_last_two_censuses(dataset):
    facts = build_facts(dataset, "south-ossetia", date(2022, 1, 1))
    text = population_sentence(facts, Citations(dataset.sources))
    change = SO_2015 - 98_527
    assert f"The 2015 census counted {SO_2015:,} people" in text
    assert f"{abs(change):,} fewer than in the 1989 census (98,527)" in text
    assert f"a fall of {abs(change) / 98_527 * 100:.1f}%" in text
    assert "estimate, for 2021, is 56,405" in text
    assert facts["census_change"]["change"] == change


def test_citation_numbers_follow_first_use_and_link_to_the_list(dataset):
    cite = Citations(dataset.sources)
    assert cite.markdown("src-b;src-a") == "\\[[1](#source-1), [2](#source-2)\\]"
    assert cite.numbers("src-b") == [1]
    assert cite.numbers("src-a") == [2]


def test_markdown_escaping_neutralises_markup():
    hostile = "<script>alert(1)</script> [x](javascript:alert(1)) ![i](http://e/x.png) {{ 7*7 }}"
    escaped = md(hostile)
    assert "<" not in escaped and ">" not in escaped
    assert "](" not in escaped.replace("\\](", "")
    assert "{{" not in escaped


def test_long_citation_runs_are_compressed_but_still_link(dataset):
    from breakaway.report.citations import _runs

    assert _runs([1, 3, 4, 5, 6, 9, 10]) == [(1, 1), (3, 6), (9, 9), (10, 10)]
    cite = Citations(dataset.sources)
    assert (
        cite.html("src-a;src-b")
        == '<sup class="cite">[<a href="#source-1">1</a>, <a href="#source-2">2</a>]</sup>'
    )


def test_dependence_sentence_states_the_latest_figure_of_each_indicator(dataset):
    import pandas as pd

    from breakaway.report.narrative import dependence_sentence

    rows = pd.DataFrame(
        {
            "indicator": ["budget_share_from_russia", "budget_share_from_russia", "russian_troops"],
            "value": [90.1, 82.0, 3800.0],
            "unit": ["percent", "percent", "persons"],
            "year": [2017, 2020, 2009],
            "source_ids": ["src-a", "src-b", "src-a"],
        }
    )
    facts = build_facts(dataset, "south-ossetia", date(2023, 1, 1))
    text = dependence_sentence(rows, facts, Citations(dataset.sources))
    assert "Russia funded 82% of South Ossetia's budget in 2020" in text
    assert "90.1%" not in text
    assert "Russia's troops in South Ossetia numbered 3,800 in 2009" in text
    empty = dependence_sentence(rows.iloc[0:0], facts, Citations(dataset.sources))
    assert empty.startswith("This record holds no sourced figure")


def test_a_briefing_compares_itself_with_a_bounded_set_of_peers():
    import pandas as pd

    from breakaway.knowledge.peers import choose_peers

    rows = [("me", "GEO", "RUS", "Me")] + [
        (f"t{i:03d}", "GEO" if i < 3 else "XXX", "RUS" if i % 2 else "ARM", f"T{i:03d}")
        for i in range(100)
    ]
    territories = pd.DataFrame(
        rows, columns=["territory_id", "parent_state_iso3", "patron_state_iso3", "name"]
    )
    peers = choose_peers(territories, "me", limit=8)
    assert len(peers) == 8 and "me" in peers
    # Same parent state first (t000-t002), then same patron.
    assert {"t000", "t001", "t002"} <= set(peers)
    assert all(t in ("me", "t000", "t001", "t002") or int(t[1:]) % 2 for t in peers)
    assert choose_peers(territories.head(4), "me") == ["me", "t000", "t001", "t002"]


def test_a_status_change_is_escaped_once_so_readers_see_no_backslash():
    from markdown_it import MarkdownIt

    from breakaway.report.narrative import told

    class _Cite:
        def markdown(self, ids):
            return "[1]"

    entry = {
        "status_on": "2023-09-20",
        "change": "A one-day offensive; control passed.",
        "source_ids": "s",
    }
    html = MarkdownIt().render(told(entry, _Cite()))
    assert "one-day offensive" in html and "\\" not in html
