"""The PDF variants a render can write: tagged PDF/UA by default, archival PDF/A on request.

Standard library only: the CLI checks ``--pdf-variant`` before anything runs without importing
nbconvert or WeasyPrint.
"""

from __future__ import annotations

import os

from breakaway.errors import ParameterError

# Tagged for accessibility by default (structure tree, /Lang from <html lang>, figure alt text,
# bookmarks); archival PDF/A on request, tagged as well. WeasyPrint's names for its variants.
PDF_VARIANTS = ("pdf/ua-1", "pdf/ua-2", "pdf/a-3u", "pdf/a-2u", "pdf/a-3a", "pdf/a-2a")
DEFAULT_PDF_VARIANT = "pdf/ua-1"
# A default for notebooks converted outside ``breakaway render`` (which passes its option).
PDF_VARIANT_ENV = "BREAKAWAY_PDF_VARIANT"


def pdf_variant(requested: str | None = None) -> str:
    """The PDF variant to write: ``requested``, else ``$BREAKAWAY_PDF_VARIANT``, else PDF/UA-1.

    Raises:
        ParameterError: A variant WeasyPrint does not offer here (see ``PDF_VARIANTS``).
    """
    variant = requested or os.environ.get(PDF_VARIANT_ENV) or DEFAULT_PDF_VARIANT
    if variant not in PDF_VARIANTS:
        raise ParameterError(f"PDF variant {variant!r}: expected one of {', '.join(PDF_VARIANTS)}")
    return variant
