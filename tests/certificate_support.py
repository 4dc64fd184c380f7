"""A case with a department's signed certificate in the store, for certificate tests."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from counter.certificates.records import pin_keys
from counter.desk import Desk
from counter.intake.submit import submit_intake
from counter.store.models import Certificate
from counter.users import Actor
from sync.protocol import CertificateData, PublicKey, canonical_json, sign_certificate
from sync.protocol.certificates import b64url, key_id_for
from tests.conftest import intake_request

ISSUED_AT = datetime(2026, 3, 9, 2, 30, tzinfo=UTC)


@dataclass(frozen=True)
class SigningKey:
    private: Ed25519PrivateKey
    public: PublicKey


def new_key() -> SigningKey:
    private = Ed25519PrivateKey.generate()
    raw = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    public = PublicKey(
        key_id=key_id_for(raw), public_key=b64url(raw), created_at=datetime(2026, 1, 1, tzinfo=UTC)
    )
    return SigningKey(private, public)


@dataclass(frozen=True)
class Issued:
    case_id: str
    acceptance_no: str
    serial: str
    data: CertificateData
    key: SigningKey


def issue_certificate(
    desk: Desk, clerk: Actor, key: SigningKey | None = None, *, pin: bool = True
) -> Issued:
    """Take in a case and store a certificate for it as the sync engine would."""
    key = key or new_key()
    result = submit_intake(desk, clerk, intake_request(desk))
    data = CertificateData(
        certificate_id=f"CERT-{result.acceptance_no}",
        doc_type="business_license",
        title="个体工商户营业执照",
        case_id=result.case_id,
        acceptance_no=result.acceptance_no,
        service_code="140121-GT-001",
        issuer="清徐县市场监督管理局",
        holder_name="张三",
        holder_id_masked="**************0012",
        issued_at=ISSUED_AT,
    )
    signed = sign_certificate(data, key.private, key.public.key_id)
    with desk.store.write() as session:
        session.add(
            Certificate(
                case_id=result.case_id,
                serial=data.certificate_id,
                doc_type=data.doc_type,
                title=data.title,
                payload=canonical_json(data.model_dump(mode="json")),
                alg=signed.alg,
                key_id=signed.key_id,
                signature=signed.signature,
                verified=True,
                issued_at=ISSUED_AT,
                received_at=ISSUED_AT,
            )
        )
    if pin:
        pin_keys(desk, [key.public])
    return Issued(result.case_id, result.acceptance_no, data.certificate_id, data, key)


def tamper(payload: str) -> str:
    """The payload with one character of the signed data changed (the holder's name)."""
    assert "张三" in payload
    changed = payload.replace("张三", "张王", 1)
    json.loads(changed)
    return changed
