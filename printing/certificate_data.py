"""What the 办结通知 and certificate print say, as plain values, and the mapper from the store.

The QR payload is the signed certificate exactly as the platform signed it, so
a printed copy verifies offline (`counter.certificates.records.verify_payload`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from counter.certificates.records import CertificateInfo, PrintRecord
from counter.clock import to_office_time
from counter.store.models import Case

__all__ = ["DOC_TYPE_LABELS", "CertificateSheet", "certificate_sheet_for"]

DOC_TYPE_LABELS: dict[str, str] = {
    "resident_id_card": "居民身份证",
    "household_register": "户口簿",
    "business_license": "营业执照",
    "marriage_certificate": "结婚证",
    "real_estate_certificate": "不动产权证书",
}
"""How each shared document type is named on paper; others print as 证照."""


@dataclass(frozen=True)
class CertificateSheet:
    """Everything printed on a 办结通知 with its certificate.

    - `office_name`, `office_address`, `hotline`: the hall that hands the result out.
    - `title`: the certificate's name (营业执照…); `doc_type_label` its kind.
    - `serial`: the platform's certificate number (证照编号).
    - `issuer`: the deciding department; `issued_at` when it signed, office zone.
    - `holder_name`, `holder_id_masked`: as signed (the ID is already masked).
    - `acceptance_no`: the case's acceptance number, printed as Code 128 (ASCII).
    - `service_name`, `accepted_at`: the application this result answers.
    - `qr_payload`: the signed payload, printed as a QR code as is.
    - `print_no`: 1 for the first print; 2 and on are reprints (补打).
    - `printed_at`: when this copy was printed, office zone.
    - `verified`: whether the desk's pinned key verified the signature.
    """

    office_name: str
    office_address: str
    hotline: str
    title: str
    doc_type_label: str
    serial: str
    issuer: str
    issued_at: datetime
    holder_name: str
    holder_id_masked: str
    acceptance_no: str
    service_name: str
    accepted_at: datetime
    qr_payload: str
    print_no: int = 1
    printed_at: datetime | None = None
    verified: bool = True

    def __post_init__(self) -> None:
        if not self.acceptance_no or not self.acceptance_no.isascii():
            raise ValueError("acceptance_no must be non-empty ASCII (it is printed as Code 128)")
        if not self.qr_payload:
            raise ValueError("a certificate print needs the signed payload")
        if self.print_no < 1:
            raise ValueError("print_no starts at 1")
        if self.issued_at.utcoffset() is None or self.accepted_at.utcoffset() is None:
            raise ValueError("timestamps must be timezone-aware")

    @property
    def is_reprint(self) -> bool:
        return self.print_no > 1


def certificate_sheet_for(
    info: CertificateInfo,
    case: Case,
    *,
    office_name: str,
    office_address: str,
    hotline: str,
    record: PrintRecord | None = None,
    zone: str = "Asia/Shanghai",
) -> CertificateSheet:
    """The sheet for a stored certificate of `case`; `record` is this print's count."""
    data = info.data
    accepted = case.accepted_at
    if accepted.tzinfo is None:
        accepted = accepted.replace(tzinfo=UTC)
    return CertificateSheet(
        office_name=office_name,
        office_address=office_address,
        hotline=hotline,
        title=data.title,
        doc_type_label=DOC_TYPE_LABELS.get(data.doc_type, "证照"),
        serial=info.serial,
        issuer=data.issuer,
        issued_at=to_office_time(data.issued_at, zone),
        holder_name=data.holder_name,
        holder_id_masked=data.holder_id_masked,
        acceptance_no=case.acceptance_no,
        service_name=case.service_name,
        accepted_at=to_office_time(accepted, zone),
        qr_payload=info.qr_payload,
        print_no=record.print_no if record else 1,
        printed_at=to_office_time(record.printed_at, zone) if record else None,
        verified=info.verified,
    )
