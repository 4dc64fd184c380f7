"""Reprinting a receipt or notice: a reason is required, each reprint is counted and audited."""

from __future__ import annotations

import json

import pytest
from sqlmodel import col, select

from counter.audit import log as audit
from counter.cases.reprints import document_reprints, record_document_reprint, reprint_count
from counter.errors import PermissionDenied, ValidationError
from counter.intake.submit import submit_intake
from counter.store.models import AuditEntry, Case
from tests.conftest import intake_request, table_counts


@pytest.fixture
def case_id(desk, clerk) -> str:
    return submit_intake(desk, clerk, intake_request(desk)).case_id


def test_reprints_are_numbered_per_document(desk, clerk, case_id):
    assert record_document_reprint(desk, clerk, case_id, "receipt", "申请人遗失回执") == 1
    assert record_document_reprint(desk, clerk, case_id, "receipt", "打印机卡纸") == 2
    assert record_document_reprint(desk, clerk, case_id, "pending", "字迹不清") == 1
    with desk.store.read() as session:
        assert reprint_count(session, case_id, "receipt") == 2
        assert reprint_count(session, case_id, "correction") == 0
        history = document_reprints(session, case_id)
    assert [(r.doc_type, r.reprint_no, r.reason, r.actor_name) for r in history] == [
        ("receipt", 1, "申请人遗失回执", clerk.display_name),
        ("receipt", 2, "打印机卡纸", clerk.display_name),
        ("pending", 1, "字迹不清", clerk.display_name),
    ]


@pytest.mark.parametrize("reason", ["", "   \n"])
def test_a_reprint_without_a_reason_is_refused_naming_the_field(desk, clerk, case_id, reason):
    before = table_counts(desk.store)
    with pytest.raises(ValidationError) as caught:
        record_document_reprint(desk, clerk, case_id, "receipt", reason)
    (problem,) = caught.value.problems
    assert (problem.field, problem.label) == ("reason", "Reason")
    assert table_counts(desk.store) == before


def test_a_reprint_is_audited_on_the_chain(desk, clerk, case_id):
    record_document_reprint(desk, clerk, case_id, "receipt", "  申请人遗失回执 ")
    with desk.store.read() as session:
        number = session.get(Case, case_id).acceptance_no
        entry = session.exec(select(AuditEntry).order_by(col(AuditEntry.id).desc())).first()
        assert audit.verify(session).ok
    assert (entry.action, entry.target, entry.actor_name) == (
        "document.reprint",
        f"case:{number}",
        clerk.display_name,
    )
    assert json.loads(entry.detail) == {
        "doc_type": "receipt",
        "reprint_no": 1,
        "reason": "申请人遗失回执",
    }


def test_the_case_state_does_not_change_and_nothing_goes_to_the_platform(desk, clerk, case_id):
    before = table_counts(desk.store)
    record_document_reprint(desk, clerk, case_id, "receipt", "遗失")
    after = table_counts(desk.store)
    assert after["outbox_item"] == before["outbox_item"]
    assert after["case_event"] == before["case_event"] + 1
    with desk.store.read() as session:
        assert session.get(Case, case_id).state == "accepted"


def test_an_administrator_may_not_reprint(desk, admin, case_id):
    with pytest.raises(PermissionDenied):
        record_document_reprint(desk, admin, case_id, "receipt", "遗失")


def test_an_unknown_document_type_is_a_programming_error(desk, clerk, case_id):
    with pytest.raises(ValueError, match="unknown document type"):
        record_document_reprint(desk, clerk, case_id, "certificate", "遗失")
