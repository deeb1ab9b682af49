"""Reports: the page shared by all of them, the briefing, the comparison, charts and maps."""
