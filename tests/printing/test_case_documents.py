"""From recorded cases to their documents on disk: right documents, masked numbers."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from counter.bootstrap import OpenedDesk, open_desk
from counter.cases.queries import case_detail
from counter.errors import ValidationError
from counter.intake.request import Decision
from counter.intake.request import MaterialStatus as P
from counter.intake.submit import submit_intake
from counter.settings import CONFIG_FILE, Settings, load_settings
from counter.store.models import Case
from counter.users import Actor
from printing.case_documents import documents_for, save_document, save_receipt
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


def _page_widths(pdf: bytes) -> list[float]:
    return [float(p.mediabox.width) for p in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.parametrize(
    ("paper", "width"), [(None, 595.3), ("a4", 595.3), ("roll80", 226.8)], ids=str
)
def test_the_receipt_is_on_the_desks_paper(
    paper: str | None, width: float, desk_dir: Path, clerk: Actor, tmp_path: Path
) -> None:
    """A desk set up for an 80 mm thermal roll writes the 80 mm receipt; others A4."""
    if paper is not None:
        (desk_dir / CONFIG_FILE).write_text(f'receipt_paper = "{paper}"\n', encoding="utf-8")
    opened = open_desk(desk_dir)
    try:
        result = submit_intake(opened.desk, clerk, intake_request(opened.desk), now=MONDAY_MORNING)
        with opened.desk.store.read() as session:
            detail = case_detail(session, result.case_id)
        path = save_receipt(detail, opened.settings, tmp_path / "documents")
    finally:
        opened.desk.store.dispose()
    assert path.name == f"{result.acceptance_no}-受理回执.pdf"
    pdf = path.read_bytes()
    assert all(w == pytest.approx(width, abs=0.5) for w in _page_widths(pdf))
    text = flat("".join(page_texts(pdf)))
    assert result.acceptance_no in text and APPLICANT_ID not in text


def test_an_unknown_receipt_paper_is_refused_naming_the_setting(tmp_path: Path) -> None:
    (tmp_path / CONFIG_FILE).write_text('receipt_paper = "A5"\n', encoding="utf-8")
    with pytest.raises(ValidationError) as raised:
        load_settings(tmp_path)
    (problem,) = raised.value.problems
    assert problem.field == "receipt_paper" and problem.label == "Receipt paper"
    assert str(problem) == 'Receipt paper: must be one of a4, roll80, not "A5"'
    with pytest.raises(ValidationError):
        Settings(receipt_paper="80mm")


@pytest.mark.parametrize("kind", ["receipt", "thermal_receipt", *sorted(REQUESTS)])
def test_a_reprint_says_so_under_its_title(kind: str, opened: OpenedDesk, clerk: Actor) -> None:
    from printing.case_documents import render_document

    fields = REQUESTS.get(kind, {})
    result = submit_intake(opened.desk, clerk, intake_request(opened.desk, **fields),  # type: ignore[arg-type]
                           now=MONDAY_MORNING)
    with opened.desk.store.read() as session:
        detail = case_detail(session, result.case_id)
    first = flat("".join(page_texts(render_document(kind, detail, opened.settings))))  # type: ignore[arg-type]
    again = flat("".join(page_texts(
        render_document(kind, detail, opened.settings, print_no=3))))  # type: ignore[arg-type]
    assert "补打" not in first
    assert flat("补打（第3次打印）") in again and result.acceptance_no in again
