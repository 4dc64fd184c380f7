"""Verify a certificate: paste a scanned QR payload or open an image of it, see the verdict.

The check is offline, against the platform keys this desk has pinned
(`counter.certificates.records.verify_payload`); the keys are read from the store on
the task runner's store worker when the dialog opens.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter.certificates.payload import PublicKey
from counter.certificates.records import Verdict, verify_payload
from counter.clock import DEFAULT_ZONE, to_office_time
from printing.certificate_scan import qr_payloads
from ui.shell.tasks import TaskRunner

_COLORS = {
    "valid": "#1a7f37",
    "tampered": "#b00000",
    "unknown_key": "#b36b00",
    "malformed": "#b00000",
}


class VerifyDialog(QDialog):
    """Paste or open, then Verify; the verdict and the certificate's fields show below."""

    def __init__(
        self,
        runner: TaskRunner,
        load_keys: Callable[[], list[PublicKey]],
        parent: QWidget | None = None,
        zone: str = DEFAULT_ZONE,
    ) -> None:
        super().__init__(parent)
        self._zone = zone  # the issue time is shown in the office's time
        self._keys: list[PublicKey] | None = None
        self.setWindowTitle(self.tr("Verify a certificate"))
        self.setMinimumWidth(560)
        intro = QLabel(
            self.tr(
                "Scan the QR code on the certificate into the box, or open a photo or scan "
                "of it. The signature is checked offline against the platform keys this "
                "desk trusts."
            )
        )
        intro.setWordWrap(True)
        self.payload = QPlainTextEdit()
        self.payload.setPlaceholderText(self.tr("Scanned QR payload"))
        self.open_button = QPushButton(self.tr("Open &image…"))
        self.open_button.clicked.connect(self._open_image)
        self.verify_button = QPushButton(self.tr("&Verify"))
        self.verify_button.setDefault(True)
        self.verify_button.setEnabled(False)
        self.verify_button.clicked.connect(self.verify)
        row = QHBoxLayout()
        row.addWidget(self.open_button)
        row.addStretch(1)
        row.addWidget(self.verify_button)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.payload)
        layout.addLayout(row)
        layout.addWidget(self.verdict)
        layout.addWidget(self.details)
        layout.addWidget(buttons)
        runner.run_store(load_keys, self._keys_loaded, owner=self)

    def _keys_loaded(self, keys: list[PublicKey]) -> None:
        self._keys = keys
        self.verify_button.setEnabled(True)
        if not keys:
            self.verdict.setText(
                self.tr("This desk has no platform keys yet: sync once to fetch them.")
            )

    def _open_image(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open an image of the QR code"),
            "",
            self.tr("Images (*.png *.jpg *.jpeg *.bmp)"),
        )
        if path:
            self.load_image(Path(path))

    def load_image(self, path: Path) -> bool:
        """Read the QR code from `path` into the box and verify it; False when none is found."""
        try:
            found = qr_payloads(path)
        except OSError:
            found = []
        if not found:
            self._show(
                "malformed", self.tr("No QR code was found in {file}.").format(file=path.name)
            )
            self.details.clear()
            return False
        self.payload.setPlainText(found[0])
        self.verify()
        return True

    def verify(self) -> Verdict | None:
        if self._keys is None:
            return None
        verdict = verify_payload(self.payload.toPlainText(), self._keys)
        self._show(verdict.reason, self._verdict_text(verdict))
        self.details.setText(
            "\n".join(f"{label}：{value}" for label, value in self._fields(verdict))
        )
        return verdict

    def _show(self, reason: str, text: str) -> None:
        self.verdict.setText(text)
        self.verdict.setStyleSheet(f"QLabel {{ color: {_COLORS[reason]}; font-weight: bold; }}")

    def _verdict_text(self, verdict: Verdict) -> str:
        if verdict.reason == "valid":
            return self.tr("Valid: signed by the platform and unchanged since.")
        if verdict.reason == "tampered":
            return self.tr(
                "Tampered: the data or the signature was changed after signing. "
                "Do not trust this certificate."
            )
        if verdict.reason == "unknown_key":
            return self.tr(
                "Unknown key: signed with key {key}, which this desk does not trust."
            ).format(key=verdict.key_id)
        return self.tr("Not a certificate payload.")

    def _fields(self, verdict: Verdict) -> list[tuple[str, str]]:
        fields = verdict.fields
        labels = [
            ("certificate_id", self.tr("Serial")),
            ("title", self.tr("Certificate")),
            ("holder_name", self.tr("Holder")),
            ("holder_id_masked", self.tr("ID number")),
            ("issuer", self.tr("Issued by")),
            ("issued_at", self.tr("Issued at")),
            ("acceptance_no", self.tr("Acceptance no.")),
        ]
        shown = dict(fields)
        if "issued_at" in shown:
            shown["issued_at"] = self._office_time(shown["issued_at"])
        return [(label, shown[key]) for key, label in labels if key in shown]

    def _office_time(self, stamp: str) -> str:
        try:
            instant = datetime.fromisoformat(stamp)
        except ValueError:
            return stamp  # shown as signed, if it is not a time Python reads
        if instant.tzinfo is None:
            return stamp
        return to_office_time(instant, self._zone).strftime("%Y-%m-%d %H:%M")
