"""Three-way merge of one CSV table, cell by cell, keyed by its id column (issue 18 helper).

Branch ``later`` added the optional ``detail`` and ``detail_source_ids`` columns to events.csv
and statements.csv, which changes every line; git then sees a conflict wherever another branch
edited a row. This merges per cell instead: for each row (by key) and column, a cell changed on
one side only takes that side's value; a cell changed on both sides to different values is
printed as a conflict (and ours is kept). Rows added on either side are kept; columns are ours.

    python curation/issue18/merge_cells.py BASE.csv OURS.csv THEIRS.csv KEY > merged.csv
"""

from __future__ import annotations

import csv
import io
import sys


def read(path: str, key: str) -> tuple[list[str], dict[str, dict[str, str]]]:
    """The header and the rows of a CSV file, by their ``key`` column."""
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), {row[key]: row for row in reader}


def main(base_path: str, ours_path: str, theirs_path: str, key: str) -> int:
    """Print the merged table; exit 1 when a cell changed on both sides (ours kept)."""
    _, base = read(base_path, key)
    header, ours = read(ours_path, key)
    _, theirs = read(theirs_path, key)
    merged, conflicts = [], 0
    order = list(ours) + [k for k in theirs if k not in ours]
    for row_key in order:
        if row_key not in ours:  # added on their side
            merged.append({c: theirs[row_key].get(c, "") for c in header})
            continue
        row = dict(ours[row_key])
        old, new = base.get(row_key, {}), theirs.get(row_key)
        if new is not None:
            for column in header:
                if column not in new:
                    continue
                was, mine, yours = old.get(column, ""), row.get(column, ""), new[column]
                if yours != was and mine == was:
                    row[column] = yours
                elif yours != was and mine != was and yours != mine:
                    conflicts += 1
                    print(f"conflict {row_key}.{column}: ours kept", file=sys.stderr)
        merged.append(row)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(merged)
    sys.stdout.write(out.getvalue())
    return 1 if conflicts else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:5]))
