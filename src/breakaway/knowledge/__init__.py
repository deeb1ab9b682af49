"""What was known as of a date: pure functions on the validated frames."""
