"""The claimed values of press claims: their format per metric, parsed once, checked on load.

``claims.csv`` holds a ``claimed_value`` whose format depends on the ``metric``: a whole number for
``population`` and ``un_recognizers_count``; for ``un_recognizers``, ISO3 codes separated by ``;``
with optionally one ``+N`` for states counted but not named, or ``none``. Validation parses every
value here, so a malformed one is bad input (exit 2) and never reaches a kernel.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pycountry

from breakaway.data.problems import Problem, RawTable
from breakaway.dates import parse_partial_date

ISO3_CODES = frozenset(country.alpha_3 for country in pycountry.countries)

_CODE = re.compile(r"^[A-Za-z]{3}$")
_UNNAMED = re.compile(r"^\+(\d+)$")
_WHOLE_NUMBER = re.compile(r"^(\d+|\d{1,3}([, ]\d{3})+)$")
_RECOGNIZER_FORMAT = (
    "ISO 3166-1 alpha-3 codes separated by ';' (like NIC;RUS), optionally one "
    "'+N' for N states the claim counts without naming, or 'none'"
)


@dataclass(frozen=True)
class RecognizerClaim:
    """The UN members a claim says recognise a territory: some named, some only counted."""

    named: frozenset[str]
    unnamed: int = 0

    @property
    def count(self) -> int:
        """How many states the claim implies: named plus unnamed."""
        return len(self.named) + self.unnamed


def parse_recognizer_claim(text: str) -> RecognizerClaim:
    """Read an ``un_recognizers`` claimed value (see the module docstring for the format).

    Raises:
        ValueError: with the reason, when the value does not follow the format.
    """
    tokens = [token.strip() for token in str(text).split(";")]
    if [token.lower() for token in tokens] == ["none"]:
        return RecognizerClaim(frozenset())
    named: list[str] = []
    unnamed: int | None = None
    for token in tokens:
        counted = _UNNAMED.match(token)
        if counted:
            if unnamed is not None:
                raise ValueError(f"'+N' may appear once, got {text!r}")
            unnamed = int(counted[1])
            if unnamed < 1:
                raise ValueError(f"'+{unnamed}' counts no state; leave it out ({text!r})")
        elif _CODE.match(token) and token.upper() in ISO3_CODES:
            if token.upper() in named:
                raise ValueError(f"{token.upper()} is listed twice in {text!r}")
            named.append(token.upper())
        else:
            raise ValueError(f"{token!r} is not one of: {_RECOGNIZER_FORMAT}")
    if not named and unnamed is None:
        raise ValueError(f"expected {_RECOGNIZER_FORMAT}, got {text!r}")
    return RecognizerClaim(frozenset(named), unnamed or 0)


def parse_claimed_number(text: str) -> int:
    """Read a ``population`` or ``un_recognizers_count`` claimed value: ``55000`` or ``55,000``.

    Raises:
        ValueError: with the reason, when the value is not a whole number.
    """
    value = str(text).strip()
    if not _WHOLE_NUMBER.match(value):
        raise ValueError(f"expected a whole number like 55000, got {text!r}")
    return int(value.replace(",", "").replace(" ", ""))


def parse_claimed_date(text: str) -> str:
    """Read a ``recognized_on`` or ``event_on`` claimed value: a (possibly partial) ISO date."""
    parse_partial_date(str(text).strip())
    return str(text).strip()


def parse_claimed_flag(text: str) -> bool:
    """Read a ``rebuffed`` claimed value: ``true`` or ``false``."""
    if str(text).strip() not in ("true", "false"):
        raise ValueError(f"expected true or false, got {text!r}")
    return str(text).strip() == "true"


_PARSERS = {
    "population": parse_claimed_number,
    "un_recognizers_count": parse_claimed_number,
    "un_recognizers": parse_recognizer_claim,
    "recognized_on": parse_claimed_date,
    "event_on": parse_claimed_date,
    "rebuffed": parse_claimed_flag,
}


def check_claim_values(raw: RawTable) -> list[Problem]:
    """A problem for every ``claimed_value`` that does not follow its metric's format."""
    problems = []
    for line, row in zip(raw.lines, raw.rows, strict=True):
        parse = _PARSERS.get(row.get("metric", ""))
        if parse is None:
            continue
        try:
            parse(row.get("claimed_value", ""))
        except ValueError as error:
            problems.append(Problem(raw.display_path, line, "claimed_value", str(error)))
    return problems
