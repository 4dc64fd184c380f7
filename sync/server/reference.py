"""Catalog and calendar as the platform serves them: current version, deltas, publishing.

Each catalog item and each calendar year remembers the version that last
changed it, so "what changed since version N" is one indexed query.
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from sync.protocol import CalendarEntry, CalendarResponse, CatalogItem, CatalogResponse
from sync.server.feed import EVERY_OFFICE, add_change
from sync.server.tables import CalendarYearRow, CatalogRow


def catalog_version(session: Session) -> int:
    return session.exec(select(func.max(CatalogRow.version))).one() or 0


def calendar_version(session: Session) -> int:
    return session.exec(select(func.max(CalendarYearRow.version))).one() or 0


def catalog(session: Session, since: int | None) -> CatalogResponse:
    """The whole catalog, or what changed after `since` when the client's version is known."""
    version = catalog_version(session)
    full = since is None or since > version
    query = select(CatalogRow).order_by(col(CatalogRow.code))
    if not full:
        query = query.where(col(CatalogRow.version) > since)
    rows = session.exec(query).all()
    return CatalogResponse(
        version=version,
        since=since,
        full=full,
        items=[CatalogItem.model_validate_json(r.body) for r in rows if not r.removed],
        removed=[] if full else [r.code for r in rows if r.removed],
    )


def calendar(session: Session, since: int | None) -> CalendarResponse:
    version = calendar_version(session)
    full = since is None or since > version
    query = select(CalendarYearRow).order_by(col(CalendarYearRow.year))
    if not full:
        query = query.where(col(CalendarYearRow.version) > since)
    rows = session.exec(query).all()
    entries = [CalendarEntry.model_validate(e) for r in rows for e in json.loads(r.entries)]
    return CalendarResponse(
        version=version, since=since, full=full, years=[r.year for r in rows], entries=entries
    )


def publish_catalog(
    session: Session, items: list[CatalogItem], removed: list[str], at: datetime
) -> int:
    """Add or replace `items`, withdraw `removed`, as one new version; tell every office."""
    version = catalog_version(session) + 1
    for item in items:
        session.merge(CatalogRow(code=item.code, version=version, body=item.model_dump_json()))
    for code in removed:
        row = session.get(CatalogRow, code)
        if row is not None:
            row.version, row.removed = version, True
            session.add(row)
    add_change(session, EVERY_OFFICE, "catalog_updated", {"version": version}, at)
    session.flush()
    return version


def publish_calendar(
    session: Session, years: dict[int, list[CalendarEntry]], at: datetime
) -> int:
    """Replace the data of `years` (a new holiday notice) as one new version."""
    version = calendar_version(session) + 1
    for year, entries in years.items():
        if any(e.date.year != year for e in entries):
            raise ValueError(f"an entry for {year} lies in another year")
        body = json.dumps([e.model_dump(mode="json") for e in entries], ensure_ascii=False)
        session.merge(CalendarYearRow(year=year, version=version, entries=body))
    add_change(
        session, EVERY_OFFICE, "calendar_updated", {"version": version, "years": sorted(years)}, at
    )
    session.flush()
    return version
