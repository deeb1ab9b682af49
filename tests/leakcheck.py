"""Find anything dated after a report's date in what the report shows.

A briefing is built in-process, section by section, exactly as the notebook calls it; every
output (HTML, Markdown, alt text, the text inside each chart's SVG), each figure's exports (the
CSV and SVG that ``render`` writes from the output metadata) and facts.json are searched for
dates. A date after the report's day, or a year after its year, is a leak; so is a cited source
published after the day, a source id published after the day anywhere in the outputs, and a
web-archive copy stamped after the day. ``notebook_leaks`` reads an executed notebook the same way.
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


ARCHIVE_STAMP = re.compile(r"web\.archive\.org/web/(\d{4})(\d{2})(\d{2})")
SOURCE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")


def later_source_ids(text: str, dataset, as_of: date) -> list[str]:
    """Ids of sources published after ``as_of`` named anywhere in ``text`` (CSV, JSON, HTML)."""
    days = {
        row.source_id: known_on(row.published_on) if row.published_on else date.max
        for row in dataset.sources.itertuples()
    }
    return sorted(
        {
            f"source {token} published after {as_of.isoformat()}"
            for token in SOURCE_ID.findall(text)
            if token in days and days[token] > as_of
        }
    )


def archive_stamps(text: str, as_of: date) -> list[str]:
    """Web-archive addresses whose copy was made after ``as_of``."""
    leaks = []
    for match in ARCHIVE_STAMP.finditer(text):
        day = _iso_day((None, match[1], match[2], match[3]))
        if day > as_of:
            leaks.append(f"archive copy {match.group(0)}")
    return leaks


def export_text(bundle_metadata: dict) -> str:
    """The files ``render`` exports for a figure output: its CSV and its SVG text."""
    meta = (bundle_metadata or {}).get("breakaway", {})
    svg = meta.get("svg", "")
    texts = []
    if svg:
        root = ElementTree.fromstring(svg)
        texts = ["".join(e.itertext()) for e in root.iter() if e.tag.endswith("text")]
    return "\n".join([meta.get("csv", ""), *texts])


def notebook_leaks(notebook: Path, dataset, as_of: date) -> list[str]:
    """Later source ids and archive stamps anywhere in an executed notebook's outputs."""
    cells = json.loads(Path(notebook).read_text())["cells"]
    outputs = json.dumps([cell.get("outputs", []) for cell in cells])
    return sorted(set(later_source_ids(outputs, dataset, as_of) + archive_stamps(outputs, as_of)))


def briefing_outputs(dataset, territory: str, as_of: date) -> tuple[str, dict, Briefing]:
    """Everything a reader of the briefing sees, as one text, and its facts.

    The text ends with every figure's exports (CSV and SVG text), which readers download too.
    """
    briefing = Briefing(dataset, territory, as_of)
    parts = []
    exports = []
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
            bundle, metadata = output._repr_mimebundle_()
            html = bundle["text/html"]
            exports.append(export_text(metadata))
        elif hasattr(output, "_repr_html_"):
            html = output._repr_html_()
        else:
            html = output.data  # Markdown
        parts += [str(html), _svg_text(str(html))]
    return "\n".join([*parts, *exports]), facts, briefing


def find_leaks(text: str, facts: dict, briefing: Briefing, as_of: date) -> list[str]:
    """Every date, year or cited source in the outputs that lies after ``as_of``."""
    leaks = archive_stamps(text, as_of)
    leaks += later_source_ids(text + json.dumps(facts), briefing.data, as_of)
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
    # A change announced by the day for a later one (a decree's effective day) is known on it.
    facts_text = json.dumps({k: v for k, v in facts.items() if k != "pending_status"})
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
