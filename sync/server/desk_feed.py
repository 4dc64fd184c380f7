"""Telling an office's desks about each other's cases: ``desk_case`` changes in the feed.

After a batch is taken, every case an accepted intake, counter move or
deadline extension touched is published to its office's feed with the state
the counter last recorded and the platform's due date (an extension's new
date once extended), in the batch's own transaction and as its last write
(the feed's lock is held from there to the commit), so the feed never names
a case the platform does not hold. The ID number goes out masked: another
desk never receives it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Table
from sqlmodel import Session, col, select

from counter.validation import mask_id_number
from sync.protocol import INTAKE, TRANSITION, UploadItem, UploadResult, UploadStatus
from sync.protocol.upload import DEADLINE_EXTENDED, INTAKE_REVISION
from sync.server.db import one_of
from sync.server.feed import NewChange, publish
from sync.server.tables import CatalogRow, PlatformCase

_PUBLISHED_KINDS = (INTAKE, INTAKE_REVISION, TRANSITION, DEADLINE_EXTENDED)
_CASES: Table = PlatformCase.__table__  # type: ignore[attr-defined]
_PUBLISHED_COLUMNS = (
    "case_id", "acceptance_no", "desk_code", "service_code", "applicant_name",
    "applicant_id_number", "counter_state", "dept_state", "due_date", "payload",
)


def publish_desk_cases(
    session: Session,
    office_code: str,
    items: Sequence[UploadItem],
    results: Sequence[UploadResult],
    now: datetime,
) -> int:
    """Add one ``desk_case`` change per case this batch took in, moved or extended; how many."""
    case_ids: list[str] = []
    for item, result in zip(items, results, strict=True):
        if (item.kind in _PUBLISHED_KINDS and result.status is UploadStatus.ACCEPTED
                and item.case_id and item.case_id not in case_ids):
            case_ids.append(item.case_id)
    if not case_ids:
        return 0
    cases = session.execute(
        select(*(_CASES.c[name] for name in _PUBLISHED_COLUMNS)).where(
            one_of(session, _CASES.c.case_id, case_ids), _CASES.c.office_code == office_code
        )
    ).all()
    names = _service_names(session, {c.service_code for c in cases})
    news = []
    for case in cases:
        intake = json.loads(case.payload)
        body = {
            "case_id": case.case_id,
            "acceptance_no": case.acceptance_no,
            "desk_code": case.desk_code,
            "clerk": intake.get("clerk", ""),
            "service_code": case.service_code,
            "service_name": names.get(case.service_code, ""),
            "applicant_name": case.applicant_name,
            "applicant_id_masked": mask_id_number(case.applicant_id_number),
            "state": shown_state(case),
            "accepted_at": intake["accepted_at"],
            "local_date": intake["local_date"],
            "due_date": case.due_date.isoformat() if case.due_date else None,
            "kind": "desk_case",
        }
        news.append(NewChange(office_code, body, now))
    publish(session, news)
    return len(cases)


_COUNTER_FINAL = frozenset({"voided", "delivered", "refused", "correction_requested"})
_DEPARTMENT = frozenset({"in_review", "approved", "rejected", "result_ready"})


def shown_state(case: PlatformCase) -> str:
    """The state the owning desk shows: its own last move, else where the department has it."""
    if case.counter_state in _COUNTER_FINAL:
        return case.counter_state
    if case.dept_state in _DEPARTMENT:
        return case.dept_state
    if case.dept_state == "received":
        return "submitted"  # handed on: the owning desk shows 已流转
    return case.counter_state


def _service_names(session: Session, codes: set[str]) -> dict[str, str]:
    if not codes:
        return {}
    rows = session.exec(select(CatalogRow).where(col(CatalogRow.code).in_(codes))).all()
    return {row.code: json.loads(row.body).get("name", "") for row in rows}
