"""The short answer on page 1: headline and lead, chosen and worded from the record of day D.

Built on the shipped data, no kernel: ``build_facts`` and ``LeadRecord.known`` give what a
``Briefing`` gives the lead. Each check is a function that raises on a bad lead, and each has a
test that plants the bad case and sees it caught.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

import pandas as pd
import pytest
from absence import absence_claims
from bs4 import BeautifulSoup
from factsonce import shipped_lead

from breakaway import paths
from breakaway.data.load import load_dataset
from breakaway.dates import MONTHS, known_on, parse_partial_date, today
from breakaway.knowledge.facts import build_facts
from breakaway.report.briefing import Briefing
from breakaway.report.citations import Citations
from breakaway.report.lead import MAX_WORDS, MIN_WORDS, build_lead
from breakaway.report.lead_news import LeadRecord, event_score, latest_news, statement_score
from breakaway.report.lead_text import Lead, Sentence
from breakaway.report.speakers import is_person, is_whole_sentence

TERRITORIES = ["south-ossetia", "abkhazia", "transnistria", "nagorno-karabakh"]
DAYS = [
    date(1992, 12, 31),
    date(2008, 9, 1),
    date(2014, 12, 31),
    date(2022, 5, 13),
    date(2023, 10, 15),
    today(),
]
CASES = [(t, d) for t in TERRITORIES for d in DAYS]
ABSENT = "This record holds no"


@cache
def shipped():
    return load_dataset(paths.data_dir())


def is_thin(territory: str, day: date) -> bool:
    """A record with no census and no statement on D holds too little for 300 honest words.

    Its lead says what the record lacks instead of padding (South Ossetia, Abkhazia and
    Transnistria at the end of 1992): the data, not the prose, fixes that.
    """
    _, record = made(territory, day)
    facts = build_facts(shipped(), territory, day)
    return record.statements.empty and facts["latest_census"] is None


def made(territory: str, day: date) -> tuple[Lead, LeadRecord]:
    """The lead and its record, made once per process (shared with test_editor_read)."""
    return shipped_lead(territory, day)


def citations(day: date) -> Citations:
    return Citations(shipped().sources, day)


# -- checks -----------------------------------------------------------------------------------


def check_length(lead: Lead, thin: bool = False) -> None:
    """300–500 words without citation markers (a thin record: at most 500, absences said)."""
    assert lead.words <= MAX_WORDS, f"{lead.words} words"
    if thin:
        assert ABSENT in lead.plain
    else:
        assert lead.words >= MIN_WORDS, f"{lead.words} words:\n{lead.plain}"


def check_every_sentence_cited(lead: Lead, cite: Citations) -> None:
    """Each sentence cites a source published by D, unless it states an absence from the record."""
    for sentence in (s for p in lead.paragraphs for s in p):
        if sentence.text.startswith(ABSENT):
            continue
        assert cite.citable_ids(sentence.source_ids), f"uncited: {sentence.text}"


DATE = re.compile(
    rf"\b(?:(\d{{1,2}}) )?({'|'.join(MONTHS)}) (\d{{4}})\b|\b(?:in|by|for|since) (\d{{4}})\b"
)


def dates_in(text: str) -> list[date]:
    """Every date a reader sees: ``13 May 2022``, ``May 2022``, ``in 2017`` (at its start: a
    figure for the year of D, published by D, is not after D).
    """
    found = []
    for match in DATE.finditer(text):
        day, month, year, bare_year = match.groups()
        if bare_year:
            found.append(parse_partial_date(bare_year).start)
            continue
        iso = f"{year}-{MONTHS.index(month) + 1:02d}" + (f"-{int(day):02d}" if day else "")
        found.append(parse_partial_date(iso).start)
    return found


def check_nothing_after(lead: Lead, day: date) -> None:
    """No date after D, except a day set in advance ("for 17 July 2022", "would ... by ...")."""
    for sentence in (s.plain for p in lead.paragraphs for s in p):
        later = [d for d in dates_in(sentence) if d > day]
        if later:
            assert re.search(r"\bwould\b|\bfor \d", sentence), f"after {day}: {sentence}"


def check_quotes_verbatim(lead: Lead, record: LeadRecord) -> None:
    """Quotation marks only around a ``quote`` of the record, and the speaker named before it."""
    statements = record.statements
    for sentence in (s.plain for p in lead.paragraphs for s in p):
        for quoted in re.findall(r"“(.*?)”", sentence):
            rows = statements[statements["quote"] == quoted]
            assert not rows.empty, f"not a quote of the record: “{quoted}”"
            speaker = str(rows.iloc[0]["speaker"])
            assert speaker in sentence.split("“")[0], f"{speaker} not named before the quote"


def parent_source_ids(record: LeadRecord) -> set[str]:
    said, did = record.parent_rows()
    return {s for cell in [*said["source_ids"], *did["source_ids"]] for s in cell.split(";")}


def check_parent_only(lead: Lead, record: LeadRecord) -> None:
    """The parent's reaction cites only the parent state's own statements and acts."""
    allowed = parent_source_ids(record)
    for sentence in lead.paragraph("parent"):
        cited = {s for s in sentence.source_ids.split(";") if s}
        assert cited <= allowed, f"not the parent's own: {sentence.text}"


def check_latest_first(lead: Lead, record: LeadRecord) -> None:
    """The lead opens with the latest news: nothing newer in the record matters as much."""
    item, _ = latest_news(record)
    assert item is not None
    first = lead.paragraph("news")[0]
    # The sentence may add the sources of a person's name and role (people.csv) after its own.
    assert first.source_ids.startswith(item.source_ids), f"opens with {first.text}"
    newer = [
        event_score(r) for _, r in record.events.iterrows() if r["known_on"] > item.known_on
    ] + [
        statement_score(r) for _, r in record.statements.iterrows() if r["known_on"] > item.known_on
    ]
    assert all(score < item.score for score in newer), f"a newer item outranks {item.on}"


# -- the checks on every territory and day ------------------------------------------------------


@pytest.mark.parametrize(("territory", "day"), CASES)
def test_lead_reads_300_to_500_words_cited_and_dated_by_day(territory, day):
    lead, record = made(territory, day)
    check_length(lead, thin=is_thin(territory, day))
    check_every_sentence_cited(lead, citations(day))
    check_nothing_after(lead, day)
    check_quotes_verbatim(lead, record)
    check_parent_only(lead, record)
    assert not absence_claims(lead.plain), absence_claims(lead.plain)
    assert lead.headline and "\n" not in lead.headline


@pytest.mark.parametrize(("territory", "day"), CASES)
def test_lead_opens_with_the_latest_news(territory, day):
    lead, record = made(territory, day)
    check_latest_first(lead, record)


@pytest.mark.parametrize(
    ("territory", "day", "quoted"),
    [
        ("south-ossetia", date(2022, 5, 13), True),
        ("south-ossetia", today(), True),
        ("abkhazia", today(), True),
        ("transnistria", today(), True),
        ("nagorno-karabakh", today(), True),
        # Before any outside voice in the record speaks in a whole sentence: told in paraphrase.
        ("abkhazia", date(2008, 9, 1), False),
    ],
)
def test_an_outside_voice_is_quoted_verbatim_by_name_and_role(territory, day, quoted):
    lead, record = made(territory, day)
    quotes = re.findall(r"“(.*?)”", lead.plain)
    assert len(quotes) == (1 if quoted else 0), lead.plain
    for quote in quotes:
        assert is_whole_sentence(quote)
        row = record.statements[record.statements["quote"] == quote].iloc[0]
        assert row["side"] == "independent"
        before = lead.plain.split("“")[0]
        assert row["speaker"] in before
        if is_person(row["speaker"]):  # an institution is its own role
            assert f"{row['speaker']}, {row['role']}" in before


# -- the story of 13 May 2022 ----------------------------------------------------------------------


def test_south_ossetia_on_13_may_2022_leads_with_the_referendum_and_says_why():
    lead, _ = made("south-ossetia", date(2022, 5, 13))
    assert lead.headline == "South Ossetia: Outgoing Bibilov calls a vote on joining Russia"
    first = lead.paragraph("news")[0].plain
    assert first.startswith("On 13 May 2022,") and "referendum" in first
    assert "Anatoly Bibilov, de facto president of South Ossetia," in first  # full name, role
    why = " ".join(s.plain for s in lead.paragraph("why"))
    assert "kin to the people of North Ossetia–Alania across the border in Russia" in why
    assert "Russian passports" in why and "of its budget" in why
    assert "“Our position on Abkhazia and South Ossetia remains clear" in lead.plain  # U.S. Embassy
    assert "“we will not recognize" not in lead.plain  # Ned Price's fragment is not a sentence
    parent = " ".join(s.plain for s in lead.paragraph("parent"))
    assert "Georgia" in parent and "War breaks out" not in parent


def test_nagorno_karabakh_after_the_surrender_is_not_told_as_self_governing():
    for day in (date(2023, 10, 15), today()):
        lead, _ = made("nagorno-karabakh", day)
        what = " ".join(s.plain for s in lead.paragraph("what"))
        assert "was a breakaway part of Azerbaijan" in what
        assert "Azerbaijan has controlled it since 20 September 2023" in what
        for wrong in ("de facto independent", "governs itself", "is a breakaway"):
            assert wrong not in lead.plain
    before, _ = made("nagorno-karabakh", date(2022, 5, 13))
    assert "governs itself" in before.plain  # the same words, while it did


def test_lead_follows_house_style():
    for territory, day in CASES:
        text = made(territory, day)[0].plain
        for wrong in (r"\b1 \w+s\b", r"\b\d{4}-\d{2}-\d{2}\b", r"\bkm2\b", r"\w_\w", r"\.\.", " ,"):
            assert not re.search(wrong, text), f"{wrong!r} in {territory} {day}: {text}"


def test_lead_html_escapes_data_and_cites_each_sentence():
    lead = Lead(
        "<script>alert(1)</script>",
        ((Sentence("A <b>bold</b> claim", "civil-ge-483115-us-reacts"),),),
        ("news",),
    )
    html = str(lead.html(citations(date(2022, 5, 13))))
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("h2", class_="headline").get_text() == "<script>alert(1)</script>"
    assert soup.find("script") is None and soup.find("b") is None
    assert soup.find("p").find("sup", class_="cite")  # the marker, before the full stop
    assert soup.find("p").get_text().endswith("].")


def test_briefing_lead_and_published_facts_carry_the_headline_and_latest_news():
    briefing = Briefing(shipped(), "south-ossetia", date(2022, 5, 13))
    soup = BeautifulSoup(briefing.lead()._repr_html_(), "html.parser")
    headline = soup.find("h2", class_="headline").get_text()
    assert headline == "South Ossetia: Outgoing Bibilov calls a vote on joining Russia"
    facts = briefing.publish_facts().facts
    assert facts["headline"] == headline
    assert facts["latest_news"]["on"] == "2022-05-13"
    assert "17 July 2022" in facts["latest_news"]["text"]


# -- each check catches its planted bad case ---------------------------------------------------


def _plant(lead: Lead, name: str, sentence: Sentence, first: bool = False) -> Lead:
    index = lead.names.index(name)
    paragraphs = list(lead.paragraphs)
    old = paragraphs[index]
    paragraphs[index] = (sentence, *old) if first else (*old, sentence)
    return Lead(lead.headline, tuple(paragraphs), lead.names)


def test_each_check_fails_on_its_planted_case():
    day = date(2022, 5, 13)
    lead, record = made("south-ossetia", day)
    cited = "civil-ge-483115-us-reacts"
    too_long = _plant(lead, "wider", Sentence(" ".join(["word"] * 200), cited))
    with pytest.raises(AssertionError, match="words"):
        check_length(too_long)
    too_short = Lead(lead.headline, lead.paragraphs[:2], lead.names[:2])
    with pytest.raises(AssertionError, match="words"):
        check_length(too_short)
    with pytest.raises(AssertionError, match="uncited"):
        check_every_sentence_cited(_plant(lead, "why", Sentence("Bibilov won")), citations(day))
    with pytest.raises(AssertionError, match="after"):
        check_nothing_after(_plant(lead, "news", Sentence("On 1 June 2022, he left", cited)), day)
    ours = _plant(lead, "why", Sentence("Georgia called it “an illegal vote”", cited))
    with pytest.raises(AssertionError, match="not a quote"):
        check_quotes_verbatim(ours, record)
    war = record.events[record.events["category"] == "conflict"].iloc[-1]["source_ids"]
    with pytest.raises(AssertionError, match="not the parent's own"):
        check_parent_only(_plant(lead, "parent", Sentence("War broke out", war)), record)
    older = record.events.iloc[0]
    stale = _plant(lead, "news", Sentence("Long ago, it began", older["source_ids"]), first=True)
    with pytest.raises(AssertionError, match="opens with"):
        check_latest_first(stale, record)
    assert absence_claims("No census had been published by then.")


def test_a_newer_event_as_significant_takes_the_lead():
    day = date(2022, 5, 14)
    _, record = made("south-ossetia", day)
    planted = record.events.iloc[-1].copy()
    planted["event_id"] = "planted"
    planted["date"], planted["end_date"] = "2022-05-14", ""
    planted["category"], planted["topic"], planted["direction"] = "status", "status", ""
    planted["title"] = "Planted declaration"
    planted["description"] = "A planted declaration was made."
    events = pd.concat([record.events, planted.to_frame().T], ignore_index=True)
    events["known_on"] = events["date"].map(known_on)
    richer = LeadRecord(day, events, record.statements, record.indicators, record.patron_region)
    lead = build_lead(build_facts(shipped(), "south-ossetia", day), richer)
    assert lead.headline == "South Ossetia: Planted declaration"
    assert lead.paragraph("news")[0].plain == "On 14 May 2022, a planted declaration was made."


def check_told_once(lead: Lead) -> None:
    """No row is told twice: no two sentences end in the same eight words (the row's own)."""
    bodies = [" ".join(s.plain.split()[-8:]) for p in lead.paragraphs for s in p]
    repeated = {b for b in bodies if bodies.count(b) > 1}
    assert not repeated, f"told twice: {repeated}"


def test_no_row_is_told_twice():
    for territory, day in CASES:
        check_told_once(made(territory, day)[0])
    lead, _ = made("nagorno-karabakh", date(2022, 5, 13))  # the news is the only outside voice
    twice = _plant(lead, "wider", lead.paragraph("news")[0])
    with pytest.raises(AssertionError, match="told twice"):
        check_told_once(twice)
