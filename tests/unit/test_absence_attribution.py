"""The absence scan exempts a speaker's reported claim, never our own wording (issue 18)."""

from __future__ import annotations

import pytest
from absence import absence_claims

KALANDADZE = (
    "The latest, on 9 April 2012: After the repeat presidential runoff, Kalandadze said no act "
    "in the occupied region could be considered legal while displaced people were not allowed "
    "to return."
)


def test_a_speakers_reported_claim_is_not_our_statement_of_absence():
    assert absence_claims(f"Some text. {KALANDADZE} More text.") == []


@pytest.mark.parametrize(
    "sentence",
    [
        # The same clause in our own voice, with no speaker.
        "Displaced people were not allowed to return.",
        "After the runoff, no act in the region had been recognised.",
        # Our absence before a speaker's verb is still ours.
        "No census had been published, and Kalandadze said so.",
        "No census of this territory had been published by this date.",
    ],
)
def test_an_unattributed_absence_is_still_caught(sentence):
    assert absence_claims(f"Some text. {sentence} More text.") == [sentence]
