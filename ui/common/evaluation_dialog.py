"""The rating screen the clerk turns toward the applicant (好差评).

Five large buttons, best first (keys 5 … 1 press them too); the two lowest
open a box for the reason, which the core requires. Submit records the rating
on the store worker (`counter.evaluation.record_evaluation`). When the desk
has a second screen the rating fills it, so the applicant rates without
reaching over the counter; otherwise it is a dialog on the clerk's screen.
A visit rated before is said so, and nothing can be pressed.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QGuiApplication, QKeyEvent, QScreen
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter.bootstrap import OpenedDesk
from counter.errors import ValidationError
from counter.evaluation import (
    LEVEL_NAMES,
    LOW_LEVELS,
    VISIT_NAMES,
    Level,
    Recorded,
    Visit,
    existing_evaluation,
    record_evaluation,
)
from counter.store.models import Case
from counter.users import Actor
from ui.cases.case_printing import refusal_text
from ui.shell.i18n import tr_domain
from ui.shell.tasks import TaskRunner

# Green for the best through red for the worst, light enough for black text.
_COLOURS = {
    Level.VERY_SATISFIED: "#c8e6c9",
    Level.SATISFIED: "#dcedc8",
    Level.BASICALLY_SATISFIED: "#fff9c4",
    Level.DISSATISFIED: "#ffe0b2",
    Level.VERY_DISSATISFIED: "#ffcdd2",
}
_KEYS = {getattr(Qt.Key, f"Key_{int(level)}"): level for level in Level}
SHORTCUT = "F7"  # offers the rating after an intake or a delivery
CLOSE_AFTER_MS = 2500  # the thanks stay this long, then the screen clears


def second_screen(parent: QWidget | None) -> QScreen | None:
    """A screen other than the clerk's, if the desk has one."""
    screens = QGuiApplication.screens()
    if len(screens) < 2:
        return None
    clerk = parent.screen() if parent is not None else QGuiApplication.primaryScreen()
    return next((s for s in screens if s is not clerk), None)


class EvaluationDialog(QDialog):
    """Rates one visit of one case. `rated` carries the `Recorded` rating."""

    rated = Signal(object)

    def __init__(self, runner: TaskRunner, opened: OpenedDesk, actor: Actor, case_id: str,
                 visit: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner, self._opened, self._actor = runner, opened, actor
        self.case_id, self.visit = case_id, Visit(visit)
        self.level: Level | None = None
        self.done_level: Level | None = None  # the rating recorded (now or before)
        self._number = ""
        self._state = "loading"  # loading / open / sending / rated / rated_before

        self.title = QLabel()
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setFont(_font(26, bold=True))
        self.subtitle = QLabel()
        self.subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.subtitle.setFont(_font(14))
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[Level, QPushButton] = {}
        row = QHBoxLayout()
        row.setSpacing(14)
        for level in Level:
            button = QPushButton()
            button.setCheckable(True)
            button.setMinimumSize(150, 130)
            button.setFont(_font(20, bold=True))
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            button.setStyleSheet(
                f"QPushButton {{ background: {_COLOURS[level]}; border: 2px solid #9e9e9e;"
                " border-radius: 10px; padding: 8px; color: #111; }"
                " QPushButton:checked { border: 5px solid #1565c0; }"
                " QPushButton:disabled { color: #777; }")
            button.clicked.connect(lambda _=False, lv=level: self.choose(lv))
            self.group.addButton(button, int(level))
            self.buttons[level] = button
            row.addWidget(button)
        self.reason_label = QLabel()
        self.reason_label.setFont(_font(15))
        self.reason = QLineEdit()
        self.reason.setFont(_font(16))
        self.reason.setMaxLength(500)
        self.reason.returnPressed.connect(self.submit)
        self.message = QLabel()
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setFont(_font(16))
        self.submit_button = QPushButton()
        self.submit_button.setFont(_font(18, bold=True))
        self.submit_button.setMinimumHeight(56)
        self.submit_button.setDefault(True)
        self.submit_button.clicked.connect(self.submit)
        self.close_button = QPushButton()
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.submit_button, 2)
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(16)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addLayout(row)
        layout.addWidget(self.reason_label)
        layout.addWidget(self.reason)
        layout.addWidget(self.message)
        layout.addLayout(bottom)
        self.retranslate()
        self._update()
        self._load()

    @classmethod
    def ask(cls, runner: TaskRunner, opened: OpenedDesk, actor: Actor, case_id: str,
            visit: str, parent: QWidget | None = None) -> EvaluationDialog:
        """Open the rating for this visit: full screen on a second screen, else as a dialog.

        Returns at once (the dialog is window-modal, not a nested event loop), so
        the clerk's keyboard flow carries on when it closes. Tests replace this.
        """
        dialog = cls(runner, opened, actor, case_id, visit, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        screen = second_screen(parent)
        if screen is not None:
            dialog.setWindowModality(Qt.WindowModality.NonModal)
            dialog.setScreen(screen)
            dialog.setGeometry(screen.geometry())
            dialog.showFullScreen()
        else:
            dialog.open()
        return dialog

    # -- reading ---------------------------------------------------------------

    def _load(self) -> None:
        store, case_id, visit = self._opened.desk.store, self.case_id, self.visit.value

        def work() -> tuple[str, int | None]:
            with store.read() as session:
                case = session.get(Case, case_id)
                before = existing_evaluation(session, case_id, visit)
                return (case.acceptance_no if case else ""), (before.level if before else None)

        self._runner.run_store(work, self._loaded, self._failed, owner=self)

    def _loaded(self, answer: tuple[str, int | None]) -> None:
        self._number, before = answer
        if before is not None:
            self._state, self.done_level = "rated_before", Level(before)
        else:
            self._state = "open"
            self.buttons[Level.VERY_SATISFIED].setFocus()
        self.retranslate()
        self._update()

    # -- choosing and sending --------------------------------------------------

    def choose(self, level: Level) -> None:
        """Select a level; the two lowest ask for the reason."""
        if self._state != "open":
            return
        self.level = level
        self.buttons[level].setChecked(True)
        self.message.clear()
        self._update()
        if level in LOW_LEVELS:
            self.reason.setFocus()
        else:
            self.submit_button.setFocus()

    def submit(self) -> None:
        if self._state != "open":
            return
        if self.level is None:
            self._say(self.tr("Please choose one of the five ratings."), error=True)
            return
        desk, actor, case_id, visit = self._opened.desk, self._actor, self.case_id, self.visit
        level = self.level
        reason = self.reason.text() if level in LOW_LEVELS else ""
        self._state = "sending"
        self._update()
        self._runner.run_store(
            lambda: record_evaluation(desk, actor, case_id, visit.value, int(level), reason),
            self._recorded, self._refused, owner=self)

    def _recorded(self, recorded: Recorded) -> None:
        self._state, self.done_level = "rated", recorded.level
        self.retranslate()
        self._update()
        self.rated.emit(recorded)
        QTimer.singleShot(CLOSE_AFTER_MS, self, self.accept)

    def _refused(self, error: BaseException) -> None:
        self._state = "open"
        self._update()
        self._say(refusal_text(error), error=True)
        if isinstance(error, ValidationError) and any(p.field == "visit" for p in error.problems):
            # Rated meanwhile (at another window, or a second click): show that rating.
            self._state = "loading"
            self._update()
            self._load()
        elif self.level in LOW_LEVELS:
            self.reason.setFocus()

    def _failed(self, error: BaseException) -> None:
        self._say(refusal_text(error), error=True)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet("color: #b00000;" if error else "color: #1a7f37;")
        self.message.setText(text)

    def _update(self) -> None:
        open_ = self._state == "open"
        for button in self.buttons.values():
            button.setEnabled(open_)
        low = open_ and self.level in LOW_LEVELS
        self.reason_label.setVisible(low)
        self.reason.setVisible(low)
        self.submit_button.setVisible(self._state in ("open", "sending"))
        self.submit_button.setEnabled(open_)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        level = _KEYS.get(Qt.Key(event.key()))
        if level is not None and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.choose(level)
            return
        super().keyPressEvent(event)

    # -- language --------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Rate our service"))
        self.title.setText(self.tr("Please rate our service"))
        visit = tr_domain("domain", VISIT_NAMES[self.visit])
        self.subtitle.setText(
            self.tr("{visit} · case {number} · served by {clerk}").format(
                visit=visit, number=self._number or "…", clerk=self._actor.display_name))
        for level, button in self.buttons.items():
            name = tr_domain("domain", LEVEL_NAMES[level])
            button.setText(f"{int(level)}\n{name}")
            # Wide enough for the whole name: English ones are longer than Chinese.
            button.setMinimumWidth(max(150, button.fontMetrics().horizontalAdvance(name) + 36))
        self.reason_label.setText(self.tr("Please tell us what was wrong (required):"))
        self.reason.setPlaceholderText(self.tr("Type the reason, then Enter"))
        self.submit_button.setText(self.tr("Submit (Enter)"))
        self.close_button.setText(self.tr("Close (Esc)"))
        if self._state == "rated" and self.done_level is not None:
            self._say(self.tr("Thank you! Your rating \u201c{level}\u201d was recorded.").format(
                level=tr_domain("domain", LEVEL_NAMES[self.done_level])))
        elif self._state == "rated_before" and self.done_level is not None:
            self._say(self.tr("This visit has already been rated (\u201c{level}\u201d). "
                              "Each visit is rated once.").format(
                level=tr_domain("domain", LEVEL_NAMES[self.done_level])))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _font(points: int, *, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSize(points)
    font.setBold(bold)
    return font
