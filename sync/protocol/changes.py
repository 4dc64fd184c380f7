"""The per-office changes feed: department outcomes, certificates, catalog and calendar news.

A client keeps the ``next_cursor`` of the last page it applied (in the same
transaction as the changes) and asks again with it; ``has_more`` says another
page is waiting. Cursors are opaque, bound to the office, and stay valid
forever. Changes are delivered at least once: apply them idempotently by
``change_id``.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AwareDatetime, Field

from sync.protocol.base import Versioned, WireModel
from sync.protocol.certificates import SignedCertificate

DEFAULT_PAGE = 100
MAX_PAGE = 500
DepartmentState = Literal["in_review", "approved", "rejected", "result_ready"]


class _Change(WireModel):
    change_id: str = Field(description="Unique and stable; use it to skip a change seen twice.")
    at: AwareDatetime


class CaseStateChange(_Change):
    """A department moved the case: the platform is authoritative for these states."""

    kind: Literal["case_state"] = "case_state"
    case_id: str
    acceptance_no: str
    state: DepartmentState
    reason: str = ""


class CertificateIssuedChange(_Change):
    kind: Literal["certificate_issued"] = "certificate_issued"
    case_id: str
    acceptance_no: str
    certificate: SignedCertificate


class CatalogUpdatedChange(_Change):
    """Fetch ``/v1/catalog?since=<the version you hold>``."""

    kind: Literal["catalog_updated"] = "catalog_updated"
    version: int


class CalendarUpdatedChange(_Change):
    """Fetch ``/v1/calendar?since=<the version you hold>``."""

    kind: Literal["calendar_updated"] = "calendar_updated"
    version: int
    years: list[int]


Change = Annotated[
    CaseStateChange | CertificateIssuedChange | CatalogUpdatedChange | CalendarUpdatedChange,
    Field(discriminator="kind"),
]
KNOWN_KINDS = frozenset({"case_state", "certificate_issued", "catalog_updated", "calendar_updated"})


class ChangesPage(Versioned):
    changes: list[Change]
    next_cursor: str = Field(description="Opaque; send it back as ?cursor= for the next page.")
    has_more: bool


def parse_changes_page(body: dict) -> ChangesPage:
    """Read a page, skipping change kinds this client does not know (added later in v1)."""
    changes = [c for c in body.get("changes", []) if c.get("kind") in KNOWN_KINDS]
    return ChangesPage.model_validate({**body, "changes": changes})
