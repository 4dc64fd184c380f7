"""Intake: the form, the service-item picker, the materials checklist, the applicant,
the decision and what the clerk reads after it."""
