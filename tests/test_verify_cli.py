"""`counter-desk verify` in a new process: a payload, standard input, and a PNG of the print."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image

from counter.bootstrap import open_desk
from counter.certificates import case_certificates
from counter.models import Case
from printing.certificate import build_certificate
from printing.certificate_data import certificate_sheet_for
from tests.certificate_support import issue_certificate, new_key, tamper
from tests.test_cli import counter_desk


@pytest.fixture
def home(desk_dir: Path, clerk) -> tuple[Path, str, str]:
    """A desk folder holding one pinned-key certificate and one from an unpinned key.

    Returns the folder, the pinned certificate's payload and the other's.
    """
    opened = open_desk(desk_dir)
    try:
        desk = opened.desk
        payloads = []
        for pin in (True, False):
            issued = issue_certificate(desk, clerk, new_key(), pin=pin)
            with desk.store.read() as session:
                (info,) = case_certificates(session, issued.case_id)
                case = session.get(Case, issued.case_id)
                sheet = certificate_sheet_for(
                    info, case, office_name="清徐县政务服务中心", office_address="一楼", hotline="1"
                )
            payloads.append(info.qr_payload)
            if pin:
                image = pdfium.PdfDocument(build_certificate(sheet))[0].render(scale=200 / 72)
                image.to_pil().save(desk_dir / "certificate.png")
    finally:
        opened.desk.store.dispose()
    return desk_dir, payloads[0], payloads[1]


def test_valid_payload(home):
    folder, payload, _ = home
    done = counter_desk(folder, "verify", payload)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("VALID")
    assert "持证人 holder: 张三" in done.stdout
    assert "**************0012" in done.stdout


def test_payload_from_standard_input(home):
    folder, payload, _ = home
    done = counter_desk(folder, "verify", "-", stdin=payload + "\n")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("VALID")


def test_tampered_payload(home):
    folder, payload, _ = home
    done = counter_desk(folder, "verify", tamper(payload))
    assert done.returncode == 1
    assert done.stdout.startswith("TAMPERED")
    assert "张王" in done.stdout


def test_unknown_key_and_malformed(home):
    folder, _, other = home
    done = counter_desk(folder, "verify", other)
    assert done.returncode == 1
    assert done.stdout.startswith("UNKNOWN KEY")
    done = counter_desk(folder, "verify", "hello")
    assert done.returncode == 1
    assert done.stdout.startswith("MALFORMED")


def test_png_rendered_from_the_pdf(home):
    folder, _, _ = home
    done = counter_desk(folder, "verify", "--image", str(folder / "certificate.png"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("VALID")
    assert "证照名称 title: 个体工商户营业执照" in done.stdout


def test_image_without_a_qr_code(home, tmp_path):
    folder, _, _ = home
    blank = tmp_path / "blank.png"
    Image.new("RGB", (200, 200), "white").save(blank)
    done = counter_desk(folder, "verify", "--image", str(blank))
    assert done.returncode == 1
    assert "NO QR CODE" in done.stdout
