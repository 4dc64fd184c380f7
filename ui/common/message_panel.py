"""The strip above the decision buttons that tells the clerk what just happened.

Three moods: a recorded case (number, promised date, its receipt or notice
with buttons to open and print it), problems to fix (every one listed), or an error that must not be
missed (the case was NOT recorded). It stays until the next submit, so the
clerk can read the number out to the applicant while starting the next one.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QTextDocumentFragment
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

_MOODS = {
    "ok": "QFrame#panel { background: #e8f5e9; border: 1px solid #66bb6a; border-radius: 3px; }",
    "problem": "QFrame#panel { background: #fff3e0; border: 1px solid #ef6c00; border-radius: 3px; }",
    "error": "QFrame#panel { background: #ffebee; border: 2px solid #c62828; border-radius: 3px; }",
}


def open_file(path: Path) -> None:
    """Open a document with the desktop's viewer."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def print_file(parent: QWidget, path: Path, ask: bool = True) -> None:
    """Send a saved receipt or notice to this desk's printer for its kind of document.

    With `ask`, the print dialog comes first (preset to the remembered printer);
    without, it goes straight to the remembered one. Every failure (no printer,
    offline, a failed job) is handled by the printer module with a message and a
    save-as offer; the case is never affected.
    """
    from ui.devices.printer import DocumentPrinter  # pdfium and QtPrintSupport load on first print

    DocumentPrinter(parent).print_pdf(document_type(path), path.read_bytes(),
                                      filename=path.name, ask=ask)


def document_type(path: Path) -> str:
    return "receipt" if path.name.endswith("回执.pdf") else "notice"


def printer_chosen(doc_type: str) -> bool:
    """Whether this desk has chosen a printer for `doc_type` and that printer is there.

    Then an accepted case's receipt prints at once (Enter accepts and prints);
    until the clerk has chosen one with Print, it is only saved, never sent
    somewhere unexpected.
    """
    from ui.devices.printer import DocumentPrinter, QPrinterInfo

    name = DocumentPrinter().remembered(doc_type)
    return bool(name) and name in QPrinterInfo.availablePrinterNames()


class MessagePanel(QFrame):
    """Shows the last outcome; `show_*` replace it, `clear` hides it."""

    open_requested = Signal(object)  # Path
    evaluate_requested = Signal()  # the applicant is to rate the visit just recorded

    def __init__(self, parent: QWidget | None = None,
                 opener: Callable[[Path], None] = open_file,
                 printer: Callable[..., None] = print_file) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self._opener = opener
        self.printer = printer
        self._receipt: Path | None = None
        self._render: Callable[[], str] | None = None
        self.text = QLabel()
        self.text.setWordWrap(True)
        # The clerk may copy the acceptance number into another system.
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self._open)
        self.print_button = QPushButton()
        self.print_button.clicked.connect(self._print)
        self.evaluate_button = QPushButton()
        self.evaluate_button.clicked.connect(self.evaluate_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.open_button)
        layout.addWidget(self.print_button)
        layout.addWidget(self.evaluate_button)
        self.clear()

    def show_message(self, mood: str, render: Callable[[], str],
                     receipt: Path | None = None, *, print_now: bool = False,
                     evaluate: bool = False) -> None:
        """Show rich text made by `render`, called again after a language switch.

        With `print_now`, `receipt` also goes to its remembered printer without
        a dialog, once the message is on screen. With `evaluate`, the panel
        offers the applicant's rating of the visit (`evaluate_requested`).
        """
        self.setStyleSheet(_MOODS[mood])
        self._render = render
        self._receipt = receipt
        self.open_button.setVisible(receipt is not None)
        self.print_button.setVisible(receipt is not None)
        self.evaluate_button.setVisible(evaluate)
        self.retranslate()
        self.setVisible(True)
        if print_now and receipt is not None:
            QTimer.singleShot(0, lambda: self.printer(self, receipt, ask=False))

    def clear(self) -> None:
        self._render = None
        self._receipt = None
        self.evaluate_button.setVisible(False)
        self.setVisible(False)

    def offers_evaluation(self) -> bool:
        return self._render is not None and not self.evaluate_button.isHidden()

    def withdraw_evaluation(self) -> None:
        """The visit was rated: stop offering it."""
        self.evaluate_button.setVisible(False)

    def plain_text(self) -> str:
        """The message as the clerk reads it, without markup."""
        return QTextDocumentFragment.fromHtml(self.text.text()).toPlainText()

    def _open(self) -> None:
        if self._receipt is not None:
            self.open_requested.emit(self._receipt)
            self._opener(self._receipt)

    def _print(self) -> None:
        if self._receipt is not None:
            self.printer(self, self._receipt)

    def retranslate(self) -> None:
        is_receipt = self._receipt is not None and self._receipt.name.endswith("回执.pdf")
        self.open_button.setText(self.tr("Open receipt") if is_receipt else self.tr("Open notice"))
        self.print_button.setText(self.tr("Prin&t"))
        self.evaluate_button.setText(self.tr("Evaluate (F7)"))
        self.evaluate_button.setToolTip(self.tr("Turn the rating screen to the applicant"))
        if self._render is not None:
            self.text.setText(self._render())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def html_lines(title: str, lines: list[str]) -> str:
    """A bold title and escaped lines, for a panel message."""
    body = "<br>".join(escape(line) for line in lines)
    return f"<b>{escape(title)}</b>" + (f"<br>{body}" if body else "")
