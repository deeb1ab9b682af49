"""The key-facts box of a briefing: what a reader needs before the first paragraph.

Every row follows the facts of the report's day: the status in force (a territory its parent
state took over is not "de facto independent"), each figure with its caveat and area beside it,
the day the sources were checked through, and only real steps towards the patron.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from breakaway.dates import format_date
from breakaway.knowledge.facts_types import BriefingFacts, Count, stated
from breakaway.knowledge.freshness import STALE_AFTER_DAYS
from breakaway.report.narrative import aside
from breakaway.report.page import Fact
from breakaway.text import join_words, number


def checked_through_text(checked_through: str | None, latest: str | None, as_of: date) -> str:
    """``3 November 2026; latest recorded event 2 October 2026``, and staleness, for page 1.

    A check later than the report's day is shown as the report's day: the record was checked at
    least through it, and nothing after it is told.
    """
    if not checked_through:
        return "not stated in this record"
    day = min(date.fromisoformat(checked_through), as_of)
    text = format_date(day)
    if latest and date.fromisoformat(latest) < day:
        text += f"; latest recorded event {format_date(latest)}"
    if (as_of - day).days > STALE_AFTER_DAYS:
        text += f" (more than {STALE_AFTER_DAYS} days before this report's date)"
    return text


def figure_text(figure: Count | None, empty: str) -> str:
    """``53,532 (2015; a de facto census)``: a figure with its year and caveat."""
    if not figure:
        return empty
    extra = [str(figure["year"])]
    if figure.get("coverage"):
        extra.append(figure["coverage"])
    if figure.get("caveat"):
        extra.append(aside(figure["caveat"]))
    return f"{number(figure['population'])} ({'; '.join(extra)})"


def count_or_none(count: int) -> str:
    """A count in the box: ``none`` for zero (a "0" reads as a missing figure), digits otherwise."""
    return "none" if count == 0 else str(count)


def key_fact_rows(f: BriefingFacts, steps: pd.DataFrame, has_reaction: bool) -> list[Fact]:
    """The rows of the key-facts box from the facts of one day."""
    names = f["un_recognizer_names"]
    status = f["status"]
    code = f.get("status_code") or ""
    declared, lost = f["declared_independence_on"], f.get("lost_control_on")
    if declared and code not in ("under_parent_control", "dissolved"):
        status += f", declared independence {format_date(declared)}"
    elif code == "dissolved":
        status += f" on {format_date(stated(f['dissolved_on'], 'dissolved_on'))}"
        if lost and lost != f["dissolved_on"]:
            status += f", under {f['controlled_by']} control since {format_date(lost)}"
    elif lost:
        status += f" since {format_date(lost)}"
    for change in f.get("pending_status") or []:
        status += f"; due to be {change['status_label']} on {format_date(change['status_on'])}"
    caveat = f.get("status_caveat")
    if caveat:
        status += f" ({aside(caveat)})"
    recognisers_now = count_or_none(len(f["un_recognizers"]))
    if f["un_recognizers"]:
        recognisers_now += f": {join_words([names[c] for c in f['un_recognizers']])}"
    recognisers_ever = count_or_none(len(f["un_recognizers_ever"]))
    if f["un_withdrawals"]:
        withdrawn = join_words([names[c] for c in f["un_withdrawals"]])
        recognisers_ever += f" (withdrawn: {withdrawn})"
    estimate_label = "Latest estimate"
    if f.get("lost_control_on") and f["latest_estimate"]:
        estimate_label = f"Estimate before {f['controlled_by']} took control"
    rows = [
        Fact("Parent state", f["parent_state"], f["sources"]["territory"]),
        Fact("Patron state", f"{f['patron_state']} (aim: {f['aim_text']})"),
        Fact("Former capital" if code == "dissolved" else "Capital", f["capital"]),
        Fact("Area", f"{number(f['area_km2'])} km²"),
        Fact("Status", status, f["sources"].get("status", ())),
        Fact(
            "Latest census",
            figure_text(f["latest_census"], "none in this record"),
            f["sources"]["latest_census"] if f["latest_census"] else (),
        ),
        Fact(
            estimate_label,
            figure_text(f["latest_estimate"], "none newer than the census"),
            f["sources"]["latest_estimate"] if f["latest_estimate"] else (),
        ),
        Fact(
            "UN members recognising now",
            recognisers_now,
            f["sources"]["un_recognizers"] if f["un_recognizers"] else (),
        ),
        Fact("UN members recognising ever", recognisers_ever),
    ]
    if not steps.empty:
        last = steps.iloc[-1]
        rows.append(
            Fact(
                f"Latest step towards {f['patron_state']}",
                f"{format_date(last['date'])}: {last['title']}",
                last["source_ids"],
            )
        )
    if not has_reaction:
        # Its section is left out; a reader looking for it learns why here.
        rows.append(Fact(f"Reaction of {f['parent_state']}", "none in this record by this date"))
    return rows


def status_note(f: BriefingFacts) -> str:
    """A map caption's first words when the territory is no longer held by its de facto authorities.

    ``Under Azerbaijan control since 20 September 2023. `` (plain text; the caption escapes it).
    """
    if f.get("status_code") == "dissolved":
        return (
            "Its de facto republic was dissolved on "
            f"{format_date(stated(f['dissolved_on'], 'dissolved_on'))}; "
            f"the area is under {f['controlled_by']} control. "
        )
    lost = f.get("lost_control_on")
    if lost:
        return f"Under {f['controlled_by']} control since {format_date(lost)}. "
    return ""
