"""The short answer on page 1 of South Ossetia as of 13 May 2022, read from the rendered report.

The PDF's first page (pypdf text) holds the headline, the referendum called that day, a reason
from the data and an outside voice's own words; the HTML opens with the lead, before the key
facts, and facts.json carries the same headline and latest news.
"""

from __future__ import annotations

import json

import pytest
from rendered import rendered_set
from reportcheck import assert_clean, html_text, pdf_pages

pytestmark = pytest.mark.integration

HEADLINE = "South Ossetia: Outgoing Bibilov calls a vote on joining Russia"
# The U.S. Embassy in Tbilisi, 10 April 2022: the quote column of statements.csv (a whole
# sentence; Ned Price's clause of 31 March is a fragment, told in paraphrase by house style).
OUTSIDE_QUOTE = (
    "Our position on Abkhazia and South Ossetia remains clear: these regions are integral parts "
    "of Georgia."
)
REASONS = (
    "kin to the people of North Ossetia–Alania across the border in Russia",
    "held Russian passports",
    "of its budget",
)


@pytest.fixture(scope="module")
def so_2022(tmp_path_factory):
    return rendered_set(tmp_path_factory, "2022-05-13") / "south-ossetia" / "2022-05-13"


def page_one(path) -> str:
    """Page 1 of the PDF as a reader reads it: whitespace collapsed, line-end hyphens joined."""
    text = pdf_pages(path)[0]  # the set's PDF text, extracted once a session
    return " ".join(text.replace("-\n", "-").split())


def check_page_one(text: str) -> None:
    """Headline, the referendum, a reason and the outside voice's quote, all on page 1."""
    assert HEADLINE in text, "headline not on page 1"
    assert "referendum on unification of South Ossetia with Russia for 17 July 2022" in text
    assert any(reason in text for reason in REASONS), "no reason on page 1"
    assert f"“{OUTSIDE_QUOTE}”" in text, "no outside voice on page 1"


def test_page_one_leads_with_the_referendum_says_why_and_quotes_an_outside_voice(so_2022):
    text = page_one(so_2022 / "briefing.pdf")
    assert_clean(text)
    check_page_one(text)
    # Planted: the same page without its last paragraph (the outside voice) is caught.
    with pytest.raises(AssertionError, match="outside voice"):
        check_page_one(text.split("On 10 April 2022, the U.S. Embassy")[0])
    with pytest.raises(AssertionError, match="headline"):
        check_page_one(text.replace(HEADLINE, "South Ossetia"))


def test_html_opens_with_the_lead_before_the_key_facts(so_2022):
    soup, _ = html_text(so_2022 / "briefing.html")
    lead = soup.find("section", class_="lead")
    assert lead is not None
    assert lead.find("h2", class_="headline").get_text() == HEADLINE
    key_facts = soup.find("section", class_="key-facts")
    assert key_facts is not None and lead.sourceline < key_facts.sourceline
    paragraphs = lead.find_all("p")
    assert paragraphs and all(p.find("sup", class_="cite") for p in paragraphs)
    for marker in lead.find_all("sup"):
        marker.decompose()  # citation markers are not words
    words = [w for p in paragraphs for w in p.get_text().split() if any(c.isalnum() for c in w)]
    assert 300 <= len(words) <= 500


def test_facts_carry_the_headline_and_the_latest_news(so_2022):
    facts = json.loads((so_2022 / "facts.json").read_text())
    assert facts["headline"] == HEADLINE
    assert facts["latest_news"]["on"] == "2022-05-13"
    assert facts["latest_news"]["text"].startswith("After losing the runoff, Bibilov signed")
