"""Store-worker task for one intake: record the case, then write its documents.

Runs on the task runner's store worker, never on the GUI thread. Documents
are written only after `submit_intake` has committed, from the case as the
store holds it: the receipt for an accepted case, and the notice its decision
calls for (一次性告知书, 不予受理通知书, or 容缺受理通知书 with the 承诺书).
A document that fails to write does not undo the case: the outcome says so,
and the clerk reprints it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from counter.bootstrap import OpenedDesk
from counter.cases.lifecycle import CaseState
from counter.cases.queries import case_detail
from counter.intake.request import IntakeRequest
from counter.intake.submit import IntakeResult, submit_intake
from counter.settings import DOCUMENTS_FOLDER
from counter.users import Actor
from printing.case_documents import documents_for, save_document, save_receipt

log = logging.getLogger("ui.intake")

DOCUMENTS_DIR = DOCUMENTS_FOLDER
RECEIPT_STATES = (CaseState.ACCEPTED, CaseState.ACCEPTED_PENDING)


@dataclass(frozen=True)
class IntakeOutcome:
    """The recorded case, and its documents or why they could not be written.

    `receipt` is the acceptance receipt; `notices` the decision's notices.
    """

    result: IntakeResult
    receipt: Path | None = None
    receipt_error: str = ""
    notices: tuple[Path, ...] = ()
    notice_error: str = ""


def record_intake(opened: OpenedDesk, actor: Actor, request: IntakeRequest) -> IntakeOutcome:
    """Submit the intake, then write the receipt and notices its decision calls for."""
    result = submit_intake(opened.desk, actor, request)
    directory = opened.directory / DOCUMENTS_DIR
    wants_receipt = result.state in RECEIPT_STATES
    try:
        with opened.desk.store.read() as session:
            detail = case_detail(session, result.case_id)
    except Exception as exc:
        log.exception("case %s not read back for its documents", result.acceptance_no)
        error = _describe(exc)
        return IntakeOutcome(
            result, receipt_error=error if wants_receipt else "", notice_error=error
        )
    receipt, receipt_error = None, ""
    if wants_receipt:
        try:
            receipt = save_receipt(detail, opened.settings, directory)
        except Exception as exc:
            log.exception("receipt for %s not written", result.acceptance_no)
            receipt_error = _describe(exc)
    notices: list[Path] = []
    notice_error = ""
    for kind in documents_for(detail.case):
        if kind == "receipt":
            continue
        try:
            notices.append(save_document(kind, detail, opened.settings, directory))
        except Exception as exc:
            log.exception("%s notice for %s not written", kind, result.acceptance_no)
            notice_error = _describe(exc)
    return IntakeOutcome(result, receipt, receipt_error, tuple(notices), notice_error)


def _describe(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__
