"""Desk tokens: issued once, stored as SHA-256, checked on every request but health and keys."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session, select

from counter.clock import utc_now
from counter.intake.numbering import check_office_and_desk
from sync.protocol import ErrorCode
from sync.server.rawsql import pooled
from sync.server.tables import DeskRow

TOKEN_PREFIX = "cdx_"


class ApiError(Exception):
    """A 4xx answer with a machine-readable code; turned into an `ErrorBody` by the app."""

    def __init__(self, status: int, code: str, message: str, details: list | None = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details or []


@dataclass(frozen=True)
class DeskIdentity:
    """The desk a request comes from, as established by its token."""

    desk_id: int
    office_code: str
    desk_code: str


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def add_desk(session: Session, office_code: str, desk_code: str, name: str = "") -> str:
    """Register a desk and return its new token (shown once; only its hash is stored).

    Registering a desk again replaces its token, so a lost token is recovered
    by issuing a new one; the old one stops working at once.
    """
    check_office_and_desk(office_code, desk_code)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = session.exec(
        select(DeskRow).where(DeskRow.office_code == office_code, DeskRow.desk_code == desk_code)
    ).first()
    if row is None:
        row = DeskRow(office_code=office_code, desk_code=desk_code, created_at=utc_now(),
                      token_hash="")
    row.token_hash = hash_token(token)
    row.name = name or row.name
    row.active = True
    session.add(row)
    session.flush()
    return token


def list_desks(session: Session) -> list[DeskRow]:
    return list(session.exec(select(DeskRow).order_by(DeskRow.office_code, DeskRow.desk_code)))


_bearer = HTTPBearer(auto_error=False, description="The desk's token from `exchange add-desk`.")


def current_desk(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> DeskIdentity:
    """FastAPI dependency: the desk behind the bearer token, or a 401."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise ApiError(401, ErrorCode.UNAUTHORIZED, "a bearer token is required")
    # On every request: plain SQL on a pooled connection, not an ORM session.
    with pooled(request.app.state.engine) as db:
        found = db.rows(
            "SELECT id, office_code, desk_code, active FROM x_desk WHERE token_hash = ?",
            [hash_token(credentials.credentials)],
        )
    if not found or not found[0][3]:
        raise ApiError(401, ErrorCode.UNAUTHORIZED, "unknown or revoked token")
    desk_id, office_code, desk_code, _active = found[0]
    return DeskIdentity(desk_id, office_code, desk_code)
