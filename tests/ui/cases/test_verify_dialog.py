"""The verification dialog: from the File menu, paste or open an image, see the verdict."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pypdfium2 as pdfium
import pytest

from counter.certificates.records import case_certificates
from counter.store.models import Case
from counter.users import sign_in
from printing.certificate import build_certificate
from printing.certificate_data import certificate_sheet_for
from tests.certificate_support import ISSUED_AT, issue_certificate, tamper
from ui.shell.main_window import MainWindow

TIMEOUT_MS = 10_000


@pytest.fixture
def clerk(opened):  # type: ignore[no-untyped-def]
    return sign_in(opened.desk.store, "clerk", "demo1234")


@pytest.fixture
def dialog(qtbot, runner, opened, clerk, translations):  # type: ignore[no-untyped-def]
    translations.install("zh_CN")
    window = MainWindow(runner, opened, clerk, translations, opener=lambda _path: None)
    qtbot.addWidget(window)
    assert window.verify_action.text() == "核验证照(&V)…"
    window.verify_action.trigger()
    (found,) = [d for d in window.children() if type(d).__name__ == "VerifyDialog"]
    qtbot.waitUntil(found.verify_button.isEnabled, timeout=TIMEOUT_MS)
    return found


def test_key_pinned_after_opening_is_unknown_to_it(qtbot, opened, clerk, dialog):  # type: ignore[no-untyped-def]
    # The dialog reads the pinned keys once, when it opens.
    issued = issue_certificate(opened.desk, clerk)
    with opened.desk.store.read() as session:
        (info,) = case_certificates(session, issued.case_id)
    dialog.payload.setPlainText(info.qr_payload)
    assert dialog.verify().reason == "unknown_key"
    assert "未知公钥" in dialog.verdict.text()
    assert "张三" in dialog.details.text()


def test_image_of_the_print(qtbot, opened, clerk, runner, translations, tmp_path):  # type: ignore[no-untyped-def]
    issued = issue_certificate(opened.desk, clerk)
    with opened.desk.store.read() as session:
        (info,) = case_certificates(session, issued.case_id)
        case = session.get(Case, issued.case_id)
    sheet = certificate_sheet_for(
        info, case, office_name="清徐县政务服务中心", office_address="一楼", hotline="1"
    )
    png = tmp_path / "cert.png"
    pdfium.PdfDocument(build_certificate(sheet))[0].render(scale=200 / 72).to_pil().save(png)
    translations.install("zh_CN")
    window = MainWindow(runner, opened, clerk, translations, opener=lambda _path: None)
    qtbot.addWidget(window)
    dialog = window.open_verify_dialog()
    qtbot.waitUntil(dialog.verify_button.isEnabled, timeout=TIMEOUT_MS)
    assert dialog.load_image(png)
    assert dialog.verify().reason == "valid"
    assert "有效" in dialog.verdict.text()
    assert "张三" in dialog.details.text()
    # Issued at 02:30 UTC: shown in the office's time, as the clerk reads a clock.
    assert f"发证时间：{ISSUED_AT.astimezone(ZoneInfo('Asia/Shanghai')):%Y-%m-%d %H:%M}" \
        in dialog.details.text().splitlines()
    dialog.payload.setPlainText(tamper(info.qr_payload))
    assert dialog.verify().reason == "tampered"
    assert "篡改" in dialog.verdict.text()
    assert not dialog.load_image(tmp_path / "missing.png")
