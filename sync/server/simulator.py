"""The department simulator: moves received cases through review to a decision.

`advance(now)` is the whole simulator; the app calls it on a timer, tests call
it directly with the instant they want. Each step happens once its delay since
the previous step has passed, and writes change rows for the case's office:
``in_review``, then ``approved`` + ``certificate_issued`` + ``result_ready``, or
``rejected`` with a reason. Whether a case is approved depends only on the seed
and the case id, so runs are repeatable.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
from datetime import datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from counter.clock import office_date
from counter.validation import mask_id_number
from sync.protocol import CertificateData, sign_certificate
from sync.server.db import session_scope
from sync.server.feed import NewChange, publish
from sync.server.keys import ensure_signing_key, private_key
from sync.server.schema import SIMULATOR_LOCK, take_lock
from sync.server.settings import SimulatorSettings
from sync.server.tables import CatalogRow, Holding, PlatformCase

log = logging.getLogger("sync.server.simulator")

REJECTION_REASONS = (
    "经审查，申请材料与法定条件不符，不予许可",
    "经核查，申请人不符合该事项的办理条件",
    "现场核查不符合要求，请整改后重新申请",
)
# Certificate types the platform shares, recognised by the result's name.
_DOC_TYPES = (
    ("营业执照", "business_license"),
    ("不动产权证书", "real_estate_certificate"),
    ("结婚证", "marriage_certificate"),
    ("居民身份证", "resident_id_card"),
)
_BATCH = 200  # cases moved per step, so one call never holds the database for long


def doc_type_for(service_code: str, result_name: str) -> str:
    for word, doc_type in _DOC_TYPES:
        if word in result_name:
            return doc_type
    return f"result:{service_code}"


def _chance(settings: SimulatorSettings, case_id: str) -> random.Random:
    """A generator that depends only on the seed and the case, not on the order of cases."""
    return random.Random(hashlib.sha256(f"{settings.seed}:{case_id}".encode()).digest())


def approves(settings: SimulatorSettings, case_id: str) -> bool:
    """Whether the simulator will approve this case (for tests and demos)."""
    return _chance(settings, case_id).random() < settings.approval_ratio


def advance(engine: Engine, settings: SimulatorSettings, now: datetime) -> int:
    """Move every case whose next step is due at `now`; return how many steps were taken.

    However many workers call it, one round runs at a time: a round first takes
    the simulator's lock without waiting, and a worker that finds it taken
    leaves the round to the one that holds it. Its changes are published last.
    """
    steps = 0
    with session_scope(engine) as session:
        if not take_lock(session.connection(), SIMULATOR_LOCK, wait=False):
            return 0
        news: list[NewChange] = []
        review_due = now - timedelta(seconds=settings.review_after_s)
        for case in _due(session, "received", review_due):
            _move(session, news, case, "in_review", now)
            steps += 1
        decide_due = now - timedelta(seconds=settings.decide_after_s)
        for case in _due(session, "in_review", decide_due):
            chance = _chance(settings, case.case_id)
            if chance.random() < settings.approval_ratio:
                _approve(session, news, case, now)
            else:
                _move(session, news, case, "rejected", now, chance.choice(REJECTION_REASONS))
            steps += 1
        publish(session, news)
    if steps:
        log.info("department simulator took %d steps", steps)
    return steps


def _due(session: Session, state: str, before: datetime) -> list[PlatformCase]:
    return list(
        session.exec(
            select(PlatformCase)
            .where(PlatformCase.dept_state == state, col(PlatformCase.dept_since) <= before)
            .order_by(col(PlatformCase.id))
            .limit(_BATCH)
        )
    )


def _move(
    session: Session,
    news: list[NewChange],
    case: PlatformCase,
    state: str,
    now: datetime,
    reason: str = "",
) -> None:
    case.dept_state, case.dept_since = state, now
    session.add(case)
    news.append(
        NewChange(
            case.office_code,
            {"kind": "case_state", "case_id": case.case_id, "acceptance_no": case.acceptance_no,
             "state": state, "reason": reason},
            now,
        )
    )


def _approve(session: Session, news: list[NewChange], case: PlatformCase, now: datetime) -> None:
    _move(session, news, case, "approved", now)
    row = session.get(CatalogRow, case.service_code)
    detail = json.loads(row.body) if row else {}
    title = detail.get("result_name", case.service_code)
    data = CertificateData(
        certificate_id=f"CX{case.id:010d}",
        doc_type=doc_type_for(case.service_code, title),
        title=title,
        case_id=case.case_id,
        acceptance_no=case.acceptance_no,
        service_code=case.service_code,
        issuer=detail.get("department", ""),
        holder_name=case.applicant_name,
        holder_id_masked=mask_id_number(case.applicant_id_number),
        issued_at=now,
    )
    key = ensure_signing_key(session)
    signed = sign_certificate(data, private_key(key), key.key_id)
    news.append(
        NewChange(
            case.office_code,
            {"kind": "certificate_issued", "case_id": case.case_id,
             "acceptance_no": case.acceptance_no, "certificate": signed.model_dump(mode="json")},
            now,
        )
    )
    session.add(
        Holding(
            id_number=case.applicant_id_number,
            doc_type=data.doc_type,
            title=title,
            issuer=data.issuer,
            issued_at=office_date(now).isoformat(),
            certificate_id=data.certificate_id,
        )
    )
    _move(session, news, case, "result_ready", now)
