"""The supervisor's actions on cases: make-up, extension, corrections, resubmission, dead letters."""
