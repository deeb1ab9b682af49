"""Facts as a notebook output of their own MIME type: what ``render`` saves as ``facts.json``.

The narrative states figures from the same dictionary, so facts.json is the narrative's own single
source, machine-readable for downstream use. Readers never see this output.
"""

from __future__ import annotations

import json

from breakaway.knowledge.facts_types import PublishedFacts

# The notebook publishes its facts as an output of this type; render saves them as facts.json.
FACTS_MIMETYPE = "application/vnd.breakaway.facts+json"


class FactsOutput:
    """Facts as a notebook output of their own MIME type, hidden from readers."""

    def __init__(self, facts: PublishedFacts):
        self.facts: PublishedFacts = json.loads(json.dumps(facts))  # plain JSON types only

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {FACTS_MIMETYPE: self.facts, "text/plain": "facts.json"}, {}
