"""Ratings of counter visits (好差评) as the platform takes them from a batch.

`ingest` decides each item in order; an ``evaluation`` item is taken when the
platform holds the case for the uploading office and that visit of the case
has not been rated before (in an earlier batch or earlier in this one). The
ratings taken are written together at the end of the batch, like the cases.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from pydantic import ValidationError as PydanticError
from sqlalchemy import Table, insert
from sqlmodel import Session, select

from sync.protocol import ReasonCode, UploadItem
from sync.protocol.upload import EvaluationPayload
from sync.server import intake_rules as rules
from sync.server.auth import DeskIdentity
from sync.server.tables import PlatformEvaluation

_EVALUATIONS: Table = PlatformEvaluation.__table__  # type: ignore[attr-defined]


def parse_evaluation(item: UploadItem) -> EvaluationPayload | rules.Rejection:
    try:
        payload = EvaluationPayload.model_validate(item.payload)
    except PydanticError as exc:
        return rules.schema_problem(exc)
    if item.case_id is not None and item.case_id != payload.case_id:
        return rules.Rejection(
            ReasonCode.CASE_ID_MISMATCH, "item case_id differs from payload case_id"
        )
    return payload


class EvaluationBatch:
    """The ratings of one batch: what was rated before, what this batch adds."""

    def __init__(self, session: Session, desk: DeskIdentity, now: datetime) -> None:
        self.session = session
        self.desk = desk
        self.now = now
        self.rated: set[tuple[str, str]] = set()  # (case id, visit) rated before or in this batch
        self.rows: list[dict] = []

    def read(self, payloads: Iterable[EvaluationPayload]) -> None:
        """Learn which visits of the batch's cases were rated before (one query)."""
        case_ids = sorted({p.case_id for p in payloads})
        if not case_ids:
            return
        found = self.session.execute(
            select(_EVALUATIONS.c.case_id, _EVALUATIONS.c.visit).where(
                _EVALUATIONS.c.case_id.in_(case_ids)
            )
        )
        self.rated.update((case_id, visit) for case_id, visit in found)

    def take(self, payload: EvaluationPayload) -> rules.Rejection | None:
        """Take a rating of a case the caller found for this office; a rejection if rated."""
        if (payload.case_id, payload.visit) in self.rated:
            return rules.Rejection(
                ReasonCode.EVALUATION_EXISTS, f"the {payload.visit} visit was rated before"
            )
        self.rated.add((payload.case_id, payload.visit))
        self.rows.append(
            {
                "evaluation_id": payload.evaluation_id,
                "case_id": payload.case_id,
                "office_code": self.desk.office_code,
                "desk_code": self.desk.desk_code,
                "visit": payload.visit,
                "level": payload.level,
                "reason": payload.reason,
                "clerk": payload.clerk[:64],
                "rated_at": payload.at,
                "received_at": self.now,
            }
        )
        return None

    def write(self) -> None:
        if self.rows:
            self.session.execute(insert(_EVALUATIONS), self.rows)
