"""A citation marker never starts a line: it stays with the words it sources.

In print the layout used to carry ``[3].`` alone to the next line ("... as approved in 2006" /
"[3]. The same day ..."), about a hundred times across today's four briefings. The space before
every marker is now a no-break space (``render.convert.tie_citation_markers``).
"""

from __future__ import annotations

import pytest

from breakaway.render.convert import tie_citation_markers

MARKDOWN_MARKER = '[<a href="#source-3">3</a>]'
SUP_MARKER = '<sup class="cite">[<a href="#source-4">4</a>]</sup>'


def _lines(body: str) -> list[str]:
    """The text of each line WeasyPrint lays out for ``body`` in columns of many widths."""
    from weasyprint import HTML
    from weasyprint.formatting_structure.boxes import LineBox, TextBox

    columns = "".join(
        f'<div style="width: {width / 4}em">{body}</div>' for width in range(36, 80, 3)
    )
    html = f'<html><body style="font-size: 10pt; margin: 0">{columns}</body></html>'
    lines = []
    for page in HTML(string=html).render().pages:
        for box in page._page_box.descendants():
            if isinstance(box, LineBox):
                lines.append("".join(t.text for t in box.descendants() if isinstance(t, TextBox)))
    return lines


def _paragraph(marker: str) -> str:
    # At some of the widths a marker falls at a line's end.
    words = "as approved in the year 2006 {m}. The same day the minister said nothing more {m}."
    return "<p>" + " ".join([words.format(m=marker)] * 2) + "</p>"


@pytest.mark.parametrize("marker", [MARKDOWN_MARKER])
def test_no_line_starts_with_a_marker_once_tied(marker):
    body = _paragraph(marker)
    untied = _lines(body)
    # The bad case is real at this width: some line starts with the marker.
    assert any(line.lstrip().startswith("[") for line in untied), untied
    tied = _lines(tie_citation_markers(body))
    assert not any(line.lstrip().startswith("[") for line in tied), tied


def test_only_the_space_before_a_marker_changes():
    body = f"<p>One [two] three {MARKDOWN_MARKER} four {SUP_MARKER}</p>"
    tied = tie_citation_markers(body)
    # Only the Markdown marker: before an element (<sup>) a no-break space made WeasyPrint
    # break the line early, so those keep their breakable space.
    assert tied == body.replace(" [<a", "\u00a0[<a")
    assert "One [two] three" in tied


def test_the_leads_marker_keeps_its_full_stop_and_no_word_is_left_alone(dataset):
    from breakaway.report.citations import Citations
    from breakaway.report.lead_text import Sentence

    cite = Citations(dataset.sources)
    sentences = [
        Sentence("As approved in the year 2006", "src-a"),
        Sentence("The same day the minister said nothing more", "src-b"),
    ]
    html = " ".join(str(sentence.html(cite)) for sentence in sentences * 2)
    assert ' <span class="cite-end"><sup class="cite">' in html
    lines = _lines(f'<p class="lead-test">{tie_citation_markers(html)}</p>')
    assert not any(line.lstrip().startswith(".") for line in lines), lines
