"""Issue 20, item 8: a real render leaves no lock file in the tree a web server publishes.

Reads the shared rendered set of 13 May 2022 (three renders run at once by the command, each
taking its report's lock), so it costs no render of its own when the set is already made.
"""

from __future__ import annotations

import pytest
from rendered import rendered_set

from breakaway.render import publish

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    return rendered_set(tmp_path_factory, "2022-05-13")


def test_no_lock_file_lies_in_the_published_tree(rendered):
    assert (rendered / "south-ossetia" / "2022-05-13" / "briefing.html").is_file()
    locks = sorted(str(p.relative_to(rendered)) for p in rendered.rglob("*lock*"))
    assert locks == [], f"lock files under the output folder: {locks}"
    # Nor beside it (often inside the same web root): in the user's state folder instead.
    assert not (rendered.parent / ".breakaway-locks").exists()
    _, lock = publish.lock_location(rendered / "south-ossetia" / "2022-05-13")
    assert lock.is_file() and rendered not in lock.parents
