"""The integration tier's shared PDF text (tests/reportcheck.py ``pdf_pages``): each PDF of a
shared rendered set is read by pypdf once a session, whichever module asks first, and by its bytes."""

from __future__ import annotations

import reportcheck


def _counting(monkeypatch) -> list:
    """pypdf's extraction replaced by a stand-in that records each file it reads."""
    read: list = []

    def extract(path):
        read.append(path)
        return (f"text of {path.read_bytes().decode()}", "")

    monkeypatch.setattr(reportcheck, "_extract_pages", extract)
    return read


def test_a_pdf_of_a_shared_set_is_read_once_by_its_bytes(tmp_path, monkeypatch):
    read = _counting(monkeypatch)
    root = tmp_path / "pytest-7" / reportcheck.SHARED
    pdf = root / "2022-05-13" / "south-ossetia" / "2022-05-13" / "briefing.pdf"
    pdf.parent.mkdir(parents=True)
    pdf.write_bytes(b"first")
    assert reportcheck.pdf_pages(pdf) == ("text of first", "")
    assert reportcheck.pdf_pages(pdf) == ("text of first", "")  # a second module: from the cache
    assert read == [pdf]
    # The same bytes elsewhere in the session's shared folder are the same text.
    twin = root / "time-travel" / "briefing.pdf"
    twin.parent.mkdir(parents=True)
    twin.write_bytes(b"first")
    assert reportcheck.pdf_pages(twin) == ("text of first", "")
    assert read == [pdf]
    # Other bytes (a set rendered again) are read again, never answered from the old text.
    pdf.write_bytes(b"second")
    assert reportcheck.pdf_pages(pdf) == ("text of second", "")
    assert read == [pdf, pdf]


def test_a_pdf_outside_the_shared_sets_is_read_every_time(tmp_path, monkeypatch):
    read = _counting(monkeypatch)
    pdf = tmp_path / "reports" / "abkhazia" / "2000-01-01" / "briefing.pdf"
    pdf.parent.mkdir(parents=True)
    pdf.write_bytes(b"copied")
    assert reportcheck.pdf_pages(pdf) == reportcheck.pdf_pages(pdf) == ("text of copied", "")
    assert read == [pdf, pdf]
    assert not list(tmp_path.rglob("*.json")), "nothing cached beside a test's own copy"
