"""`counter-desk verify` in a new process: a payload, standard input, a PNG of the print, --keys."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image

from counter.bootstrap import open_desk
from counter.certificates.payload import canonical_json, parse_signed_certificate, sign_certificate
from counter.certificates.records import case_certificates
from counter.store.models import Case
from printing.certificate import build_certificate
from printing.certificate_data import certificate_sheet_for
from sync.protocol import PublicKeys
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


def test_checked_against_a_key_file_instead_of_the_desk(home, tmp_path):
    folder, pinned, _ = home
    key = new_key()
    data = parse_signed_certificate(pinned)[1].data
    payload = canonical_json(sign_certificate(data, key.private, key.public.key_id).model_dump(
        mode="json"))  # fmt: skip
    key_file = tmp_path / "office-keys.json"
    key_file.write_text(PublicKeys(keys=[key.public]).model_dump_json(), encoding="utf-8")

    done = counter_desk(folder, "verify", payload, "--keys", str(key_file))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith(f"VALID: signed by the key {key.public.key_id} "
                                  f"(the keys in {key_file})")  # fmt: skip
    # Only the file's keys count: the desk's own pinned key does not.
    done = counter_desk(folder, "verify", pinned, "--keys", str(key_file))
    assert done.returncode == 1
    assert f"which is not among the keys in {key_file}" in done.stdout
    # Without the file the desk does not know that key, and says where to give one.
    done = counter_desk(folder, "verify", payload)
    assert done.returncode == 1
    assert done.stdout.startswith(f"UNKNOWN KEY: signed by {key.public.key_id}, which is not "
                                  "among the platform keys this desk has pinned")  # fmt: skip
    assert "give --keys FILE" in done.stdout


def test_a_key_file_that_cannot_be_used_is_refused(home, tmp_path):
    folder, payload, _ = home
    empty = tmp_path / "keys.json"
    empty.write_text('{"keys": []}', encoding="utf-8")
    done = counter_desk(folder, "verify", payload, "--keys", str(empty))
    assert done.returncode == 1
    assert f"{empty}: these keys cannot verify certificates" in done.stderr
    assert "keys: holds no key; nothing could be verified" in done.stderr
    done = counter_desk(folder, "verify", payload, "--keys", str(tmp_path / "none.json"))
    assert done.returncode == 1 and "no such file" in done.stderr
