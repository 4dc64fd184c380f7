"""Rows written with plain SQL read back through the ORM as the same Python values."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from sqlmodel import select

from counter.intake.submit import submit_intake
from counter.store.models import AuditEntry, Case, CaseEvent, OutboxItem
from tests.conftest import intake_request

BEIJING = timezone(timedelta(hours=8))


def test_intake_rows_round_trip_through_the_orm(desk, clerk) -> None:
    # 09:30:15.250 in Beijing on 2026-09-30, the eve of National Day.
    now = datetime(2026, 9, 30, 9, 30, 15, 250_000, tzinfo=BEIJING)
    result = submit_intake(desk, clerk, intake_request(desk, "GA-001"), now=now)
    with desk.store.read() as session:
        case = session.get(Case, result.case_id)
        assert case.accepted_at == now.astimezone(UTC)
        assert case.accepted_at.tzinfo is not None
        assert case.local_date == "2026-09-30"
        assert isinstance(case.due_date, date) and case.due_date == result.due_date
        assert case.due_provisional is False
        assert case.commitment_signed is False
        event = session.exec(select(CaseEvent).where(CaseEvent.case_id == case.id)).one()
        assert event.at == now.astimezone(UTC)
        entry = session.exec(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert entry.at == now.astimezone(UTC).replace(microsecond=0)
        item = session.exec(select(OutboxItem).where(OutboxItem.case_id == case.id)).one()
        assert item.created_at == now.astimezone(UTC)
        assert item.state == "pending" and item.attempts == 0
