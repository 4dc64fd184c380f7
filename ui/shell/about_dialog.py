"""Help → About: which desk this is, where its data and secrets are, how they are protected.

The operator's first stop when something is wrong with a desk: the version, the
office and desk, the data folder, the platform it syncs with (never its token),
and whether the desk's secrets are in the operating system's protected store or,
on a machine without one, in a file of this user's (shown in red: less protected).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from counter.bootstrap import OpenedDesk
from counter.secrets import SecretStore, secret_store
from counter.store.folder import is_plain
from counter.version import app_version
from ui.shell.tasks import TaskRunner


class AboutDialog(QDialog):
    """The desk's identity and protection; the secret store is looked up off the GUI thread."""

    def __init__(self, runner: TaskRunner, opened: OpenedDesk, parent: QWidget | None = None):
        super().__init__(parent)
        self._opened = opened
        self.secrets: SecretStore | None = None
        self.store_plain: bool | None = None  # the store file is ordinary, readable SQLite
        self._title = QLabel()
        self._title.setStyleSheet("font-size: 18px; font-weight: bold;")
        self._form = QFormLayout()
        self._labels = {key: QLabel() for key in ("version", "desk", "folder", "store",
                                                  "platform", "secrets", "lock")}
        self.values = {key: QLabel() for key in self._labels}
        for key, label in self._labels.items():
            value = self.values[key]
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._form.addRow(label, value)
        buttons = QDialogButtonBox()
        self._close = buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self._title)
        layout.addLayout(self._form)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
        self.retranslate()
        directory, path = opened.directory, opened.desk.store.path
        runner.run_network(lambda: (secret_store(directory), is_plain(path)), self._found,
                           owner=self)

    def _found(self, found: tuple[SecretStore, bool]) -> None:
        self.secrets, self.store_plain = found
        self.retranslate()

    def retranslate(self) -> None:
        settings = self._opened.settings
        self.setWindowTitle(self.tr("About Counter Desk"))
        self._title.setText(self.tr("Counter Desk"))
        self._close.setText(self.tr("Close"))
        names = {"version": self.tr("Version:"), "desk": self.tr("Desk:"),
                 "folder": self.tr("Data folder:"), "store": self.tr("Store:"),
                 "platform": self.tr("Exchange platform:"),
                 "secrets": self.tr("Secrets:"), "lock": self.tr("Idle lock:")}
        for key, text in names.items():
            self._labels[key].setText(text)
        values = self.values
        values["version"].setText(app_version() or self.tr("(not installed)"))
        values["desk"].setText(self.tr("{office} ({code}), desk {desk}").format(
            office=settings.office_name, code=settings.office_code, desk=settings.desk_code))
        values["folder"].setText(str(self._opened.directory))
        values["platform"].setText(settings.exchange_url or self.tr("none: this desk does not sync"))
        minutes = settings.idle_lock_minutes
        values["lock"].setText(self.tr("after {n} minutes without use").format(n=minutes)
                               if minutes else self.tr("never"))
        if self.store_plain is None:
            values["store"].setText("…")
        elif self.store_plain:
            values["store"].setStyleSheet("QLabel { color: #c62828; }")
            values["store"].setText(self.tr(
                "not encrypted: anyone who copies the data folder can read it"))
        else:
            values["store"].setStyleSheet("")
            values["store"].setText(self.tr("encrypted"))
        store = self.secrets
        if store is None:
            values["secrets"].setText("…")
        elif store.protected:
            values["secrets"].setStyleSheet("")
            values["secrets"].setText(self.tr("kept in the system's protected store"))
        else:
            values["secrets"].setStyleSheet("QLabel { color: #c62828; }")
            values["secrets"].setText(self.tr(
                "less protected: this computer has no protected store, so they are kept in "
                "{file}, readable by this user only").format(file=store.file))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
