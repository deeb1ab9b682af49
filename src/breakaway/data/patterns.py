"""Descriptor patterns whose matching time is bounded: no catastrophic backtracking.

Frictionless matches each ``pattern`` with Python's ``re``, which backtracks: ``^(a+)+$`` on thirty
``a`` and a ``!`` takes minutes. ``datapackage.json`` is data anyone can edit, so a pattern of
that shape is refused when the descriptor is read, before any cell is matched.
"""

from __future__ import annotations

MAX_PATTERN_LENGTH = 500


def pattern_problem(pattern: str) -> str | None:
    r"""Why a descriptor pattern could take exponential time on a crafted cell, or ``None``.

    Refuses a repeated group that holds another unbounded repeat (``(a+)+``, ``(\w*)*``) unless
    the group starts with a fixed separator that its repeats cannot match (``(;[a-z]+)*``): the
    shape behind catastrophic backtracking. Alternations inside a repeat are refused likewise.
    """
    if len(pattern) > MAX_PATTERN_LENGTH:
        return f"a pattern of at most {MAX_PATTERN_LENGTH} characters"
    # CPython's own parser (private, as re._parser since 3.11, the oldest Python supported; the
    # public sre_parse alias warns of its removal). typeshed has no stub for the private module.
    import re._parser as sre_parse  # type: ignore[import-not-found]

    try:
        tree = sre_parse.parse(pattern)
    except Exception as error:  # noqa: BLE001 - any parse failure is a bad pattern
        return f"a valid regular expression ({error})"
    if _risky(tree, sre_parse):
        return (
            "a pattern without a repeated group that repeats inside (like (a+)+), which can "
            "take exponential time; start the group with a separator, like (;[a-z]+)*"
        )
    return None


def _repeats(items, sre_parse) -> list:
    """Every unbounded repeat in a parsed pattern, at any depth."""
    found = []
    for op, value in items:
        if op in (
            sre_parse.MAX_REPEAT,
            sre_parse.MIN_REPEAT,
            getattr(sre_parse, "POSSESSIVE_REPEAT", None),
        ):
            low, high, sub = value
            if high == sre_parse.MAXREPEAT or high > 100:
                found.append((op, value))
            found += _repeats(sub, sre_parse)
        elif op == sre_parse.SUBPATTERN:
            found += _repeats(value[-1], sre_parse)
        elif op == sre_parse.BRANCH:
            for branch in value[1]:
                found += _repeats(branch, sre_parse)
    return found


def _has_branch(items, sre_parse) -> bool:
    for op, value in items:
        if op == sre_parse.BRANCH:
            return True
        if op == sre_parse.SUBPATTERN and _has_branch(value[-1], sre_parse):
            return True
        if op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT) and _has_branch(value[2], sre_parse):
            return True
    return False


def _risky(tree, sre_parse) -> bool:
    for _op, value in _repeats(tree, sre_parse):
        sub = list(value[2])
        while len(sub) == 1 and sub[0][0] == sre_parse.SUBPATTERN:
            sub = list(sub[0][1][-1])
        if _has_branch(sub, sre_parse):
            return True
        inner = _repeats(sub, sre_parse)
        if not inner:
            continue
        first = sub[0] if sub else None
        if first is None or first[0] != sre_parse.LITERAL:
            return True
        separator = chr(first[1])
        if any(_starts_with(body, separator, tree, sre_parse) for _, (_, _, body) in inner):
            return True
    return False


def _starts_with(body, char: str, tree, sre_parse) -> bool:
    """Whether the first element of a repeat's body can match ``char`` (unsure: yes)."""
    # CPython's private compiler (as ``re._parser`` above): typeshed does not declare it in re.
    from re import _compiler  # type: ignore[attr-defined]

    items = list(body)
    if not items or items[0][0] not in (sre_parse.LITERAL, sre_parse.NOT_LITERAL, sre_parse.IN):
        return True
    try:
        compiled = _compiler.compile(sre_parse.SubPattern(tree.state, items[:1]), 0)
    except Exception:  # noqa: BLE001 - cannot tell: treat as risky
        return True
    return compiled.fullmatch(char) is not None
