"""After the reports of a run are published: the editions' lists, the feed and the index.

These files are shared by every report in ``OUT``, so they are read, changed and written under
``OUT``'s site lock (``publish.site_lock``). A run that changed nothing takes no lock and writes
nothing: it imports none of this work (no Jinja, no manifests read), which keeps the no-op run and
the quiet night cheap.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from breakaway.render.links import links_differ
from breakaway.render.plan import PlannedReport, RenderOptions
from breakaway.render.result import RenderResult


def publish_site(
    out_dir: Path,
    planned: list[PlannedReport],
    results: list[RenderResult],
    options: RenderOptions,
    base_url: str | None,
    edition_of: date | None,
    knowledge: dict[str, str],
) -> None:
    """Record new editions (an edition run: ``edition_of`` is today), then feed and index."""
    # "unchanged": an edition run found nothing new since the last edition; nothing was written.
    nothing_done = all(result.status in ("up to date", "unchanged") for result in results)
    index = out_dir / "index.html"
    index_stale = not (nothing_done and index.is_file() and not links_differ(index, base_url))
    if not index_stale:
        # A run that rendered nothing: the editions' lists are written only to repair a state
        # file, the feed only when its links change; neither needs the lock's cost on a quiet
        # night, and the index lists what is on disk, which did not change.
        if edition_of is not None:
            _record(out_dir, planned, results, options, base_url, edition_of, knowledge)
        return
    from breakaway.render.publish import site_lock

    with site_lock(out_dir, options.lock_timeout):
        if edition_of is not None:
            _record(out_dir, planned, results, options, base_url, edition_of, knowledge)
        if index_stale:
            from breakaway.render.index import write_index

            write_index(out_dir, base_url)


def _record(out_dir, planned, results, options, base_url, today, knowledge) -> None:
    from breakaway.render.editions import record_editions

    statuses = {result.label: result.status for result in results}
    new = record_editions(planned, statuses, knowledge, options, today)
    # A quiet night reads the tables once (the plan), and the feed only if its links change.
    if new or links_differ(out_dir / "feed.xml", base_url):
        from breakaway.render.feed import add_editions, report_names

        names = report_names(options.data_dir) if new else {}
        add_editions(out_dir, new, names, base_url)
