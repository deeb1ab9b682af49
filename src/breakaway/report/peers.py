"""The other breakaway regions on the same day: what the briefing and the comparison share."""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown

from breakaway.dates import format_date
from breakaway.knowledge.facts_types import BriefingFacts
from breakaway.report import charts
from breakaway.report.blocks import FigureBlock
from breakaway.report.narrative import aside, spell
from breakaway.report.page import Page
from breakaway.text import join_words, number


def census_bars(facts: list[BriefingFacts]) -> tuple[pd.DataFrame, list[str]]:
    """Latest census of each territory that has one, largest first, and the sources used.

    Columns: ``territory``, ``name``, ``label`` (name and census year), ``value``.
    """
    counted = sorted(
        ((f, census) for f in facts if (census := f["latest_census"])),
        key=lambda pair: -pair[1]["population"],
    )
    values = pd.DataFrame(
        {
            "territory": [f["territory"] for f, _ in counted],
            "name": [f["name"] for f, _ in counted],
            "label": [f"{f['name']} ({census['year']})" for f, census in counted],
            "value": [census["population"] for _, census in counted],
        }
    )
    return values, [s for f, _ in counted for s in f["sources"]["latest_census"]]


def census_bars_alt(values: pd.DataFrame) -> str:
    """Alt text for a chart of ``census_bars``."""
    listed = "; ".join(f"{r.label} {number(r.value)}" for r in values.itertuples())
    return f"Bar chart of the latest census population of each breakaway region: {listed}."


def census_caveats(facts: list[BriefingFacts]) -> str:
    """What a reader must know before comparing the bars: whose count, of what area, and when.

    Counts by different authorities (Soviet, de facto) or of different areas are not alike; a
    census of a territory its de facto authorities no longer hold describes the time before.
    """
    notes = []
    for f in facts:
        census = f["latest_census"]
        if not census:
            continue
        parts = [aside(census[k]) for k in ("coverage", "caveat") if census.get(k)]
        lost = f.get("lost_control_on")
        if lost:
            parts.append(f"counted before {f['controlled_by']} took control on {format_date(lost)}")
        if parts:
            notes.append(f"{f['name']} {census['year']}: {'; '.join(p.rstrip('.') for p in parts)}")
    if not notes:
        return ""
    return "Counts by different authorities and of different areas. " + ". ".join(notes) + "."


def census_figure(
    page: Page,
    block_id: str,
    peers: list[BriefingFacts],
    title: str,
    subtitle: str,
    highlight_territory: str | None = None,
) -> FigureBlock | Markdown | None:
    """Bars of each territory's latest census, one highlighted if named; None before any census."""
    values, source_ids = census_bars(peers)
    if values.empty:
        return None
    mine = values.loc[values["territory"] == highlight_territory, "label"]
    missing = ""
    if highlight_territory and not len(mine):
        # The headline names it; the reader must learn why it has no bar.
        name = next((f["name"] for f in peers if f["territory"] == highlight_territory), "")
        missing = (
            f"This record holds no census of {name} published by {format_date(page.as_of)}, "
            "so it has no bar. "
        )
    return page.figure(
        block_id,
        title=title,
        subtitle=subtitle,
        source_ids=source_ids,
        alt=census_bars_alt(values),
        draw=lambda text: charts.comparison_bar_chart(
            values, text, highlight=mine.iloc[0] if len(mine) else None
        ),
        caption=census_spread(peers),
        caption_note=missing + census_caveats(peers),
        data=values,
    )


def census_spread(facts: list[BriefingFacts]) -> str:
    """The caption: how far apart the largest and smallest counts are, and the censuses' years.

    The headline names the most populous, the subtitle the measure; this says what neither does.
    "" (the subtitle then) with fewer than two censuses.
    """
    counted = [(f["name"], c["population"], c["year"]) for f in facts if (c := f["latest_census"])]
    if len(counted) < 2:
        return ""
    largest, smallest = max(counted, key=lambda c: c[1]), min(counted, key=lambda c: c[1])
    ratio = largest[1] / smallest[1]
    more = (
        f"about {spell(round(ratio))} times as many people as"
        if ratio >= 2
        else f"{number(largest[1] - smallest[1])} more people than"
    )
    years = sorted({int(c[2]) for c in counted})
    when = f"in {years[0]}" if len(years) == 1 else f"between {years[0]} and {years[-1]}"
    return (
        f"{largest[0]}'s latest census counted {more} {smallest[0]}'s; "
        f"the censuses were taken {when}."
    )


def recognition_bars_figure(page: Page, block_id: str, peers: list[BriefingFacts], name: str):
    """Bars of the UN members recognising each territory on the date, ``name`` highlighted."""
    peers = sorted(peers, key=lambda f: (-len(f["un_recognizers"]), f["name"]))
    values = pd.DataFrame(
        {
            "label": [f["name"] for f in peers],
            "value": [len(f["un_recognizers"]) for f in peers],
        }
    )
    source_ids = [s for f in peers for s in f["sources"]["un_recognizers"]]
    if not source_ids:
        source_ids = [s for f in peers for s in f["sources"]["territory"]]
    alt = (
        "Bar chart of the number of UN member states recognising each breakaway region: "
        + "; ".join(f"{f['name']} {len(f['un_recognizers'])}" for f in peers)
        + "."
    )
    return page.figure(
        block_id,
        title=recognition_bars_headline(values),
        subtitle=f"UN member states recognising each breakaway region on "
        f"{format_date(page.as_of)}; withdrawn recognitions not counted",
        source_ids=source_ids,
        alt=alt,
        draw=lambda text: charts.comparison_bar_chart(values, text, highlight=name),
        caption=withdrawn_caption(peers),
        data=values,
        empty_text="No UN member state recognised any of these breakaway regions on "
        f"{format_date(page.as_of)}.",
    )


def population_caveats(totals: pd.DataFrame) -> str:
    """``Census of 1989: the former autonomous oblast. ...``: each earlier figure's area, caveat.

    The latest census and an estimate newer than it are left out: the population story above
    the chart prints their caveats beside them, and a section says a thing once.
    """
    notes = []
    census_years = totals.loc[totals["kind"] == "census", "year"]
    latest = census_years.max() if len(census_years) else None
    estimate_years = totals.loc[totals["kind"] == "estimate", "year"]
    newer = estimate_years[estimate_years > latest] if latest is not None else estimate_years
    told = {("census", latest), ("estimate", newer.max() if len(newer) else None)}
    for row in totals.itertuples():
        if (row.kind, row.year) in told:
            continue
        parts = [
            aside(value)
            for value in (getattr(row, "coverage", ""), getattr(row, "caveat", ""))
            if value
        ]
        if parts:
            # "Census of 1989:", never a sentence that opens with a figure.
            which = f"Census of {row.year}" if row.kind == "census" else f"Estimate for {row.year}"
            notes.append(f"{which}: {'; '.join(parts)}")
    return (". ".join(notes) + ".") if notes else ""


def recognition_bars_headline(values: pd.DataFrame) -> str:
    """The finding of the bars, most recognised first, in one line.

    ``Region Y and Region X are recognised by five UN member states each; Region Z
    and Region W by none``.

    Args:
        values: ``label`` (a territory's name) and ``value`` (UN members recognising it).
    """
    from breakaway.report.narrative import spell

    groups = sorted(values.groupby("value"), key=lambda pair: -pair[0])
    parts: list[str] = []
    for count, group in groups:
        names = sorted(group["label"])
        if not parts:
            states = "UN member state" if count == 1 else "UN member states"
            verb = "is" if len(names) == 1 else "are"
            each = " each" if len(names) > 1 else ""
            first = f"{join_words(names)} {verb} recognised by {spell(int(count))} {states}{each}"
            parts.append(first if count else f"No UN member state recognises {join_words(names)}")
        else:
            parts.append(f"{join_words(names)} by {spell(int(count)) if count else 'none'}")
    return "; ".join(parts)


def withdrawn_caption(facts: list[BriefingFacts]) -> str:
    """What the chart's headline leaves out: how many recognised each region, withdrawals counted.

    "Counting recognitions later withdrawn, A has had seven and B six." The
    subtitle names the measure; the caption must not repeat it.
    """
    counts = [
        (f["name"], len(f.get("un_recognizers_ever") or []), len(f["un_recognizers"]))
        for f in facts
    ]
    ever = [(name, n) for name, n, now in counts if n > now]
    if not any(n for _, n, _ in counts):
        return ""
    if not ever:
        return "This record holds no withdrawal of a recognition by a UN member state."
    first, *rest = ever
    words = [f"{first[0]} has had {spell(first[1])}"] + [f"{name} {spell(n)}" for name, n in rest]
    return f"Counting recognitions later withdrawn, {join_words(words)}."
