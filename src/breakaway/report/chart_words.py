"""The words around a chart: a headline that states the story, a subtitle, a caption that adds.

A headline compares the points that carry the story (the peak against the latest count, not the
last two censuses); a caption says what the headline does not (the low point, a long stretch
without a census, which figures are estimates). Plain text, unescaped: the page escapes it. This
module draws nothing and writes no file.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from breakaway.dates import format_date
from breakaway.knowledge.events import is_war
from breakaway.report.charts import CENSUS_GAP_YEARS, area_breaks, timeline_cuts
from breakaway.report.narrative import aside
from breakaway.text import join_words, number, year_span


def population_headline(name: str, totals: pd.DataFrame) -> str:
    """The population's story in a line: how far it fell from its peak, or how far it grew.

    Args:
        name: The territory's display name.
        totals: Columns ``year``, ``population``, ``kind`` (census or estimate).
    """
    census = totals[totals["kind"] == "census"].sort_values("year")
    if census.empty:
        latest = totals.sort_values("year").iloc[-1]
        return f"{name}: an estimated {number(latest['population'])} people in {latest['year']}"
    latest = census.iloc[-1]
    if len(census) == 1:
        return f"{name}'s census of {latest['year']} counted {number(latest['population'])} people"
    peak = census.loc[census["population"].idxmax()]
    if peak["year"] == latest["year"]:
        low = census.loc[census["population"].idxmin()]
        return (
            f"{name}'s population grew from {number(low['population'])} in {low['year']} "
            f"to {number(latest['population'])} in {latest['year']}"
        )
    ratio = latest["population"] / peak["population"]
    since = f"since {peak['year']}: from {number(peak['population'])}"
    to = f"to {number(latest['population'])} in {latest['year']}"
    if ratio < 0.5:
        return f"{name}'s population has more than halved {since} {to}"
    if ratio <= 0.55:
        return f"{name}'s population has halved {since} {to}"
    if ratio < 0.97:
        return f"{name}'s population has fallen by {(1 - ratio) * 100:.0f}% {since} {to}"
    return (
        f"{name}'s population is close to its {peak['year']} peak: "
        f"{number(latest['population'])} in {latest['year']}"
    )


def population_subtitle(totals: pd.DataFrame) -> str:
    """The measure and period, and how estimates and long gaps are drawn (only when present)."""
    years = year_span(int(totals["year"].min()), int(totals["year"].max()))
    if not (totals["kind"] == "census").any():
        return f"Estimated population, {years}; no census is recorded"
    parts = [f"People counted at each census, {years}"]
    if (totals["kind"] == "estimate").any():
        parts.append("hollow markers are estimates")
    # A gap between censuses of different areas is not drawn at all (``charts.area_breaks``).
    if set(_census_gaps(totals)) - set(area_breaks(totals)):
        parts.append(f"dotted where censuses are more than {CENSUS_GAP_YEARS} years apart")
    if area_breaks(totals):
        parts.append("no line between censuses of different areas")
    return "; ".join(parts)


def population_caption(totals: pd.DataFrame) -> str:
    """What the headline leaves out: the low point, the years without a census, the estimates."""
    census = totals[totals["kind"] == "census"].sort_values("year")
    sentences = []
    if len(census) >= 3:
        low = census.loc[census["population"].idxmin()]
        if low["year"] not in (census["year"].iloc[-1], census.iloc[0]["year"]):
            sentences.append(
                f"The lowest count was {number(low['population'])} in {low['year']}, "
                f"before the census of {census['year'].iloc[-1]}."
            )
    breaks = area_breaks(totals)
    if breaks:
        pairs = join_words([f"{first} and {last}" for first, last in breaks])
        sentences.append(f"The censuses of {pairs} counted different areas, so no line joins them.")
    gaps = [f"between {first} and {last}" for first, last in _census_gaps(totals)]
    if gaps:
        sentences.append(f"This record holds no census {join_words(gaps, 'or')}.")
    estimates = totals[totals["kind"] == "estimate"].sort_values("year")
    if not estimates.empty:
        listed = join_words([f"{number(r.population)} in {r.year}" for r in estimates.itertuples()])
        noun = (
            "figure is an estimate, not a count"
            if len(estimates) == 1
            else ("figures are estimates, not counts")
        )
        sentences.append(f"The hollow {noun}: {listed}.")
    if not sentences:
        years = ", ".join(str(y) for y in census["year"]) or "none"
        sentences.append(f"Censuses shown: {years}.")
    return " ".join(sentences)


def _spelled(count: int) -> str:
    """Numbers below ten in words, as prose writes them."""
    words = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    return words[count] if 0 <= count < len(words) else number(count)


def _census_gaps(totals: pd.DataFrame) -> list[tuple[int, int]]:
    years = sorted(totals.loc[totals["kind"] == "census", "year"])
    return [(a, b) for a, b in zip(years, years[1:], strict=False) if b - a > CENSUS_GAP_YEARS]


def timeline_headline(events: pd.DataFrame, name: str, patron: str) -> str:
    """The timeline's story in a line: the steps towards the patron and the wars, never a span.

    ``Ten steps towards Russia since 1992, and wars in 1991 and 2008``: what a reader should see
    in the dots and bars, not "42 recorded events, 1922–2022" (a count and an "N–N" span that
    only repeat the axis).

    Args:
        events: The events drawn (``timeline_chart``'s columns; ``direction`` marks steps).
        name: The territory's display name.
        patron: The patron state's name.
    """
    direction = events.get("direction", pd.Series("", index=events.index)).fillna("")
    steps = events[direction == "towards_patron"]
    topics = events.get("topic", pd.Series("", index=events.index)).fillna("")
    # The war in Ukraine has a section of its own; the territory's wars are its own conflicts.
    war_rows = events.loc[is_war(events) & (topics != "war_in_ukraine")]
    ends = war_rows.get("end_date", pd.Series("", index=war_rows.index)).fillna("").astype(str)
    spans = {str(d)[:4]: str(e)[:4] for d, e in zip(war_rows["date"], ends, strict=True)}
    wars = sorted(spans)
    # A war that lasted years is not "a war in 1988" (Nagorno-Karabakh's ran to 1994).
    lasted = {start: end for start, end in spans.items() if end and end != start}
    war_words = ""
    if len(wars) == 1 and lasted:
        war_words = f"a war from {wars[0]} to {lasted[wars[0]]}"
    elif wars:
        began = " that began" if lasted else ""
        war_words = f"{'a war' if len(wars) == 1 else 'wars'}{began} in {join_words(wars)}"
    if len(steps):
        first = str(steps["date"].min())[:4]
        noun = "step" if len(steps) == 1 else "steps"
        head = f"{_spelled(len(steps)).capitalize()} {noun} towards {patron} since {first}"
        if len(steps) == 1:
            head = f"One step towards {patron}, in {first}"
        return f"{head}, and {war_words}" if war_words else head
    if war_words:
        return f"{name}'s record: {war_words}, no step towards {patron}"
    first = str(events["date"].min())[:4]
    return f"{name}'s history since {first}: no war and no step towards {patron} recorded"


def timeline_caption(events: pd.DataFrame, as_of: date, patron: str) -> str:
    """What the timeline's headline does not say: the years cut from the axis, the latest event.

    Args:
        events: The events drawn (columns as for ``timeline_chart``).
        as_of: The report's date.
        patron: The patron state's name (the headline's words; kept for the callers).
    """
    cuts = timeline_cuts(events, as_of)
    sentences = [
        f"The axis skips {year_span(first, last)}, when this record holds no event."
        for first, last in cuts
    ]
    latest = events.sort_values("known_on" if "known_on" in events else "date").iloc[-1]
    # The headline names the steps towards the patron; the caption names the latest event.
    sentences.append(
        f"The latest of the {_spelled(len(events))} events, {_on(latest['date'])}: "
        f"{str(latest['title']).rstrip('.')}."
    )
    spans = int((events["end_date"].fillna("") != "").sum()) if "end_date" in events else 0
    if spans:
        sentences.append("Bars show how long wars and other spans lasted.")
    return " ".join(sentences)


def _on(value: str) -> str:
    """``on 13 May 2022``, ``in May 2022``, ``in 2022``: a date with its preposition."""
    text = format_date(value)
    return f"{'on' if text[:1].isdigit() and ' ' in text else 'in'} {text}"


def recognition_headline(steps: pd.DataFrame, name: str) -> str:
    """The recognition story in a line: how many now, against the peak when it was higher.

    ``Five UN member states recognise Region Y, down from six in 2011``; when the count is at its
    peak, who came first: ``Five UN member states recognise Region X; Russia was first, in
    2008``. Numbers below ten in words; no "N–N" span.

    Args:
        steps: ``count_un_recognizers_over_time``'s frame (``on``, ``change``, ``recognizer``,
            ``count``), oldest first.
        name: The territory's display name.
    """
    now = int(steps["count"].iloc[-1]) if len(steps) else 0
    if now == 0 and not len(steps):
        return f"No UN member state recognises {name}"
    one = now in (0, 1)
    head = (
        f"{_spelled(now).capitalize()} UN member {'state' if one else 'states'} "
        f"{'recognises' if one else 'recognise'} {name}"
    )
    peak = int(steps["count"].max())
    if peak > now:
        at = steps.loc[steps["count"].idxmax()]
        return f"{head}, down from {_spelled(peak)} in {at['on'].year}"
    first = steps.iloc[0]
    if now == 1:
        return f"{head}: {first['recognizer']}, since {first['on'].year}"
    return f"{head}; {first['recognizer']} was first, in {first['on'].year}"


def recognition_caption(steps: pd.DataFrame, since: date | None) -> str:
    """Where the recognition line starts, when that is the declaration and not a recognition."""
    if since is None or (len(steps) and steps["on"].iloc[0] <= since):
        return ""
    return f"The line starts at the declaration of independence, on {format_date(since)}."


def composition_headline(name: str, groups: pd.DataFrame, group_name) -> str:
    """The largest group's share now, and how far it moved since the first census shown.

    Args:
        name: The territory's display name.
        groups: Columns ``year``, ``group``, ``share`` (0 to 1), one row per group and census.
        group_name: Turns a group id into its display name (``ossetians`` -> Ossetians).
    """
    first_year, last_year = int(groups["year"].min()), int(groups["year"].max())
    first, last = _shares(groups, first_year), _shares(groups, last_year)
    largest = last.idxmax()
    who, now, before = group_name(largest), last[largest], first.get(largest)
    if first_year == last_year or before is None or abs(now - before) < 0.05:
        return f"{who} made up {now * 100:.1f}% of {name}'s population in {last_year}"
    verb = "rose" if now > before else "fell"
    return (
        f"{who} {verb} from {before * 100:.1f}% of {name}'s population in {first_year} "
        f"to {now * 100:.1f}% in {last_year}"
    )


def composition_caption(groups: pd.DataFrame, group_name) -> str:
    """The next largest groups, and how their shares moved: what the headline leaves out.

    Followed by each census's caveats (whose count, rounded or lower bounds), since the bars
    print every share of it.
    """
    first_year, last_year = int(groups["year"].min()), int(groups["year"].max())
    first, last = _shares(groups, first_year), _shares(groups, last_year)
    others = list(last.sort_values(ascending=False).index[1:3])
    if not others:
        text = f"Groups as counted at the census of {last_year}."
    elif first_year == last_year:
        listed = join_words([f"{group_name(g)} {last[g] * 100:.1f}%" for g in others])
        text = f"Next largest in {last_year}: {listed}."
    else:
        listed = "; ".join(
            f"{group_name(g)} {first.get(g, 0) * 100:.1f}% in {first_year} and "
            f"{last[g] * 100:.1f}% in {last_year}"
            for g in others
        )
        text = f"Next largest: {listed}."
    return " ".join([text, *composition_caveats(groups, group_name), *unrecorded_words(groups)])


def unrecorded_words(groups: pd.DataFrame) -> list[str]:
    """What each census's recorded groups leave unaccounted for, as one sentence (or none).

    ``Not broken down by group in this record: 69% of the people counted in 1989.`` Said where
    the chart draws a hatched share (at least half a per cent), so that a group missing from the
    record never reads as "others".
    """
    rests = []
    for year in sorted(groups["year"].unique()):
        rest = 1.0 - float(groups.loc[groups["year"] == year, "share"].sum())
        if rest >= 0.005:
            rests.append(f"{rest * 100:.0f}% of the people counted in {int(year)}")
    if not rests:
        return []
    return [f"Not broken down by group in this record: {join_words(rests)}."]


def composition_caveats(groups: pd.DataFrame, group_name) -> list[str]:
    """``Census of 2015: count by the de facto authorities ...``: one sentence per census.

    A caveat shared by every group of a census is said once; otherwise each group's is named.
    """
    if "caveat" not in groups:
        return []
    sentences = []
    for year in sorted(groups["year"].unique()):
        rows = groups[groups["year"] == year]
        caveats = rows["caveat"].fillna("").astype(str)
        if not caveats.str.strip().any():
            continue
        if caveats.nunique() == 1:
            sentences.append(f"Census of {year}: {aside(caveats.iloc[0])}.")
        else:
            named = [
                f"{group_name(r.group)} {aside(c)}"
                for r, c in zip(rows.itertuples(), caveats, strict=True)
                if c.strip()
            ]
            sentences.append(f"Census of {year}: {'; '.join(named)}.")
    return sentences


def _shares(groups: pd.DataFrame, year: int) -> pd.Series:
    """Each named group's share at one census (the pooled "other" left out)."""
    rows = groups[(groups["year"] == year) & (groups["group"] != "other")]
    return rows.set_index("group")["share"]


def never_recognised(name: str, since: date | None) -> str:
    """The sentence instead of a flat recognition chart: never, not only not now (the story's).

    Worded as what this record holds: an absence from our sources is not a fact about the world.
    """
    if since is None:
        return f"This record holds no recognition of {name} by a UN member state at any time."
    return (
        f"This record holds no recognition of {name} by a UN member state at any time since "
        f"its declaration of independence on {format_date(since)}."
    )


def recognition_alt(steps: pd.DataFrame, name: str, as_of: date, now: int) -> str:
    """The recognition step chart's alt text: every change with its day, then the count."""
    changes = "; ".join(
        f"{r.recognizer} {'recognised' if r.change > 0 else 'withdrew'} on {format_date(r.on)}"
        for r in steps.itertuples()
    )
    return (
        f"Step chart of the number of UN member states recognising {name} over time: "
        f"{changes or 'no recognitions'}. Count on {format_date(as_of)}: {now}."
    )
