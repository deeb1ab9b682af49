"""The feed a real run writes validates as Atom (RFC 4287), relative and then with --base-url.

Reads the shared "today" set (``tests/rendered.py``: every report of today, so a feed with an
entry per report); a copy of it then gets the set's runs again with ``--base-url``, which have
nothing to render and rewrite the feed's links. ``atomcheck`` holds the schema and the rules.
"""

from __future__ import annotations

import shutil

import pytest
from rendered import SETS, rendered_set
from reportcheck import run_cli

pytestmark = pytest.mark.integration
pytest.importorskip("lxml", reason="lxml (a test dependency in pyproject.toml) validates Atom")

from atomcheck import A, atom_problems  # noqa: E402 - needs lxml
from lxml import etree  # noqa: E402

BASE = "https://example.org/breakaway/"


def test_the_feed_of_todays_render_validates_with_relative_then_absolute_links(
    tmp_path_factory, tmp_path
):
    out = tmp_path / "out"
    shutil.copytree(rendered_set(tmp_path_factory, "today"), out, symlinks=True)
    relative = (out / "feed.xml").read_bytes()
    assert atom_problems(relative) == []
    entries = etree.fromstring(relative).findall(f"{A}entry")
    assert len(entries) == 5, "an entry per report of today: four briefings and the comparison"

    # The set's own commands again (its reports in the formats they were rendered in): each run
    # has nothing to render and rewrites the whole feed's links.
    for args in SETS["today"]:
        result = run_cli("render", *args, "--out", str(out), "--base-url", BASE)
        assert result.returncode == 0, result.stderr
        assert "up to date; nothing to do" in result.stdout, result.stdout
    absolute = (out / "feed.xml").read_bytes()
    assert absolute != relative
    assert atom_problems(absolute, BASE) == []
    assert len(etree.fromstring(absolute).findall(f"{A}entry")) == 5
