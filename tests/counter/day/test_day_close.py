"""Day close (日结): reconciliation, closing with and without override, the lock, reopening."""

from __future__ import annotations

import io
import re
from datetime import date, datetime, timedelta

import pytest
from pypdf import PdfReader
from sqlmodel import col, select

from counter.cases.actions import void_case
from counter.day import reconcile as day_state
from counter.day.close import DayNotReconciled, close_day, reopen_day
from counter.day.reconcile import DayClosed, Why, reconcile
from counter.errors import DomainError, PermissionDenied, ValidationError
from counter.exchange import sync_state
from counter.exchange.sync_state import Delivered, Failed, Rejected
from counter.intake.submit import submit_intake
from counter.store.models import AuditEntry, Case, DayClose, OutboxItem
from printing.day_report_file import DOCUMENTS_DIR, close_day_with_report
from tests.conftest import MONDAY_MORNING, intake_request

DAY = date(2026, 3, 2)  # MONDAY_MORNING in the office zone
EVENING = MONDAY_MORNING + timedelta(hours=8)  # 17:30 in Beijing, same day


def take(desk, clerk, count: int = 1, at: datetime = MONDAY_MORNING) -> list[str]:
    return [submit_intake(desk, clerk, intake_request(desk), now=at).case_id for _ in range(count)]


def intake_item(desk, case_id: str) -> int:
    with desk.store.read() as session:
        item = session.exec(
            select(OutboxItem).where(
                OutboxItem.case_id == case_id, OutboxItem.kind == "case.intake"
            )
        ).one()
        return item.id  # type: ignore[return-value]


def answer(desk, *outcomes) -> None:
    """The platform's answers, recorded as the sync engine records them."""
    with desk.store.write() as session:
        sync_state.record_batch(session, list(outcomes), MONDAY_MORNING + timedelta(minutes=5))


def confirm(desk, *case_ids: str) -> None:
    answer(desk, *(Delivered(intake_item(desk, c)) for c in case_ids))


def audit_actions(desk) -> list[tuple[str, str, str]]:
    with desk.store.read() as session:
        rows = session.exec(select(AuditEntry).order_by(col(AuditEntry.id))).all()
    return [(r.action, r.target, r.detail) for r in rows if r.action.startswith("day.")]


def test_reconcile_sorts_the_days_cases_into_confirmed_unsent_and_refused(desk, clerk, supervisor):
    sent, waiting, refused = take(desk, clerk, 3)
    take(desk, clerk, 1, at=MONDAY_MORNING + timedelta(days=1))  # another day: not counted
    confirm(desk, sent)
    retry_at = MONDAY_MORNING + timedelta(minutes=9)
    answer(
        desk,
        Failed(intake_item(desk, waiting), "connection refused", retry_at),
        Rejected(intake_item(desk, refused), "unknown_service", "service XX is not in the catalog"),
    )
    rec = reconcile(desk, DAY)
    assert (rec.cases, rec.confirmed, rec.unsent, rec.refused, rec.missing) == (3, 1, 1, 1, 0)
    assert rec.unconfirmed == 2 and not rec.reconciled and not rec.is_closed
    by_case = {i.case_id: i for i in rec.items}
    assert set(by_case) == {waiting, refused}
    unsent = by_case[waiting]
    assert (unsent.why, unsent.attempts, unsent.next_attempt_at) == (Why.UNSENT, 1, retry_at)
    assert unsent.error == "connection refused" and unsent.is_intake and unsent.of_day_case
    dead = by_case[refused]
    assert dead.why is Why.REFUSED
    assert dead.error == "unknown_service: service XX is not in the catalog"
    assert dead.acceptance_no.startswith("140121-01-20260302-")


def test_a_void_the_platform_has_not_heard_of_is_listed(desk, clerk, supervisor):
    first, second = take(desk, clerk, 2)
    confirm(desk, first, second)
    void_case(desk, supervisor, second, "申请人当场撤回申请", now=EVENING)
    rec = reconcile(desk, DAY)
    assert (rec.cases, rec.confirmed, rec.unconfirmed) == (2, 2, 0)
    assert [(i.case_id, i.kind, i.why) for i in rec.items] == [
        (second, "case.transition", Why.UNSENT)
    ]
    assert rec.later_items == 1 and not rec.reconciled
    with pytest.raises(DayNotReconciled, match="1 changes of 2026-03-02 are not confirmed"):
        close_day(desk, supervisor, DAY, now=EVENING)


def test_close_is_blocked_while_a_case_is_unsent(desk, clerk, supervisor):
    done, *waiting = take(desk, clerk, 3)
    confirm(desk, done)
    answer(desk, Rejected(intake_item(desk, waiting[1]), "bad_payload", "materials missing"))
    with pytest.raises(DayNotReconciled) as refused:
        close_day(desk, supervisor, DAY, now=EVENING)
    assert str(refused.value) == (
        "2 cases of 2026-03-02 are not confirmed by the platform: 1 unsent, 1 refused"
    )
    with desk.store.read() as session:
        assert session.exec(select(DayClose)).all() == []
        assert not day_state.is_closed(session, DAY)
    assert audit_actions(desk) == []


def test_a_reconciled_day_closes_and_is_audited(desk, clerk, supervisor):
    cases = take(desk, clerk, 2)
    confirm(desk, *cases)
    result = close_day(desk, supervisor, DAY, now=EVENING)
    assert result.reconciliation.reconciled
    closed = result.closed
    assert (closed.cases, closed.confirmed, closed.unconfirmed, closed.override_reason) == (
        2, 2, 0, ""
    )
    with desk.store.read() as session:
        assert day_state.is_closed(session, DAY)
        assert [c.day for c in day_state.closed_days(session)] == [DAY]
        row = session.exec(select(DayClose)).one()
    assert (row.closed_by_name, row.cases, row.confirmed) == (supervisor.display_name, 2, 2)
    [(action, target, detail)] = audit_actions(desk)
    assert (action, target) == ("day.close", "day:2026-03-02")
    assert '"confirmed":2' in detail


def test_override_needs_a_supervisor_and_a_reason(desk, clerk, supervisor):
    take(desk, clerk, 2)
    with pytest.raises(ValidationError, match="at least 5 characters"):
        close_day(desk, supervisor, DAY, override_reason="  ok ", now=EVENING)
    with pytest.raises(PermissionDenied, match="supervisor"):
        close_day(desk, clerk, DAY, override_reason="网络中断，明日补传", now=EVENING)
    with pytest.raises(PermissionDenied):
        close_day(desk, clerk, DAY, now=EVENING)
    result = close_day(desk, supervisor, DAY, override_reason="网络中断，明日补传", now=EVENING)
    assert (result.closed.unconfirmed, result.closed.override_reason) == (2, "网络中断，明日补传")
    [(action, _target, detail)] = audit_actions(desk)
    assert action == "day.close.override"
    assert "网络中断，明日补传" in detail and '"unsent":2' in detail


def test_a_day_cannot_be_closed_twice_or_before_it_begins(desk, clerk, supervisor):
    confirm(desk, *take(desk, clerk, 1))
    close_day(desk, supervisor, DAY, now=EVENING)
    with pytest.raises(DayClosed, match="already closed"):
        close_day(desk, supervisor, DAY, now=EVENING + timedelta(minutes=1))
    with pytest.raises(DomainError, match="has not begun"):
        close_day(desk, supervisor, DAY + timedelta(days=1), now=EVENING)
    assert len(audit_actions(desk)) == 1


def test_intake_is_refused_on_a_closed_day_and_accepted_after_reopening(desk, clerk, supervisor):
    confirm(desk, *take(desk, clerk, 1))
    close_day(desk, supervisor, DAY, now=EVENING)
    with desk.store.read() as session:
        before = session.exec(select(Case)).all()
    with pytest.raises(DayClosed, match="the day 2026-03-02 is closed; a supervisor must reopen"):
        take(desk, clerk, 1, at=EVENING + timedelta(minutes=5))
    with desk.store.read() as session:
        assert len(session.exec(select(Case)).all()) == len(before)
    # The next day is open.
    take(desk, clerk, 1, at=MONDAY_MORNING + timedelta(days=1))

    with pytest.raises(PermissionDenied):
        reopen_day(desk, clerk, DAY, "补录一件漏登的办件")
    with pytest.raises(ValidationError, match="Reason"):
        reopen_day(desk, supervisor, DAY, " ")
    reopened = reopen_day(desk, supervisor, DAY, "补录一件漏登的办件", now=EVENING)
    assert reopened.reopen_reason == "补录一件漏登的办件"
    [late] = take(desk, clerk, 1, at=EVENING + timedelta(minutes=10))
    with desk.store.read() as session:
        assert session.get(Case, late).local_date == "2026-03-02"
        assert not day_state.is_closed(session, DAY)
        history = day_state.closed_days(session, include_reopened=True)
    assert [(c.day, c.is_open) for c in history] == [(DAY, False)]
    assert [a[0] for a in audit_actions(desk)] == ["day.close", "day.reopen"]
    with pytest.raises(DomainError, match="is not closed"):
        reopen_day(desk, supervisor, DAY, "再次重开试试看")
    # Closed again: the late case is counted (and not yet confirmed).
    again = close_day(desk, supervisor, DAY, override_reason="补录件待上传", now=EVENING)
    assert (again.closed.cases, again.closed.unconfirmed) == (2, 1)


def test_a_supervisor_may_still_void_a_closed_days_case(desk, clerk, supervisor):
    [case_id] = take(desk, clerk, 1)
    confirm(desk, case_id)
    close_day(desk, supervisor, DAY, now=EVENING)
    assert void_case(desk, supervisor, case_id, "申请人书面撤回申请").state == "voided"


def test_closing_writes_the_daily_report_with_the_days_figures(opened, clerk, supervisor):
    desk = opened.desk
    cases = take(desk, clerk, 3)
    confirm(desk, *cases[:2])
    result = close_day_with_report(opened, supervisor, DAY, override_reason="一件待网络恢复后上传",
                                   now=EVENING)
    assert result.report_error == ""
    path = result.report
    assert path == opened.directory / DOCUMENTS_DIR / "日报-2026-03-02.pdf"
    assert path.read_bytes().startswith(b"%PDF")
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(
        path.read_bytes())).pages))
    assert "受理工作日报" in text and "2026年3月2日" in text
    # The summary: three cases taken in, one upload still waiting.
    assert "当日受理3件" in text and "待上传1条" in text
    with desk.store.read() as session:
        assert session.exec(select(DayClose)).one().report_file == str(path)
        assert day_state.closing(session, DAY).report_file == str(path)


def test_a_report_that_cannot_be_written_leaves_the_day_closed(desk, clerk, supervisor, tmp_path):
    confirm(desk, *take(desk, clerk, 1))

    def broken(*_args):
        raise OSError("disk full")

    result = close_day(desk, supervisor, DAY, report_dir=tmp_path, write_report=broken, now=EVENING)
    assert result.report is None and "disk full" in result.report_error
    with desk.store.read() as session:
        assert day_state.is_closed(session, DAY)


def test_a_refused_intake_closed_by_a_supervisor_no_longer_holds_the_day(desk, clerk, supervisor):  # type: ignore[no-untyped-def]
    from counter.supervision.dead_letters import close_dead_letter

    sent, refused = take(desk, clerk, 2)
    confirm(desk, sent)
    answer(desk, Rejected(intake_item(desk, refused), "unknown_service", "no such item"))
    assert reconcile(desk, DAY).refused == 1
    close_dead_letter(desk, supervisor, intake_item(desk, refused), "事项已撤销，申请人已另行办理",
                      now=MONDAY_MORNING + timedelta(minutes=30))
    rec = reconcile(desk, DAY)
    assert (rec.confirmed, rec.refused, rec.missing, rec.resolved) == (1, 0, 0, 1)
    assert rec.reconciled
