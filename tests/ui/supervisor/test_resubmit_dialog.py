"""Correct and resubmit a refused intake from the refused list; the refusal beside its field."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from sqlmodel import col, select

from counter.cases.timeline import case_timeline
from counter.exchange.sync_state import Rejected, record_batch
from counter.intake.submit import submit_intake
from counter.store.models import Case, OutboxItem
from counter.supervision.correction import ApplicantCorrection
from counter.supervision.resubmission import refused_intake
from tests.conftest import MONDAY_MORNING, intake_request, resident_id
from tests.ui.case_support import signed_in
from tests.ui.cases.test_case_view import TIMEOUT_MS, answer_reason
from tests.ui.supervisor.test_dead_letters_dialog import _open
from tests.ui.test_visible_chinese import _english
from ui.cases.timeline_model import entry_text
from ui.supervisor.supervisor_dialogs import CorrectionDialog, load_supervision_form

NEW_ID = resident_id("14012119870101004")
REFUSAL = ("invalid_id_number", "applicant: ID number: check character should be 9")
# Screenshots for looking at: COUNTER_TEST_SHOTS=/some/dir
SHOTS = os.environ.get("COUNTER_TEST_SHOTS", "")


def _refused(opened, clerk) -> tuple[str, int]:  # type: ignore[no-untyped-def]
    case_id = submit_intake(opened.desk, clerk, intake_request(opened.desk),
                            now=MONDAY_MORNING).case_id
    with opened.desk.store.write() as session:
        item = session.exec(select(OutboxItem).where(OutboxItem.case_id == case_id)).one()
        refused = Rejected(item.id, *REFUSAL)  # type: ignore[arg-type]
        record_batch(session, [refused], MONDAY_MORNING)
        return case_id, item.id  # type: ignore[return-value]


def _shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


def test_the_form_shows_the_refusal_beside_the_field_it_concerns(qtbot, opened, clerk):  # type: ignore[no-untyped-def]
    case_id, item_id = _refused(opened, clerk)
    form = load_supervision_form(opened, case_id)
    dialog = CorrectionDialog(form, refusal=refused_intake(opened.desk, item_id))
    qtbot.addWidget(dialog)
    dialog.show()
    assert set(dialog.notes) == {"applicant_id_number"}
    assert dialog.notes["applicant_id_number"].text() == (
        "Refused: the ID number fails the platform's check")
    assert dialog.notes["applicant_id_number"].buddy() is dialog.fields["applicant_id_number"]
    assert dialog.focusWidget() is dialog.fields["applicant_id_number"]  # where to correct
    assert dialog.banner is not None
    assert "invalid_id_number: applicant: ID number" in dialog.banner.text()
    assert dialog.windowTitle() == f"Correct and resubmit {form.acceptance_no}"
    _shot(dialog, "resubmit_form_en")
    # the plain correction form is as it was
    plain = CorrectionDialog(form)
    qtbot.addWidget(plain)
    assert plain.notes == {} and plain.banner is None


def test_the_form_reads_in_chinese_but_for_the_platforms_own_words(  # type: ignore[no-untyped-def]
    qtbot, opened, clerk, translations
):
    translations.install("zh_CN")
    case_id, item_id = _refused(opened, clerk)
    dialog = CorrectionDialog(load_supervision_form(opened, case_id),
                              refusal=refused_intake(opened.desk, item_id))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.notes["applicant_id_number"].text() == "平台退回：证件号码未通过平台校验"
    problems = [p for p in _english(dialog) if "平台原文" not in p]
    assert problems == []
    _shot(dialog, "resubmit_form_zh_CN")


def test_resubmit_from_the_refused_list_with_the_keyboard(  # type: ignore[no-untyped-def]
    qtbot, runner, opened, clerk, monkeypatch
):
    case_id, item_id = _refused(opened, clerk)
    dialog = _open(qtbot, runner, opened, signed_in(opened, "supervisor"))
    assert dialog.resubmit_button.isEnabled()
    _shot(dialog, "refused_list_en")
    shown = []

    def ask(_cls, _parent, form, refusal=None):  # type: ignore[no-untyped-def]
        shown.append(refusal)
        return ApplicantCorrection(applicant_id_number=NEW_ID)

    monkeypatch.setattr(CorrectionDialog, "ask", classmethod(ask))
    asked = answer_reason(monkeypatch, "身份证号校验位录错")
    dialog.table.setFocus()
    with qtbot.waitSignal(dialog.changed, timeout=TIMEOUT_MS):
        QTest.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 0, timeout=TIMEOUT_MS)
    [refusal] = shown
    assert refusal.item_id == item_id and refusal.columns == ("applicant_id_number",)
    with opened.desk.store.read() as session:
        number = session.get(Case, case_id).acceptance_no
        states = session.exec(select(OutboxItem.kind, OutboxItem.state)
                              .order_by(col(OutboxItem.id))).all()
        timeline = case_timeline(session, case_id)
    assert asked == [f"Resubmit {number}"]
    assert dialog.message.text() == (
        f"Corrected and queued to be sent again; the acceptance number {number} stays.")
    assert states == [("case.intake", "superseded"), ("case.intake_revision", "pending")]
    assert entry_text(timeline[-1]) == (
        "Intake refused by the platform (the ID number fails the platform's check), corrected "
        "and resubmitted (revision 2); reason: 身份证号校验位录错")


def test_a_clerk_resubmits_only_where_the_office_allows_it(qtbot, runner, opened, clerk):  # type: ignore[no-untyped-def]
    _refused(opened, clerk)
    assert not _open(qtbot, runner, opened, clerk).resubmit_button.isEnabled()
    opened.settings.clerk_may_resubmit = True
    allowed = _open(qtbot, runner, opened, clerk)
    assert allowed.resubmit_button.isEnabled()
    assert not allowed.resend_button.isEnabled()  # resending stays the supervisor's


def test_the_refused_list_in_chinese(qtbot, runner, opened, clerk, translations):  # type: ignore[no-untyped-def]
    translations.install("zh_CN")
    _refused(opened, clerk)
    dialog = _open(qtbot, runner, opened, signed_in(opened, "supervisor"))
    assert dialog.resubmit_button.text() == "更正并重新报送(&S)…"
    _shot(dialog, "refused_list_zh_CN")
