"""Health, and the shared-documents lookup ("one number": 一数一源).

The lookup is a POST so the ID number travels in the body, never in a URL
that proxies and access logs keep.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import AwareDatetime, Field

from sync.protocol.base import Versioned, WireModel


class Health(Versioned):
    status: Literal["ok"] = "ok"
    time: AwareDatetime
    server: str = Field(description="Platform software name and version.")


class Readiness(Versioned):
    """Whether this worker can serve now: its database answers (503 with Retry-After if not)."""

    ready: bool
    database: Literal["ok", "unavailable"]


class SharedDocumentsQuery(WireModel):
    id_type: str = Field(
        min_length=1, max_length=40, description="resident_id, credit_code, passport, …"
    )
    id_number: str = Field(min_length=1, max_length=40)


class SharedDocument(WireModel):
    """A certificate the platform holds for the person or company."""

    doc_type: str = Field(description="Matches MaterialSpec.shared_doc_type in the catalog.")
    title: str
    issuer: str
    issued_at: date
    valid_until: date | None = None
    certificate_id: str | None = Field(
        default=None, description="Set when the platform signed it itself."
    )


class SharedDocuments(Versioned):
    id_number_masked: str
    documents: list[SharedDocument]
