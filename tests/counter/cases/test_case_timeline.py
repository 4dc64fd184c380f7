"""A case's timeline: counter steps, the department's moves, certificate prints, reprints."""

from __future__ import annotations

from datetime import timedelta

from counter.cases.delivery import Collector, CollectorRole, deliver_case
from counter.cases.lifecycle import CaseState
from counter.cases.reprints import record_document_reprint
from counter.cases.timeline import EntryKind, case_timeline
from counter.certificates.records import record_print
from tests.conftest import APPLICANT_ID, MONDAY_MORNING
from tests.delivery_support import add_certificate, ready_case


def test_the_whole_life_of_a_case_in_order(desk, clerk, supervisor):
    case_id = ready_case(desk, clerk)
    serial = add_certificate(desk, case_id)
    later = MONDAY_MORNING + timedelta(days=1)
    record_print(desk, clerk, serial, now=later)
    record_print(desk, supervisor, serial, "打印机卡纸", now=later + timedelta(minutes=1))
    record_document_reprint(
        desk, clerk, case_id, "receipt", "遗失回执", now=later + timedelta(minutes=2)
    )
    deliver_case(
        desk,
        clerk,
        case_id,
        Collector(CollectorRole.APPLICANT, APPLICANT_ID),
        now=later + timedelta(minutes=3),
    )
    with desk.store.read() as session:
        timeline = case_timeline(session, case_id)

    kinds = [e.kind for e in timeline]
    assert kinds[0] is EntryKind.INTAKE
    assert timeline[0].who == clerk.display_name and not timeline[0].by_platform
    assert timeline[0].params["state"] == "accepted"
    moves = [
        (e.params["to_state"], e.by_platform, e.who)
        for e in timeline
        if e.kind is EntryKind.TRANSITION
    ]
    assert moves == [
        ("submitted", True, ""),
        ("in_review", True, ""),
        ("approved", True, ""),
        ("result_ready", True, ""),
        ("delivered", False, clerk.display_name),
    ]
    issued_entry = next(e for e in timeline if e.kind is EntryKind.CERTIFICATE_ISSUED)
    assert issued_entry.by_platform and issued_entry.params["serial"] == serial
    assert kinds.index(EntryKind.CERTIFICATE_ISSUED) == 5  # after the result_ready move
    tail = [(e.kind, e.who, e.params.get("reason", "")) for e in timeline[-4:]]
    assert tail == [
        (EntryKind.CERTIFICATE_PRINT, clerk.display_name, ""),
        (EntryKind.CERTIFICATE_REPRINT, supervisor.display_name, "打印机卡纸"),
        (EntryKind.DOCUMENT_REPRINT, clerk.display_name, "遗失回执"),
        (EntryKind.TRANSITION, clerk.display_name, ""),
    ]
    assert timeline[-3].params["print_no"] == "2"
    assert timeline[-2].params["doc_type"] == "receipt"
    delivered = timeline[-1].params
    assert delivered["collector_name"] == "张伟"
    assert APPLICANT_ID not in str(delivered)
    times = [e.at for e in timeline]
    assert times == sorted(times)
    assert all(t.tzinfo is not None for t in times)


def test_a_rejection_carries_the_departments_reason(desk, clerk):
    case_id = ready_case(desk, clerk, CaseState.REJECTED)
    with desk.store.read() as session:
        last = case_timeline(session, case_id)[-1]
    assert last.params["to_state"] == "rejected"
    assert last.params["reason"] == "材料不符合法定条件"


def test_an_unknown_case_has_no_history(desk):
    with desk.store.read() as session:
        assert case_timeline(session, "nothing") == []
