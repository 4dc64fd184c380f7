"""The acceptance receipt: content, embedded font, scannable codes, page flow."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pypdfium2 as pdfium
import pytest
import zxingcpp
from pypdf import PdfReader

from printing.fonts import cid_fallback_font, resolve_cjk_font
from printing.receipt import STATUS_LABELS, build_acceptance_receipt
from printing.receipt_data import MaterialLine, ReceiptData

FULL_ID = "330106198705123412"
MASKED_ID = "330106********3412"
ACCEPTANCE_NO = "SL3301062025061200017"
CST = timezone(timedelta(hours=8))

MATERIALS = (
    MaterialLine("食品经营许可申请书", "原件", 1, 3, "received"),
    MaterialLine("营业执照", "电子材料", 0, None, "shared"),
    MaterialLine("法定代表人身份证明", "复印件", 1, 1, "received"),
    MaterialLine(
        "与食品经营相适应的主要设备设施布局、操作流程等文件（含设备清单及功能间布局图）",
        "原件及复印件",
        2,
        6,
        "received",
    ),
    MaterialLine("食品安全管理制度文本", "原件", 0, None, "pending"),
    MaterialLine("经营场所平面图", "原件", 0, None, "waived"),
    MaterialLine("食品安全管理人员健康证明", "复印件", 0, None, "missing"),
)


def sample_receipt(**changes: object) -> ReceiptData:
    """A 容缺 receipt for a food business licence with an agent."""
    data = ReceiptData(
        office_name="江宁市东湖区政务服务中心",
        office_address="江宁市东湖区市民大道88号政务服务中心一楼综合窗口",
        hotline="0571-12345",
        acceptance_no=ACCEPTANCE_NO,
        decision="accepted_pending",
        service_code="330106-SPJY-0001",
        service_name="食品经营许可（新办）",
        department="江宁市东湖区市场监督管理局",
        applicant_name="王小明",
        applicant_id_masked=MASKED_ID,
        applicant_phone_masked="138****5678",
        agent_name="李华",
        agent_id_masked="330102********2021",
        materials=MATERIALS,
        accepted_at=datetime(2025, 6, 12, 9, 5, tzinfo=CST),
        promised_date=date(2025, 6, 26),
        promised_provisional=True,
        makeup_deadline=date(2025, 6, 19),
        clerk_name="陈静",
        desk_code="A12",
        query_url="https://zwfw.example.gov.cn/query",
    )
    return replace(data, **changes)  # type: ignore[arg-type]


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    """Text without whitespace: table cells wrap names across lines."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def receipt_pdf() -> bytes:
    return build_acceptance_receipt(sample_receipt())


def test_receipt_text_carries_the_case(receipt_pdf: bytes) -> None:
    text = flat("".join(page_texts(receipt_pdf)))
    for expected in (
        "容缺受理回执",
        "江宁市东湖区政务服务中心",
        ACCEPTANCE_NO,
        "食品经营许可（新办）",
        "330106-SPJY-0001",
        MASKED_ID,
        "138****5678",
        "李华",
        "2025年6月12日09:05",
        "2025年6月26日（暂定）",
        "2025年6月19日",
        "受理单位（盖章）",
        "https://zwfw.example.gov.cn/query",
        "0571-12345",
    ):
        assert flat(expected) in text, expected
    for material in MATERIALS:
        assert flat(material.name) in text, material.name
    for label in STATUS_LABELS.values():
        assert label in text
    assert FULL_ID not in text


def test_receipt_metadata_title(receipt_pdf: bytes) -> None:
    meta = PdfReader(io.BytesIO(receipt_pdf)).metadata
    assert meta is not None
    assert meta.title == f"容缺受理回执 {ACCEPTANCE_NO}"


def test_immediate_item_without_agent() -> None:
    pdf = build_acceptance_receipt(
        sample_receipt(
            decision="accepted",
            promised_date=None,
            promised_provisional=False,
            makeup_deadline=None,
            agent_name=None,
            agent_id_masked=None,
            materials=MATERIALS[:3],
        )
    )
    text = flat("".join(page_texts(pdf)))
    assert flat("江宁市东湖区政务服务中心受理回执") in text
    assert "容缺" not in text
    assert "即办件" in text
    assert "代办人" not in text


def _font_descriptors(pdf: bytes) -> list[tuple[str, dict]]:
    found = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            found.append((str(font["/BaseFont"]), descriptor.get_object() if descriptor else {}))
    return found


def test_font_is_embedded(receipt_pdf: bytes) -> None:
    font = resolve_cjk_font()
    if not font.embedded:
        pytest.skip(f"no embeddable CJK TrueType font on this machine: {font.warning}")
    descriptors = _font_descriptors(receipt_pdf)
    assert descriptors
    for name, descriptor in descriptors:
        assert "/FontFile2" in descriptor, f"{name} is not embedded"


def test_barcode_and_qr_decode_to_acceptance_number(receipt_pdf: bytes) -> None:
    decoded = _decode_first_page(receipt_pdf)
    assert (zxingcpp.BarcodeFormat.Code128, ACCEPTANCE_NO) in decoded
    assert (zxingcpp.BarcodeFormat.QRCode, ACCEPTANCE_NO) in decoded


def test_long_material_list_flows_onto_more_pages() -> None:
    statuses = ("received", "shared", "pending", "waived", "missing")
    materials = tuple(
        MaterialLine(f"第{i}号补充证明材料（附件{i}）", "复印件", 1, i % 7 + 1, statuses[i % 5])
        for i in range(1, 61)
    )
    pdf = build_acceptance_receipt(sample_receipt(materials=materials))
    pages = page_texts(pdf)
    assert len(pages) >= 2
    text = flat("".join(pages))
    for material in materials:
        assert flat(material.name) in text, material.name
    assert f"第1页共{len(pages)}页" in flat(pages[0])
    assert f"第{len(pages)}页共{len(pages)}页" in flat(pages[-1])
    # Continuation pages name the receipt and repeat the table header.
    assert ACCEPTANCE_NO in pages[1] and "材料名称" in pages[1]


def test_cid_fallback_still_has_chinese_text() -> None:
    font = cid_fallback_font()
    assert not font.embedded and font.path is None
    pdf = build_acceptance_receipt(sample_receipt(), font=font)
    text = flat("".join(page_texts(pdf)))
    assert "容缺受理回执" in text
    assert ACCEPTANCE_NO in text
    assert all("/FontFile2" not in d for _, d in _font_descriptors(pdf))


def test_long_number_and_markup_characters() -> None:
    number = "ZW-330106-20250612-000017-B"
    pdf = build_acceptance_receipt(
        sample_receipt(acceptance_no=number, applicant_name="味好餐饮 & 合伙人<一>")
    )
    assert "味好餐饮&合伙人<一>" in flat("".join(page_texts(pdf)))
    decoded = _decode_first_page(pdf)
    assert (zxingcpp.BarcodeFormat.Code128, number) in decoded
    assert (zxingcpp.BarcodeFormat.QRCode, number) in decoded


def _decode_first_page(pdf: bytes) -> set[tuple[zxingcpp.BarcodeFormat, str]]:
    image = pdfium.PdfDocument(pdf)[0].render(scale=200 / 72).to_pil()
    return {(r.format, r.text) for r in zxingcpp.read_barcodes(image)}
