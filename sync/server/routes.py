"""The v1 endpoints. Handlers are thin: each opens one unit of work and calls a module."""

from __future__ import annotations

import logging
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import col, select

from counter.clock import utc_now
from counter.validation import mask_id_number
from sync.protocol import (
    API_PREFIX,
    CalendarResponse,
    CatalogResponse,
    ChangesPage,
    ErrorCode,
    Health,
    IssuedNumbers,
    PublicKeys,
    Readiness,
    SharedDocument,
    SharedDocuments,
    SharedDocumentsQuery,
    UploadBatch,
    UploadResponse,
)
from sync.protocol.changes import DEFAULT_PAGE, MAX_PAGE
from sync.server import feed, issued_numbers, reference
from sync.server.auth import ApiError, DeskIdentity, current_desk
from sync.server.db import session_scope
from sync.server.desk_feed import publish_desk_cases
from sync.server.errors import DATABASE_UNAVAILABLE, ERROR_RESPONSES, RETRY_AFTER_S
from sync.server.ingest import ingest_batch
from sync.server.json_body import JsonRoute
from sync.server.keys import public_keys
from sync.server.tables import Holding

log = logging.getLogger("sync.server")
SERVER_NAME = "counter-desk reference exchange 0.1"



def no_unknown_query(request: Request) -> None:
    """Refuse query parameters the operation does not define.

    A misspelt ``since`` would otherwise be ignored and a client would get the
    whole catalog back without noticing; better to say so.
    """
    route = request.scope.get("route")
    known = {p.alias for p in route.dependant.query_params} if route is not None else set()
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise ApiError(422, ErrorCode.INVALID_REQUEST,
                       f"unknown query parameter(s): {', '.join(unknown)[:200]}")


router = APIRouter(
    prefix=API_PREFIX,
    responses=ERROR_RESPONSES,
    dependencies=[Depends(no_unknown_query)],
    route_class=JsonRoute,
)
Desk = Annotated[DeskIdentity, Depends(current_desk)]
Since = Annotated[int | None, Query(ge=0, le=2**62, description="The version the client holds.")]


def _engine(request: Request):  # type: ignore[no-untyped-def]
    return request.app.state.engine


@router.get("/health", tags=["reference"])
def health() -> Health:
    """Whether the platform answers. No token needed."""
    return Health(time=utc_now(), server=SERVER_NAME)


@router.get(
    "/ready",
    tags=["reference"],
    response_model=Readiness,
    responses={503: {"model": Readiness, "description": "The database does not answer"}},
)
def ready(request: Request) -> Readiness | JSONResponse:  # JSONResponse: the 503
    """Whether this worker can serve: its database answers. No token needed."""
    try:
        with _engine(request).connect() as conn:
            conn.execute(text("SELECT 1"))
    except DATABASE_UNAVAILABLE:
        body = Readiness(ready=False, database="unavailable").model_dump(mode="json")
        return JSONResponse(body, status_code=503, headers={"Retry-After": str(RETRY_AFTER_S)})
    return Readiness(ready=True, database="ok")


@router.get("/keys", tags=["reference"])
def keys(request: Request) -> PublicKeys:
    """Public keys that verify certificates, retired ones included. No token needed."""
    with session_scope(_engine(request)) as session:
        return PublicKeys(keys=public_keys(session))


@router.get("/catalog", tags=["reference"])
def get_catalog(request: Request, desk: Desk, since: Since = None) -> CatalogResponse:
    """The service catalog: whole, or what changed after version `since`."""
    with session_scope(_engine(request)) as session:
        return reference.catalog(session, since)


@router.get("/calendar", tags=["reference"])
def get_calendar(request: Request, desk: Desk, since: Since = None) -> CalendarResponse:
    """Working-day calendar data: every year, or the years changed after version `since`."""
    with session_scope(_engine(request)) as session:
        return reference.calendar(session, since)


@router.post("/cases/batch", tags=["cases"], response_model=UploadResponse)
def upload(request: Request, desk: Desk, batch: UploadBatch) -> Response:
    """Take a batch of case events; one result per item, in order."""
    if (batch.desk.office_code, batch.desk.desk_code) != (desk.office_code, desk.desk_code):
        raise ApiError(403, ErrorCode.DESK_MISMATCH,
                       "the desk in the batch is not the desk this token was issued to")
    attempts = 3
    for attempt in range(attempts):
        try:
            with session_scope(_engine(request)) as session:
                now = utc_now()
                ingested = ingest_batch(session, desk, batch, now)
                answer = ingested.response
                publish_desk_cases(session, desk.office_code, batch.items, answer.results, now,
                                   ingested.taken)
            # Made by the platform's own models: sent as is, not validated over again.
            return Response(answer.model_dump_json(), media_type="application/json")
        except (IntegrityError, OperationalError):
            # Another request took one of these keys (or the write lock) first:
            # run again, and its items now answer as duplicates.
            if attempt == attempts - 1:
                raise
            log.info("upload from %s raced another; retrying", desk.office_code)
    raise AssertionError("unreachable")


@router.get("/changes", tags=["cases"], response_model=ChangesPage)
def changes(
    request: Request,
    desk: Desk,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = DEFAULT_PAGE,
) -> Response:
    """This office's changes after `cursor` (from the beginning without one)."""
    with session_scope(_engine(request)) as session:
        # Changes are stored as served: the page is joined text, not models made again.
        body = feed.read_page_json(session, desk.office_code, cursor, limit)
    return Response(body, media_type="application/json")


@router.get("/desk/numbers", tags=["cases"])
def desk_numbers(
    request: Request,
    desk: Desk,
    since: Annotated[date | None, Query(description="The first office-local day wanted.")] = None,
) -> IssuedNumbers:
    """The highest acceptance number of each day among this desk's uploaded intakes.

    A desk restored from a backup moves its numbering past these, so a number
    issued after the backup was taken is not issued again.
    """
    with session_scope(_engine(request)) as session:
        return issued_numbers.issued(session, desk, since)


@router.post("/shared-documents/lookup", tags=["sharing"])
def shared_documents(request: Request, desk: Desk, query: SharedDocumentsQuery) -> SharedDocuments:
    """Certificates the platform already holds for an ID number or credit code."""
    number = query.id_number.strip().replace(" ", "").upper()
    if "*" in number:
        raise ApiError(422, ErrorCode.INVALID_REQUEST, "the ID number is masked")
    with session_scope(_engine(request)) as session:
        rows = session.exec(
            select(Holding).where(Holding.id_number == number).order_by(col(Holding.id))
        ).all()
    return SharedDocuments(
        id_number_masked=mask_id_number(number),
        documents=[
            SharedDocument(
                doc_type=r.doc_type,
                title=r.title,
                issuer=r.issuer,
                issued_at=r.issued_at,
                valid_until=r.valid_until,
                certificate_id=r.certificate_id,
            )
            for r in rows
        ],
    )
