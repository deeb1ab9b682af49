"""Locator maps drawn from the Natural Earth boundaries in data/geo/."""
