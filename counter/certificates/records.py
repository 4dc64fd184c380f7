"""Certificates at the counter: what a case has, printing and reprinting, offline verification.

A department's result comes back from the platform as signed data (see
docs/EXCHANGE_PROTOCOL.md, "Certificates"). The desk prints it with the signed
payload as a QR code; anyone holding the platform's public key can check a
printed copy without a network.

- **Pinned keys.** The desk verifies only against the platform keys it keeps in
  its own store (table `platform_key`). The sync engine hands every key list it
  fetches to `pin_keys`: while the office has not installed a key set, a key
  seen for the first time is pinned (trust on first use, the demo's way). Once
  an administrator installs the office's key set with `install_keys`, fetched
  keys are no longer pinned, only the installed ones count. A pinned key is
  never replaced; a fetched key with a pinned id and other bytes is refused.
- **Prints.** Every print is a row of `certificate_print` and an audit entry.
  The first print needs no reason; every later one is a reprint (补打), needs a
  written reason and carries its number, which the printed copy shows.
- **Verification.** `verify_payload` takes the text of a scanned QR code and
  says ``valid``, ``tampered`` (signed by a pinned key, but the data or the
  signature was changed), ``unknown_key`` (no pinned key of that id) or
  ``malformed`` (not a certificate payload at all).

The payload's shape, its canonical JSON and the signature check are
`counter.certificates.payload` (pydantic and cryptography only), which the
exchange contract re-exports: the core depends on nothing above it.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from sqlmodel import Session, col, func, select

from counter.audit import log as audit
from counter.certificates.payload import (
    ALGORITHM,
    CertificateData,
    PublicKey,
    canonical_json,
    parse_signed_certificate,
    public_key_problems,
    signed_data_unchanged,
    verify_certificate,
)
from counter.clock import utc_now
from counter.desk import Desk
from counter.errors import FieldProblem, NotFound, ValidationError
from counter.i18n import QT_TRANSLATE_NOOP
from counter.store.models import Case, Certificate, CertificatePrint, Meta, PlatformKey
from counter.users import Actor, Permission, require

__all__ = [
    "KEY_POLICY_KEY",
    "CertificateInfo",
    "KeyRecord",
    "PrintRecord",
    "Verdict",
    "VerdictReason",
    "case_certificates",
    "certificate_by_serial",
    "check_key_set",
    "install_keys",
    "key_records",
    "pin_keys",
    "pinned_keys",
    "print_count",
    "qr_payload",
    "record_print",
    "verify_payload",
]

log = logging.getLogger("counter.certificates.records")

KEY_POLICY_KEY = "platform_key_policy"
"""Meta key: ``"configured"`` once an office key set is installed; absent means trust on first use."""

SOURCE_FETCHED = "fetched"
SOURCE_CONFIGURED = "configured"

_REPRINT_REASON = QT_TRANSLATE_NOOP("rules", "a reprint needs a reason")
_REASON_LABEL = QT_TRANSLATE_NOOP("fields", "Reprint reason")
_KEY_LABEL = QT_TRANSLATE_NOOP("fields", "Platform key")
_KEY_SET_LABEL = QT_TRANSLATE_NOOP("fields", "Key set")
_EMPTY_KEY_SET = QT_TRANSLATE_NOOP("rules", "holds no key; nothing could be verified")


def _utc(value: datetime) -> datetime:
    """A stored (naive UTC) timestamp as an aware one."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


# -- pinned keys ---------------------------------------------------------------------


def pinned_keys(session: Session) -> list[PublicKey]:
    """The platform keys this desk trusts, oldest first."""
    rows = session.exec(select(PlatformKey).order_by(col(PlatformKey.created_at))).all()
    return [
        PublicKey(
            key_id=r.key_id, alg=r.alg, public_key=r.public_key, created_at=_utc(r.created_at)
        )
        for r in rows
    ]


def pin_keys(desk: Desk, keys: list[PublicKey], *, now: datetime | None = None) -> list[str]:
    """Pin the keys of a fetched key list this desk does not hold yet; returns their ids.

    Nothing is pinned once the office installed its own key set. A key whose
    id is pinned with other bytes is refused and logged (ids are derived from
    the key, so that is not the platform's key).
    """
    now = now or utc_now()
    added: list[str] = []
    with desk.store.write() as session:
        policy = session.get(Meta, KEY_POLICY_KEY)
        for key in keys:
            held = session.get(PlatformKey, key.key_id)
            if held is not None:
                if held.public_key != key.public_key:
                    log.warning("platform key %s differs from the pinned one; ignored", key.key_id)
                continue
            if policy is not None and policy.value == SOURCE_CONFIGURED:
                log.warning("platform key %s is not in the installed key set", key.key_id)
                continue
            if key.alg != ALGORITHM:
                continue
            session.add(_key_row(key, now, SOURCE_FETCHED))
            added.append(key.key_id)
    return added


def install_keys(
    desk: Desk, actor: Actor, keys: list[PublicKey], *, now: datetime | None = None
) -> list[str]:
    """Install the office's configured key set (administrators); fetched keys stop counting.

    Keys pinned before on first use and not in the set are removed, so only
    the configured set verifies from now on. Audited. An empty set, or a key
    that could verify nothing, is refused (`ValidationError`, fields
    ``keys[i].alg`` / ``.public_key`` / ``.key_id``) and nothing changes.
    """
    require(actor, Permission.MANAGE_CATALOG)
    check_key_set(keys)
    now = now or utc_now()
    with desk.store.write() as session:
        wanted = {k.key_id: k for k in keys if k.alg == ALGORITHM}
        for row in session.exec(select(PlatformKey)).all():
            if row.key_id not in wanted or row.public_key != wanted[row.key_id].public_key:
                session.delete(row)
        session.flush()
        for key in wanted.values():
            if session.get(PlatformKey, key.key_id) is None:
                session.add(_key_row(key, now, SOURCE_CONFIGURED))
        session.merge(Meta(key=KEY_POLICY_KEY, value=SOURCE_CONFIGURED))
        session.flush()
        audit.append(
            session,
            actor_id=actor.id,
            actor_name=actor.display_name,
            action="platform_keys.install",
            target="platform_keys",
            detail={"keys": sorted(wanted)},
            at=now,
        )
    return sorted(wanted)


def check_key_set(keys: list[PublicKey]) -> None:
    """Refuse a key set that could not verify (`ValidationError` naming ``keys[i].field``)."""
    if not keys:
        raise ValidationError.single("keys", _KEY_SET_LABEL, _EMPTY_KEY_SET)
    problems = [
        FieldProblem(f"keys[{n}].{field}", _KEY_LABEL, rule, tuple(params.items()))
        for n, key in enumerate(keys)
        for field, rule, params in public_key_problems(key)
    ]
    if problems:
        raise ValidationError(problems)


@dataclass(frozen=True)
class KeyRecord:
    """A key this desk trusts and how it came to: `source` is "fetched" (pinned on
    first use) or "configured" (installed by an administrator), since `pinned_at`."""

    key_id: str
    alg: str
    source: str
    pinned_at: datetime
    created_at: datetime

    @property
    def installed(self) -> bool:
        return self.source == SOURCE_CONFIGURED


def key_records(session: Session) -> tuple[list[KeyRecord], bool]:
    """The trusted keys, oldest first, and whether an installed key set is in force."""
    rows = session.exec(select(PlatformKey).order_by(col(PlatformKey.created_at))).all()
    policy = session.get(Meta, KEY_POLICY_KEY)
    records = [
        KeyRecord(r.key_id, r.alg, r.source, _utc(r.pinned_at), _utc(r.created_at)) for r in rows
    ]
    return records, policy is not None and policy.value == SOURCE_CONFIGURED


def _key_row(key: PublicKey, now: datetime, source: str) -> PlatformKey:
    return PlatformKey(
        key_id=key.key_id,
        alg=key.alg,
        public_key=key.public_key,
        created_at=key.created_at.astimezone(UTC),
        pinned_at=now.astimezone(UTC),
        source=source,
    )


# -- a case's certificates -----------------------------------------------------------


@dataclass(frozen=True)
class CertificateInfo:
    """A certificate held for a case, with how often it was printed."""

    serial: str
    case_id: str
    doc_type: str
    title: str
    issued_at: datetime
    received_at: datetime
    verified: bool
    prints: int
    data: CertificateData
    qr_payload: str


def qr_payload(cert: Certificate) -> str:
    """The text printed in the QR code: the signed certificate as canonical JSON.

    ``{"alg", "data", "key_id", "signature"}`` with `data` exactly as signed,
    so a scan verifies with `verify_payload` and nothing else.
    """
    return canonical_json(
        {
            "alg": cert.alg,
            "data": json.loads(cert.payload),
            "key_id": cert.key_id,
            "signature": cert.signature,
        }
    )


def print_count(session: Session, certificate_id: int) -> int:
    counted = session.exec(
        select(func.count())
        .select_from(CertificatePrint)
        .where(CertificatePrint.certificate_id == certificate_id)
    ).one()
    return int(counted)


def _info(session: Session, cert: Certificate) -> CertificateInfo:
    assert cert.id is not None
    return CertificateInfo(
        serial=cert.serial,
        case_id=cert.case_id,
        doc_type=cert.doc_type,
        title=cert.title,
        issued_at=_utc(cert.issued_at),
        received_at=_utc(cert.received_at),
        verified=cert.verified,
        prints=print_count(session, cert.id),
        data=CertificateData.model_validate(json.loads(cert.payload)),
        qr_payload=qr_payload(cert),
    )


def case_certificates(session: Session, case_id: str) -> list[CertificateInfo]:
    """The certificates held for a case, oldest first."""
    rows = session.exec(
        select(Certificate)
        .where(Certificate.case_id == case_id)
        .order_by(col(Certificate.issued_at), col(Certificate.id))
    ).all()
    return [_info(session, r) for r in rows]


def certificate_by_serial(session: Session, serial: str) -> CertificateInfo:
    cert = session.exec(select(Certificate).where(Certificate.serial == serial)).first()
    if cert is None:
        raise NotFound(QT_TRANSLATE_NOOP("core", "no certificate {serial}"), serial=serial)
    return _info(session, cert)


# -- printing ------------------------------------------------------------------------


@dataclass(frozen=True)
class PrintRecord:
    """One recorded print: `print_no` 1 is the first print, 2 and on are reprints (补打)."""

    serial: str
    case_id: str
    acceptance_no: str
    print_no: int
    printed_at: datetime
    actor_name: str
    reason: str

    @property
    def is_reprint(self) -> bool:
        return self.print_no > 1


def record_print(
    desk: Desk,
    actor: Actor,
    serial: str,
    reason: str | None = None,
    *,
    now: datetime | None = None,
) -> PrintRecord:
    """Count one print of certificate `serial` and audit it, before the paper comes out.

    The first print needs no reason; a reprint must say why (lost, damaged,
    printer jam...). The number returned goes onto the printed copy.
    """
    require(actor, Permission.DELIVER)
    reason = (reason or "").strip()
    now = (now or utc_now()).astimezone(UTC)
    with desk.store.write() as session:
        cert = session.exec(select(Certificate).where(Certificate.serial == serial)).first()
        if cert is None:
            raise NotFound(QT_TRANSLATE_NOOP("core", "no certificate {serial}"), serial=serial)
        assert cert.id is not None
        print_no = print_count(session, cert.id) + 1
        if print_no > 1 and not reason:
            raise ValidationError.single("reason", _REASON_LABEL, _REPRINT_REASON)
        case = session.get(Case, cert.case_id)
        acceptance_no = case.acceptance_no if case is not None else ""
        session.add(
            CertificatePrint(
                certificate_id=cert.id,
                print_no=print_no,
                printed_at=now,
                actor_id=actor.id,
                actor_name=actor.display_name,
                reason=reason,
            )
        )
        session.flush()
        audit.append(
            session,
            actor_id=actor.id,
            actor_name=actor.display_name,
            action="certificate.reprint" if print_no > 1 else "certificate.print",
            target=f"certificate:{serial}",
            detail={"acceptance_no": acceptance_no, "print_no": print_no, "reason": reason},
            at=now,
        )
    return PrintRecord(
        serial=serial,
        case_id=cert.case_id,
        acceptance_no=acceptance_no,
        print_no=print_no,
        printed_at=now,
        actor_name=actor.display_name,
        reason=reason,
    )


def print_history(session: Session, serial: str) -> list[CertificatePrint]:
    """Every print of certificate `serial`, first print first."""
    return list(
        session.exec(
            select(CertificatePrint)
            .join(Certificate, col(Certificate.id) == col(CertificatePrint.certificate_id))
            .where(Certificate.serial == serial)
            .order_by(col(CertificatePrint.print_no))
        ).all()
    )


# -- verification --------------------------------------------------------------------

VerdictReason = Literal["valid", "tampered", "unknown_key", "malformed"]


@dataclass(frozen=True)
class Verdict:
    """What a scanned certificate payload is worth.

    `data` holds the certificate's fields whenever the payload could be read
    (also when tampered: show what it claims, marked as not to be trusted);
    `key_id` the key it names.
    """

    ok: bool
    reason: VerdictReason
    data: CertificateData | None = None
    key_id: str = ""

    @property
    def fields(self) -> dict[str, str]:
        """The certificate's fields as text (empty when malformed)."""
        if self.data is None:
            return {}
        return {k: str(v) for k, v in self.data.model_dump(mode="json").items()}


def verify_payload(text: str, keys: list[PublicKey]) -> Verdict:
    """Check a scanned QR payload against `keys` (the desk's pinned keys), offline."""
    try:
        raw, cert = parse_signed_certificate(text)
    except ValueError:
        return Verdict(ok=False, reason="malformed")
    if not any(k.key_id == cert.key_id and k.alg == ALGORITHM for k in keys):
        return Verdict(ok=False, reason="unknown_key", data=cert.data, key_id=cert.key_id)
    # The signature covers the data exactly as signed: re-read data that no
    # longer dumps to the same text (an added field, another spelling) is not it.
    if signed_data_unchanged(raw, cert) and verify_certificate(cert, keys):
        return Verdict(ok=True, reason="valid", data=cert.data, key_id=cert.key_id)
    return Verdict(ok=False, reason="tampered", data=cert.data, key_id=cert.key_id)
