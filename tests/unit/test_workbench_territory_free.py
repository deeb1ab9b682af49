"""Territory-free code (issue 21, item 4): what differs by territory is data, never a string in src/.

Every string literal (docstrings included) in ``src/breakaway`` is read with ``tokenize``; none may
hold a territory's name or id from ``data/territories.csv``. Comments may (they explain data
quirks with a source).
"""

from __future__ import annotations

import csv
import io
import tokenize
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# Python 3.12 splits an f-string into parts; its text is in FSTRING_MIDDLE.
STRING_TOKENS = {tokenize.STRING, getattr(tokenize, "FSTRING_MIDDLE", tokenize.STRING)}


def territory_words() -> set[str]:
    with (REPO / "data" / "territories.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {row["territory_id"].lower() for row in rows} | {row["name"].lower() for row in rows}


def strings_naming(words: set[str], root: Path) -> list[str]:
    found = []
    for path in sorted(root.rglob("*")):
        if path.suffix not in (".py", ".j2", ".json", ".css") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".py":
            tokens = tokenize.generate_tokens(io.StringIO(text).readline)
            pieces = [(t.start[0], t.string) for t in tokens if t.type in STRING_TOKENS]
        else:
            pieces = list(enumerate(text.splitlines(), start=1))
        for line, piece in pieces:
            hits = sorted(word for word in words if word in piece.lower())
            if hits:
                found.append(f"{path.relative_to(REPO)}:{line}: {', '.join(hits)}")
    return found


def test_no_string_in_the_package_names_a_territory():
    found = strings_naming(territory_words(), REPO / "src" / "breakaway")
    assert found == [], "territory named in code (make it data):\n" + "\n".join(found)


def test_the_check_finds_a_planted_name(tmp_path):
    package = tmp_path / "src" / "breakaway"
    package.mkdir(parents=True)
    (package / "planted.py").write_text(
        '"""Fine."""\n# Abkhazia in a comment is fine\nTITLE = f"Map of {1} Abkhazia"\n',
        encoding="utf-8",
    )
    global REPO
    saved, REPO = REPO, tmp_path
    try:
        found = strings_naming({"abkhazia"}, package)
    finally:
        REPO = saved
    assert found == ["src/breakaway/planted.py:3: abkhazia"]


def test_map_caveats_and_the_overview_title_are_data(tmp_path):
    import json
    from datetime import date

    from breakaway.report import maps

    words = {
        "overview_map": {"title": "Regions in far corners", "subtitle": "Two windows"},
        "boundary_notes": [
            {"maps": ["north-region"], "from": "2001-01-01", "text": "Drawn as of 2001."},
            {"maps": ["overview"], "text": "Overview only."},
        ],
    }
    path = tmp_path / "maps.json"
    path.write_text(json.dumps(words), encoding="utf-8")
    loaded = maps.load_map_words(path)
    assert maps.overview_title(loaded) == ("Regions in far corners", "Two windows")
    assert "Drawn as of 2001." in maps.boundary_note("north-region", date(2001, 1, 1), words=loaded)
    assert "2001" not in maps.boundary_note("north-region", date(2000, 12, 31), words=loaded)
    assert "Overview only." in maps.boundary_note(None, date(2000, 1, 1), words=loaded)
    assert "Overview only." not in maps.boundary_note(
        "north-region", date(2000, 1, 1), words=loaded
    )


def test_a_bad_map_words_file_is_one_line(tmp_path):
    import pytest

    from breakaway.errors import DataError
    from breakaway.report import maps

    path = tmp_path / "maps.json"
    path.write_text('{"boundary_notes": [{"maps": ["x"], "until": "soon"}]}', encoding="utf-8")
    with pytest.raises(DataError) as caught:
        maps.load_map_words(path)
    (line,) = caught.value.problems
    assert "boundary note 1 'until': expected YYYY-MM-DD" in line


def test_the_map_windows_are_data(tmp_path):
    import json

    from breakaway.data.mapwords import load_map_words, window_phrases
    from breakaway.report.maps.geometry import Extent, clip_windows

    words = {
        "windows": [
            {"name": "North", "phrase": "the north", "west": 1, "east": 2, "south": 3, "north": 4}
        ],
        "boundary_notes": [],
    }
    path = tmp_path / "maps.json"
    path.write_text(json.dumps(words), encoding="utf-8")
    loaded = load_map_words(path)
    assert clip_windows(loaded) == {"North": Extent(1.0, 2.0, 3.0, 4.0)}
    assert window_phrases(loaded) == {"North": "the north"}
    # The project's windows are the boundaries file's clip windows, named in its PROVENANCE.md.
    provenance = (REPO / "data" / "geo" / "PROVENANCE.md").read_text(encoding="utf-8")
    assert clip_windows() and all(name in provenance for name in clip_windows())


def test_a_briefings_subject_names_its_own_patron(tmp_path):
    from datetime import date

    from breakaway.render.execute import _subject
    from breakaway.render.plan import ReportSpec

    spec = ReportSpec("briefing", "north-region", date(2021, 1, 1), tmp_path)
    subject = _subject(spec, {"name": "North Region", "patron_state": "Armenia"})
    assert "steps towards Armenia" in subject and "Russia" not in subject
