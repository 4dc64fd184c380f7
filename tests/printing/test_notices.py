"""The counter's notices: content, legal wording, scannable codes, page flow."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pytest
import zxingcpp
from pypdf import PdfReader
from reportlab.lib.units import mm

from printing.fonts import cid_fallback_font
from printing.notice_data import (
    CorrectionNoticeData,
    NoticeCase,
    NoticeItem,
    PendingNoticeData,
    RefusalNoticeData,
)
from printing.notices import build_correction_notice, build_pending_notice, build_refusal_notice
from printing.thermal import build_thermal_receipt
from tests.printing.pdf_checks import char_boxes, decode_page, flat, font_descriptors, page_texts
from tests.printing.test_receipt import sample_receipt

FULL_ID = "330106198705123412"
MASKED_ID = "**************3412"
ACCEPTANCE_NO = "SL3301062025061200017"
CST = timezone(timedelta(hours=8))

CASE = NoticeCase(
    office_name="江宁市东湖区政务服务中心",
    office_address="江宁市东湖区市民大道88号政务服务中心一楼综合窗口",
    hotline="0571-12345",
    acceptance_no=ACCEPTANCE_NO,
    service_code="330106-SPJY-0001",
    service_name="食品经营许可（新办）",
    department="江宁市东湖区市场监督管理局",
    applicant_name="王小明",
    applicant_id_label="证件号码",
    applicant_id_masked=MASKED_ID,
    applicant_phone_masked="138****5678",
    agent_name="李华",
    agent_id_masked="**************2021",
    issued_at=datetime(2025, 6, 12, 9, 5, tzinfo=CST),
    clerk_name="陈静",
    desk_code="A12",
    query_url="https://zwfw.example.gov.cn/query",
)

ITEMS = (
    NoticeItem("食品安全管理人员健康证明", "missing", "", "复印件", 1),
    NoticeItem(
        "与食品经营相适应的主要设备设施布局、操作流程等文件（含设备清单及功能间布局图）",
        "faulty",
        "布局图未标注各功能间面积，请标注后加盖公章重新提交",
        "原件",
        1,
    ),
    NoticeItem("经营场所租赁合同", "missing", "须在有效期内，并附产权证明复印件", "复印件", 1),
)

CASE_FIELDS = (
    "江宁市东湖区政务服务中心",
    ACCEPTANCE_NO,
    "食品经营许可（新办）",
    "330106-SPJY-0001",
    "江宁市东湖区市场监督管理局",
    "王小明",
    MASKED_ID,
    "138****5678",
    "李华",
    "**************2021",
    "2025年6月12日09:05",
    "陈静",
    "A12",
    "0571-12345",
    "https://zwfw.example.gov.cn/query",
    "（盖章）",
    "第1页共",
)


def correction() -> CorrectionNoticeData:
    return CorrectionNoticeData(CASE, ITEMS, remark="申请书第3页须由法定代表人签字")


def refusal(**changes: object) -> RefusalNoticeData:
    data = RefusalNoticeData(CASE, reason="申请事项依法不属于本中心受理范围")
    return replace(data, **changes)  # type: ignore[arg-type]


def pending() -> PendingNoticeData:
    items = tuple(replace(i, problem="pending") for i in ITEMS[:2])
    return PendingNoticeData(
        CASE, items, makeup_deadline=date(2025, 6, 19), promised_date=date(2025, 6, 26)
    )


def _check_common(pdf: bytes) -> str:
    text = flat("".join(page_texts(pdf)))
    for expected in CASE_FIELDS:
        assert flat(expected) in text, expected
    assert FULL_ID not in text
    decoded = decode_page(pdf, 0)
    assert (zxingcpp.BarcodeFormat.Code128, ACCEPTANCE_NO) in decoded
    assert (zxingcpp.BarcodeFormat.QRCode, ACCEPTANCE_NO) in decoded
    return text


def test_correction_notice_tells_everything_at_once() -> None:
    text = _check_common(build_correction_notice(correction()))
    assert "一次性告知书" in text and "补正材料通知书" in text
    assert "一次性告知" in text.replace("一次性告知书", "")
    assert "共3项" in text
    for item in ITEMS:
        assert flat(item.name) in text, item.name
    assert flat(ITEMS[1].note) in text and flat(ITEMS[2].note) in text
    assert "请提交该材料（复印件1份）" in text  # no note: what the catalogue asks for
    assert "申请书第3页须由法定代表人签字" in text
    assert "《中华人民共和国行政许可法》第三十二条" in text


def test_refusal_notice_gives_reason_basis_and_remedies() -> None:
    text = _check_common(build_refusal_notice(refusal()))
    for expected in (
        "不予受理通知书",
        "申请事项依法不属于本中心受理范围",
        "《中华人民共和国行政许可法》第三十二条第一款",
        "决定不予受理",
        "六十日内",
        "《中华人民共和国行政复议法》",
        "行政复议",
        "六个月内",
        "《中华人民共和国行政诉讼法》",
        "向人民法院提起行政诉讼",
    ):
        assert flat(expected) in text, expected


def test_refusal_names_the_review_body_when_given() -> None:
    pdf = build_refusal_notice(refusal(review_body="江宁市东湖区人民政府"))
    assert "向江宁市东湖区人民政府申请行政复议" in flat("".join(page_texts(pdf)))


def test_refusal_needs_a_reason() -> None:
    with pytest.raises(ValueError):
        refusal(reason="  ")


def test_pending_notice_and_pledge() -> None:
    pdf = build_pending_notice(pending())
    pages = page_texts(pdf)
    text = _check_common(pdf)
    for expected in (
        "容缺受理通知书",
        "2025年6月19日",
        "2025年6月26日",
        "容缺待补",
        "自动失效",
        "终止办理",
    ):
        assert flat(expected) in text, expected
    # The pledge starts on a page of its own with lines to sign on.
    pledge = flat(pages[-1])
    assert "容缺受理承诺书" in pledge and "容缺受理承诺书" not in flat(pages[0])
    for expected in ("申请人（签字或盖章）", "代办人（签字）", "签署日期", MASKED_ID):
        assert flat(expected) in pledge, expected
    for item in pending().items:
        assert flat(item.name) in pledge


def test_pledge_without_agent_has_no_agent_line() -> None:
    data = replace(pending(), case=replace(CASE, agent_name=None, agent_id_masked=None))
    pledge = flat(page_texts(build_pending_notice(data))[-1])
    assert "代办人" not in pledge


def test_sixty_materials_paginate_with_every_one_present() -> None:
    items = tuple(
        NoticeItem(
            f"第{i}号补充证明材料（附件{i}，含各分支机构、经营场所及其负责人的身份证明）",
            "missing" if i % 2 else "faulty",
            f"第{i}项：请提交加盖公章的原件并附复印件，复印件须注明“与原件一致”" * (1 + i % 3),
            "原件及复印件",
            2,
        )
        for i in range(1, 61)
    )
    long_case = replace(CASE, office_address="江宁市东湖区" + "市民大道八十八号" * 12)
    pdf = build_correction_notice(CorrectionNoticeData(long_case, items))
    pages = page_texts(pdf)
    assert len(pages) >= 3
    text = flat("".join(pages))
    for item in items:
        assert flat(item.name) in text, item.name
        assert flat(item.note) in text, item.note
    assert f"第{len(pages)}页共{len(pages)}页" in flat(pages[-1])
    # Long names, notes and the address wrap inside the margins (a hanging 。 at most).
    assert all(15 * mm < left and right < 195 * mm for _, left, right in char_boxes(pdf))
    assert ACCEPTANCE_NO in pages[1] and "需要补正的内容" in pages[1]
    assert "共60项" in text


@pytest.mark.parametrize(
    "build", [lambda: build_refusal_notice(refusal()), lambda: build_pending_notice(pending())]
)
def test_fonts_embedded_and_metadata(build) -> None:  # type: ignore[no-untyped-def]
    pdf = build()
    for name, descriptor in font_descriptors(pdf):
        assert "/FontFile2" in descriptor, f"{name} is not embedded"
    meta = PdfReader(io.BytesIO(pdf)).metadata
    assert meta is not None and ACCEPTANCE_NO in (meta.title or "")
    assert "王小明" not in (meta.title or "") + (meta.subject or "")


def test_cid_fallback_font_still_prints_every_notice() -> None:
    font = cid_fallback_font()
    for pdf, title in (
        (build_correction_notice(correction(), font), "一次性告知书"),
        (build_refusal_notice(refusal(), font), "不予受理通知书"),
        (build_pending_notice(pending(), font), "容缺受理承诺书"),
        (build_thermal_receipt(sample_receipt(), font), "容缺受理回执"),
    ):
        text = flat("".join(page_texts(pdf)))
        assert title in text and ACCEPTANCE_NO in text
