"""The intake form: service item, materials checklist, applicant, agent and the decision.

Keyboard first: type the item and press Enter, tick the papers with Space,
Tab to the applicant, type (or F8 reads the ID card), Enter accepts. Once the
applicant's number is valid and an item is picked, the form asks the exchange
platform which documents it already holds and marks those materials as
obtained by sharing. Every decision is checked and
recorded by `counter.intake.submit.submit_intake` on the store worker; the form shows
every problem at once and lights up the fields concerned. After a recorded
case it empties itself for the next applicant and emits `case_recorded`.
When sync brings a new catalog version (`catalog_changed`), the picker and
the checklist follow it: a withdrawn item leaves the form, a changed one
keeps the clerk's marks on the materials it still asks for.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter.bootstrap import OpenedDesk
from counter.errors import FieldProblem, ValidationError
from counter.intake.id_card import IdCardData, IdCardReader
from counter.intake.request import Decision, IntakeRequest
from counter.users import Actor, Permission
from ui.common.evaluation_dialog import SHORTCUT as EVALUATE_KEY
from ui.common.evaluation_dialog import EvaluationDialog
from ui.common.message_panel import (
    MessagePanel,
    document_type,
    html_lines,
    open_file,
    printer_chosen,
)
from ui.devices.id_card_reading import SHORTCUT as READ_CARD_KEY
from ui.devices.id_card_reading import CardReadButton
from ui.intake import intake_messages
from ui.intake.applicant_box import AgentBox, ApplicantBox
from ui.intake.decision_dialogs import PendingDialog, ReasonDialog
from ui.intake.field_marks import FieldMarks
from ui.intake.intake_task import IntakeOutcome, record_intake
from ui.intake.item_picker import ItemPicker, PickedItem
from ui.intake.materials_model import MaterialsModel
from ui.intake.materials_table import MaterialsTable
from ui.intake.shared_lookup import Question, SharedLookup, SharedLookupRunner
from ui.shell.i18n import problem_text, tr_domain
from ui.shell.tasks import TaskRunner


class IntakeForm(QWidget):
    """Takes in one application at a time and records the clerk's decision."""

    case_recorded = Signal(str)  # case id
    busy_changed = Signal(bool)

    def __init__(self, runner: TaskRunner, opened: OpenedDesk, actor: Actor,
                 parent: QWidget | None = None,
                 opener: Callable[[Path], None] = open_file, *,
                 card_reader: IdCardReader | None = None,
                 shared_lookup: SharedLookup | None = None,
                 printer_chosen: Callable[[str], bool] = printer_chosen) -> None:
        super().__init__(parent)
        self._runner = runner
        self._opened = opened
        self.printer_chosen = printer_chosen
        self._actor = actor
        self._busy = False
        self._decision: Decision | None = None
        self._rejected: ValidationError | None = None  # the last refusal, while on show
        self._draft_id = str(uuid.uuid4())
        self._shared_render: Callable[[], str] | None = None

        self.picker = ItemPicker(runner, opened.desk)
        self.picker.picked.connect(self._on_picked)
        self.picker.updated.connect(self._on_item_updated)
        self.picker.withdrawn.connect(self._on_item_withdrawn)
        self.picker.failed.connect(self._on_catalog_failed)
        self.materials = MaterialsModel(self)
        self.materials_table = MaterialsTable(self.materials)
        self._keys_hint = QLabel()
        self._keys_hint.setStyleSheet("color: #555;")
        self._keys_hint.setWordWrap(True)
        self.shared_note = QLabel()  # what the platform's shared-data answer did
        self.shared_note.setWordWrap(True)
        self.shared_lookup = SharedLookupRunner(runner, shared_lookup, self)
        self.shared_lookup.answered.connect(self._on_shared_answer)
        self.shared_lookup.failed.connect(self._on_shared_failed)
        self.read_card = CardReadButton(runner, card_reader)
        self.read_card.card_read.connect(self._on_card)
        self.read_card.no_card.connect(lambda: self._card_problem(None))
        self.read_card.failed.connect(self._card_problem)
        self.applicant = ApplicantBox(self.read_card)
        self.applicant.identity_changed.connect(lambda _: self._look_up_shared())
        self.agent = AgentBox()
        self.applicant.submitted.connect(lambda: self.decide(Decision.ACCEPT))
        self.agent.submitted.connect(lambda: self.decide(Decision.ACCEPT))
        self.panel = MessagePanel(opener=opener)
        self.panel.evaluate_requested.connect(self.evaluate)
        self._recorded_case: str | None = None  # the case the panel offers to rate

        self.buttons = {d: QPushButton() for d in Decision}
        accept = self.buttons[Decision.ACCEPT]
        accept.setDefault(True)
        accept.setStyleSheet("QPushButton { font-weight: bold; padding: 4px 18px; }")
        for decision, button in self.buttons.items():
            button.clicked.connect(lambda _=False, d=decision: self.decide(d))
        self._clear_button = QPushButton()
        self._clear_button.clicked.connect(self.reset)

        self._item_group = QGroupBox()
        QVBoxLayout(self._item_group).addWidget(self.picker)
        self._materials_group = QGroupBox()
        materials_layout = QVBoxLayout(self._materials_group)
        materials_layout.addWidget(self.materials_table, 1)
        materials_layout.addWidget(self.shared_note)
        materials_layout.addWidget(self._keys_hint)
        for group in (self._item_group, self._materials_group):
            group.layout().setContentsMargins(8, 4, 8, 6)

        bar = QHBoxLayout()
        for decision in Decision:
            bar.addWidget(self.buttons[decision])
        bar.addStretch(1)
        bar.addWidget(self._clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addWidget(self._item_group)
        layout.addWidget(self._materials_group, 1)
        layout.addWidget(self.applicant)
        layout.addWidget(self.agent)
        layout.addWidget(self.panel)
        layout.addLayout(bar)

        self.marks = FieldMarks(self)
        shortcut = QShortcut(QKeySequence("Ctrl+Return"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(lambda: self.decide(Decision.ACCEPT))
        find = QShortcut(QKeySequence("Ctrl+F"), self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self.picker.search.setFocus)
        read = QShortcut(QKeySequence(READ_CARD_KEY), self)
        read.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        read.activated.connect(self.read_card.read)
        evaluate = QShortcut(QKeySequence(EVALUATE_KEY), self)
        evaluate.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        evaluate.activated.connect(self.evaluate)

        self.retranslate()
        self._set_shared_note(None)
        self._update_buttons()
        if not actor.can(Permission.INTAKE):
            self.setEnabled(False)
            self.panel.show_message("problem", intake_messages.role_cannot_intake())

    def field_widget(self, key: str, decision: Decision | None = None) -> QWidget | None:
        """The widget that holds the field the core names by `key` (for `FieldMarks`)."""
        head, _, rest = key.partition(".")
        if head == "applicant":
            return self.applicant.widgets().get(rest, self.applicant)
        if head == "agent":
            return self.agent.widgets().get(rest, self.agent)
        if head == "materials":
            return self.materials_table
        if head == "service":
            return self.picker.search
        if head in ("makeup_deadline", "commitment"):
            return self.buttons[Decision.ACCEPT_PENDING]
        if head in ("reason", "decision") and decision is not None:
            return self.buttons[decision]
        return None

    def mark_material_rows(self, problems: dict[str, str]) -> None:
        """Mark the checklist rows of the materials named (code -> problem); none when empty."""
        self.materials.set_problems(problems)

    # -- collaborators the composition root hands in ----------------------------------

    def set_card_reader(self, reader: IdCardReader | None) -> None:
        """The desk's ID card reader (None: the button is disabled, "no card reader")."""
        self.read_card.set_reader(reader)

    def set_shared_lookup(self, lookup: SharedLookup | None) -> None:
        """How to ask the platform for shared documents (None: not configured)."""
        self.shared_lookup.lookup = lookup
        self.shared_lookup.cancel()
        self._look_up_shared()

    # -- filling in ------------------------------------------------------------------

    def _on_picked(self, picked: PickedItem) -> None:
        self._rejected = None
        self.marks.clear()
        self.materials.set_materials(picked.detail.materials)
        self.applicant.set_company(picked.detail.item.for_company)
        self._update_buttons()
        self.materials_table.setFocus()
        self.shared_lookup.cancel()  # the new checklist has no marks yet: ask again
        self._look_up_shared()

    def catalog_changed(self) -> None:
        """A sync pass applied a new catalog version: show the item as the catalog now has it."""
        self.picker.catalog_changed()

    def _on_item_updated(self, picked: PickedItem) -> None:
        """The picked item changed on the platform: its checklist now, the clerk's marks kept."""
        self._rejected = None
        self.marks.clear()
        self.materials.update_materials(picked.detail.materials)
        if picked.detail.item.for_company != self.applicant.is_company:
            self.applicant.set_company(picked.detail.item.for_company)
        self._update_buttons()
        self.shared_lookup.cancel()  # new lines may be shareable: ask again
        self._look_up_shared()

    def _on_item_withdrawn(self, _item: object) -> None:
        """The item is no longer offered (the picker says so): nothing of it stays on the form."""
        self._rejected = None
        self.marks.clear()
        self.materials.clear()
        self._look_up_shared()  # no item: takes back the marks of the last answer
        self._update_buttons()

    def _on_card(self, card: IdCardData) -> None:
        """A card was read: its holder is the applicant; the phone is all that is left."""
        self.applicant.person.fill_from_card(card)
        self.applicant.person.line("phone").setFocus()

    def _card_problem(self, error: BaseException | None) -> None:
        render = intake_messages.card_not_read(error)
        self.panel.show_message("problem", lambda: html_lines(render(), []))

    # -- documents the platform already holds ---------------------------------------------

    def _look_up_shared(self) -> None:
        """Ask the platform about the applicant on the form, for the picked item.

        Asked once per (number, item); a number that is no longer valid, or
        another item, takes back the marks of the last answer.
        """
        picked = self.picker.current
        identity = self.applicant.identity()
        if picked is None or identity is None:
            if self.shared_lookup.asked is not None:
                self.shared_lookup.cancel()
                self.materials.apply_shared(set())
            self._set_shared_note(None)
            return
        question = Question(identity[0], identity[1], picked.detail.item.code)
        if question == self.shared_lookup.asked:
            return
        self.materials.apply_shared(set())  # marks for someone else's documents go
        self._set_shared_note(intake_messages.shared_asking(), "#555")
        self.shared_lookup.ask(question)

    def _on_shared_answer(self, question: Question, answer) -> None:  # type: ignore[no-untyped-def]
        marked = self.materials.apply_shared({d.doc_type for d in answer.documents})
        self._set_shared_note(intake_messages.shared_found(marked), "#1565c0")

    def _on_shared_failed(self, question: Question, error: BaseException) -> None:
        self._set_shared_note(intake_messages.shared_failed(error), "#6d4c41")

    def _set_shared_note(self, render: Callable[[], str] | None, colour: str = "") -> None:
        self._shared_render = render
        self.shared_note.setStyleSheet(f"color: {colour};" if colour else "")
        self.shared_note.setText(render() if render else "")
        self.shared_note.setVisible(render is not None)

    def reset(self) -> None:
        """Empty the form for the next applicant (the last outcome stays on show)."""
        self._draft_id = str(uuid.uuid4())
        self._rejected = None
        self.marks.clear()
        self.picker.clear()
        self.materials.clear()
        self.applicant.clear()
        self.applicant.set_company(False)
        self.agent.clear()
        self.shared_lookup.cancel()
        self._set_shared_note(None)
        self._update_buttons()
        self.picker.search.setFocus()

    def _update_buttons(self) -> None:
        picked = self.picker.current
        for button in self.buttons.values():
            button.setEnabled(not self._busy)
        # An immediate item is decided at the counter: nothing can be made up later.
        immediate = picked is not None and picked.due is None
        self.buttons[Decision.ACCEPT_PENDING].setEnabled(not self._busy and not immediate)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update_buttons()
        self.busy_changed.emit(busy)

    # -- deciding ----------------------------------------------------------------------

    def decide(self, decision: Decision) -> None:
        """Ask what the decision needs, then record it on the store worker."""
        if self._busy or not self.isEnabled():
            return
        picked = self.picker.current
        if picked is None:
            render = intake_messages.pick_item_first()
            self.marks.mark({"service": render()})
            self.panel.show_message("problem", render)
            self.picker.search.setFocus()
            return
        reason, pending = "", None
        if decision is Decision.ACCEPT_PENDING:
            latest = picked.due.due if picked.due else None
            pending = PendingDialog.ask(self, picked.today, latest, picked.makeup_default)
            if pending is None:
                return
        elif decision in (Decision.REFUSE, Decision.REQUEST_CORRECTION):
            answer = ReasonDialog.ask(self, decision)
            if answer is None:
                return
            reason = answer
        request = IntakeRequest(
            service_code=picked.detail.item.code,
            decision=decision,
            applicant=self.applicant.value(),
            materials=self.materials.inputs(),
            agent=self.agent.value(),
            reason=reason,
            commitment_signed=pending.commitment_signed if pending else False,
            makeup_deadline=pending.makeup_deadline if pending else None,
            # One id per draft: a retry after a failure can never make a second case.
            case_id=self._draft_id,
        )
        self._decision = decision
        self._rejected = None
        self.marks.clear()
        self._set_busy(True)
        opened, actor = self._opened, self._actor
        self._runner.run_store(lambda: record_intake(opened, actor, request),
                               self._on_recorded, self._on_failed, owner=self)

    def _on_recorded(self, outcome: IntakeOutcome) -> None:
        self._set_busy(False)
        self.reset()
        # The receipt if there is one, else the notice the applicant is owed.
        document = outcome.receipt or next(iter(outcome.notices), None)
        # Enter accepts and prints: the receipt goes to the desk's receipt printer at once.
        print_now = (document is not None and self._opened.settings.print_on_accept
                     and self.printer_chosen(document_type(document)))
        self._recorded_case = outcome.result.case_id
        self.panel.show_message("ok", intake_messages.outcome_message(outcome), document,
                                print_now=print_now, evaluate=True)
        self.case_recorded.emit(outcome.result.case_id)

    def evaluate(self) -> None:
        """Turn the rating of the visit just recorded to the applicant (F7), if offered."""
        if self._recorded_case is None or not self.panel.offers_evaluation():
            return
        dialog = EvaluationDialog.ask(self._runner, self._opened, self._actor,
                                      self._recorded_case, "intake", self)
        if dialog is not None:
            dialog.rated.connect(lambda _: self.panel.withdraw_evaluation())

    def _on_catalog_failed(self, error: BaseException) -> None:
        self.panel.show_message("error", intake_messages.catalog_failure(error))

    def _on_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        mood, render = intake_messages.failure_message(error, self._relabel)
        self.panel.show_message(mood, render)
        if isinstance(error, ValidationError):
            self._rejected = error
            first = self._mark_fields()
            if first is not None:
                first.setFocus()
            if any(p.field == "service" for p in error.problems):
                # The store's catalog moved on without this window hearing of it (a sync
                # run elsewhere): show the item as the catalog now has it.
                self.picker.catalog_changed()

    def _mark_fields(self) -> QWidget | None:
        """Light up the fields of the last rejection, with its problems as tooltips."""
        if self._rejected is None:
            return None
        problems: dict[str, str] = {}
        for p in self._rejected.problems:
            text = problem_text(self._relabel(p))
            problems[p.field] = f"{problems[p.field]}\n{text}" if p.field in problems else text
        return self.marks.mark(problems, self._decision)

    def _relabel(self, problem: FieldProblem) -> FieldProblem:
        """Label a problem as the form shows the field, in the interface language.

        The core labels a material by its Chinese catalog name and says just
        "Name" or "ID number" whoever it belongs to; the clerk needs to know
        which line, and whether the applicant's or the agent's number is wrong.
        """
        field = problem.field
        label = None
        if field.startswith("materials."):
            row = self.materials.row_of(field.removeprefix("materials."))
            if row is not None:
                label = self.materials.display_name(row)
        elif field.startswith("agent."):
            label = self.tr("Agent's {label}").format(label=tr_domain("fields", problem.label))
        elif field == "applicant.name" and self.applicant.is_company:
            label = self.tr("Company name")
        elif field == "applicant.legal_rep.name":
            label = self.tr("Legal representative's name")
        return problem if label is None else replace(problem, label=label)

    # -- language ----------------------------------------------------------------------

    def retranslate(self) -> None:
        self._item_group.setTitle(self.tr("Service item"))
        self._materials_group.setTitle(self.tr("Materials"))
        self._keys_hint.setText(self.tr(
            "Space: received / missing · 1 received · 2 shared · 3 pending · 4 waived · "
            "5 missing · 6 needs correction · O: original / copy · + −: copies · F2: edit"))
        self.buttons[Decision.ACCEPT].setText(self.tr("&Accept"))
        self.buttons[Decision.ACCEPT].setToolTip(self.tr("Accept the case (Enter in the "
                                                         "applicant fields, or Ctrl+Enter)"))
        self.buttons[Decision.ACCEPT_PENDING].setText(self.tr("Accept, materials &pending"))
        self.buttons[Decision.ACCEPT_PENDING].setToolTip(self.tr(
            "Accept with non-key materials to be made up later (not for immediate items)"))
        self.buttons[Decision.REQUEST_CORRECTION].setText(self.tr("Request &correction"))
        self.buttons[Decision.REQUEST_CORRECTION].setToolTip(self.tr(
            "Tell the applicant everything missing or faulty, at once"))
        self.buttons[Decision.REFUSE].setText(self.tr("&Refuse"))
        self.buttons[Decision.REFUSE].setToolTip(self.tr("Refuse the application, with a "
                                                         "written reason"))
        self._clear_button.setText(self.tr("Clear for&m"))
        self.materials.retranslate()
        self._mark_fields()
        if self._shared_render is not None:
            self.shared_note.setText(self._shared_render())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
