"""The signature check gives OpenSSL's verdict, whichever library answers first."""

from __future__ import annotations

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from hypothesis import given, settings
from hypothesis import strategies as st

from counter.certificates.payload import ed25519_valid

_KEY = Ed25519PrivateKey.generate()
_PUBLIC = _KEY.public_key().public_bytes_raw()
_MESSAGE = '{"certificate_id":"C-1","title":"居民身份证"}'.encode()
_SIGNATURE = _KEY.sign(_MESSAGE)
_L = 2**252 + 27742317777372353535851937790883648493  # the order of the base point


def openssl(public: bytes, signature: bytes, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def with_s(signature: bytes, s: int) -> bytes:
    return signature[:32] + s.to_bytes(32, "little")


CASES = {
    "valid": (_PUBLIC, _SIGNATURE, _MESSAGE),
    "message changed": (_PUBLIC, _SIGNATURE, _MESSAGE + b" "),
    "another key": (
        Ed25519PrivateKey.generate().public_key().public_bytes_raw(), _SIGNATURE, _MESSAGE
    ),
    "S + L (not canonical)": (
        _PUBLIC, with_s(_SIGNATURE, int.from_bytes(_SIGNATURE[32:], "little") + _L), _MESSAGE
    ),
    "R of small order (the neutral point)": (
        _PUBLIC, (1).to_bytes(32, "little") + _SIGNATURE[32:], _MESSAGE
    ),
    "public key of small order": ((1).to_bytes(32, "little"), _SIGNATURE, _MESSAGE),
    "public key not on the curve": ((2).to_bytes(32, "little"), _SIGNATURE, _MESSAGE),
    "signature too short": (_PUBLIC, _SIGNATURE[:63], _MESSAGE),
    "public key too short": (_PUBLIC[:31], _SIGNATURE, _MESSAGE),
    "all zeros": (bytes(32), bytes(64), b""),
}


@pytest.mark.parametrize("case", CASES)
def test_the_verdict_is_openssls(case: str):
    public, signature, message = CASES[case]
    assert ed25519_valid(public, signature, message) is openssl(public, signature, message)
    assert ed25519_valid(public, signature, message) is (case == "valid")


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 63), st.integers(1, 255), st.binary(max_size=64))
def test_a_signature_altered_anywhere_gets_openssls_verdict(at: int, flip: int, message: bytes):
    signature = _KEY.sign(message)
    altered = bytearray(signature)
    altered[at] ^= flip
    assert ed25519_valid(_PUBLIC, signature, message)
    assert ed25519_valid(_PUBLIC, bytes(altered), message) is openssl(
        _PUBLIC, bytes(altered), message
    )
