"""Rendering: plan what is out of date, execute notebooks, convert, publish, index."""
