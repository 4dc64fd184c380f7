"""The supervisor's actions on one case: correct applicant data, accept a make-up, extend a deadline.

Used by the case view (ui.cases.case_view), whose buttons call these. Each
action reads the case's current data on the store worker, asks in a dialog
(ui.supervisor.supervisor_dialogs) what to record and why, and records it
through the core (counter.supervision), which checks the role again. An
extension also writes the extension notice and offers to print it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget

from counter.bootstrap import OpenedDesk
from counter.cases.queries import case_detail
from counter.supervision.actions import Extension, Makeup, accept_makeup, extend_deadline
from counter.supervision.correction import correct_applicant
from counter.users import Actor
from printing.case_documents import save_extension_notice
from ui.cases.case_data import document_path
from ui.cases.case_printing import Report, refusal_text
from ui.common.reason_dialog import ReasonDialog
from ui.shell.tasks import TaskRunner
from ui.supervisor.supervisor_dialogs import (
    CorrectionDialog,
    ExtendDialog,
    MakeupDialog,
    SupervisionForm,
    load_supervision_form,
)


class SupervisorCaseActions(QObject):
    """The supervisor's actions on case `case_id`, with dialogs parented to `parent`.

    `report` tells the supervisor what happened, `changed` asks for a re-read of
    the case, `ask_notice` asks what to do with a new extension notice ("print",
    "open" or ""), `opener` opens a file and `printer` is a fixed printer (None
    asks the system).
    """

    def __init__(
        self,
        parent: QWidget,
        runner: TaskRunner,
        opened: OpenedDesk,
        actor: Actor,
        case_id: str,
        *,
        report: Report,
        changed: Callable[[], None],
        ask_notice: Callable[[Path], str],
        opener: Callable[[Path], None],
        printer: Callable[[], QPrinter | None],
    ) -> None:
        super().__init__(parent)
        self._parent, self._runner, self._opened, self._actor = parent, runner, opened, actor
        self._case_id = case_id
        self._report, self._changed, self._ask_notice = report, changed, ask_notice
        self._opener, self._printer = opener, printer
        self.extension_notice: Path | None = None  # the last one written here

    def _with_form(self, then: Callable[[SupervisionForm], None]) -> None:
        """Read the case's current data on the store worker, then open a dialog with it."""
        opened, case_id = self._opened, self._case_id
        self._runner.run_store(
            lambda: load_supervision_form(opened, case_id),
            then,
            lambda e: self._report(refusal_text(e), True),
            owner=self,
        )

    def _run(self, work: Callable[[], object], done: Callable[[object], None]) -> None:
        def finished(result: object) -> None:
            done(result)
            self._changed()

        self._runner.run_store(
            work, finished, lambda e: self._report(refusal_text(e), True), owner=self
        )

    def correct(self) -> None:
        self._with_form(self._correct_with)

    def _correct_with(self, form: SupervisionForm) -> None:
        correction = CorrectionDialog.ask(self._parent, form)
        if correction is None:
            return
        reason = ReasonDialog.ask(
            self._parent,
            self.tr("Correct applicant data of {number}").format(number=form.acceptance_no),
            self.tr("The platform is told of the correction. Why is the data corrected?"),
        )
        if reason is None:
            return
        desk, actor, case_id = self._opened.desk, self._actor, self._case_id
        self._run(
            lambda: correct_applicant(desk, actor, case_id, correction, reason),
            lambda _r: self._report(self.tr("The applicant data is corrected."), False),
        )

    def accept_makeup(self) -> None:
        self._with_form(self._makeup_with)

    def _makeup_with(self, form: SupervisionForm) -> None:
        codes = MakeupDialog.ask(self._parent, form)
        if codes is None:
            return
        reason = ReasonDialog.ask(
            self._parent,
            self.tr("Accept make-up for {number}").format(number=form.acceptance_no),
            self.tr("Note how the materials were handed in (e.g. applicant came to the counter):"),
        )
        if reason is None:
            return
        desk, actor, case_id = self._opened.desk, self._actor, self._case_id

        def done(result: object) -> None:
            assert isinstance(result, Makeup)
            if result.moved:
                text = self.tr("All materials are in; the case is accepted.")
            else:
                text = self.tr("Make-up recorded; {n} material(s) still pending.").format(
                    n=len(result.remaining))
            self._report(text, False)

        self._run(lambda: accept_makeup(desk, actor, case_id, codes, reason), done)

    def extend(self) -> None:
        self._with_form(self._extend_with)

    def _extend_with(self, form: SupervisionForm) -> None:
        new_due = ExtendDialog.ask(self._parent, form)
        if new_due is None:
            return
        reason = ReasonDialog.ask(
            self._parent,
            self.tr("Extend the deadline of {number}").format(number=form.acceptance_no),
            self.tr("The reason is printed on the extension notice. Why is more time needed?"),
        )
        if reason is None:
            return
        opened, actor, case_id = self._opened, self._actor, self._case_id

        def work() -> tuple[Extension, Path]:
            extension = extend_deadline(opened.desk, actor, case_id, new_due, reason)
            with opened.desk.store.read() as session:
                detail = case_detail(session, case_id)
            target = document_path(opened, detail.case.acceptance_no, "extension")
            target.parent.mkdir(parents=True, exist_ok=True)
            return extension, save_extension_notice(
                detail, opened.settings, extension, target.parent
            )

        def done(result: object) -> None:
            extension, path = result  # type: ignore[misc]
            self._report(
                self.tr("The promised date is now {date}.").format(
                    date=extension.new_due.isoformat()),
                False,
            )
            self.extension_notice = path
            choice = self._ask_notice(path)
            if choice == "open":
                self._opener(path)
            elif choice == "print":
                self._print_notice(path)

        self._run(work, done)

    def _print_notice(self, path: Path) -> None:
        from ui.devices.printer import (  # QtPrintSupport loads on first print
            DocumentPrinter,
            PrintOutcome,
        )

        result = DocumentPrinter(self._parent).print_pdf(
            "notice", path.read_bytes(), filename=path.name, printer=self._printer()
        )
        if result.outcome is PrintOutcome.PRINTED:
            self._report(self.tr("The extension notice is printed."), False)
        else:
            self._report(
                self.tr("The extension notice was not printed; it is saved as {path}.").format(
                    path=result.path or path),
                True,
            )
