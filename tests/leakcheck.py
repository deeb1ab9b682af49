"""Find anything dated after a report's date in what the report shows.

A briefing is built in-process, section by section, exactly as the notebook calls it; every
output (HTML, Markdown, alt text, the text inside each chart's SVG) and facts.json are searched
for dates. A date after the report's day, or a year after its year, is a leak; so is a cited
source published after the day.
"""

from __future__ import annotations

import ast
import base64
import calendar
import json
import re
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

from breakaway.dates import known_on
from breakaway.report.briefing import Briefing

REPO = Path(__file__).resolve().parent.parent
MONTHS = "|".join(calendar.month_name[1:])
FULL_DATE = re.compile(rf"\b(\d{{1,2}}) ({MONTHS}) (\d{{4}})\b")
MONTH_DATE = re.compile(rf"\b({MONTHS}) (\d{{4}})\b")
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b")
LINK = re.compile(r"<a [^>]*>.*?</a>", re.S)
URL = re.compile(r"https?://[^\s<\"']+")
SCHEDULED = re.compile(r"\b(by|for|set for|scheduled|planned|would|will|due|until)\b[^.;]*$", re.I)
YEAR = re.compile(r"(?<![\d,.])\b(1[89]\d\d|20\d\d)\b(?![,.]\d)")


def _iso_day(match) -> date:
    year, month, day = int(match[1]), int(match[2]), int(match[3] or 1)
    try:
        return date(year, month, day)
    except ValueError:
        return date.min  # not a date (an id or a number that looks like one)


def notebook_calls(notebook: Path = REPO / "notebooks" / "briefing.ipynb") -> list[tuple]:
    """The ``briefing.method(args)`` (or ``briefing.part.method(args)``) calls, in order."""
    calls = []
    for cell in json.loads(notebook.read_text())["cells"]:
        if cell["cell_type"] != "code":
            continue
        for node in ast.walk(ast.parse("".join(cell["source"]))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            chain, value = [node.func.attr], node.func.value
            while isinstance(value, ast.Attribute):
                chain.insert(0, value.attr)
                value = value.value
            if isinstance(value, ast.Name) and value.id == "briefing":
                calls.append((chain, [ast.literal_eval(a) for a in node.args]))
    return calls


def _svg_text(html: str) -> str:
    texts = []
    for encoded in re.findall(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)", html):
        root = ElementTree.fromstring(base64.b64decode(encoded))
        texts += [
            "".join(element.itertext()) for element in root.iter() if element.tag.endswith("text")
        ]
    return " ".join(texts)


def briefing_outputs(dataset, territory: str, as_of: date) -> tuple[str, dict, Briefing]:
    """Everything a reader of the briefing sees, as one text, and its facts."""
    briefing = Briefing(dataset, territory, as_of)
    parts = []
    facts = {}
    for chain, args in notebook_calls():
        target = briefing
        for name in chain:
            target = getattr(target, name)
        output = target(*args)
        if output is None:
            continue
        if chain == ["publish_facts"]:
            facts = output.facts
            continue
        if hasattr(output, "_repr_mimebundle_"):
            html = output._repr_mimebundle_()[0]["text/html"]
        elif hasattr(output, "_repr_html_"):
            html = output._repr_html_()
        else:
            html = output.data  # Markdown
        parts += [str(html), _svg_text(str(html))]
    return "\n".join(parts), facts, briefing


def find_leaks(text: str, facts: dict, briefing: Briefing, as_of: date) -> list[str]:
    """Every date, year or cited source in the outputs that lies after ``as_of``."""
    leaks = []
    # A source's address (its link, however it is printed) is not a statement about the world.
    text = URL.sub(" ", LINK.sub(" ", text))

    def blank_future(pattern, to_date):
        # A future day is a leak unless the text announces it: "set for 17 July 2022", "by 1
        # January 2024" (a scheduled date known on the report's day).
        def replace(match):
            if to_date(match) <= as_of:
                return match.group(0)
            if not SCHEDULED.search(text[max(0, match.start() - 60) : match.start()]):
                leaks.append(match.group(0))
            return " "

        return pattern.sub(replace, text)

    month_number = list(calendar.month_name).index
    text = blank_future(FULL_DATE, lambda m: date(int(m[3]), month_number(m[2]), int(m[1])))
    text = blank_future(MONTH_DATE, lambda m: date(int(m[2]), month_number(m[1]), 1))
    text = blank_future(ISO_DATE, lambda m: _iso_day(m))
    text = blank_future(YEAR, lambda m: date(int(m[1]), 1, 1) if int(m[1]) > as_of.year else as_of)
    for source in briefing.cite.cited().itertuples():
        if known_on(source.published_on) > as_of:
            leaks.append(f"source {source.source_id} published {source.published_on}")
    facts_text = json.dumps(facts)
    for year, month, day in ISO_DATE.findall(facts_text):
        if 1 <= int(month) <= 12 and date(int(year), int(month), int(day or 1)) > as_of:
            leaks.append(f"facts.json: {year}-{month}-{day}")
    return sorted(set(leaks))


def dates_to_check(dataset, territory: str, count: int = 6) -> list[date]:
    """Days spread over the territory's record: the eve of evenly spaced dated rows, and today.

    The eve of a dated row is where a leak would show: the row must not be visible yet.
    """
    days = set()
    for frame, column in [
        (dataset.events, "date"),
        (dataset.recognitions, "recognized_on"),
        (dataset.statements, "date"),
    ]:
        rows = frame[frame["territory_id"] == territory]
        days |= {known_on(value) for value in rows[column] if value}
    ordered = sorted(d for d in days if d.year >= 1990)
    step = max(1, len(ordered) // count)
    chosen = [date.fromordinal(ordered[i].toordinal() - 1) for i in range(0, len(ordered), step)]
    return sorted(set(chosen[:count]))
