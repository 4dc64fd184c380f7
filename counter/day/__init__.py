"""The office's day: the supervisor's view of it, its figures, and the day close (日结)."""
