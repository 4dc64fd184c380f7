"""The 办结通知 with its certificate: text, the signed QR that verifies, reprints, fonts."""

from __future__ import annotations

import io
import re

import pypdfium2 as pdfium
import pytest
import zxingcpp
from pypdf import PdfReader

from counter.certificates.records import (
    case_certificates,
    pinned_keys,
    record_print,
    verify_payload,
)
from counter.store.models import Case
from printing.certificate import QR_LEVEL, build_certificate, reprint_mark
from printing.certificate_data import CertificateSheet, certificate_sheet_for
from printing.fonts import resolve_cjk_font
from tests.certificate_support import Issued, issue_certificate, new_key, tamper

OFFICE = {
    "office_name": "清徐县政务服务中心",
    "office_address": "山西省太原市清徐县清泉东路 88 号 政务服务中心一楼",
    "hotline": "0351-12345",
}


def sheet_for(desk, issued: Issued, record=None) -> CertificateSheet:
    with desk.store.read() as session:
        (info,) = case_certificates(session, issued.case_id)
        case = session.get(Case, issued.case_id)
        return certificate_sheet_for(info, case, record=record, **OFFICE)


def flat(pdf: bytes) -> str:
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"\s+", "", text)


def decoded(pdf: bytes, dpi: int = 200) -> dict[zxingcpp.BarcodeFormat, zxingcpp.Result]:
    image = pdfium.PdfDocument(pdf)[0].render(scale=dpi / 72).to_pil()
    return {r.format: r for r in zxingcpp.read_barcodes(image)}


@pytest.fixture
def issued(desk, clerk) -> Issued:
    return issue_certificate(desk, clerk)


def test_text_fields(desk, clerk, issued):
    record = record_print(desk, clerk, issued.serial)
    pdf = build_certificate(sheet_for(desk, issued, record))
    text = flat(pdf)
    for expected in (
        "办结通知",
        "清徐县政务服务中心",
        "个体工商户营业执照",
        "营业执照",
        "张三",
        "**************0012",
        issued.serial,
        "清徐县市场监督管理局",
        "2026年3月9日",
        issued.acceptance_no,
        "（盖章）",
    ):
        assert expected in text, expected
    assert "补打" not in text
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1


def test_qr_decodes_to_the_signed_payload_which_verifies(desk, clerk, issued):
    sheet = sheet_for(desk, issued)
    codes = decoded(build_certificate(sheet))
    qr = codes[zxingcpp.BarcodeFormat.QRCode]
    assert qr.text == sheet.qr_payload
    assert qr.ec_level == QR_LEVEL
    assert codes[zxingcpp.BarcodeFormat.Code128].text == issued.acceptance_no
    with desk.store.read() as session:
        verdict = verify_payload(qr.text, pinned_keys(session))
    assert (verdict.ok, verdict.reason) == (True, "valid")
    assert verdict.data == issued.data


def test_reprint_says_buda_and_the_count(desk, clerk, issued):
    record_print(desk, clerk, issued.serial)
    second = record_print(desk, clerk, issued.serial, "申请人遗失")
    sheet = sheet_for(desk, issued, second)
    assert reprint_mark(sheet) == "补打（第2次打印）"
    text = flat(build_certificate(sheet))
    assert "补打" in text
    assert "第2次打印" in text


def test_tampered_payload_fails(desk, issued):
    sheet = sheet_for(desk, issued)
    with desk.store.read() as session:
        keys = pinned_keys(session)
    verdict = verify_payload(tamper(sheet.qr_payload), keys)
    assert (verdict.ok, verdict.reason) == (False, "tampered")


def test_payload_signed_by_another_key_is_unknown(desk, clerk):
    other = issue_certificate(desk, clerk, new_key(), pin=False)
    sheet = sheet_for(desk, other)
    with desk.store.read() as session:
        keys = pinned_keys(session)
    assert other.key.public.key_id not in {k.key_id for k in keys}
    verdict = verify_payload(sheet.qr_payload, keys)
    assert (verdict.ok, verdict.reason) == (False, "unknown_key")
    assert verdict.data == other.data


def test_fonts_embedded(desk, issued):
    font = resolve_cjk_font()
    if not font.embedded:
        pytest.skip(f"no embeddable CJK TrueType font on this machine: {font.warning}")
    reader = PdfReader(io.BytesIO(build_certificate(sheet_for(desk, issued))))
    fonts = reader.pages[0]["/Resources"]["/Font"].values()
    assert fonts
    for ref in fonts:
        font_obj = ref.get_object()
        descriptor = font_obj.get("/FontDescriptor")
        if descriptor is None and "/DescendantFonts" in font_obj:
            descriptor = font_obj["/DescendantFonts"][0].get_object().get("/FontDescriptor")
        assert descriptor is not None and "/FontFile2" in descriptor.get_object(), font_obj
