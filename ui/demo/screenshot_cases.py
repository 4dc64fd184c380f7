"""Screenshots of the screens a case reaches later: the queue page, the case view, pickup, verify.

Part of ``python -m ui.demo.screenshots``: takes the cases there to the departments
through the demo platform (sync, the departments decide, certificates come
back), then shows one with its certificate in each screen.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlmodel import col, select

from counter.cases.lifecycle import CaseState
from counter.certificates.records import qr_payload
from counter.store.models import Case, Certificate

SETTLE_S = 30.0


def decide_on_the_platform(opened, platform, engine) -> Case:  # type: ignore[no-untyped-def]
    """Send everything, let the departments decide, bring the results back; a case with a result."""
    platform.restore()
    deadline = time.monotonic() + SETTLE_S
    while engine.run_once().connection.value != "online" or engine.state().backlog:
        if time.monotonic() > deadline:
            raise TimeoutError("the demo platform did not take the cases")
        time.sleep(0.2)
    schedule = platform.simulator
    platform.advance(schedule.review_after_s + 1)
    engine.run_once()
    platform.advance(schedule.review_after_s + schedule.decide_after_s + 2)
    engine.run_once()
    with opened.desk.store.read() as session:
        case = session.exec(
            select(Case).join(Certificate, col(Certificate.case_id) == col(Case.id))
            .where(col(Case.state).in_([CaseState.RESULT_READY.value, CaseState.APPROVED.value]))
            .order_by(col(Case.acceptance_no))
        ).first()
    if case is None:
        raise RuntimeError("the departments issued no certificate")
    return case


def shoot_case_screens(runner, opened, actor, translations, language: str,  # type: ignore[no-untyped-def]
                       save: Callable, wait: Callable, case: Case,
                       size: tuple[int, int]) -> None:
    """The queue page, the case view's three tabs, pickup and the verify dialog."""
    from ui.shell.main_window import MainWindow

    window = MainWindow(runner, opened, actor, translations, opener=lambda p: None)
    window.resize(*size)
    window.show()
    window.pages.show_page("queue")
    wait(lambda: window.day_model.rowCount() > 0 and runner.pending == 0)
    save(window, f"queue_{language}.png")

    dialog = window.open_case(case.id)
    dialog.resize(980, 640)
    wait(lambda: dialog.case is not None and runner.pending == 0)
    for index, name in enumerate(("history", "materials", "documents")):
        dialog.tabs.setCurrentIndex(index)
        wait(lambda: True)
        save(dialog, f"case_{name}_{language}.png")
    dialog.close()

    window.pages.show_page("pickup")
    window.pickup.open_number(case.acceptance_no)
    wait(lambda: window.pickup.case is not None and runner.pending == 0)
    save(window, f"pickup_{language}.png")

    with opened.desk.store.read() as session:
        cert = session.exec(select(Certificate).where(Certificate.case_id == case.id)).first()
        payload = qr_payload(cert) if cert is not None else ""
    verify = window.open_verify_dialog()
    wait(lambda: runner.pending == 0)
    verify.payload.setPlainText(payload)
    verify.verify()
    wait(lambda: True)
    save(verify, f"verify_{language}.png")
    verify.close()
    window.close()


def shoot_supervisor_screens(runner, opened, supervisor, translations, language: str,  # type: ignore[no-untyped-def]
                             save: Callable, wait: Callable, case: Case,
                             size: tuple[int, int]) -> None:
    """Review, statistics, the day's tools, and the rating screen the applicant sees."""
    from ui.common.evaluation_dialog import EvaluationDialog
    from ui.shell.main_window import MainWindow

    window = MainWindow(runner, opened, supervisor, translations, opener=lambda p: None)
    window.resize(*size)
    window.show()
    assert window.review is not None and window.statistics is not None
    window.pages.show_page("review")
    wait(lambda: window.review.model.rowCount() > 0 and runner.pending == 0)
    save(window, f"review_{language}.png")
    window.pages.show_page("statistics")
    wait(lambda: runner.pending == 0)
    save(window, f"statistics_{language}.png")

    tools = window.supervisor
    for name, opens in (("day_close", tools.open_day_close),
                        ("refused_uploads", tools.open_dead_letters),
                        ("follow_ups", tools.open_follow_ups), ("audit", tools.open_audit)):
        dialog = opens()
        wait(lambda: runner.pending == 0)
        save(dialog, f"{name}_{language}.png")
        dialog.close()

    case_view = window.open_case(case.id)
    case_view.resize(980, 640)
    wait(lambda: case_view.case is not None and runner.pending == 0)
    save(case_view, f"case_supervisor_{language}.png")
    case_view.close()

    rating = EvaluationDialog(runner, opened, supervisor, case.id, "intake", window)
    rating.resize(1100, 560)
    rating.show()
    wait(lambda: runner.pending == 0)
    save(rating, f"evaluation_{language}.png")
    rating.close()
    window.close()
