"""Who said it: a speaker's full name and role at first mention, a quotation introduced by them.

The house style (shared/STYLE.md, "People") asks for "Anatoly Bibilov, de facto president of South
Ossetia" at first mention and "Bibilov" after; a quotation is a whole sentence, introduced by its
speaker, in quotation marks only when it is the exact words. Statements in ``statements.csv`` are
paraphrases written for a table ("Bibilov said ...", "Said Armenia ...", "She called ..."); this
module turns one into a sentence of running prose that names its speaker properly. Plain text in,
plain text out: the caller escapes it. It draws nothing and reads no file.
"""

from __future__ import annotations

import re
from datetime import date

# Speakers that are bodies, not people: they take "the" and no first-mention role.
BODY_WORDS = frozenset(
    "Assembly Bureau Co-Chairs Committee Council Embassy Government Ministry Office Presidium "
    "Soviet Union government ministry council".split()
)
# Words that open a paraphrase with its subject left out ("Said Armenia could not ...").
SUBJECTLESS_VERBS = frozenset(
    "Adopted Appealed Called Declared Disclosed Ended Presented Praised Rejected Ruled Said Sent "
    "Stated Urged Voted Warned Welcomed".split()
)
# A title just before a surname already says the role: "former state minister Vardanyan".
TITLES = frozenset(
    "aide ambassador chairman envoy leader minister premier president secretary speaker spokesman "
    "spokesperson".split()
)
# "In Yerevan said ..." or "On the anniversary ..., said ...": an opening phrase, then the verb.
OPENING_THEN_VERB = re.compile(
    r"^(?P<opening>(?:In|At|On|After|Before|During|Welcoming|Jointly|Answering)\b[^;]*?)"
    r"(?P<comma>,?) "
    r"(?P<verb>said|urged|praised|presented|rejected|resolved|called|stressed|declared)\b"
)


def is_person(speaker: str) -> bool:
    """A named person (``Anatoly Bibilov``), not a body (``Ministry of Foreign Affairs of ...``)."""
    words = speaker.split()
    return 2 <= len(words) <= 4 and not (set(words) & BODY_WORDS) and " and " not in speaker


def surname(speaker: str) -> str:
    """The name used after the first mention: ``Bibilov``; a body keeps its full name."""
    return speaker.split()[-1] if is_person(speaker) else speaker


def full_mention(speaker: str, role: str) -> str:
    """``Anatoly Bibilov, de facto president of Region X,`` (role in commas) or the name."""
    if is_person(speaker) and role:
        return f"{speaker}, {role},"
    return speaker


def introduce(paraphrase: str, speaker: str, role: str, *, first: bool) -> str:
    """The paraphrase as a sentence whose subject is its speaker, named in full the first time.

    Args:
        paraphrase: The statement in our words, as the data holds it.
        speaker: Who spoke (a person or a body).
        role: The speaker's role at the time (may be empty).
        first: Whether this is the speaker's first mention in its section.
    """
    text = " ".join(str(paraphrase).split())
    name = full_mention(speaker, role) if first else surname(speaker)
    bare = name.rstrip(",")
    last = surname(speaker)
    if not is_person(speaker) and not name.startswith("The "):
        name = f"The {name}"  # a body opens its sentence with "The"
    words = text.split(" ", 1)
    rest = words[1] if len(words) > 1 else ""
    if words[0].rstrip(",") in SUBJECTLESS_VERBS:
        return _tidy(f"{name} {words[0].lower()} {rest}")
    if is_person(speaker):
        possessive = re.match(rf"^{re.escape(last)}'s (\w+) ", text)
        if possessive:
            return _tidy(f"The {possessive.group(1)} of {name} {text[possessive.end() :]}")
        found = re.search(rf"(?<![\w'’-]){re.escape(last)}(?![\w'’-])", text)
        if found and first:
            before = text[: found.start()]
            if before.endswith(speaker[: -len(last)]):  # already named in full
                before = before[: -len(speaker[: -len(last)])]
            return _tidy(f"{before}{name}{text[found.end() :]}")
        if found:
            return text
    opening = OPENING_THEN_VERB.match(text)
    # Without a comma before the verb, the opening must not hide a subject of its own.
    if opening and (opening.group("comma") or "," not in opening.group("opening")):
        if not re.search(r"\b(he|she|they)\b", opening.group("opening")):
            head, the = opening.group("opening"), name.replace("The ", "the ", 1)
            return _tidy(f"{head}, {the} {opening.group('verb')}{text[opening.end() :]}")
    pronoun = re.search(r"(?<!\w)(He|She|They|he|she|they)(?!\w)", text)
    if pronoun and is_person(speaker) or (pronoun and " and " in speaker):
        subject = name if pronoun.start() else name[:1].upper() + name[1:]
        return _tidy(f"{text[: pronoun.start()]}{subject}{text[pronoun.end() :]}")
    body = re.match(r"^The (ministry|embassy|office|bureau|government|council)\b", text)
    if body and not is_person(speaker):
        return _tidy(f"{name}{text[body.end() :]}")
    if is_person(speaker):
        return _tidy(f"{bare} ({role})" if role and first else bare) + f": {text}"
    return text


def _tidy(text: str) -> str:
    """No doubled marks where a role in commas meets the text's own comma, colon or semicolon."""
    text = re.sub(r",\s*,", ",", text)
    return typeset(re.sub(r",(?=[.:;!?)])", "", text))


def typeset(text: str) -> str:
    """Our words in house typography: ``km²`` (not ``km2``), an en dash for a spaced hyphen."""
    return re.sub(r"\bkm2\b", "km²", str(text)).replace(" - ", " – ")


Roster = dict[str, list[tuple[date, str]]]


def role_on(roles: list[tuple[date, str]], on: date | None) -> str:
    """The role the record gives nearest to ``on`` (the latest when ``on`` is None)."""
    if not roles:
        return ""
    if on is None:
        return max(roles)[1]
    return min(roles, key=lambda pair: abs((pair[0] - on).days))[1]


def name_people(text: str, roster: Roster, introduced: set[str], on: date | None = None) -> str:
    """Each person of ``roster`` the text mentions by surname, named in full with role once.

    ``Shevchuk's decree`` becomes ``the decree of Yevgeny Shevchuk, de facto president of
    Region W,``; ``After Bibilov announced`` becomes ``After Anatoly Bibilov, de facto
    president of Region X, announced``. People already in ``introduced`` keep their surname;
    those named here are added to it.

    Args:
        text: Plain text (a paraphrase already told, an event's words).
        roster: Full name -> (day, role) of each statement the record holds of that person.
        introduced: Full names already named in this section.
        on: The day the text tells of: each person's role is the one the record gives nearest.
    """
    for person, roles in roster.items():
        role = role_on(roles, on)
        if person in introduced or not is_person(person):
            continue
        last = surname(person)
        found = re.search(rf"(?<![\w'’-]){re.escape(last)}(?![\w-])", text)
        if not found:
            continue
        introduced.add(person)
        given = person[: -len(last)]
        start = found.start()
        if text[:start].endswith(given):  # already named in full: the role is what is missing
            start -= len(given)
        mention = full_mention(person, role)
        before = text[:start].split()
        # "President Medvedev", "Vice-President Gunba": a title before the name, any case.
        titled = bool(before) and before[-1].lower().rsplit("-", 1)[-1] in TITLES
        if titled:
            mention = person  # "Former state minister Vardanyan": the role is already there
        possessive = re.match(r"['’]s (\w+)", text[found.end() :])
        if possessive and titled:
            # "President Bzhania's resignation": "the resignation of Aslan Bzhania, de facto
            # president of Abkhazia," (the title gives way to the role, which says whose).
            start = text.rfind(before[-1], 0, start)
            mention = full_mention(person, role)
        if possessive:
            the = "The" if start == 0 or text[:start].rstrip().endswith((".", ":")) else "the"
            end = found.end() + possessive.end()
            text = f"{text[:start]}{the} {possessive.group(1)} of {mention}{text[end:]}"
        else:
            text = f"{text[:start]}{mention}{text[found.end() :]}"
        text = _tidy(text)
    return text


def is_whole_sentence(quote: str) -> bool:
    """A quotation that can stand as a sentence: it opens with a capital (or a digit)."""
    quote = str(quote).strip().lstrip("“\"'‘(…. ")
    return bool(quote) and (quote[0].isupper() or quote[0].isdigit())


def quoted(quote: str, speaker: str) -> str:
    """`` In Bibilov's words: “...”.``: a whole-sentence quotation, introduced by its speaker.

    A fragment (``“illegal action that ...”``) is not printed: the paraphrase before it already
    says what it means, and a fragment cannot stand as a sentence. Returns ``""`` for no quote.
    """
    quote = " ".join(str(quote or "").split())
    if not quote or not is_whole_sentence(quote):
        return ""
    owner = f"{surname(speaker)}'s" if is_person(speaker) else "the statement's"
    end = "" if quote[-1] in ".!?…" else "."
    return f" In {owner} words: “{quote}”{end}"
