"""Department signing keys: created on first start, published at /v1/keys."""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlmodel import Session, col, select

from counter.certificates.payload import new_signing_key
from counter.clock import utc_now
from sync.protocol import PublicKey
from sync.protocol.certificates import b64url, b64url_decode
from sync.server.tables import SigningKey


def ensure_signing_key(session: Session) -> SigningKey:
    """The active signing key, generating one if the platform has none yet."""
    row = session.exec(select(SigningKey).where(col(SigningKey.active))).first()
    if row is not None:
        return row
    private, public = new_signing_key(utc_now())
    row = SigningKey(
        key_id=public.key_id,
        private_key=b64url(private.private_bytes_raw()),
        public_key=public.public_key,
        created_at=public.created_at,
    )
    session.add(row)
    session.flush()
    return row


def private_key(row: SigningKey) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(b64url_decode(row.private_key))


def public_keys(session: Session) -> list[PublicKey]:
    """Every key ever used, retired ones too: certificates they signed stay verifiable."""
    rows = session.exec(select(SigningKey).order_by(col(SigningKey.created_at))).all()
    return [
        PublicKey(key_id=r.key_id, public_key=r.public_key, created_at=r.created_at) for r in rows
    ]
