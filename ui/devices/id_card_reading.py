"""The "Read ID card" action: one read of the desk's card reader, off the GUI thread.

A read blocks for about a second while the device talks to the chip, and a
driver can hang when the device is pulled out mid-read, so it runs on the
task runner's network pool (device I/O, never the store worker). With no
reader configured the button stays disabled and says why.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QPushButton, QWidget

from counter.intake.id_card import IdCardData, IdCardReader
from ui.shell.tasks import TaskRunner

SHORTCUT = "F8"  # F2 edits a checklist cell; F5 and F9 belong to the main window


class CardReadButton(QPushButton):
    """Reads the card on the desk's reader when pressed; `card_read` / `no_card` / `failed` follow."""

    card_read = Signal(object)  # IdCardData
    no_card = Signal()
    failed = Signal(object)  # the error (counter.intake.id_card.CardReaderUnavailable, or the driver's)

    def __init__(self, runner: TaskRunner, reader: IdCardReader | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._reader: IdCardReader | None = None
        self._reading = False
        self.clicked.connect(self.read)
        self.set_reader(reader)

    @property
    def reader(self) -> IdCardReader | None:
        return self._reader

    def set_reader(self, reader: IdCardReader | None) -> None:
        """Use `reader` from now on; None disables the button."""
        self._reader = reader
        self._refresh()

    def read(self) -> None:
        """Read once (ignored while a read is running or without a reader)."""
        reader = self._reader
        if reader is None or self._reading or not self.isEnabled():
            return
        self._reading = True
        self._refresh()
        self._runner.run_network(reader.read, self._done, self._failed, owner=self)

    def _done(self, card: IdCardData | None) -> None:
        self._reading = False
        self._refresh()
        if card is None:
            self.no_card.emit()
        else:
            self.card_read.emit(card)

    def _failed(self, error: BaseException) -> None:
        self._reading = False
        self._refresh()
        self.failed.emit(error)

    def _refresh(self) -> None:
        if self._reading:
            self.setText(self.tr("Reading…"))
        else:
            self.setText(self.tr("Read ID card ({key})").format(key=SHORTCUT))
        self.setEnabled(self._reader is not None and not self._reading)
        self.setToolTip(self.tr("Lay the card on the reader, then press {key}").format(key=SHORTCUT)
                        if self._reader is not None else self.tr("No card reader"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._refresh()
        super().changeEvent(event)
