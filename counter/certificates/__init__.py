"""Certificates: the signed payload, and what a case holds, prints and verifies."""
