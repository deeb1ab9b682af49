"""Concatenate the four territories' round-2 tables into one set: ``python merge.py OUT``."""
import csv, sys, pathlib
T = ["south-ossetia", "abkhazia", "transnistria", "nagorno-karabakh"]
out = pathlib.Path(sys.argv[1])
tables = ["territories", "recognitions", "population", "events", "statements", "indicators", "claims", "sources"]
def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        r = csv.DictReader(f); return r.fieldnames, list(r)
for name in tables:
    header, rows = None, []
    for t in T:
        h, rs = read(f"{t}/{name}.csv")
        header = header or h
        assert h == header, (name, t)
        rows += rs
        if name == "recognitions" and pathlib.Path(f"{t}/recognitions-by-artsakh.csv").exists():
            h2, rs2 = read(f"{t}/recognitions-by-artsakh.csv"); rows += rs2
    if name == "sources":
        seen = {}
        for r in rows:
            if r["source_id"] in seen:
                a = seen[r["source_id"]]
                if (a["url"], a["published_on"], a["kind"]) != (r["url"], r["published_on"], r["kind"]):
                    print("conflict", r["source_id"], a["published_on"], r["published_on"], a["kind"], r["kind"], file=sys.stderr)
                continue
            seen[r["source_id"]] = r
        rows = sorted(seen.values(), key=lambda r: r["source_id"])
    key = {"territories": ("territory_id",), "recognitions": ("territory_id", "recognized_on", "recognizer"),
           "population": ("territory_id", "year", "group"), "events": ("territory_id", "date", "event_id"),
           "statements": ("territory_id", "date", "statement_id"), "indicators": ("territory_id", "indicator", "year"),
           "claims": ("claim_id",)}.get(name)
    if key: rows.sort(key=lambda r: tuple(r[k] for k in key))
    with open(out / f"{name}.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=header, lineterminator="\n"); w.writeheader(); w.writerows(rows)
    print(name, len(rows))
