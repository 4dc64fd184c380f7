"""Shared checks on rendered documents: text, fonts, decoded codes, text positions."""

from __future__ import annotations

import io
import re

import pypdfium2 as pdfium
import pytest
import zxingcpp
from pypdf import PdfReader

from printing.fonts import resolve_cjk_font


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    """Text without whitespace: table cells wrap names across lines."""
    return re.sub(r"\s+", "", text)


def font_descriptors(pdf: bytes) -> list[tuple[str, dict]]:
    """(base font, descriptor) of every font on every page; skips without an embeddable font."""
    font = resolve_cjk_font()
    if not font.embedded:
        pytest.skip(f"no embeddable CJK TrueType font on this machine: {font.warning}")
    found = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for entry in page["/Resources"]["/Font"].values():
            entry = entry.get_object()
            descriptor = entry.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in entry:
                descriptor = entry["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            found.append((str(entry["/BaseFont"]), descriptor.get_object() if descriptor else {}))
    assert found
    return found


def decode_page(pdf: bytes, index: int, dpi: int = 200) -> set[tuple[zxingcpp.BarcodeFormat, str]]:
    """Every barcode a real decoder finds on the rendered page."""
    image = pdfium.PdfDocument(pdf)[index].render(scale=dpi / 72).to_pil()
    return {(r.format, r.text) for r in zxingcpp.read_barcodes(image)}


def char_boxes(pdf: bytes) -> list[tuple[str, float, float]]:
    """(character, left, right) in points of every printed character on every page."""
    boxes = []
    doc = pdfium.PdfDocument(pdf)
    for index in range(len(doc)):
        text = doc[index].get_textpage()
        for c in range(text.count_chars()):
            char = text.get_text_range(c, 1)
            if char.strip():
                left, _, right, _ = text.get_charbox(c)
                boxes.append((char, left, right))
    return boxes
