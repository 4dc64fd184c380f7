"""What a new reference platform starts with: the seed catalog, the built-in holiday data,
demo shared documents and a signing key.

The demo holdings belong to the applicants of `counter-desk demo` (their
numbers are recomputed here from the same birth dates and sequences), so a
demo desk sees "already held by the platform" for the materials it marks shared.
"""

from __future__ import annotations

import json

from sqlmodel import Session, select

from counter.catalog.seed import SEED_CATALOG
from counter.catalog.workcal import WorkCalendar
from counter.validation import expected_check_character, expected_credit_code_check
from sync.protocol import entries_to_wire, item_to_wire
from sync.server.db import meta_secret
from sync.server.keys import ensure_signing_key
from sync.server.tables import CalendarYearRow, CatalogRow, Holding

_GA = "清徐县公安局"
_SCJG = "清徐县市场监督管理局"
_MZ = "清徐县民政局"
_BDC = "清徐县不动产登记中心"

# (birth date, sequence) of the demo applicants, and what else the platform holds for them.
_DEMO_PEOPLE: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("19850312", "031", ("marriage_certificate",)),
    ("19620708", "042", ()),
    ("19900117", "015", ()),
    ("19780921", "026", ("real_estate_certificate", "marriage_certificate")),
    ("19950430", "057", ()),
    ("19880214", "064", ()),
    ("19700808", "093", ()),
    ("19580601", "011", ("real_estate_certificate",)),
    ("20010925", "028", ()),
    ("19920316", "046", ("marriage_certificate",)),
)
_DEMO_COMPANIES = ("91140121MA0K12345", "91140121MA0L56789")

_TITLES = {
    "resident_id_card": ("居民身份证", _GA),
    "household_register": ("居民户口簿", _GA),
    "marriage_certificate": ("结婚证", _MZ),
    "real_estate_certificate": ("不动产权证书", _BDC),
    "business_license": ("营业执照", _SCJG),
}


def seed_reference_data(session: Session) -> None:
    """Load catalog and calendar if the platform has none; idempotent."""
    if session.exec(select(CatalogRow)).first() is None:
        for spec in SEED_CATALOG.items:
            item = item_to_wire(spec)
            session.add(
                CatalogRow(code=item.code, version=SEED_CATALOG.version, body=item.model_dump_json())
            )
    if session.exec(select(CalendarYearRow)).first() is None:
        calendar = WorkCalendar.builtin()
        entries = calendar.to_entries()
        for year in sorted(calendar.years):
            wire = entries_to_wire([e for e in entries if e[0].startswith(f"{year}-")])
            body = json.dumps([e.model_dump(mode="json") for e in wire], ensure_ascii=False)
            session.add(CalendarYearRow(year=year, version=1, entries=body))
    ensure_signing_key(session)
    meta_secret(session, "cursor_hmac_key")
    session.flush()


def seed_demo_holdings(session: Session) -> None:
    """Demo shared documents for the demo applicants; idempotent."""
    if session.exec(select(Holding)).first() is not None:
        return
    for birth, seq, extra in _DEMO_PEOPLE:
        first17 = f"140121{birth}{seq}"
        number = first17 + expected_check_character(first17)
        for doc_type in ("resident_id_card", "household_register", *extra):
            _hold(session, number, doc_type, "2019-06-01")
    for first17 in _DEMO_COMPANIES:
        _hold(session, first17 + expected_credit_code_check(first17), "business_license",
              "2018-03-15")
    session.flush()


def _hold(session: Session, number: str, doc_type: str, issued: str) -> None:
    title, issuer = _TITLES[doc_type]
    session.add(
        Holding(id_number=number, doc_type=doc_type, title=title, issuer=issuer, issued_at=issued)
    )
