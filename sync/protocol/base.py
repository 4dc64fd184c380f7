"""Shared pieces of the exchange contract: the version tag, canonical JSON, error bodies.

Canonical JSON is `counter.certificates.payload.canonical_json`, re-exported.

Every response body carries ``"protocol": "counter-exchange/1"`` and every path
starts with ``/v1``; a change that would break an existing client becomes
``/v2`` with a new tag, never an edit of v1.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from counter.certificates.payload import PayloadModel, canonical_json

__all__ = [
    "API_PREFIX",
    "PROTOCOL",
    "ErrorBody",
    "ErrorCode",
    "ErrorInfo",
    "ProtocolTag",
    "Versioned",
    "WireModel",
    "canonical_json",
]

PROTOCOL = "counter-exchange/1"
API_PREFIX = "/v1"
ProtocolTag = Literal["counter-exchange/1"]


class WireModel(PayloadModel):
    """Base of every wire model.

    Unknown fields are ignored rather than refused, so a newer peer can add an
    optional field without breaking an older one (additive changes stay in v1);
    the configuration is `counter.certificates.payload.PayloadModel`'s, shared
    with the certificate payload the desk reads from a QR code.
    """


class Versioned(WireModel):
    """A response body: tagged with the protocol version it speaks."""

    protocol: ProtocolTag = Field(default=PROTOCOL, description="Always counter-exchange/1.")


class ErrorInfo(WireModel):
    code: str = Field(description="Machine-readable error code, e.g. invalid_request.")
    message: str = Field(description="What was wrong, in English, for logs and support.")
    details: list[dict] = Field(default_factory=list, description="Per-field problems, if any.")


class ErrorBody(Versioned):
    """The body of every 4xx answer (and of a 5xx the platform means to give)."""

    error: ErrorInfo


class ErrorCode:
    """Whole-request error codes (per-item upload reasons are in `ReasonCode`)."""

    UNAUTHORIZED = "unauthorized"
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    MALFORMED_JSON = "malformed_json"
    INVALID_REQUEST = "invalid_request"
    BODY_TOO_LARGE = "body_too_large"
    INVALID_CURSOR = "invalid_cursor"
    DESK_MISMATCH = "desk_mismatch"
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"
    UNAVAILABLE = "unavailable"  # 503: the database does not answer now; retry after a while
