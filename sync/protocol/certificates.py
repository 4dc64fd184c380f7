"""Certificates issued by departments: signed data a counter prints as a verifiable QR code.

The certificate's own fields, its canonical JSON and the Ed25519 signature are
defined once, in `counter.certificates.payload`, so a desk checks a printed copy
with the core alone; they are re-exported here as part of the exchange
contract. What is the platform's only is the key list envelope
(``GET /v1/keys``). Anyone holding the platform's public key can verify a
printed certificate offline.
"""

from __future__ import annotations

from counter.certificates.payload import (
    ALGORITHM,
    CertificateData,
    PublicKey,
    SignedCertificate,
    b64url,
    b64url_decode,
    key_id_for,
    sign_certificate,
    signing_bytes,
    verify_certificate,
)
from sync.protocol.base import Versioned

__all__ = [
    "ALGORITHM",
    "CertificateData",
    "PublicKey",
    "PublicKeys",
    "SignedCertificate",
    "b64url",
    "b64url_decode",
    "key_id_for",
    "sign_certificate",
    "signing_bytes",
    "verify_certificate",
]


class PublicKeys(Versioned):
    keys: list[PublicKey]
