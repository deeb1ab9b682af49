"""Issue 20, item 8: every feed the project writes validates as Atom, with absolute links.

Validated against RFC 4287's own RELAX NG schema (``tests/data/atom.rng``, from the RFC's
Appendix B) with lxml, plus the RFC's rules the schema cannot express (``atomcheck``). The feeds
are written as a night's run writes them (``add_editions``, no render); each check is shown to
fail on a planted invalid feed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("lxml", reason="lxml (a test dependency in pyproject.toml) validates Atom")

from atomcheck import A, atom_problems  # noqa: E402 - needs lxml
from lxml import etree  # noqa: E402

from breakaway.render.feed import ENTRIES, FEED, add_editions, atom  # noqa: E402

BASE = "https://example.org/briefings/"
NAMES = {"south-ossetia": "South Ossetia", "comparison": "The breakaway regions compared"}
CHANGES = [
    {"table": "events", "date": f"2022-05-0{n}", "text": f"Event {n} <b>&", "source_ids": "s1"}
    for n in range(1, 8)
]


def _edition(out: Path, report: str, as_of: str, files: bool = True) -> None:
    kind = "comparison" if report == "comparison" else "briefing"
    folder = out / report / as_of
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text(json.dumps({"status": "ok", "kind": kind}))
    (folder / "facts.json").write_text(json.dumps({"headline": "A quiet spring"}))
    if files:
        (folder / f"{kind}.html").write_text("<p>report</p>")
        (folder / f"{kind}.pdf").write_bytes(b"%PDF-1.7")


def _night(out: Path, base_url: str | None) -> str:
    """Two editions of a briefing and one of the comparison, as a run adds them; the feed."""
    _edition(out, "south-ossetia", "2022-03-01")
    _edition(out, "south-ossetia", "2022-05-13")
    _edition(out, "comparison", "2022-05-13")
    editions = [
        {"report": "south-ossetia", "as_of": "2022-03-01", "previous": None, "changes": []},
        {"report": "south-ossetia", "as_of": "2022-05-13", "previous": "2022-03-01",
         "changes": CHANGES},
        {"report": "comparison", "as_of": "2022-05-13", "previous": None, "changes": []},
    ]  # fmt: skip
    add_editions(out, editions, NAMES, base_url)
    return (out / FEED).read_text(encoding="utf-8")


@pytest.mark.parametrize("base_url", [None, BASE])
def test_the_feed_of_a_night_validates_as_atom(tmp_path, base_url):
    feed = _night(tmp_path, base_url)
    assert atom_problems(feed, base_url) == []


def test_a_feed_rewritten_for_a_new_base_url_validates_with_absolute_links(tmp_path):
    _night(tmp_path, None)
    add_editions(tmp_path, [], NAMES, BASE)  # nothing new: only the links change
    feed = (tmp_path / FEED).read_text(encoding="utf-8")
    assert f'href="{BASE}south-ossetia/2022-05-13/briefing.pdf"' in feed
    assert atom_problems(feed, BASE) == []


def test_entries_rebuilt_from_the_editions_validate_even_without_their_files(tmp_path):
    # A broken .feed.json is rebuilt from editions.json; an edition whose files are gone keeps
    # one alternate link, to its folder.
    entries = [
        {"id": "tag:breakaway,2022-05-13:south-ossetia", "title": "South Ossetia: edition",
         "updated": "2022-05-13T00:00:00Z", "link": "south-ossetia/2022-05-13/",
         "summary": "The first edition of this report."},
    ]  # fmt: skip
    for base_url in (None, BASE):
        assert atom_problems(atom(entries, base_url), base_url) == []
    assert atom_problems(atom([], BASE), BASE) == []  # an empty feed is a feed too


def test_the_schema_is_the_rfcs_and_says_where_it_came_from():
    data = Path(__file__).resolve().parents[1] / "data"
    rng, rnc = (data / "atom.rng").read_text(), (data / "atom.rnc").read_text()
    for text in (rng, rnc):
        assert "RFC 4287" in text and "Appendix B" in text and "BSD" in text
    assert "start = atomFeed | atomEntry" in rnc
    assert 'datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes"' in rng


# -- planted invalid feeds: each is caught ------------------------------------------------------------


@pytest.fixture
def good(tmp_path) -> str:
    feed = _night(tmp_path, BASE)
    assert atom_problems(feed, BASE) == []
    return feed


def _entry_id(feed: str) -> str:
    return feed.split("<entry>", 1)[1].split("<id>", 1)[1].split("</id>", 1)[0]


def test_a_missing_id_is_caught_by_the_schema(good):
    planted = good.replace(f"<id>{_entry_id(good)}</id>", "", 1)
    problems = atom_problems(planted, BASE)
    assert any(p.startswith("schema, line ") for p in problems), problems  # the RFC's schema
    assert "entry 1: 0 atom:id, expected exactly one (RFC 4287 4.1.2)" in problems  # in words


def test_a_relative_id_is_caught(good):
    planted = good.replace(f"<id>{_entry_id(good)}</id>", "<id>south-ossetia/2022-05-13</id>", 1)
    assert atom_problems(planted, BASE) == [
        "entry 1: id 'south-ossetia/2022-05-13' is not an absolute IRI (RFC 4287 4.2.6)"
    ]


def test_a_relative_link_is_caught_under_a_base_url(good):
    planted = good.replace(f'href="{BASE}south-ossetia/2022-05-13/briefing.pdf"',
                           'href="south-ossetia/2022-05-13/briefing.pdf"', 1)  # fmt: skip
    problems = atom_problems(planted, BASE)
    assert any("link 'south-ossetia/2022-05-13/briefing.pdf' is not under" in p for p in problems)
    assert atom_problems(planted) == []  # without a base URL, relative links are allowed


@pytest.mark.parametrize(
    ("stamp", "why"),
    [
        ("2022-05-13", "is not an RFC 3339 date-time"),  # a date alone
        ("2022-05-13T00:00:00", "is not an RFC 3339 date-time"),  # no time zone
        ("2022-05-13t00:00:00z", "is not an RFC 3339 date-time"),  # lower-case t and z
        ("2022-02-30T00:00:00Z", "is not a real date and time"),
    ],
)
def test_a_bad_date_is_caught(good, stamp, why):
    planted = good.replace(
        "<updated>2022-05-13T00:00:00Z</updated>", f"<updated>{stamp}</updated>", 1
    )
    problems = atom_problems(planted, BASE)
    assert any(f"updated {stamp!r} {why}" in p for p in problems), problems


def test_no_author_anywhere_is_caught(good):
    planted = good.replace("<author><name>breakaway</name></author>", "", 1)
    assert "<author>" not in planted
    assert atom_problems(planted, BASE) == [
        "an entry has no author and neither has the feed (RFC 4287 4.1.1)"
    ]


def test_two_alternates_of_one_type_and_an_entry_with_no_way_to_read_it_are_caught(good):
    # Entries run newest first: the comparison's, then South Ossetia's of 13 May 2022.
    html = f'<link href="{BASE}south-ossetia/2022-05-13/briefing.html" rel="alternate" type="text/html" />'
    assert html in good
    doubled = good.replace(html, html + html, 1)
    assert atom_problems(doubled, BASE) == [
        "entry 2: two alternate links of one type and language (RFC 4287 4.1)"
    ]
    feed = etree.fromstring(good.encode("utf-8"))
    first = feed.find(f"{A}entry")
    for element in first.findall(f"{A}link") + first.findall(f"{A}content"):
        first.remove(element)
    bare = etree.tostring(feed, encoding="unicode")
    assert atom_problems(bare, BASE) == [
        "entry 1: neither an alternate link nor content (RFC 4287 4.1.2)"
    ]


def test_the_feeds_own_id_must_be_its_address_under_a_base_url(good):
    planted = good.replace(f"<id>{BASE}feed.xml</id>", "<id>tag:breakaway,2026:editions</id>", 1)
    assert any("is not its one self link" in p for p in atom_problems(planted, BASE))


def test_entries_kept_in_the_json_file_are_what_the_feed_is_written_from(tmp_path):
    # The feed validated above is the one a run writes: a second run reads .feed.json back.
    _night(tmp_path, BASE)
    kept = json.loads((tmp_path / ENTRIES).read_text(encoding="utf-8"))
    assert atom_problems(atom(kept, BASE), BASE) == []
