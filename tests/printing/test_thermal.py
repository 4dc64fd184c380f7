"""The 80 mm thermal receipt: roll width, nothing past the printable area, codes scan."""

from __future__ import annotations

import io

import pytest
import zxingcpp
from pypdf import PdfReader
from reportlab.lib.units import mm

from printing.receipt_data import MaterialLine
from printing.thermal import PRINTABLE_WIDTH, ROLL_WIDTH, build_thermal_receipt
from tests.printing.pdf_checks import char_boxes, decode_page, flat, font_descriptors, page_texts
from tests.printing.test_receipt import ACCEPTANCE_NO, FULL_ID, MATERIALS, sample_receipt

LEFT_EDGE = (ROLL_WIDTH - PRINTABLE_WIDTH) / 2
RIGHT_EDGE = LEFT_EDGE + PRINTABLE_WIDTH


@pytest.fixture(scope="module")
def thermal_pdf() -> bytes:
    return build_thermal_receipt(sample_receipt())


def long_receipt_pdf() -> bytes:
    statuses = ("received", "shared", "pending", "waived", "missing")
    materials = tuple(
        MaterialLine(
            f"第{i}号补充证明材料（附件{i}，含各分支机构、经营场所及其负责人的身份证明）",
            "原件及复印件",
            1,
            i % 7 + 1,
            statuses[i % 5],
        )
        for i in range(1, 61)
    )
    return build_thermal_receipt(
        sample_receipt(
            materials=materials,
            service_name="食品经营许可（新办）——含网络经营、集体用餐配送及中央厨房等综合许可",
            office_address="江宁市东湖区" + "市民大道八十八号" * 10,
        )
    )


def _text_origins(pdf: bytes) -> list[float]:
    """Where each text run starts (x, points), as pypdf's visitor reports it."""
    origins: list[float] = []

    def visit(text, cm, tm, font_dict, font_size):  # type: ignore[no-untyped-def]
        if text.strip():
            origins.append(tm[4] * cm[0] + tm[5] * cm[2] + cm[4])

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return origins


def test_page_is_80_mm_wide_and_as_long_as_its_content(thermal_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(thermal_pdf))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) == pytest.approx(ROLL_WIDTH, abs=0.01)
    # A receipt, not an A4 sheet: no long blank tail to feed out.
    assert 150 * mm < float(box.height) < 400 * mm


@pytest.mark.parametrize("which", ["sample", "long"])
def test_nothing_outside_the_printable_width(which: str, thermal_pdf: bytes) -> None:
    pdf = thermal_pdf if which == "sample" else long_receipt_pdf()
    boxes = char_boxes(pdf)
    assert boxes
    outside = [
        (c, round(l / mm, 1), round(r / mm, 1))
        for c, l, r in boxes
        if l < LEFT_EDGE - 0.5 or r > RIGHT_EDGE + 0.5
    ]
    assert outside == []
    origins = _text_origins(pdf)
    assert origins and all(LEFT_EDGE - 0.5 <= x < RIGHT_EDGE for x in origins)


def test_receipt_text_on_the_roll(thermal_pdf: bytes) -> None:
    text = flat("".join(page_texts(thermal_pdf)))
    for expected in (
        "容缺受理回执",
        "江宁市东湖区政务服务中心",
        ACCEPTANCE_NO,
        "食品经营许可（新办）",
        "330106-SPJY-0001",
        "330106********3412",
        "138****5678",
        "李华",
        "2025年6月12日09:05",
        "2025年6月26日（暂定）",
        "2025年6月19日",
        "受理单位（盖章）",
        "https://zwfw.example.gov.cn/query",
        "0571-12345",
        "陈静",
        "A12",
    ):
        assert flat(expected) in text, expected
    for material in MATERIALS:
        assert flat(material.name) in text, material.name
    assert FULL_ID not in text


def test_codes_scan_from_the_roll(thermal_pdf: bytes) -> None:
    # 203 dpi: what an ordinary thermal head prints.
    decoded = decode_page(thermal_pdf, 0, dpi=203)
    assert (zxingcpp.BarcodeFormat.Code128, ACCEPTANCE_NO) in decoded
    assert (zxingcpp.BarcodeFormat.QRCode, ACCEPTANCE_NO) in decoded


def test_long_receipt_grows_and_keeps_every_material() -> None:
    pdf = long_receipt_pdf()
    pages = page_texts(pdf)
    text = flat("".join(pages))
    for i in range(1, 61):
        assert f"第{i}号补充证明材料" in text
    height = float(PdfReader(io.BytesIO(pdf)).pages[0].mediabox.height)
    assert height > 600 * mm
    decoded = decode_page(pdf, 0, dpi=203)
    assert (zxingcpp.BarcodeFormat.QRCode, ACCEPTANCE_NO) in decoded


def test_fonts_embedded(thermal_pdf: bytes) -> None:
    for name, descriptor in font_descriptors(thermal_pdf):
        assert "/FontFile2" in descriptor, f"{name} is not embedded"
