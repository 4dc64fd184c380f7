"""The result panel prints the saved receipt or notice through the desk's printer."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from ui.common.message_panel import MessagePanel, print_file
from ui.devices import printer as printer_module


def test_print_button_prints_the_shown_document(qtbot, tmp_path: Path) -> None:
    printed: list[Path] = []
    panel = MessagePanel(opener=lambda _p: None, printer=lambda _parent, path: printed.append(path))
    qtbot.addWidget(panel)
    notice = tmp_path / "140121-01-20261127-0008-不予受理通知书.pdf"
    notice.write_bytes(b"%PDF-1.4 test")
    panel.show_message("ok", lambda: "recorded", notice)
    panel.show()
    assert panel.print_button.isVisible()
    qtbot.mouseClick(panel.print_button, Qt.MouseButton.LeftButton)
    assert printed == [notice]
    panel.show_message("error", lambda: "not recorded")
    assert not panel.print_button.isVisibleTo(panel)  # nothing to print for a failure


def test_print_file_picks_the_document_type(qtbot, tmp_path: Path, monkeypatch) -> None:
    jobs: list[tuple[str, bytes, str]] = []

    def fake_print(self, doc_type, pdf, *, filename, **_kw):  # type: ignore[no-untyped-def]
        jobs.append((doc_type, pdf, filename))

    monkeypatch.setattr(printer_module.DocumentPrinter, "print_pdf", fake_print)
    receipt = tmp_path / "140121-01-20261127-0001-受理回执.pdf"
    notice = tmp_path / "140121-01-20261127-0007-一次性告知书.pdf"
    for path in (receipt, notice):
        path.write_bytes(b"%PDF-1.4 " + path.name.encode())
    panel = MessagePanel()
    qtbot.addWidget(panel)
    print_file(panel, receipt)
    print_file(panel, notice)
    assert [(t, f) for t, _pdf, f in jobs] == [("receipt", receipt.name), ("notice", notice.name)]
    assert jobs[1][1] == notice.read_bytes()
