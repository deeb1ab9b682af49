"""Issue 20, item 8: the feed says what each edition learnt, links its files, and is valid Atom.

No render: the report folders are written by hand and ``add_editions`` is called as a night's run
calls it. The Atom rules checked here are RFC 4287's sections 4.1.1 and 4.1.2, with the standard
XML parser; test_feed_validates.py validates the same feeds against the RFC's RELAX NG schema.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from reportcheck import invoke

from breakaway.errors import ParameterError
from breakaway.render.feed import add_editions
from breakaway.render.index import write_index
from breakaway.render.links import check_base_url

A = "{http://www.w3.org/2005/Atom}"
X = "{http://www.w3.org/1999/xhtml}"
BASE = "https://example.org/briefings/"
NAMES = {"south-ossetia": "South Ossetia", "comparison": "The breakaway regions compared"}


def _change(table: str, day: str, text: str) -> dict:
    return {"table": table, "date": day, "text": text, "source_ids": "s1"}


SIX_EVENTS = [_change("events", f"2022-05-0{n}", f"Event {n}") for n in range(1, 7)]


def _edition(out: Path, report: str, as_of: str, facts: dict | None = None) -> None:
    kind = "comparison" if report == "comparison" else "briefing"
    folder = out / report / as_of
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text(json.dumps({"status": "ok", "kind": kind}))
    (folder / f"{kind}.html").write_text("<p>report</p>")
    (folder / f"{kind}.pdf").write_bytes(b"%PDF-1.7")
    (folder / "facts.json").write_text(json.dumps(facts or {"name": NAMES[report]}))


def _night(out: Path, base_url: str | None = None, changes: list[dict] = SIX_EVENTS) -> None:
    _edition(out, "south-ossetia", "2022-03-01", {"headline": "A quiet spring"})
    _edition(out, "south-ossetia", "2022-05-13")
    editions = [
        {"report": "south-ossetia", "as_of": "2022-03-01", "previous": None, "changes": []},
        {"report": "south-ossetia", "as_of": "2022-05-13", "previous": "2022-03-01",
         "changes": changes},
    ]  # fmt: skip
    add_editions(out, editions, NAMES, base_url)


def _feed(out: Path) -> ElementTree.Element:
    return ElementTree.parse(out / "feed.xml").getroot()


def check_atom(feed: ElementTree.Element) -> None:
    """RFC 4287 4.1.1 and 4.1.2: what a feed and each entry must hold."""
    assert feed.tag == f"{A}feed"
    for name in ("id", "title", "updated"):
        assert len(feed.findall(f"{A}{name}")) == 1, f"feed needs exactly one {name}"
    entries = feed.findall(f"{A}entry")
    assert entries
    has_author = bool(feed.findall(f"{A}author/{A}name"))
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{A}{name}")) == 1, f"entry needs exactly one {name}"
        assert has_author or entry.findall(f"{A}author/{A}name"), "an entry without an author"
        alternates = [
            link
            for link in entry.findall(f"{A}link")
            if link.get("rel", "alternate") == "alternate"
        ]
        assert alternates, "an entry without content needs a link rel=alternate"
        pairs = [(link.get("type"), link.get("hreflang")) for link in alternates]
        assert len(pairs) == len(set(pairs)), "two alternates of one type and language"
        ids = [e.findtext(f"{A}id") for e in entries]
        assert len(ids) == len(set(ids)), "entry ids repeat"
    for stamp in feed.iter(f"{A}updated"):
        assert stamp.text and stamp.text.endswith("Z") and "T" in stamp.text


def _hrefs(feed: ElementTree.Element) -> list[str]:
    return [element.get("href") for element in feed.iter() if element.get("href") is not None]


def test_the_feed_is_atom_with_relative_links_and_tag_ids_by_default(tmp_path):
    _night(tmp_path)
    feed = _feed(tmp_path)
    check_atom(feed)
    assert feed.findtext(f"{A}id").startswith("tag:")
    assert all(e.findtext(f"{A}id").startswith("tag:") for e in feed.findall(f"{A}entry"))
    assert all(not urlsplit(h).scheme for h in _hrefs(feed)), _hrefs(feed)


def test_with_a_base_url_every_link_is_absolute(tmp_path):
    _night(tmp_path, BASE)
    feed = _feed(tmp_path)
    check_atom(feed)
    assert feed.findtext(f"{A}id") == BASE + "feed.xml"
    hrefs = _hrefs(feed)
    assert hrefs and all(h.startswith(BASE) for h in hrefs), hrefs
    newest = feed.find(f"{A}entry")
    links = {link.get("type"): link.get("href") for link in newest.findall(f"{A}link")}
    assert links == {
        "text/html": BASE + "south-ossetia/2022-05-13/briefing.html",
        "application/pdf": BASE + "south-ossetia/2022-05-13/briefing.pdf",
    }


def test_a_planted_relative_link_is_caught_by_the_base_url_check(tmp_path):
    _night(tmp_path, BASE)
    text = (tmp_path / "feed.xml").read_text()
    planted = text.replace(f'href="{BASE}south-ossetia', 'href="south-ossetia', 1)
    hrefs = _hrefs(ElementTree.fromstring(planted))
    assert not all(h.startswith(BASE) for h in hrefs)


def test_the_entry_holds_the_boxs_five_items_and_counts_the_rest(tmp_path):
    _night(tmp_path)
    newest = _feed(tmp_path).find(f"{A}entry")
    assert newest.findtext(f"{A}title") == "South Ossetia: edition of 13 May 2022"
    items = [li.text for li in newest.iter(f"{X}li")]
    assert items == [f"On {n} May 2022: Event {n}" for n in (6, 5, 4, 3, 2)]
    paragraphs = [p.text for p in newest.iter(f"{X}p")]
    assert "And one more event." in paragraphs
    summary = newest.findtext(f"{A}summary")
    assert summary.startswith("New since the edition of 1 March 2022: On 6 May 2022: Event 6;")
    assert summary.endswith("; and one more event.")
    assert '"' not in summary, "our own summaries wear no quotation marks"
    # The first edition says so, with its headline, not a list of changes.
    first = _feed(tmp_path).findall(f"{A}entry")[1]
    assert first.findtext(f"{A}summary") == "The first edition of this report: A quiet spring"


def test_data_text_is_escaped_by_the_xml_library(tmp_path):
    _night(tmp_path, changes=[_change("events", "2022-05-01", "<script>x</script> & ]]>")])
    feed = _feed(tmp_path)
    assert [li.text for li in feed.iter(f"{X}li")] == ["On 1 May 2022: <script>x</script> & ]]>"]
    assert "<script>" not in (tmp_path / "feed.xml").read_text()


@pytest.mark.parametrize(
    "bad", ["javascript:alert(1)", "ftp://example.org/", "https://", "https://a.org/?q=1", "x y"]
)
def test_a_base_url_that_is_not_a_web_address_is_refused(bad):
    with pytest.raises(ParameterError, match="--base-url"):
        check_base_url(bad)


def test_a_base_url_gets_its_final_slash():
    assert check_base_url("https://example.org/b") == "https://example.org/b/"
    assert check_base_url(None) is None and check_base_url("") is None


def test_the_index_links_are_absolute_under_a_base_url(tmp_path):
    _night(tmp_path, BASE)
    page = write_index(tmp_path, BASE).read_text()
    hrefs = [part.split('"')[0] for part in page.split('href="')[1:]]
    assert hrefs and all(h.startswith(BASE) for h in hrefs), hrefs
    relative = write_index(tmp_path).read_text()
    assert 'href="./south-ossetia/2022-05-13/briefing.pdf"' in relative


def test_a_bad_base_url_on_the_command_line_is_one_line_exit_2(tmp_path, data_dir):
    out = tmp_path / "out"
    result = invoke(
        "render", "--data", str(data_dir), "--out", str(out), "--as-of", "2020-01-01",
        "--base-url", "javascript:alert(1)",
    )  # fmt: skip
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "--base-url" in result.stderr
    assert not out.exists()
    env_result = invoke(
        "render", "--data", str(data_dir), "--out", str(out), "--as-of", "2020-01-01",
        env={**os.environ, "BREAKAWAY_BASE_URL": "file:///etc/"},
    )  # fmt: skip
    assert env_result.returncode == 2 and "--base-url" in env_result.stderr


@pytest.mark.parametrize("how", ["option", "environment"])
def test_the_command_passes_the_base_url_to_the_index(tmp_path, data_dir, monkeypatch, how):
    from breakaway import cli
    from breakaway.render import run

    monkeypatch.setattr(run, "render_reports", lambda *args, **kwargs: [])  # no kernel
    out = tmp_path / "out"
    _edition(out, "south-ossetia", "2020-01-01")
    args = ["render", "--data", str(data_dir), "--out", str(out), "--as-of", "2020-01-01"]
    if how == "option":
        args += ["--base-url", BASE]
    else:
        monkeypatch.setenv("BREAKAWAY_BASE_URL", BASE)
    assert cli.main(args) == 0
    page = (out / "index.html").read_text()
    assert f'href="{BASE}south-ossetia/2020-01-01/briefing.html"' in page
    assert 'href="./' not in page


def test_a_run_that_adds_or_drops_the_base_url_rewrites_the_links(tmp_path, data_dir, monkeypatch):
    from breakaway import cli
    from breakaway.render import run
    from breakaway.render.links import links_differ

    monkeypatch.setattr(run, "render_reports", lambda *args, **kwargs: [])  # nothing to render
    out = tmp_path / "out"
    _night(out)  # a feed with relative links
    write_index(out)
    assert not links_differ(out / "feed.xml", None) and links_differ(out / "feed.xml", BASE)
    args = ["render", "--data", str(data_dir), "--out", str(out), "--as-of", "2020-01-01"]
    assert cli.main([*args, "--base-url", BASE]) == 0
    assert 'href="./' not in (out / "index.html").read_text()
    # The feed is rewritten from its entries with nothing new to add.
    add_editions(out, [], NAMES, BASE)
    check_atom(_feed(out))
    assert all(h.startswith(BASE) for h in _hrefs(_feed(out)))
    assert len(_feed(out).findall(f"{A}entry")) == 2
    # And back: without a base, relative again.
    assert cli.main(args) == 0
    assert f'href="{BASE}' not in (out / "index.html").read_text()
