"""The daily report's figures on a small data set whose answers are counted by hand."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from counter.day.figures import CountRow, DailyFigures, daily_figures
from counter.desk import Desk

DAY = date(2026, 3, 6)  # a Friday; the next two working days are Mon 9 and Tue 10 March
EARLIER = "2026-02-26"
CST = timezone(timedelta(hours=8))
GENERATED = datetime(2026, 3, 6, 17, 30, tzinfo=CST)

ITEM_A = ("RS-002", "失业保险金申领", "县人力资源和社会保障局")
ITEM_B = ("SCJG-004", "食品经营许可", "县市场监督管理局")
ITEM_C = ("RS-001", "社会保障卡申领", "县人力资源和社会保障局")
WANG = (1, "王芳", "01")
ZHAO = (2, "赵磊", "02")

# (label, item, clerk, decision, state, local date, due date)
CASES = [
    ("A", ITEM_A, WANG, "accept", "accepted", DAY.isoformat(), "2026-03-13"),  # due later
    ("B", ITEM_A, WANG, "accept_pending", "accepted_pending", DAY.isoformat(), "2026-03-10"),
    ("C", ITEM_B, ZHAO, "refuse", "refused", DAY.isoformat(), None),
    ("D", ITEM_C, ZHAO, "accept", "delivered", DAY.isoformat(), DAY.isoformat()),  # decided
    ("E", ITEM_A, WANG, "request_correction", "correction_requested", DAY.isoformat(), None),
    ("F", ITEM_B, ZHAO, "accept", "in_review", EARLIER, "2026-03-05"),  # overdue by 1
    ("G", ITEM_A, WANG, "accept", "submitted", EARLIER, "2026-03-02"),  # overdue by 4
    ("H", ITEM_A, WANG, "accept", "approved", EARLIER, "2026-03-03"),  # decided in time
    ("I", ITEM_A, ZHAO, "accept", "submitted", EARLIER, DAY.isoformat()),  # due today
    ("J", ITEM_A, ZHAO, "accept", "accepted", "2026-03-09", "2026-03-11"),  # a later day
]


def _stamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _load(desk: Desk) -> dict[str, str]:
    ids = {}
    with desk.store.write_sql() as conn:
        for n, (label, item, clerk, decision, state, local, due) in enumerate(CASES, start=1):
            case_id = str(uuid.uuid4())
            ids[label] = case_id
            at = datetime.fromisoformat(local).replace(hour=9, minute=n, tzinfo=CST)
            row = {
                "id": case_id,
                "acceptance_no": f"140121-{clerk[2]}-{local.replace('-', '')}-{n:04d}",
                "office_code": "140121",
                "desk_code": clerk[2],
                "service_code": item[0],
                "service_name": item[1],
                "department": item[2],
                "decision": decision,
                "state": state,
                "applicant_kind": "person",
                "applicant_name": f"申请人{label}",
                "applicant_id_type": "resident_id",
                "applicant_id_number": "140121198503120021",
                "applicant_phone": "13912345678",
                **dict.fromkeys(
                    (
                        "applicant_address",
                        "legal_rep_name",
                        "agent_name",
                        "agent_id_type",
                        "agent_id_number",
                        "agent_phone",
                        "reason",
                    ),
                    "",
                ),
                "due_provisional": 0,
                "commitment_signed": 0,
                "accepted_at": _stamp(at),
                "local_date": local,
                "promised_days": 5,
                "due_date": due,
                "clerk_id": clerk[0],
                "clerk_name": clerk[1],
                "updated_at": _stamp(at),
            }
            conn.execute(
                f"INSERT INTO case_record ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                tuple(row.values()),
            )
        outbox = [
            ("A", "pending", "2026-03-06 01:01:00.000000", ""),
            ("B", "pending", "2026-03-06 01:02:00.000000", ""),
            ("I", "pending", "2026-02-26 01:09:00.000000", ""),  # the oldest unsent
            ("F", "sent", "2026-02-26 01:06:00.000000", ""),
            ("C", "dead", "2026-03-06 01:03:00.000000", "schema: applicant_phone invalid"),
            ("G", "dead", "2026-02-26 01:07:00.000000", "conflict: payload differs"),
        ]
        for label, state, created, error in outbox:
            conn.execute(
                "INSERT INTO outbox_item (idempotency_key, case_id, kind, payload, created_at,"
                " state, attempts, last_error) VALUES (?, ?, 'case.intake', '{}', ?, ?, ?, ?)",
                (str(uuid.uuid4()), ids[label], created, state, 2 if error else 0, error),
            )
    return ids


def _figures(desk: Desk, **kwargs: object) -> DailyFigures:
    with desk.store.read() as session:
        return daily_figures(
            session,
            DAY,
            calendar=desk.calendar,
            office_code="140121",
            office_name="清徐县政务服务中心",
            generated_at=GENERATED,
            **kwargs,  # type: ignore[arg-type]
        )


def test_breakdowns_count_the_days_intake(desk: Desk) -> None:
    _load(desk)
    f = _figures(desk)
    assert f.total == 5
    assert f.by_item == (
        CountRow("RS-002", "失业保险金申领", 3, "县人力资源和社会保障局"),
        CountRow("RS-001", "社会保障卡申领", 1, "县人力资源和社会保障局"),
        CountRow("SCJG-004", "食品经营许可", 1, "县市场监督管理局"),
    )
    assert [(r.name, r.count) for r in f.by_department] == [
        ("县人力资源和社会保障局", 4),
        ("县市场监督管理局", 1),
    ]
    assert [(r.key, r.name, r.count, r.detail) for r in f.by_clerk] == [
        ("1", "王芳", 3, "01"),
        ("2", "赵磊", 2, "02"),
    ]
    assert {r.key: r.count for r in f.by_state} == {
        "accepted": 1,
        "accepted_pending": 1,
        "refused": 1,
        "delivered": 1,
        "correction_requested": 1,
    }
    assert {r.key: r.count for r in f.by_decision} == {
        "accept": 2,
        "accept_pending": 1,
        "refuse": 1,
        "request_correction": 1,
    }


def test_overdue_and_due_soon_in_working_days(desk: Desk) -> None:
    _load(desk)
    f = _figures(desk)
    assert f.overdue_total == 2
    assert [(r.applicant_name, r.working_days) for r in f.overdue] == [
        ("申请人G", -4),  # due Mon 2 March: Tue, Wed, Thu, Fri
        ("申请人F", -1),
    ]
    assert f.due_soon_days == 2
    assert f.due_soon_total == 2
    assert [(r.applicant_name, r.working_days) for r in f.due_soon] == [
        ("申请人I", 0),
        ("申请人B", 2),  # Tue 10 March, over the weekend
    ]
    # J (due Wed 11) is due soon only with a wider window; A (Fri 13) with a wider one still
    wider = _figures(desk, due_soon_days=3)
    assert [r.applicant_name for r in wider.due_soon] == ["申请人I", "申请人B", "申请人J"]
    assert _figures(desk, due_soon_days=0).due_soon_total == 1


def test_backlog_and_dead_letters(desk: Desk) -> None:
    ids = _load(desk)
    f = _figures(desk)
    assert f.backlog == 3
    assert f.oldest_backlog_at == datetime(2026, 2, 26, 1, 9, tzinfo=UTC)
    assert f.dead_total == 2
    assert [(d.acceptance_no[-4:], d.reason, d.attempts) for d in f.dead_letters] == [
        ("0003", "schema: applicant_phone invalid", 2),
        ("0007", "conflict: payload differs", 2),
    ]
    assert ids  # the cases exist; nothing else in the store was touched


def test_lists_are_capped_but_totals_exact(desk: Desk) -> None:
    _load(desk)
    f = _figures(desk, list_limit=1)
    assert (f.overdue_total, len(f.overdue)) == (2, 1)
    assert (f.dead_total, len(f.dead_letters)) == (2, 1)
    assert f.lists_cut


def test_an_empty_day(desk: Desk) -> None:
    f = _figures(desk)
    assert f.total == 0 and f.by_item == () and f.overdue == () and f.backlog == 0
    assert not f.lists_cut


def test_rejects_naive_time_and_negative_window(desk: Desk) -> None:
    with pytest.raises(ValueError):
        _figures(desk, due_soon_days=-1)
    with desk.store.read() as session, pytest.raises(ValueError):
        daily_figures(
            session,
            DAY,
            calendar=desk.calendar,
            office_code="140121",
            office_name="x",
            generated_at=datetime(2026, 3, 6, 17, 30),
        )
