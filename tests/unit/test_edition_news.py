"""Issue 20, item 3: "Since the last edition" leads with the news, five items at most.

The box in the briefing and the edition's feed entry come from one selection
(``headline_changes`` and ``rest_line``); these tests pin its order, its count line and its length.
"""

from __future__ import annotations

from datetime import date

from breakaway import paths
from breakaway.data.asof import read_raw_tables
from breakaway.knowledge.changes import (
    ITEM_CHARACTERS,
    Change,
    edition_changes,
    headline_changes,
    rest_line,
)
from breakaway.report.briefing import Briefing
from breakaway.report.narrative import since_last_edition


class _Cite:
    """A stand-in for the report's citations: one marker for every change."""

    def markdown(self, source_ids: str) -> str:
        return "\\[[1](#source-1)\\]"


def _change(table: str, day: str, text: str, peer: str = "") -> Change:
    return Change(table, day, text, "s1", peer)


def test_news_comes_before_bookkeeping_and_the_newest_news_first():
    found = [
        _change("claims", "2022-05-13", "Press claim checked (Post): seven recognisers"),
        _change("events", "2022-03-16", "Units sent to Ukraine"),
        _change("statements", "2022-05-09", "Georgia's ministry: the vote is illegal"),
        _change("events", "2022-05-13", "Referendum called"),
        _change("recognitions", "2022-04-01", "Recognised by Atlantis"),
        _change("recognitions", "2022-04-02", "Recognised by Lemuria", peer="Abkhazia"),
        _change("population", "2022-04-20", "2022 estimate: total population 50,000"),
    ]
    items, rest = headline_changes(found)
    assert [c.text for c in items] == [
        "Recognised by Atlantis",
        "Referendum called",  # the day's news leads the events
        "Units sent to Ukraine",
        "Georgia's ministry: the vote is illegal",
        "Recognised by Lemuria",  # a peer's news after the territory's own
    ]
    assert rest == {"population": 1, "claims": 1}
    assert rest_line(items, rest) == "and one population figure and one fact-check update"


def test_six_news_items_leave_one_more_counted_in_one_line():
    found = [_change("events", f"2022-05-0{day}", f"Event {day}") for day in range(1, 7)]
    items, rest = headline_changes(found)
    assert [c.text for c in items] == [f"Event {day}" for day in (6, 5, 4, 3, 2)]
    assert rest_line(items, rest) == "and one more event"
    assert rest_line(*headline_changes(found[:5])) == ""


def test_the_rest_line_counts_each_kind_in_the_order_of_significance():
    found = [_change("claims", "2022-05-13", f"Claim {n}") for n in range(12)]
    found += [_change("statements", "2022-05-01", f"Statement {n}") for n in range(7)]
    items, rest = headline_changes(found)
    assert all(c.table == "statements" for c in items)
    assert rest_line(items, rest) == "and two more statements and 12 fact-check updates"


def test_a_long_item_is_cut_at_a_word_to_about_two_printed_lines():
    long = "Speaker: " + "a very long paraphrase of what was said " * 10
    items, _ = headline_changes([_change("statements", "2022-05-01", long)])
    shown = items[0].text
    assert len(shown) <= ITEM_CHARACTERS and shown.endswith("…")
    kept = shown.removesuffix("…")
    assert long.startswith(kept) and long[len(kept)] == " ", "cut inside a word"


def test_the_box_of_13_may_2022_leads_with_the_referendum_in_five_items():
    tables = read_raw_tables(paths.data_dir())
    found = edition_changes(tables, "south-ossetia", date(2022, 3, 1), date(2022, 5, 13))
    box = since_last_edition(found, date(2022, 3, 1), _Cite())
    lines = [line for line in box.splitlines() if line]
    items = [line for line in lines if line.startswith("- ")]
    assert len(items) == 5
    assert items[0].startswith("- On 13 May 2022: Outgoing Bibilov calls a vote")
    assert not any("Press claim" in line for line in items), "bookkeeping before the news"
    assert lines[-1].startswith("and ") and "fact\\-check updates." in lines[-1]
    assert '"' not in box and "“" not in box, "our own summaries wear no quotation marks"
    # About a third of an A4 page: a heading, five items of two lines at most, one count line.
    assert len(box) < 1_400


def test_the_briefing_box_is_the_same_list_as_the_feed_entry(dataset):
    from breakaway.render.feed import summary_lines

    briefing = Briefing(dataset, "south-ossetia", date(2022, 6, 15), date(2022, 5, 1))
    box = briefing.since_last_edition().data
    tables = read_raw_tables(dataset.data_dir)
    found = edition_changes(tables, "south-ossetia", date(2022, 5, 1), date(2022, 6, 15))
    items, more = summary_lines([c.as_dict() for c in found])
    for item in items:
        assert item.split(": ", 1)[1].replace("-", "\\-") in box


# --- a third of a printed page: the box laid out by WeasyPrint with the report's stylesheet ----

CSS = paths.REPO_DIR / "src/breakaway/report/templates/breakaway/static/report.css"
A4_BODY_MM = 297 - 16 - 15  # the page less its top and bottom margins (report.css)


def _printed_height_mm(markdown: str) -> float:
    """The height the box takes on an A4 page, from its top to the end of its last line."""
    import mistune
    import weasyprint

    page = (
        f"<html><head><style>{CSS.read_text()}</style></head><body>"
        f'<div class="jp-RenderedMarkdown">{mistune.html(markdown)}</div><p id="end">.</p>'
        "</body></html>"
    )
    document = weasyprint.HTML(string=page).render()
    assert len(document.pages) == 1, "the box runs over a page"

    def descendants(box):
        for child in getattr(box, "children", None) or []:
            yield child
            yield from descendants(child)

    root = document.pages[0]._page_box
    end = next(b for b in descendants(root) if getattr(b, "element", None) is not None
               and b.element.get("id") == "end")  # fmt: skip
    return (end.position_y - root.content_box_y()) * 25.4 / 96


def _long_statements(count: int) -> list[Change]:
    said = "said that the vote had no legal force and that the region remained part of Georgia, "
    return [
        _change("statements", f"2022-04-{10 + n}", f"Speaker {n}: {said * 4}") for n in range(count)
    ]


def test_the_longest_box_fits_a_third_of_a_printed_page():
    box = since_last_edition(_long_statements(9), date(2022, 3, 1), _Cite())
    height = _printed_height_mm(box)
    assert height <= A4_BODY_MM / 3, f"the box takes {height:.0f} mm of {A4_BODY_MM} mm"


def test_the_height_check_fails_on_a_planted_box_of_full_paraphrases():
    found = _long_statements(9)
    lines = ["**Since the last edition (1 March 2022)**, nine changes in the data:", ""]
    lines += [f"- On {c.date}: {c.text} \\[[1](#source-1)\\]" for c in found[:5]]
    assert _printed_height_mm("\n".join(lines)) > A4_BODY_MM / 3


def test_the_comparisons_changes_name_their_territory():
    tables = read_raw_tables(paths.data_dir())
    found = edition_changes(tables, None, date(2022, 3, 1), date(2022, 5, 13))
    names = {row["name"] for row in tables["territories"]}
    assert found and all(c.text.split(": ", 1)[0] in names for c in found)
    assert any(
        c.text == "South Ossetia: Outgoing Bibilov calls a vote on joining Russia" for c in found
    )
