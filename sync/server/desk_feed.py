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
from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import Table, select
from sqlmodel import Session

from counter.validation import mask_id_number
from sync.protocol import INTAKE, TRANSITION, UploadItem, UploadResult, UploadStatus
from sync.protocol.upload import DEADLINE_EXTENDED, INTAKE_REVISION
from sync.server.db import one_of
from sync.server.feed import NewChange, publish
from sync.server.ingest import TakenCase
from sync.server.rawsql import raw
from sync.server.tables import PlatformCase

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
    taken: Mapping[str, TakenCase] | None = None,
) -> int:
    """Add one ``desk_case`` change per case this batch took in, moved or extended; how many.

    A case the batch took in (`taken`) is told from the row just written and
    its checked intake, with no read and no model per change; a case taken
    before is read back, and its change checked by the change's model.
    """
    taken = taken or {}
    case_ids: list[str] = []
    for item, result in zip(items, results, strict=True):
        if (item.kind in _PUBLISHED_KINDS and result.status is UploadStatus.ACCEPTED
                and item.case_id and item.case_id not in case_ids):
            case_ids.append(item.case_id)
    if not case_ids:
        return 0
    stored = {}
    earlier = [case_id for case_id in case_ids if case_id not in taken]
    if earlier:
        found = session.execute(
            select(*(_CASES.c[name] for name in _PUBLISHED_COLUMNS)).where(
                one_of(session, _CASES.c.case_id, earlier), _CASES.c.office_code == office_code
            )
        )
        stored = {case.case_id: case for case in found}
    codes = {taken[c].row["service_code"] for c in case_ids if c in taken}
    codes.update(case.service_code for case in stored.values())
    names = _service_names(session, codes)
    news = []
    for case_id in case_ids:
        if case_id in taken:
            news.append(NewChange(office_code, _taken_body(taken[case_id], names), now, made=True))
        elif case_id in stored:
            news.append(NewChange(office_code, _stored_body(stored[case_id], names), now))
    publish(session, news)
    return len(news)


def _taken_body(case: TakenCase, names: Mapping[str, str]) -> dict:
    """The change's fields in `DeskCaseChange`'s order, each of the type its model gives."""
    row, intake = case.row, case.intake
    return {
        "kind": "desk_case",
        "case_id": row["case_id"],
        "acceptance_no": row["acceptance_no"],
        "desk_code": row["desk_code"],
        "clerk": intake.clerk,
        "service_code": row["service_code"],
        "service_name": names.get(row["service_code"], ""),
        "applicant_name": row["applicant_name"],
        "applicant_id_masked": mask_id_number(row["applicant_id_number"]),
        "state": _shown(row["counter_state"], row["dept_state"]),
        "accepted_at": intake.accepted_at,
        "local_date": intake.local_date,
        "due_date": row["due_date"],
    }


def _stored_body(case, names: Mapping[str, str]) -> dict:  # type: ignore[no-untyped-def]
    intake = json.loads(case.payload)
    return {
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


_COUNTER_FINAL = frozenset({"voided", "delivered", "refused", "correction_requested"})
_DEPARTMENT = frozenset({"in_review", "approved", "rejected", "result_ready"})


def shown_state(case: PlatformCase) -> str:
    """The state the owning desk shows: its own last move, else where the department has it."""
    return _shown(case.counter_state, case.dept_state)


def _shown(counter_state: str, dept_state: str) -> str:
    if counter_state in _COUNTER_FINAL:
        return counter_state
    if dept_state in _DEPARTMENT:
        return dept_state
    if dept_state == "received":
        return "submitted"  # handed on: the owning desk shows 已流转
    return counter_state


def _service_names(session: Session, codes: set[str]) -> dict[str, str]:
    if not codes:
        return {}
    db = raw(session)
    among, params = db.any_of("code", sorted(codes))
    found = db.rows(f"SELECT code, body FROM x_catalog_item WHERE {among}", params)
    return {code: json.loads(body).get("name", "") for code, body in found}
