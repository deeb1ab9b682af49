"""The input rules that protect the machine, in code: they hold whatever the descriptor says.

Ids become folder and file names, URLs become links, cell text reaches terminals, PDF metadata and
JSON; numbers reach 64-bit columns. ``datapackage.json`` may state some of these rules too, but it
is data anyone can edit, so the rules here are checked on every validation regardless of it.

Input files are read only when they are regular files within a size limit: a FIFO, a device or a
folder in place of a table is refused instead of hanging or reading for ever.

It must not import pandas or Frictionless: the CLI calls it before deciding whether to render.
"""

from __future__ import annotations

import functools
import math
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import SplitResult, urlsplit

from breakaway.errors import DataError

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# A territory id names a folder (and figure files): short enough for any file system.
MAX_TERRITORY_ID_LENGTH = 64
MAX_ID_LENGTH = 128
# Names the output tree already uses for something else.
RESERVED_IDS = frozenset(
    {"comparison", "latest", "index", "feed", "figures", "reports", "assets", "static"}
)
URL_SCHEMES = ("http", "https")
MAX_URL_LENGTH = 2048
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
# Per-table byte limit; BREAKAWAY_MAX_TABLE_BYTES overrides it (README, "Operating it").
DEFAULT_MAX_TABLE_BYTES = 32 * 1024 * 1024
MAX_TABLE_BYTES_VARIABLE = "BREAKAWAY_MAX_TABLE_BYTES"
# Bidirectional controls reorder what a reader sees (U+202E turns "gpj.exe" into "exe.jpg").
_BIDI_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# Characters XML cannot hold (lone surrogates) or that Unicode reserves as noncharacters (U+FFFE,
# U+FFFF, U+FDD0-U+FDEF and the last two of every plane): a feed or an SVG holding one is invalid.
_NONCHARACTERS = "\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17)
)
# Control characters (Unicode category Cc: C0, DEL and C1), bidi controls or noncharacters; one
# regex search per cell, because validation looks at every cell of every table.
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI_CONTROLS}{_NONCHARACTERS}]")
_UNSAFE_ASCII = re.compile("[\x00-\x1f\x7f]")  # the characters of _UNSAFE within ASCII


class FileRefused(DataError):
    """An input file that is missing, not a regular file, too big or unreadable."""

    def __init__(self, shown_path: str, reason: str):
        self.reason = reason
        super().__init__([f"{shown_path}: {reason}"])


def escape_text(text: object) -> str:
    """Text safe to print on one terminal line: control, format and bidi characters escaped."""
    shown = []
    for char in str(text):
        if char == "\\" or char.isprintable():
            shown.append(char)
        else:
            code = ord(char)
            shown.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
    return "".join(shown)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#|~&])")


def escape_markdown(text: object) -> str:
    """Text that Markdown (and the HTML it may hold) shows as written: every marker escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", escape_text(text))


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value: object) -> object:
    """A text cell a spreadsheet will not run: one starting ``= + - @``, tab or CR gets a ``'``."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def shown(value: str) -> str:
    """A cell value quoted and escaped for an error message."""
    return repr(escape_text(value))


def unsafe_character(text: str) -> str | None:
    """The first control, bidirectional or non-XML character in ``text``, escaped, or ``None``."""
    found = _UNSAFE.search(text)
    return escape_text(found.group()) if found else None


def has_unsafe_character(texts: Iterable[str]) -> bool:
    """Whether any of ``texts`` holds a character that ``unsafe_character`` would name.

    Two searches over the texts joined by a space (no such character), not one per cell: the
    characters ASCII has, in every text, then the whole set in the texts beyond ASCII alone (an
    ASCII text can hold no other; the whole set spans every plane and is slow per character).
    """
    texts = list(texts)
    if _UNSAFE_ASCII.search(" ".join(texts)):
        return True
    return _UNSAFE.search(" ".join(t for t in texts if not t.isascii())) is not None


def id_problem(value: str, *, territory: bool = False) -> str | None:
    """Why ``value`` cannot be an id (a territory id when ``territory``), or ``None``."""
    limit = MAX_TERRITORY_ID_LENGTH if territory else MAX_ID_LENGTH
    if len(value) > limit:
        return f"expected an id of at most {limit} characters, got {len(value)}"
    if not ID_PATTERN.match(value):
        return (
            "expected an id of lowercase letters, digits and single hyphens "
            f"(like north-region), got {shown(value)}"
        )
    if territory and value in RESERVED_IDS:
        return (
            f"{value!r} is reserved for the output folder's own use; expected another id "
            f"(reserved: {', '.join(sorted(RESERVED_IDS))})"
        )
    return None


@functools.lru_cache(maxsize=4096)
def split_url(url: str) -> SplitResult:
    """``urlsplit(url)``, kept: a validation splits each source URL three times, for three rules.

    The standard library keeps only the last 128 URLs it split, fewer than one sources table.
    """
    return urlsplit(url)


def url_problem(value: str) -> str | None:
    """Why ``value`` cannot be a source URL (http or https with a host), or ``None``."""
    if len(value) > MAX_URL_LENGTH:
        return f"expected a URL of at most {MAX_URL_LENGTH} characters, got {len(value)}"
    try:
        parts = split_url(value)
    except ValueError:
        parts = None
    if (
        parts is None
        or parts.scheme.lower() not in URL_SCHEMES
        or not parts.netloc
        or "".join(value.split()) != value  # split() cuts at what isspace() calls space
        or unsafe_character(value)
    ):
        return f"expected an http:// or https:// URL, got {shown(value)}"
    if "@" in parts.netloc:
        return f"expected a URL without a user name or password (user@host), got {shown(value)}"
    return None


def number_problem(value: str, kind: str) -> str | None:
    """Why an ``integer`` or ``number`` cell cannot be stored in 64 bits, or ``None``."""
    text = value.strip()
    if not text:
        return None
    if kind == "integer":
        try:
            whole = int(text)
        except ValueError:
            return None  # not a whole number: the type check reports it
        if not INT64_MIN <= whole <= INT64_MAX:
            return f"expected a whole number that fits 64 bits, got {shown(text)}"
        return None
    try:
        number = float(text)
    except ValueError:
        return None
    if not math.isfinite(number):
        return f"expected a finite number, got {shown(text)}"
    return None


def max_table_bytes() -> int:
    """The size limit of one input file, in bytes (``BREAKAWAY_MAX_TABLE_BYTES`` overrides it)."""
    from breakaway.data.environment import limit

    return limit(MAX_TABLE_BYTES_VARIABLE)


def read_regular_file(path: Path, shown_path: str, limit: int | None = None) -> bytes:
    """The bytes of ``path`` if it is a regular file within ``limit`` bytes, else ``DataError``.

    Opened without blocking (a FIFO would otherwise wait for a writer) and checked on the open
    descriptor, so what is checked is what is read.
    """
    limit = max_table_bytes() if limit is None else limit
    link = _link_problem(path)
    if link:
        raise FileRefused(shown_path, link)
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise FileRefused(shown_path, "file is missing") from None
    except OSError as error:
        raise FileRefused(shown_path, f"cannot read: {error.strerror}") from None
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise FileRefused(shown_path, f"{_kind(status.st_mode)}; expected a regular file")
        if status.st_size > limit:
            raise FileRefused(shown_path, _too_big(status.st_size, limit))
        chunks, size = [], 0
        while chunk := os.read(fd, 1 << 20):
            size += len(chunk)
            if size > limit:  # grew while we read
                raise FileRefused(shown_path, _too_big(size, limit))
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as error:
        raise FileRefused(shown_path, f"cannot read: {error.strerror}") from None
    finally:
        os.close(fd)


def regular_file_problem(path: Path, shown_path: str, limit: int | None = None) -> str | None:
    """Why ``path`` cannot be read as an input file (not regular, too big), or ``None``."""
    limit = max_table_bytes() if limit is None else limit
    link = _link_problem(path)
    if link:
        return f"{shown_path}: {link}"
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return None  # the reader says what is missing
    except OSError as error:
        return f"{shown_path}: cannot read: {error.strerror}"
    if not stat.S_ISREG(status.st_mode):
        return f"{shown_path}: {_kind(status.st_mode)}; expected a regular file"
    if status.st_size > limit:
        return f"{shown_path}: {_too_big(status.st_size, limit)}"
    return None


def _link_problem(path: Path) -> str | None:
    """Why ``path`` is refused as a symbolic link (named with what it leads to), or ``None``."""
    if not os.path.islink(path):
        return None
    try:
        mode = os.stat(path).st_mode
        target = " to a file" if stat.S_ISREG(mode) else f" to what {_kind(mode)}"
    except OSError:
        target = " that leads nowhere"
    return f"is a symbolic link{target}; expected a regular file in the data folder"


def _too_big(size: int, limit: int) -> str:
    return (
        f"file has {size:,} bytes, more than the limit of {limit:,}; expected a "
        f"smaller table (raise the limit with {MAX_TABLE_BYTES_VARIABLE})"
    )


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "is a folder"
    if stat.S_ISFIFO(mode):
        return "is a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device"
    if stat.S_ISSOCK(mode):
        return "is a socket"
    return "is not a regular file"


def display_path(path: Path) -> str:
    """A path as short as it can be while still opening the right file."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
