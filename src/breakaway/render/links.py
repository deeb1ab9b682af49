"""Links from the index and the feed to the reports: relative, or absolute under ``--base-url``.

Without a base URL every link is relative to the output folder (``<report>/<as_of>/
briefing.html``), so the folder can be served from anywhere. With ``--base-url`` (or
``BREAKAWAY_BASE_URL``), the address the output folder is published at, every link is absolute,
as feed readers need. Only an ``http``/``https`` address with a host is accepted, so no base can
turn a link into a ``javascript:`` URL. Standard library only.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from breakaway.errors import ParameterError
from breakaway.render.guard import UnsafePath, open_no_follow

BASE_URL_ENV = "BREAKAWAY_BASE_URL"
MAX_FACTS_BYTES = 4 * 1024 * 1024


def check_base_url(text: str | None) -> str | None:
    """The base URL ending in ``/``, or ``None`` for relative links.

    Raises:
        ParameterError: Not an ``http`` or ``https`` URL with a host, or it carries a query or
            a fragment (one line, exit 2).
    """
    if text is None or not text.strip():
        return None
    text = text.strip()
    try:
        parts = urlsplit(text)
        valid = parts.scheme in ("http", "https") and bool(parts.hostname)
        valid = valid and not parts.query and not parts.fragment and parts.port != 0
    except ValueError:
        valid = False
    if not valid or any(c.isspace() or ord(c) < 32 for c in text):
        raise ParameterError(
            f"--base-url {text!r}: expected the http(s) address the output folder is published "
            "at, such as https://example.org/briefings/"
        )
    return text if text.endswith("/") else text + "/"


def href(base_url: str | None, *parts: str) -> str:
    """The link to ``parts`` (a path under the output folder), each part percent-encoded.

    ``./<report>/<as_of>/briefing.html`` without a base; under one, the same path
    appended to it.
    """
    path = "/".join(quote(part, safe="") for part in parts)
    return f"{base_url}{path}" if base_url else f"./{path}"


def links_differ(page: Path, base_url: str | None) -> bool:
    """Whether a page written before (the index, the feed) links otherwise than this run would.

    So that a run that adds, changes or drops ``--base-url`` rewrites them even when it has
    nothing else to do; a page that is missing or cannot be read is left to the usual rules.
    """
    try:
        fd = open_no_follow(page, os.O_RDONLY | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as file:
            text = file.read(MAX_FACTS_BYTES).decode("utf-8", "replace")
    except (OSError, UnsafePath):
        return False
    if base_url is None:
        return 'href="http' in text
    from html import escape  # here: html.entities is a large table a no-op run need not load

    return f'href="{escape(base_url, quote=True)}' not in text


def read_json_object(path: Path) -> dict[str, Any]:
    """A small JSON object from a report folder, read without following links; {} otherwise."""
    try:
        fd = open_no_follow(path, os.O_RDONLY | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as file:
            value = json.loads(file.read(MAX_FACTS_BYTES).decode("utf-8"))
    except (OSError, UnsafePath, ValueError, RecursionError):
        return {}
    return value if isinstance(value, dict) else {}
