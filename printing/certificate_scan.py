"""Reading a certificate's QR code from a photo or scan, for offline verification."""

from __future__ import annotations

from pathlib import Path

import zxingcpp
from PIL import Image

__all__ = ["qr_payloads"]


def qr_payloads(image: Path | str | Image.Image) -> list[str]:
    """The texts of the QR codes found in `image` (a file or a loaded image), in reading order.

    Raises OSError when the file cannot be read as an image.
    """
    if isinstance(image, Image.Image):
        return _read(image)
    with Image.open(image) as loaded:
        loaded.load()
        return _read(loaded)


def _read(image: Image.Image) -> list[str]:
    if image.mode not in ("L", "RGB"):
        image = image.convert("RGB")
    results = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    return [r.text for r in results if r.valid and r.text]
