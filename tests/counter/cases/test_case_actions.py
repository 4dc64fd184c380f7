"""Voiding a case: supervisors only, with a reason; the number stays used."""

from __future__ import annotations

import pytest
from sqlmodel import select

from counter.cases.actions import void_case
from counter.errors import PermissionDenied, ValidationError
from counter.intake.submit import submit_intake
from counter.store.models import Case, OutboxItem
from tests.conftest import intake_request


def test_supervisor_voids_with_reason_and_number_stays_used(desk, clerk, supervisor):
    first = submit_intake(desk, clerk, intake_request(desk))
    voided = void_case(desk, supervisor, first.case_id, "申请人当场撤回申请")
    assert voided.state == "voided"
    second = submit_intake(desk, clerk, intake_request(desk))
    assert second.acceptance_no.endswith("-0002")
    with desk.store.read() as session:
        kinds = [
            o.kind
            for o in session.exec(select(OutboxItem).where(OutboxItem.case_id == first.case_id))
        ]
        assert session.get(Case, first.case_id).acceptance_no == first.acceptance_no
    assert kinds == ["case.intake", "case.transition"]


def test_clerk_cannot_void(desk, clerk):
    result = submit_intake(desk, clerk, intake_request(desk))
    with pytest.raises(PermissionDenied, match="supervisor"):
        void_case(desk, clerk, result.case_id, "输错了事项")
    with desk.store.read() as session:
        assert session.get(Case, result.case_id).state == "accepted"


def test_void_needs_a_reason(desk, clerk, supervisor):
    result = submit_intake(desk, clerk, intake_request(desk))
    with pytest.raises(ValidationError, match="Reason"):
        void_case(desk, supervisor, result.case_id, "  ")
