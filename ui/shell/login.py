"""The sign-in dialog, with a language switch and, in the demo profile, the demo users.

Sign-in runs `counter.users.sign_in` on the store worker (it hashes with
scrypt and writes the audit log, both too slow for the GUI thread); a refusal
is shown inside the dialog. `LoginDialog.ask` returns the signed-in `Actor`,
or None if the clerk closed the dialog.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter.bootstrap import DEMO_USERS, OpenedDesk
from counter.users import ROLE_NAMES, Actor, sign_in
from ui.common.core_messages import core_text
from ui.shell.i18n import LANGUAGE_NAMES, Translations, tr_domain
from ui.shell.tasks import TaskRunner


class LanguageSwitch(QWidget):
    """Two buttons, 中文 and English, that swap the interface language at once."""

    def __init__(self, translations: Translations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._translations = translations
        self._group = QButtonGroup(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        for code, name in LANGUAGE_NAMES.items():
            button = QPushButton(name)
            button.setCheckable(True)
            button.setChecked(code == translations.language)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.setProperty("language", code)
            self._group.addButton(button)
            layout.addWidget(button)
        self._group.buttonClicked.connect(
            lambda button: translations.install(button.property("language")))

    def buttons(self) -> dict[str, QPushButton]:
        return {b.property("language"): b for b in self._group.buttons()}  # type: ignore[misc]

    def changeEvent(self, event: QEvent) -> None:
        # The language may also be switched from elsewhere (the main window's menu).
        if event.type() == QEvent.Type.LanguageChange:
            for code, button in self.buttons().items():
                button.setChecked(code == self._translations.language)
        super().changeEvent(event)


class LoginDialog(QDialog):
    """User name, password, Sign in (Enter); a refusal is shown in red under the fields."""

    def __init__(self, runner: TaskRunner, opened: OpenedDesk, translations: Translations,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._opened = opened
        self.actor: Actor | None = None
        self._error: BaseException | None = None  # the refusal, re-translated on a switch

        self._title = QLabel()
        self._title.setStyleSheet("font-size: 18px; font-weight: bold;")
        self._office = QLabel()
        self.language = LanguageSwitch(translations)
        self.username = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        self._buttons = QDialogButtonBox()
        self.sign_in_button = self._buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_in_button.setDefault(True)
        self._quit = self._buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self._buttons.accepted.connect(self._sign_in)
        self._buttons.rejected.connect(self.reject)

        heading = QVBoxLayout()
        heading.setSpacing(2)
        heading.addWidget(self._title)
        heading.addWidget(self._office)
        top = QHBoxLayout()
        top.addLayout(heading, 1)
        top.addWidget(self.language, 0, Qt.AlignmentFlag.AlignTop)
        self._form = QFormLayout()
        self._user_label, self._password_label = QLabel(), QLabel()
        self._user_label.setBuddy(self.username)
        self._password_label.setBuddy(self.password)
        self._form.addRow(self._user_label, self.username)
        self._form.addRow(self._password_label, self.password)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(self._form)
        layout.addWidget(self.error)
        layout.addWidget(self._buttons)
        self.demo_box: QGroupBox | None = None
        if opened.settings.is_demo:
            self.demo_box = self._demo_users()
            layout.addWidget(self.demo_box)
        self.setMinimumWidth(460)
        self.retranslate()
        self.username.setFocus()

    def _demo_users(self) -> QGroupBox:
        box = QGroupBox()
        self._demo_note = QLabel()
        self._demo_note.setWordWrap(True)
        self.demo_table = QTableWidget(len(DEMO_USERS), 4)
        self.demo_table.verticalHeader().setVisible(False)
        self.demo_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.demo_table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.demo_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for row, user in enumerate(DEMO_USERS):
            for column, text in enumerate((user.username, user.display_name, "", user.password)):
                self.demo_table.setItem(row, column, QTableWidgetItem(text))
        self.demo_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        rows_height = self.demo_table.verticalHeader().length()
        header_height = self.demo_table.horizontalHeader().sizeHint().height()
        self.demo_table.setFixedHeight(rows_height + header_height + 4)
        self.demo_table.cellDoubleClicked.connect(self._use_demo_user)
        layout = QVBoxLayout(box)
        layout.addWidget(self._demo_note)
        layout.addWidget(self.demo_table)
        return box

    def _use_demo_user(self, row: int) -> None:
        self.username.setText(DEMO_USERS[row].username)
        self.password.setText(DEMO_USERS[row].password)
        self.sign_in_button.setFocus()

    def _sign_in(self) -> None:
        username, password = self.username.text(), self.password.text()
        if not username.strip():
            self._show_error(self.tr("Enter your user name."))
            self.username.setFocus()
            return
        self.sign_in_button.setEnabled(False)
        store = self._opened.desk.store
        self._runner.run_store(lambda: sign_in(store, username, password),
                               self._signed_in, self._refused, owner=self)

    def _signed_in(self, actor: Actor) -> None:
        self.actor = actor
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self.sign_in_button.setEnabled(True)
        self._error = error
        self._show_error(core_text(error))
        self.password.clear()
        self.password.setFocus()

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(True)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Counter Desk — sign in"))
        self._title.setText(self.tr("Counter Desk"))
        self._office.setText(self.tr("{office}, desk {desk}").format(
            office=self._opened.settings.office_name, desk=self._opened.settings.desk_code))
        self._user_label.setText(self.tr("&User name"))
        self._password_label.setText(self.tr("&Password"))
        self.sign_in_button.setText(self.tr("&Sign in"))
        self._quit.setText(self.tr("&Quit"))
        if self._error is not None:
            self._show_error(core_text(self._error))
        if self.demo_box is not None:
            self.demo_box.setTitle(self.tr("Demo users"))
            self._demo_note.setText(self.tr(
                "This desk runs the demo profile. Sign in as one of these users "
                "(double-click a line to fill it in)."))
            self.demo_table.setHorizontalHeaderLabels(
                [self.tr("User name"), self.tr("Name"), self.tr("Role"), self.tr("Password")])
            for row, user in enumerate(DEMO_USERS):
                item = self.demo_table.item(row, 2)
                item.setText(tr_domain("domain", ROLE_NAMES[user.role]))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    @classmethod
    def ask(cls, runner: TaskRunner, opened: OpenedDesk, translations: Translations,
            parent: QWidget | None = None) -> Actor | None:
        """Show the dialog until the clerk signs in (the Actor) or quits (None)."""
        dialog = cls(runner, opened, translations, parent)
        dialog.exec()
        return dialog.actor
