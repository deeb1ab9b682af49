import io

from breakaway.render.execute import RenderResult
from breakaway.render.progress import Progress


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def test_plain_lines_when_not_a_terminal():
    stream = io.StringIO()
    progress = Progress(total=2, stream=stream)
    progress.report(RenderResult("abkhazia 2020-01-01", "rendered", "/x", timings={"total": 3.2}))
    progress.report(RenderResult("transnistria 2020-01-01", "up to date", "/y"))
    progress.close()
    assert stream.getvalue().splitlines() == [
        "abkhazia 2020-01-01: rendered in 3.2 s",
        "transnistria 2020-01-01: up to date",
        "breakaway: 1 rendered, 1 up to date",
    ]


def test_a_bar_that_rewrites_itself_on_a_terminal():
    stream = FakeTerminal()
    progress = Progress(total=2, stream=stream)
    progress.report(RenderResult("abkhazia 2020-01-01", "up to date", "/x"))
    progress.report(RenderResult("transnistria 2020-01-01", "up to date", "/y"))
    progress.close()
    text = stream.getvalue()
    assert "\r[##########          ] 1/2" in text and "\r[####################] 2/2" in text
    assert text.rstrip().endswith("all 2 reports are up to date; nothing to do")


def test_one_report_up_to_date_is_said_in_the_singular():
    import io

    stream = io.StringIO()
    progress = Progress(total=1, stream=stream)
    progress.report(RenderResult("abkhazia 2020-01-01", "up to date", "/tmp/x"))
    progress.close()
    assert stream.getvalue().rstrip().endswith("the report is up to date; nothing to do")
    assert "all 1 reports" not in stream.getvalue()
