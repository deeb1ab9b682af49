"""Data: schema, loading, validation (every input rule) and the data docs."""
