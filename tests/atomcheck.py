"""Whether a feed is Atom (RFC 4287): its RELAX NG schema, then the rules the schema leaves out.

The schema is RFC 4287's Appendix B (``tests/data/atom.rnc``, converted to ``atom.rng``), read by
lxml's RELAX NG validator. It cannot say that an id is an absolute IRI (it takes any text), that a
date carries an upper-case ``T`` and a time zone (RFC 4287 section 3.3 narrows ``xsd:dateTime``
to RFC 3339), nor check its two Schematron rules (an author on the feed or on every entry; each
entry with an alternate link or content) or the limit of one alternate link per type and
language (sections 4.1.1 and 4.1.2): those are checked here. With a base URL, every link must be
absolute and under it. Each problem is one line a person can act on.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import cache
from pathlib import Path

from lxml import etree

SCHEMA = Path(__file__).parent / "data" / "atom.rng"
A = "{http://www.w3.org/2005/Atom}"
XHTML = "{http://www.w3.org/1999/xhtml}"
# RFC 3987's IRI begins with a scheme; a relative reference has none (RFC 4287 section 4.2.6).
ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
# RFC 3339 section 5.6 date-time, with RFC 4287 section 3.3's upper-case "T" and "Z".
DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


@cache
def _schema() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(SCHEMA)))


def atom_problems(document: bytes | str, base_url: str | None = None) -> list[str]:
    """What keeps ``document`` from being an Atom feed (RFC 4287), one line each; empty if none.

    Args:
        document: The feed's bytes or text, as written.
        base_url: The ``--base-url`` the feed was written with: every link must then be
            absolute and start with it.
    """
    data = document.encode("utf-8") if isinstance(document, str) else document
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as error:
        return [f"not XML: {error}"]
    schema = _schema()
    problems = []
    if not schema.validate(root):
        problems += [f"schema, line {e.line}: {e.message}" for e in schema.error_log]
    if root.tag != f"{A}feed":
        return problems + [f"the root is {root.tag}, not atom:feed"]
    entries = root.findall(f"{A}entry")
    for where, element in [("the feed", root)] + [
        (f"entry {n}", entry) for n, entry in enumerate(entries, start=1)
    ]:
        problems += _element_problems(where, element)
    if not root.findall(f"{A}author") and any(not e.findall(f"{A}author") for e in entries):
        problems.append("an entry has no author and neither has the feed (RFC 4287 4.1.1)")
    keys = [(e.findtext(f"{A}id"), e.findtext(f"{A}updated")) for e in entries]
    if len(keys) != len(set(keys)):
        problems.append("two entries share an id and an updated date (RFC 4287 4.1.1)")
    if base_url is not None:
        problems += _link_problems(root, base_url)
    return problems


def _element_problems(where: str, element) -> list[str]:
    """The rules for one feed or entry: one id, title and updated; the id, dates, alternates."""
    problems = []
    section = "4.1.1" if element.tag == f"{A}feed" else "4.1.2"
    for tag in ("id", "title", "updated"):
        count = len(element.findall(f"{A}{tag}"))
        if count != 1:
            problems.append(
                f"{where}: {count} atom:{tag}, expected exactly one (RFC 4287 {section})"
            )
    for identifier in element.findall(f"{A}id"):
        text = (identifier.text or "").strip()
        if not ABSOLUTE_IRI.match(text):
            problems.append(f"{where}: id {text!r} is not an absolute IRI (RFC 4287 4.2.6)")
    for tag in ("updated", "published"):
        for stamp in element.findall(f"{A}{tag}"):
            problem = _date_problem(stamp.text or "")
            if problem:
                problems.append(f"{where}: {tag} {stamp.text!r} {problem} (RFC 4287 3.3)")
    alternates = [
        (link.get("type"), link.get("hreflang"))
        for link in element.findall(f"{A}link")
        if link.get("rel", "alternate") == "alternate"
    ]
    if len(alternates) != len(set(alternates)):
        problems.append(f"{where}: two alternate links of one type and language (RFC 4287 4.1)")
    if element.tag == f"{A}entry" and not alternates and element.find(f"{A}content") is None:
        problems.append(f"{where}: neither an alternate link nor content (RFC 4287 4.1.2)")
    return problems


def _date_problem(text: str) -> str | None:
    if not DATE_TIME.match(text):
        return "is not an RFC 3339 date-time (YYYY-MM-DDThh:mm:ss and Z or an offset)"
    try:
        datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return "is not a real date and time"
    return None


def _link_problems(root, base_url: str) -> list[str]:
    """Every href absolute and under ``base_url``; the feed's own id its address."""
    problems = []
    for element in root.iter(f"{A}link", f"{XHTML}a"):
        target = element.get("href") or ""
        if not target.startswith(base_url):
            problems.append(f"line {element.sourceline}: link {target!r} is not under {base_url}")
    feed_id = (root.findtext(f"{A}id") or "").strip()
    selves = [link.get("href") for link in root.findall(f"{A}link") if link.get("rel") == "self"]
    if selves != [feed_id]:
        problems.append(f"the feed's id {feed_id!r} is not its one self link {selves}")
    return problems
