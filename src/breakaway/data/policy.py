"""The source policy: what an editor would strike, refused on load with the usual one-line error.

- No banned kind of page: Wikipedia mirrors and content farms, social-media pins, forums,
  anonymous proxies, search result pages. Wikipedia itself is a reference work, allowed only
  beside an independent source (the next rule).
- No tracking parameters or click-redirects in URLs.
- Every row of a table with ``source_ids`` cites at least one source that is neither a reference
  work nor partisan or state media, unless its curator note starts with
  ``no-independent-source:`` and says why none exists.

Publication dates are required by the descriptor; ``data/sourcing.py`` applies them.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl

from breakaway.data.problems import Problem, RawTable
from breakaway.data.safety import split_url

# Hosts (or host fragments) of mirrors, content farms, pins, forums and proxies.
BANNED_HOSTS = {
    "alchetron": "a content farm",
    "askwiki": "a Wikipedia mirror",
    "dbpedia": "a Wikipedia mirror",
    "docslib": "a document mirror",
    "everybodywiki": "a wiki of unvetted pages",
    "governmentexamguru": "a content farm",
    "hmong.es": "a Wikipedia mirror",
    "iiab.": "a Wikipedia mirror",
    "ipfs": "a Wikipedia mirror",
    "kiwix": "a Wikipedia mirror",
    "netlibrary": "a Wikipedia mirror",
    "pinterest.": "a social-media pin",
    "piglix": "a Wikipedia mirror",
    "profilpelajar": "a Wikipedia mirror",
    "reddit.com": "a forum",
    "studylib": "a document mirror",
    "triplydb": "a Wikipedia mirror",
    "webcache.googleusercontent": "a search engine's cache",
    "wikimili": "a Wikipedia mirror",
    "wikiwand": "a Wikipedia mirror",
    "wikisum": "a content farm",
    "worddisk": "a Wikipedia mirror",
    "translate.goog": "a proxy",
    # Repost sites: a wire story reposted beside a site's own opinion pages; cite the wire's own
    # page or an established outlet that ran it (issue 18: AP on Townhall.com).
    "ghafghazestan.com": "a blog",
    "newskeeper.ro": "a news aggregator",
    "taklama.com": "a blog",
    "townhall.com": "a repost site",
    "windowstorussia.com": "a news aggregator",
    # Round 5: the last reposts. Third-party page archives keep copies anyone can request; cite
    # the original, or the Wayback Machine's copy of it with the original's own date.
    "archive.is": "a third-party page archive",
    "archive.ph": "a third-party page archive",
    "archive.today": "a third-party page archive",
    "devdiscourse": "a syndication site rewriting agency copy",
    "eurasia.ro": "a repost site",
}
BANNED_PATHS = [
    (re.compile(r"/forums?/|/viewtopic|/showthread|/threads?/", re.I), "a forum thread"),
    (re.compile(r"(^|/)search(\.php)?($|[/?])|/results\?", re.I), "a search page"),
    (re.compile(r"/(proxy|browse\.php)\b", re.I), "an anonymous proxy"),
]
TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|yclid|_ga|ref_src|source|jsessionid|sessionid|sid)$",
    re.I,
)
REDIRECT = re.compile(r"/(redirect|click|out)\b.*[?&](url|u|q|to)=https?", re.I)
INDEPENDENT_KINDS = {"official", "news", "research"}
EXCUSE = "no-independent-source:"


def url_problem(url: str) -> str:
    """What an editor would strike about a source URL, or ``""``."""
    if not url:
        return ""
    parts = split_url(url)
    host = parts.netloc.lower()
    for fragment, what in BANNED_HOSTS.items():
        if fragment in host:
            return f"{what} ({host}); expected the original publisher's page"
    for pattern, what in BANNED_PATHS:
        if pattern.search(parts.path) or (what == "a search page" and "search=" in parts.query):
            return f"{what}; expected the page of the document itself"
    if ";jsessionid=" in parts.path.lower():
        return "a session id in the URL; expected the URL without it"
    tracking = [key for key, _ in parse_qsl(parts.query) if TRACKING.match(key)]
    if tracking:
        return f"tracking parameter {tracking[0]!r}; expected the URL without it"
    if REDIRECT.search(url):
        return "a click-redirect; expected the URL it leads to"
    return ""


def check_source_policy(tables: dict[str, RawTable]) -> list[Problem]:
    """Banned pages and tracking URLs in sources.csv; rows with no independent source."""
    sources = tables["sources"]
    problems = [
        Problem(sources.display_path, line, "url", problem)
        for line, _, url in sources.column("url")
        if (problem := url_problem(url))
    ]
    # Checked here too, whatever the descriptor says: the as-of rule needs every date.
    problems += [
        Problem(
            sources.display_path,
            line,
            "published_on",
            "no publication date; expected YYYY, YYYY-MM or YYYY-MM-DD (a report as of a day "
            "cites only sources published by then)",
        )
        for line, row in zip(sources.lines, sources.rows, strict=True)
        if not row.get("published_on", "").strip()
    ]
    kinds = {row["source_id"]: row.get("kind", "") for row in sources.rows}
    if not any(kinds.values()):
        return problems  # a descriptor without kinds: nothing to judge independence by
    for raw in tables.values():
        if "source_ids" not in raw.header:
            continue
        for line, row, ids in raw.column("source_ids"):
            cited = [kinds.get(source_id, "") for source_id in ids.split(";")]
            if any(kind in INDEPENDENT_KINDS for kind in cited):
                continue
            if row.get("note", "").startswith(EXCUSE):
                continue
            problems.append(
                Problem(
                    raw.display_path,
                    line,
                    "source_ids",
                    "every source is a reference work or partisan; expected one official, news "
                    f"or research source, or a note starting {EXCUSE!r} saying why none exists",
                )
            )
    return problems
