"""Certificates issued by departments: signed data a counter prints as a verifiable QR code.

The signature is Ed25519 over the UTF-8 bytes of the canonical JSON of
`CertificateData` (``model_dump(mode="json")``, sorted keys, no spaces). Anyone
holding the platform's public key (``GET /v1/keys``) can verify a printed
certificate offline.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pydantic import AwareDatetime, Field

from sync.protocol.base import Versioned, WireModel, canonical_json

ALGORITHM = "Ed25519"


class CertificateData(WireModel):
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


class SignedCertificate(WireModel):
    data: CertificateData
    alg: str = ALGORITHM
    key_id: str
    signature: str = Field(description="base64url (unpadded) Ed25519 signature.")


class PublicKey(WireModel):
    key_id: str
    alg: str = ALGORITHM
    public_key: str = Field(description="base64url (unpadded) raw 32-byte Ed25519 public key.")
    created_at: AwareDatetime


class PublicKeys(Versioned):
    keys: list[PublicKey]


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def signing_bytes(data: CertificateData) -> bytes:
    return canonical_json(data.model_dump(mode="json")).encode("utf-8")


def key_id_for(public_raw: bytes) -> str:
    """A short stable id for a public key: ``ed25519-`` and 16 hex of its SHA-256."""
    return "ed25519-" + hashlib.sha256(public_raw).hexdigest()[:16]


def sign_certificate(data: CertificateData, key: Ed25519PrivateKey, key_id: str) -> SignedCertificate:
    signature = key.sign(signing_bytes(data))
    return SignedCertificate(data=data, key_id=key_id, signature=b64url(signature))


def verify_certificate(cert: SignedCertificate, keys: list[PublicKey]) -> bool:
    """True when `cert` was signed by one of `keys` and not altered since."""
    if cert.alg != ALGORITHM:
        return False
    for key in keys:
        if key.key_id != cert.key_id or key.alg != ALGORITHM:
            continue
        try:
            public = Ed25519PublicKey.from_public_bytes(b64url_decode(key.public_key))
            public.verify(b64url_decode(cert.signature), signing_bytes(cert.data))
        except (InvalidSignature, ValueError):
            return False
        return True
    return False
