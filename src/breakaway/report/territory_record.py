"""A briefing's rows of its territory as known on its day: each table filtered once.

The facts, the lead, the voices, the timeline, the joining story, the key steps and the
recognition chart and tables all read the same known events, statements or recognitions; a
briefing filtered them again for each section (the as-of rule and the details revealed, several
milliseconds a table). The frames are shared, read only: every reader takes rows from them or
copies them before changing a column.
"""

from __future__ import annotations

from datetime import date
from functools import cached_property

import pandas as pd

from breakaway.data.load import Dataset
from breakaway.knowledge.events import events_as_of, statements_as_of
from breakaway.knowledge.recognition import recognitions_as_of
from breakaway.report.lead_news import LeadRecord


class TerritoryRecord:
    """One territory's events, statements and recognitions known on one day, filtered once."""

    def __init__(self, dataset: Dataset, territory: str, as_of: date):
        self.dataset = dataset
        self.territory = territory
        self.as_of = as_of

    @cached_property
    def events(self) -> pd.DataFrame:
        """``events_as_of`` the day."""
        return events_as_of(self.dataset.events, self.territory, self.as_of)

    @cached_property
    def statements(self) -> pd.DataFrame:
        """``statements_as_of`` the day."""
        return statements_as_of(self.dataset.statements, self.territory, self.as_of)

    @cached_property
    def recognitions(self) -> pd.DataFrame:
        """``recognitions_as_of`` the day."""
        return recognitions_as_of(self.dataset.recognitions, self.territory, self.as_of)

    @cached_property
    def lead_record(self) -> LeadRecord:
        """``LeadRecord.known`` the day, from the events and statements above."""
        return LeadRecord.known(
            self.dataset, self.territory, self.as_of, self.events, self.statements
        )
