"""The platform's feed changes in the core's shape (`counter.exchange.changes`).

The engine reads the office feed as wire models (`sync.protocol`) and applies
it through the core, which knows nothing of the wire. Times are taken into the
standard library's UTC here, once: every later use (stored text, audit hash)
is then cheaper than with the parser's zone object.
"""

from __future__ import annotations

from datetime import UTC

from counter.exchange.changes import (
    CalendarUpdate,
    CaseOutcome,
    CatalogUpdate,
    DeskCase,
    IssuedCertificate,
)
from sync.protocol import (
    CalendarResponse,
    CaseStateChange,
    CatalogResponse,
    CertificateIssuedChange,
    DeskCaseChange,
    SignedCertificate,
    calendar_entries,
    canonical_json,
    item_from_wire,
)


def case_outcome(change: CaseStateChange) -> CaseOutcome:
    """A department's decision on a case (its new state and reason)."""
    return CaseOutcome(change.case_id, change.state, change.reason, change.at.astimezone(UTC))


def desk_case(change: DeskCaseChange) -> DeskCase:
    """A case another desk of the office took in, as the office's review shows it."""
    return DeskCase(
        case_id=change.case_id, acceptance_no=change.acceptance_no,
        desk_code=change.desk_code, clerk=change.clerk,
        service_code=change.service_code, service_name=change.service_name,
        applicant_name=change.applicant_name,
        applicant_id_masked=change.applicant_id_masked, state=change.state,
        accepted_at=change.accepted_at.astimezone(UTC), local_date=change.local_date,
        due_date=change.due_date, at=change.at.astimezone(UTC),
    )


def signed_text(cert: SignedCertificate) -> str:
    """The text a certificate's signature covers: its data as canonical JSON."""
    return canonical_json(cert.data.model_dump(mode="json"))


def issued_certificate(
    change: CertificateIssuedChange, payload: str, verified: bool
) -> IssuedCertificate:
    """An issued certificate with its signed text and whether its signature holds."""
    cert = change.certificate
    return IssuedCertificate(
        case_id=change.case_id,
        serial=cert.data.certificate_id,
        doc_type=cert.data.doc_type,
        title=cert.data.title,
        payload=payload,
        alg=cert.alg,
        key_id=cert.key_id,
        signature=cert.signature,
        verified=verified,
        issued_at=cert.data.issued_at.astimezone(UTC),
    )


def catalog_update(catalog: CatalogResponse) -> CatalogUpdate:
    """The catalog's new version, whole or as the items changed since the desk's."""
    return CatalogUpdate(
        version=catalog.version,
        full=catalog.full,
        items=tuple(item_from_wire(i) for i in catalog.items),
        removed=tuple(catalog.removed),
    )


def calendar_update(calendar: CalendarResponse) -> CalendarUpdate:
    """The working-day calendar's new version."""
    return CalendarUpdate(
        version=calendar.version,
        years=tuple(calendar.years),
        entries=tuple(calendar_entries(calendar)),
    )
