"""延期办理通知书: the new date, the reason and the basis in text; codes that scan; masked IDs."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import zxingcpp

from counter.bootstrap import OpenedDesk
from counter.cases.queries import case_detail
from counter.intake.submit import submit_intake
from counter.supervision.actions import extend_deadline, last_extension
from counter.users import Actor
from printing.case_documents import save_extension_notice
from printing.extension_notice import ExtensionNoticeData, build_extension_notice
from tests.conftest import APPLICANT_ID, MONDAY_MORNING, intake_request
from tests.printing.pdf_checks import decode_page, flat, page_texts
from tests.printing.test_notices import ACCEPTANCE_NO, CASE, FULL_ID, MASKED_ID

CST = timezone(timedelta(hours=8))
DATA = ExtensionNoticeData(
    CASE,
    old_due=date(2025, 6, 19),
    new_due=date(2025, 6, 26),
    working_days=5,
    reason="需对经营场所进行现场核查",
    extended_at=datetime(2025, 6, 18, 16, 40, tzinfo=CST),
    approver="赵敏",
)


def test_notice_says_old_and_new_date_reason_and_basis() -> None:
    pdf = build_extension_notice(DATA)
    text = flat("".join(page_texts(pdf)))
    for expected in (
        "延期办理通知书",
        "2025年6月19日",  # the old promised date
        "2025年6月26日",  # the new one
        "5个工作日",
        "需对经营场所进行现场核查",
        "行政许可法》第四十二条",
        "批准人：赵敏",
        "2025年6月18日",  # dated the day of the extension
        "2025年6月12日",  # the application's day, in the particulars
        MASKED_ID,
        ACCEPTANCE_NO,
    ):
        assert flat(expected) in text, expected
    assert FULL_ID not in text
    decoded = decode_page(pdf, 0)
    assert (zxingcpp.BarcodeFormat.Code128, ACCEPTANCE_NO) in decoded
    assert (zxingcpp.BarcodeFormat.QRCode, ACCEPTANCE_NO) in decoded


def test_provisional_date_is_marked() -> None:
    text = flat("".join(page_texts(build_extension_notice(replace(DATA, provisional=True)))))
    assert flat("暂定日期") in text


@pytest.mark.parametrize(
    "change",
    [{"reason": "  "}, {"new_due": date(2025, 6, 19)}, {"extended_at": datetime(2025, 6, 18)}],
)
def test_incomplete_data_is_refused(change: dict) -> None:
    with pytest.raises(ValueError):
        replace(DATA, **change)


def test_notice_of_a_recorded_extension(
    opened: OpenedDesk, clerk: Actor, supervisor: Actor, tmp_path: Path
) -> None:
    result = submit_intake(opened.desk, clerk, intake_request(opened.desk), now=MONDAY_MORNING)
    extend_deadline(opened.desk, supervisor, result.case_id, date(2026, 3, 16), "需现场核查")
    with opened.desk.store.read() as session:
        detail = case_detail(session, result.case_id)
        extension = last_extension(session, result.case_id)
    assert extension is not None and extension.new_due == date(2026, 3, 16)
    path = save_extension_notice(detail, opened.settings, extension, tmp_path)
    assert path.name == f"{result.acceptance_no}-延期办理通知书.pdf"
    text = flat("".join(page_texts(path.read_bytes())))
    for expected in ("2026年3月9日", "2026年3月16日", "需现场核查", supervisor.display_name):
        assert flat(expected) in text, expected
    assert APPLICANT_ID not in text
