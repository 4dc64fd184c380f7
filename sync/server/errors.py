"""Every failure a client can cause gets a 4xx `ErrorBody` with a code, never a 500.

Also the body-size guard: a request body is read up to the limit and refused
with 413 past it, before any parsing, whether or not it declared its length.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sync.protocol import ErrorBody, ErrorCode, ErrorInfo
from sync.server.auth import ApiError

log = logging.getLogger("sync.server")

_HTTP_CODES = {
    400: ErrorCode.MALFORMED_JSON,  # FastAPI raises it only for an unreadable body
    401: ErrorCode.UNAUTHORIZED,
    403: ErrorCode.FORBIDDEN,
    404: ErrorCode.NOT_FOUND,
    405: ErrorCode.METHOD_NOT_ALLOWED,
    413: ErrorCode.BODY_TOO_LARGE,
    415: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
}
# Documented on every route, so clients and schema checkers know the error shape.
ERROR_RESPONSES: dict[int | str, dict] = {
    status: {"model": ErrorBody, "description": description}
    for status, description in (
        (400, "Malformed JSON or an invalid cursor"),
        (401, "Missing, unknown or revoked token"),
        (403, "The desk in the body is not the token's desk"),
        (413, "Request body over the platform's limit"),
        (422, "The body or a parameter does not fit the schema"),
        (503, "The platform's database does not answer now; retry after Retry-After seconds"),
    )
}
RETRY_AFTER_S = 2  # told to clients when the database is away: long enough to restart a pool


def error_response(
    status: int,
    code: str,
    message: str,
    details: list | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    """The error body; `headers` are the ones the status needs (Allow on a 405)."""
    body = ErrorBody(error=ErrorInfo(code=code, message=message, details=details or []))
    sent = dict(headers or {})
    if status == 401:
        sent.setdefault("WWW-Authenticate", "Bearer")
    if status == 503:
        sent.setdefault("Retry-After", str(RETRY_AFTER_S))
    return JSONResponse(body.model_dump(mode="json"), status_code=status, headers=sent or None)


def unavailable() -> JSONResponse:
    return error_response(503, ErrorCode.UNAVAILABLE, "the platform's database does not answer "
                          "now; retry after the Retry-After delay")


# The database gone, restarting, out of connections, or past a statement or lock
# timeout: the request may well succeed a moment later, so it is a 503 to retry.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError, PoolTimeout)


def _problems(exc: RequestValidationError) -> list[dict]:
    # Only where and what: the offending input may hold an ID number and is never echoed.
    return [
        {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", "")),
         "type": str(e.get("type", ""))}
        for e in exc.errors()[:20]
    ]


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, exc.details)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        details = _problems(exc)
        if any(d["type"] == "json_invalid" for d in details):
            return error_response(400, ErrorCode.MALFORMED_JSON, "the body is not valid JSON",
                                  details)
        first = details[0] if details else {"loc": [], "msg": "invalid request"}
        where = ".".join(first["loc"])
        return error_response(422, ErrorCode.INVALID_REQUEST, f"{where}: {first['msg']}", details)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, ErrorCode.INVALID_REQUEST)
        # Starlette puts what the status requires in the headers (Allow on a 405, RFC 9110).
        return error_response(exc.status_code, code, str(exc.detail), headers=exc.headers)

    @app.exception_handler(DBAPIError)
    @app.exception_handler(PoolTimeout)
    async def _database(_request: Request, exc: Exception) -> JSONResponse:
        if isinstance(exc, DATABASE_UNAVAILABLE) or getattr(exc, "connection_invalidated", False):
            log.warning("database unavailable: %s", type(exc).__name__)
            return unavailable()
        log.exception("unexpected database error", exc_info=exc)
        return error_response(500, "internal_error", "the platform failed; try again later")

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error", exc_info=exc)
        return error_response(500, "internal_error", "the platform failed; try again later")


class BodyLimit:
    """ASGI middleware: buffer the request body up to `limit` bytes, answer 413 past it."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await self._refuse(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                await self._refuse(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = error_response(
            413, ErrorCode.BODY_TOO_LARGE, f"request body over {self.limit} bytes"
        )
        await response(scope, receive, send)
