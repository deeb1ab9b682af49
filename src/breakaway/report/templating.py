"""The Jinja partials every report is built from: captions, title block, key facts, tables.

HTML lives in ``templates/partials/``; Python hands them values. Autoescaping is on, so text from
the data is escaped wherever it lands; values that are already safe HTML (citation markers, a
rendered caption) arrive as ``markupsafe.Markup``.
"""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from breakaway import paths


@cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(paths.TEMPLATES_DIR / "partials"),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=False,
    )


def render_partial(name: str, **context) -> Markup:
    """Render ``templates/partials/<name>.html.j2`` with ``context`` into safe HTML."""
    return Markup(_environment().get_template(f"{name}.html.j2").render(**context))
