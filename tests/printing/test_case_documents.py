"""From recorded cases to their documents on disk: right documents, masked numbers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from counter.bootstrap import OpenedDesk
from counter.intake import submit_intake
from counter.intake_request import Decision
from counter.intake_request import MaterialStatus as P
from counter.models import Case
from counter.queries import case_detail
from counter.users import Actor
from printing.case_documents import documents_for, save_document
from tests.conftest import APPLICANT_ID, MONDAY_MORNING, intake_request
from tests.printing.pdf_checks import flat, page_texts

REQUESTS = {
    "correction": {
        "decision": Decision.REQUEST_CORRECTION,
        "statuses": {"M03": P.MISSING, "M04": P.FAULTY},
        "notes": {"M04": "账户名与申请人不一致"},
        "reason": "请一并携带户口簿原件",
    },
    "refusal": {"decision": Decision.REFUSE, "reason": "申请人不属于本县失业登记人员"},
    "pending": {
        "decision": Decision.ACCEPT_PENDING,
        "statuses": {"M03": P.PENDING},
        "commitment_signed": True,
        "makeup_deadline": date(2026, 3, 6),
    },
}
EXPECTED = {
    "correction": ("一次性告知书", "账户名与申请人不一致", "请一并携带户口簿原件"),
    "refusal": ("不予受理通知书", "申请人不属于本县失业登记人员", "行政复议", "行政诉讼"),
    "pending": ("容缺受理通知书", "容缺受理承诺书", "2026年3月6日"),
}


@pytest.mark.parametrize("kind", sorted(REQUESTS))
def test_notice_from_a_recorded_case(
    kind: str, opened: OpenedDesk, clerk: Actor, tmp_path: Path
) -> None:
    request = intake_request(opened.desk, **REQUESTS[kind])  # type: ignore[arg-type]
    result = submit_intake(opened.desk, clerk, request, now=MONDAY_MORNING)
    with opened.desk.store.read() as session:
        detail = case_detail(session, result.case_id)
    assert kind in documents_for(detail.case)
    path = save_document(kind, detail, opened.settings, tmp_path)  # type: ignore[arg-type]
    assert path.parent == tmp_path and path.name.startswith(result.acceptance_no)
    assert not list(tmp_path.glob("*.partial"))
    text = flat("".join(page_texts(path.read_bytes())))
    for expected in (*EXPECTED[kind], result.acceptance_no, opened.settings.office_name):
        assert flat(expected) in text, expected
    assert APPLICANT_ID not in text
    assert APPLICANT_ID[-4:] in text


def test_accepted_case_gets_both_receipts(opened: OpenedDesk, clerk: Actor, tmp_path: Path):
    result = submit_intake(opened.desk, clerk, intake_request(opened.desk), now=MONDAY_MORNING)
    with opened.desk.store.read() as session:
        detail = case_detail(session, result.case_id)
        case = session.get(Case, result.case_id)
    assert case is not None and documents_for(case) == ("receipt",)
    a4 = save_document("receipt", detail, opened.settings, tmp_path)
    roll = save_document("thermal_receipt", detail, opened.settings, tmp_path)
    assert a4 != roll
    for path in (a4, roll):
        text = flat("".join(page_texts(path.read_bytes())))
        assert result.acceptance_no in text and APPLICANT_ID not in text
