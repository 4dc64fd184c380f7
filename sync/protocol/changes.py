"""The per-office changes feed: department outcomes, the office's desks' cases, certificates,
catalog and calendar news.

A client keeps the ``next_cursor`` of the last page it applied (in the same
transaction as the changes) and asks again with it; ``has_more`` says another
page is waiting. Cursors are opaque, bound to the office, and stay valid
forever. Changes are delivered at least once: apply them idempotently by
``change_id``.
"""

from __future__ import annotations

from datetime import date
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


class DeskCaseChange(_Change):
    """A case taken in, or moved at the counter, at one of the office's desks.

    Every desk of the office hears of every desk's cases, so a supervisor sees
    the whole office's day. The ID number comes masked: another desk never
    receives it whole. A desk skips its own cases (it holds them already).
    """

    kind: Literal["desk_case"] = "desk_case"
    case_id: str
    acceptance_no: str
    desk_code: str
    clerk: str = ""
    service_code: str
    service_name: str = ""
    applicant_name: str
    applicant_id_masked: str
    state: str = Field(description="The case's state as the counter last recorded it.")
    accepted_at: AwareDatetime
    local_date: date
    due_date: date | None = None


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
    CaseStateChange
    | DeskCaseChange
    | CertificateIssuedChange
    | CatalogUpdatedChange
    | CalendarUpdatedChange,
    Field(discriminator="kind"),
]
KNOWN_KINDS = frozenset(
    {"case_state", "desk_case", "certificate_issued", "catalog_updated", "calendar_updated"}
)


class ChangesPage(Versioned):
    changes: list[Change]
    next_cursor: str = Field(description="Opaque; send it back as ?cursor= for the next page.")
    has_more: bool


def parse_changes_page(body: dict) -> ChangesPage:
    """Read a page, skipping change kinds this client does not know (added later in v1)."""
    changes = [c for c in body.get("changes", []) if c.get("kind") in KNOWN_KINDS]
    return ChangesPage.model_validate({**body, "changes": changes})
