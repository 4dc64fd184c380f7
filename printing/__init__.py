"""Documents as functions from data to PDF bytes; no Qt here."""
