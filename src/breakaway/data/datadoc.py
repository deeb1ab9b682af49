"""Write ``data/README.md`` from ``datapackage.json``, so the table docs are never stated twice.

Run ``python -m breakaway.datadoc > data/README.md`` after changing the descriptor; a test fails
when the committed README and the descriptor disagree.
"""

from __future__ import annotations

import sys
from pathlib import Path

from breakaway import paths
from breakaway.data.registry import Roles
from breakaway.data.schema import REQUIRED_RESOURCES, read_descriptor, read_roles, read_tables


def _constraint_words(constraints: dict) -> str:
    words = []
    if constraints.get("required"):
        words.append("required")
    if constraints.get("unique"):
        words.append("unique")
    if "enum" in constraints:
        words.append("one of " + ", ".join(f"`{v}`" for v in constraints["enum"]))
    if "minimum" in constraints:
        words.append(f"≥ {constraints['minimum']}")
    if "maximum" in constraints:
        words.append(f"≤ {constraints['maximum']}")
    if "maxLength" in constraints:
        words.append(f"at most {constraints['maxLength']} characters")
    return "; ".join(words)


def _timing_words(roles: Roles, cites_sources: bool) -> str:
    """When a row counts as known, in words, from the table's roles (``"breakaway"``)."""
    if not roles.date:
        return ""
    start = f"`{roles.date}`"
    if roles.released:
        start = f"`{roles.released}` (else the end of `{roles.date}`)"
    words = f"As of a day, a row counts from {start}"
    if cites_sources:
        words += " once one of its sources had been published"
    if roles.end_date:
        words += f"; its `{roles.end_date}` once a source published on or after it exists"
    return words + "."


def data_readme(data_dir: Path) -> str:
    """The Markdown text of ``data/README.md``."""
    descriptor = read_descriptor(data_dir)
    lines = [
        f"# {descriptor.get('title', 'Data')}",
        "",
        "<!-- Generated from datapackage.json by `python -m breakaway.datadoc`; edit that. -->",
        "",
        descriptor.get("description", ""),
        "",
        f"Version {descriptor.get('version', '?')}. Licence: "
        + ", ".join(lic.get("title", lic.get("name", "")) for lic in descriptor.get("licenses", []))
        + ".",
        "",
        "Every table is UTF-8 CSV with one header row. Dates are ISO 8601 and may be partial "
        "(`2006`, `2004-08`, `2008-08-26`); a partial date counts as known from the end of its "
        "period. `source_ids` lists ids from `sources.csv`, separated by `;`. Columns may be "
        "added; the ones below are checked on every load (`breakaway validate`).",
        "",
        "Boundaries for the locator maps are in `geo/`, with their provenance.",
        "",
    ]
    roles = read_roles(data_dir)
    for table in read_tables(data_dir).values():
        status = "required" if table.name in REQUIRED_RESOURCES else "optional"
        lines += [f"## `{table.path}` — {table.title} ({status})", "", table.description, ""]
        if table.primary_key:
            lines += [f"One row per {', '.join(f'`{k}`' for k in table.primary_key)}.", ""]
        timing = _timing_words(roles[table.name], table.field("source_ids") is not None)
        if timing:
            lines += [timing, ""]
        lines += ["| column | type | meaning | rules |", "| --- | --- | --- | --- |"]
        for field in table.fields:
            lines.append(
                f"| `{field.name}` | {field.type} | {field.description} | "
                f"{_constraint_words(field.constraints)} |"
            )
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.stdout.write(data_readme(paths.data_dir()))
