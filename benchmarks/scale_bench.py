"""Time per report as the number of territories grows: 10, 100, 1,000 (HTML only).

Method
------
For each size N, a temporary data folder holds the project's data plus synthetic territories,
each a copy of one real territory's rows (every table that has a ``territory_id`` column and no
other unique id) and of its outline in the boundaries file, under the ids ``synthetic-0001`` ...,
so that the folder holds N territories and validates. The same few real briefings (``--sample``)
are then rendered with ``breakaway render --force --jobs 1 --format html`` from that folder, and
the time per report is taken from their manifests (``timings.total``: execute + HTML) and from
the wall clock of the whole command divided by the number of reports. Rendering a sample instead
of all N briefings measures what one briefing costs at that size; a cost that grows with N (every
briefing comparing itself with every territory, the data re-read per report) shows as a rising
time per report. Flat means the largest size costs at most ``FLAT_RATIO`` times the smallest.

The section ``## Scale`` of ``benchmarks/RESULTS.md`` is replaced with the results
(``render_bench.py`` keeps it when it rewrites the rest).

Usage::

    .venv/bin/python benchmarks/scale_bench.py [--sizes 10,100,1000] [--sample abkhazia ...]
        [--as-of 2025-06-30] [--out benchmarks/RESULTS.md]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from breakaway import paths

BIN = Path(sys.executable).parent
TEMPLATE = "abkhazia"
FLAT_RATIO = 1.5
SECTION = "## Scale"
GROWTH_NOTE = (
    "The time per report still grows with the number of territories: look for work a briefing "
    "does once per territory (its peers are bounded to eight; the kernels read the data without "
    "validating it again) or for the data read per report."
)


def synthetic_data(source: Path, target: Path, size: int, template: str = TEMPLATE) -> Path:
    """A copy of ``source`` with synthetic copies of ``template`` until it has ``size`` rows."""
    shutil.copytree(source, target)
    descriptor = json.loads((target / "datapackage.json").read_text(encoding="utf-8"))
    with open(target / "territories.csv", encoding="utf-8", newline="") as file:
        existing = sum(1 for _ in csv.DictReader(file))
    clones = [f"synthetic-{n:04d}" for n in range(1, max(0, size - existing) + 1)]
    for resource in descriptor["resources"]:
        names = [f["name"] for f in resource["schema"]["fields"]]
        other_keys = [k for k in resource["schema"].get("primaryKey", []) if k.endswith("_id")]
        if "territory_id" not in names or set(other_keys) - {"territory_id"}:
            continue  # rows with ids of their own (claims) are not copied
        _clone_rows(target / resource["path"], template, clones)
    _clone_outline(paths.geo_path(target), template, clones)
    return target


def _clone_rows(path: Path, template: str, clones: list[str]) -> None:
    if not path.exists():
        return
    with open(path, encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file)
        header, rows = reader.fieldnames or [], list(reader)
    originals = [row for row in rows if row["territory_id"] == template]
    for clone in clones:
        for row in originals:
            copy = {**row, "territory_id": clone}
            if "name" in copy and path.name == "territories.csv":
                copy["name"] = clone.replace("-", " ").title()
            rows.append(copy)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def _clone_outline(path: Path, template: str, clones: list[str]) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    original = next(f for f in document["features"] if f["properties"]["id"] == template)
    for clone in clones:
        feature = json.loads(json.dumps(original))
        feature["properties"].update(id=clone, name=clone.replace("-", " ").title())
        document["features"].append(feature)
    path.write_text(json.dumps(document), encoding="utf-8")


def time_size(size: int, sample: list[str], as_of: str, tmp: Path) -> dict:
    """Render the sample from a folder of ``size`` territories; time per report."""
    data = synthetic_data(paths.data_dir(), tmp / f"data-{size}", size)
    out = tmp / f"out-{size}"
    env = {**os.environ, "BREAKAWAY_FIGURES_DIR": str(tmp / f"figures-{size}")}
    command = [str(BIN / "breakaway"), "render", *sample, "--data", str(data), "--out", str(out)]
    command += ["--as-of", as_of, "--format", "html", "--force", "--jobs", "1"]
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"scale_bench.py: {size} territories: render failed:\n{result.stderr}")
    totals = [
        json.loads((out / name / as_of / "manifest.json").read_text())["timings"]["total"]
        for name in sample
    ]
    return {
        "size": size,
        "reports": len(sample),
        "wall_per_report": wall / len(sample),
        "manifest_per_report": statistics.median(totals),
    }


def section(rows: list[dict], sample: list[str], as_of: str) -> str:
    """The ``## Scale`` section of RESULTS.md."""
    first, last = rows[0]["manifest_per_report"], rows[-1]["manifest_per_report"]
    ratio = last / first if first else float("inf")
    verdict = "PASS" if ratio <= FLAT_RATIO else "FAIL"
    lines = [
        SECTION,
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `benchmarks/scale_bench.py`: the "
        f"briefings {', '.join(sample)} as of {as_of}, HTML only, `--jobs 1`, rendered from data "
        "folders padded with synthetic copies of "
        f"{TEMPLATE} to N territories. Target: time per report flat (largest N at most "
        f"{FLAT_RATIO}x the smallest). **{verdict}**: {ratio:.2f}x.",
        "",
        "| territories | reports timed | per report (manifest, median) | per report (wall) |",
        "| ---: | ---: | ---: | ---: |",
    ]
    lines += [
        f"| {r['size']:,} | {r['reports']} | {r['manifest_per_report']:.1f} s "
        f"| {r['wall_per_report']:.1f} s |"
        for r in rows
    ]
    if verdict == "FAIL":
        lines += ["", GROWTH_NOTE]
    return "\n".join(lines) + "\n"


def write_section(path: Path, text: str) -> None:
    """Replace (or add) the ``## Scale`` section of ``path``."""
    try:
        current = path.read_text(encoding="utf-8")
    except OSError:
        current = ""
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.M | re.S)
    if pattern.search(current):
        updated = pattern.sub(lambda _: text + "\n", current).rstrip() + "\n"
    else:
        updated = current.rstrip() + "\n\n" + text
    path.write_text(updated, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Run the scale benchmark; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="10,100,1000", help="territory counts (default: %(default)s)"
    )
    parser.add_argument(
        "--sample", nargs="+", default=["south-ossetia", "abkhazia", "transnistria"]
    )
    parser.add_argument("--as-of", default="2025-06-30")
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("RESULTS.md"))
    args = parser.parse_args(argv)
    sizes = sorted(int(size) for size in args.sizes.split(","))
    tmp = Path(tempfile.mkdtemp(prefix="breakaway-scale-"))
    try:
        rows = []
        for size in sizes:
            row = time_size(size, args.sample, args.as_of, tmp)
            print(
                f"{size:>6} territories: {row['manifest_per_report']:.1f} s per report "
                f"(wall {row['wall_per_report']:.1f} s)",
                flush=True,
            )
            rows.append(row)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    write_section(args.out, section(rows, args.sample, args.as_of))
    return 0


if __name__ == "__main__":
    sys.exit(main())
