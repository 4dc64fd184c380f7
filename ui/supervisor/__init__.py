"""The supervisor's rooms: the office's review, the day close, statistics, the
audit log, dead letters, follow-ups and the case corrections."""
