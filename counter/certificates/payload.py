"""A certificate's signed payload: its fields, canonical JSON, Ed25519 signing and checking.

This is the one definition of what a department's certificate says and how
its signature is made, so the desk can check a printed copy with nothing but
this module and a pinned key. The exchange contract (`sync.protocol`)
re-exports these models: the platform signs and the desk verifies the same
bytes.

The signature is Ed25519 over the UTF-8 bytes of the canonical JSON of
`CertificateData` (``model_dump(mode="json")``, sorted keys, no spaces). The
text in a printed QR code is the canonical JSON of a `SignedCertificate`.

Pure data and cryptography: no store, no network, no Qt.
"""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from nacl.bindings import crypto_sign_open
from nacl.exceptions import BadSignatureError
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from counter.i18n import QT_TRANSLATE_NOOP

__all__ = [
    "ALGORITHM",
    "PUBLIC_KEY_BYTES",
    "CertificateData",
    "PayloadModel",
    "PublicKey",
    "SignedCertificate",
    "b64url",
    "b64url_decode",
    "canonical_json",
    "ed25519_valid",
    "key_id_for",
    "new_signing_key",
    "parse_signed_certificate",
    "public_key_problems",
    "sign_certificate",
    "signed_data_unchanged",
    "signing_bytes",
    "verify_certificate",
]

ALGORITHM = "Ed25519"
PUBLIC_KEY_BYTES = 32


def canonical_json(data: object) -> str:
    """JSON with sorted keys, no spaces and raw UTF-8: the same data always gives the same text.

    Signatures and idempotency hashes are computed over this text, so both
    sides must produce it byte for byte; it matches `counter.audit.log.canonical_json`.
    """
    return _CANONICAL.encode(data)


# What json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False) builds
# for every call, made once: the same text, without an encoder per call.
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class PayloadModel(BaseModel):
    """Base of every model that crosses the wire or goes into a QR code.

    Unknown fields are ignored rather than refused, so a newer peer can add an
    optional field without breaking an older one (additive changes stay in v1).
    """

    model_config = ConfigDict(extra="ignore", populate_by_name=True)


class CertificateData(PayloadModel):
    """What the certificate says. The holder's ID number is masked: the QR leaves the hall."""

    certificate_id: str
    doc_type: str = Field(description="Shared document type, e.g. business_license.")
    title: str = Field(description="The result's name, e.g. 营业执照.")
    case_id: str
    acceptance_no: str
    service_code: str
    issuer: str = Field(description="The deciding department.")
    holder_name: str
    holder_id_masked: str
    issued_at: AwareDatetime


class SignedCertificate(PayloadModel):
    data: CertificateData
    alg: str = ALGORITHM
    key_id: str
    signature: str = Field(description="base64url (unpadded) Ed25519 signature.")


class PublicKey(PayloadModel):
    key_id: str
    alg: str = ALGORITHM
    public_key: str = Field(description="base64url (unpadded) raw 32-byte Ed25519 public key.")
    created_at: AwareDatetime


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def signing_bytes(data: CertificateData) -> bytes:
    return canonical_json(data.model_dump(mode="json")).encode("utf-8")


def key_id_for(public_raw: bytes) -> str:
    """A short stable id for a public key: ``ed25519-`` and 16 hex of its SHA-256."""
    return "ed25519-" + hashlib.sha256(public_raw).hexdigest()[:16]


def new_signing_key(created_at: datetime) -> tuple[Ed25519PrivateKey, PublicKey]:
    """A fresh Ed25519 signing key and its public half as `GET /v1/keys` lists it.

    The one way keys are made: the platform's department signing keys
    (`sync.server.keys`) and the key of the sample certificate
    (`printing.samples`), so a sample verifies exactly as a real certificate does.
    """
    private = Ed25519PrivateKey.generate()
    raw = private.public_key().public_bytes_raw()
    public = PublicKey(key_id=key_id_for(raw), public_key=b64url(raw), created_at=created_at)
    return private, public


def sign_certificate(
    data: CertificateData, key: Ed25519PrivateKey, key_id: str
) -> SignedCertificate:
    signature = key.sign(signing_bytes(data))
    return SignedCertificate(data=data, key_id=key_id, signature=b64url(signature))


def verify_certificate(
    cert: SignedCertificate, keys: list[PublicKey], signed: bytes | None = None
) -> bool:
    """True when `cert` was signed by one of `keys` and not altered since.

    `signed` is `signing_bytes(cert.data)` when the caller has made it already.
    """
    if cert.alg != ALGORITHM:
        return False
    for key in keys:
        if key.key_id != cert.key_id or key.alg != ALGORITHM:
            continue
        try:
            return ed25519_valid(
                b64url_decode(key.public_key),
                b64url_decode(cert.signature),
                signing_bytes(cert.data) if signed is None else signed,
            )
        except ValueError:  # not base64
            return False
    return False


def ed25519_valid(public: bytes, signature: bytes, message: bytes) -> bool:
    """Whether `signature` is `public`'s Ed25519 signature of `message`, as OpenSSL judges.

    libsodium is asked first: it lets other threads run while it checks (the sync
    engine checks a page's certificates on its fetching thread while the page
    before is applied), and it is stricter than OpenSSL (it refuses besides
    small-order and non-canonical points), so what it accepts OpenSSL accepts
    too. Whatever it refuses is judged by OpenSSL, whose verdict stands: the
    answer is always OpenSSL's.
    """
    if len(public) == PUBLIC_KEY_BYTES and len(signature) == 64:
        try:
            crypto_sign_open(signature + message, public)
            return True
        except BadSignatureError:
            pass
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def parse_signed_certificate(text: str) -> tuple[object, SignedCertificate]:
    """A scanned QR payload as (the JSON as read, the signed certificate).

    Raises ValueError (pydantic's ValidationError is one) when the text is not
    JSON or not a signed certificate. The raw JSON is returned too: the
    signature covers the data exactly as signed, which the model alone cannot
    show (an extra field is dropped when read).
    """
    raw = json.loads(text.strip())
    return raw, SignedCertificate.model_validate(raw)


def signed_data_unchanged(raw: object, cert: SignedCertificate) -> bool:
    """True when the payload's `data` is, as text, what `cert.data` dumps to (nothing added)."""
    return isinstance(raw, dict) and canonical_json(raw.get("data")) == canonical_json(
        cert.data.model_dump(mode="json")
    )


def public_key_problems(key: PublicKey) -> list[tuple[str, str, dict[str, str]]]:
    """Why `key` cannot verify certificates, as (field, rule, params); empty when it can.

    A key that could never verify anything (another algorithm, bytes that are
    not an Ed25519 key, an id not derived from the key) is refused up front
    rather than installed to fail every check later.
    """
    if key.alg != ALGORITHM:
        rule = QT_TRANSLATE_NOOP("rules", "only {expected} keys can verify certificates, not {alg}")
        return [("alg", rule, {"expected": ALGORITHM, "alg": key.alg})]
    try:
        raw = b64url_decode(key.public_key)
        Ed25519PublicKey.from_public_bytes(raw)
    except ValueError:
        rule = QT_TRANSLATE_NOOP("rules", "must be a raw 32-byte Ed25519 key in base64url")
        return [("public_key", rule, {})]
    if key.key_id != key_id_for(raw):
        rule = QT_TRANSLATE_NOOP("rules", "does not belong to this key, whose id is {expected}")
        return [("key_id", rule, {"expected": key_id_for(raw)})]
    return []
