"""Font resolution and the barcode helpers the documents are built on."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from printing.barcodes import code128_drawing, draw_code128, draw_qr
from printing.fonts import ENV_VAR, resolve_cjk_font


def test_unusable_configured_font_falls_back_with_warning(tmp_path: Path) -> None:
    bogus = tmp_path / "broken.ttf"
    bogus.write_bytes(b"not a font at all")
    font = resolve_cjk_font(bogus, allow_system=False)
    assert not font.embedded and font.path is None
    assert font.warning is not None and str(bogus) in font.warning
    assert resolve_cjk_font(bogus, allow_system=False) is font  # cached


def test_environment_variable_names_the_font(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "nowhere.ttc"
    monkeypatch.setenv(ENV_VAR, str(missing))
    font = resolve_cjk_font(allow_system=False)
    assert font.warning is not None and str(missing) in font.warning


def test_configured_system_font_is_embedded_as_is() -> None:
    found = resolve_cjk_font()
    if found.path is None:
        pytest.skip(f"no embeddable CJK TrueType font on this machine: {found.warning}")
    font = resolve_cjk_font(found.path)
    assert font.embedded and font.warning is None
    assert font.path == found.path and font.bold == font.regular


def test_non_cjk_font_is_rejected() -> None:
    dejavu = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not dejavu.is_file():
        pytest.skip("DejaVu Sans is not installed")
    font = resolve_cjk_font(dejavu, allow_system=False)
    assert not font.embedded and "lacks glyphs" in (font.warning or "")


def _decode(pdf: bytes) -> set[tuple[zxingcpp.BarcodeFormat, str]]:
    image = pdfium.PdfDocument(pdf)[0].render(scale=200 / 72).to_pil()
    return {(r.format, r.text) for r in zxingcpp.read_barcodes(image)}


@pytest.mark.parametrize("level", ["L", "M", "Q", "H"])
@pytest.mark.parametrize(
    "value", ["SL3301062025061200017", "https://zwfw.example.gov.cn/q?no=ZW-0001&t=9", "受理编号"]
)
def test_qr_decodes_at_every_level(level: str, value: str) -> None:
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    draw_qr(canvas, value, 20, 200, size_mm=25, level=level)  # type: ignore[arg-type]
    canvas.save()
    assert (zxingcpp.BarcodeFormat.QRCode, value) in _decode(buffer.getvalue())


def test_code128_respects_width_and_decodes() -> None:
    value = "ZW-330106-20250612-000017-B"
    drawing = code128_drawing(value, max_width_mm=150)
    assert drawing.width <= 150 * mm
    squeezed = code128_drawing(value, max_width_mm=10)
    assert squeezed.width > 10 * mm  # never thinner than printers can reproduce
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    draw_code128(canvas, value, 20, 200, height_mm=12, max_width_mm=80)
    canvas.save()
    assert (zxingcpp.BarcodeFormat.Code128, value) in _decode(buffer.getvalue())


def test_qr_rejects_unknown_level() -> None:
    with pytest.raises(ValueError, match="error correction"):
        draw_qr(Canvas(io.BytesIO()), "x", 0, 0, level="X")  # type: ignore[arg-type]
