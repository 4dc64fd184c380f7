"""Documents the platform already holds: looked up once the number is valid, marked as shared."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from counter.intake.id_card import DEMO_CARDS
from counter.intake.request import MaterialStatus
from counter.users import Actor
from counter.users import sign_in as core_sign_in
from sync.client import ExchangeClient
from sync.demo_platform import DemoPlatform, DemoSchedule, start_demo_platform
from sync.protocol import SharedDocument, SharedDocuments
from tests.sync.engine_support import closed_port_url
from tests.ui.flow import TIMEOUT_MS, VALID_ID, pick_item
from ui.intake.intake_form import IntakeForm
from ui.intake.shared_lookup import client_lookup

S = MaterialStatus
STANDARD = DEMO_CARDS[0]  # 王秀英: the platform holds her ID card and household register


@pytest.fixture
def actor(opened) -> Actor:  # type: ignore[no-untyped-def]
    return core_sign_in(opened.desk.store, "clerk", "demo1234")


@pytest.fixture
def platform(opened) -> Iterator[DemoPlatform]:  # type: ignore[no-untyped-def]
    """The reference platform on loopback, seeded with the demo applicants' documents."""
    started = start_demo_platform(opened.directory, opened.settings.office_code,
                                  opened.settings.desk_code, DemoSchedule(timer=False))
    yield started
    started.stop()


@pytest.fixture
def client(platform: DemoPlatform) -> Iterator[ExchangeClient]:
    c = ExchangeClient(platform.url, platform.token, timeouts=(2.0, 5.0))
    yield c
    c.close()


def make_form(qtbot, runner, opened, actor, lookup) -> IntakeForm:  # type: ignore[no-untyped-def]
    form = IntakeForm(runner, opened, actor, opener=lambda path: None, shared_lookup=lookup)
    qtbot.addWidget(form)
    form.show()
    return form


def statuses(form: IntakeForm) -> list[MaterialStatus]:
    return [form.materials.status(r) for r in range(form.materials.rowCount())]


def note_says(form: IntakeForm, text: str):  # type: ignore[no-untyped-def]
    return lambda: text in form.shared_note.text() and form.shared_note.isVisible()


def test_held_documents_are_marked_shared_once_the_number_is_complete(
        qtbot, runner, opened, actor, translations, client) -> None:  # type: ignore[no-untyped-def]
    form = make_form(qtbot, runner, opened, actor, client_lookup(lambda: client))
    pick_item(qtbot, form, "GA-001")  # M03 household register can be shared
    number = form.applicant.person.line("id_number")
    qtbot.keyClicks(number, STANDARD.id_number[:-1])
    assert not form.shared_note.isVisible()  # nothing asked for a number still being typed
    qtbot.keyClicks(number, STANDARD.id_number[-1])
    qtbot.waitUntil(note_says(form, "The platform already holds 1 of these materials"),
                    timeout=TIMEOUT_MS)
    assert statuses(form) == [S.MISSING, S.MISSING, S.SHARED, S.MISSING]

    # Another person (whom the platform does not know) takes the mark back.
    number.setText(VALID_ID)
    qtbot.waitUntil(note_says(form, "The platform holds none of these materials"),
                    timeout=TIMEOUT_MS)
    assert statuses(form) == [S.MISSING] * 4

    translations.install("zh_CN")
    number.setText(STANDARD.id_number)
    qtbot.waitUntil(note_says(form, "平台已有 1 份材料，已标记为共享获取"), timeout=TIMEOUT_MS)


def test_a_material_the_clerk_set_by_hand_is_left_alone(
        qtbot, runner, opened, actor, translations, client) -> None:  # type: ignore[no-untyped-def]
    form = make_form(qtbot, runner, opened, actor, client_lookup(lambda: client))
    pick_item(qtbot, form, "GA-001")
    for _ in range(3):  # the clerk has the first three papers in hand
        qtbot.keyClick(form.materials_table, Qt.Key.Key_Space)
    qtbot.keyClicks(form.applicant.person.line("id_number"), STANDARD.id_number)
    qtbot.waitUntil(note_says(form, "The platform holds none of these materials"),
                    timeout=TIMEOUT_MS)
    assert statuses(form) == [S.RECEIVED, S.RECEIVED, S.RECEIVED, S.MISSING]


def test_offline_says_so_and_marks_nothing(qtbot, runner, opened, actor, translations,
                                           platform, client) -> None:  # type: ignore[no-untyped-def]
    platform.cut()
    form = make_form(qtbot, runner, opened, actor, client_lookup(lambda: client))
    pick_item(qtbot, form, "GA-001")
    qtbot.keyClicks(form.applicant.person.line("id_number"), STANDARD.id_number)
    qtbot.waitUntil(note_says(form, "Shared-data lookup could not be made (offline); "
                                    "mark materials by hand"), timeout=TIMEOUT_MS)
    assert statuses(form) == [S.MISSING] * 4
    # The clerk carries on: Space marks a paper received as usual.
    form.materials_table.setFocus()
    qtbot.keyClick(form.materials_table, Qt.Key.Key_Space)
    assert statuses(form)[0] is S.RECEIVED


def test_an_unreachable_port_is_offline_too(qtbot, runner, opened, actor, translations) -> None:  # type: ignore[no-untyped-def]
    nowhere = ExchangeClient(closed_port_url(), "token", timeouts=(0.5, 1.0))
    try:
        form = make_form(qtbot, runner, opened, actor, client_lookup(lambda: nowhere))
        pick_item(qtbot, form, "GA-001")
        qtbot.keyClicks(form.applicant.person.line("id_number"), STANDARD.id_number)
        qtbot.waitUntil(note_says(form, "could not be made (offline)"), timeout=TIMEOUT_MS)
        assert S.SHARED not in statuses(form)
    finally:
        nowhere.close()


def test_no_platform_configured_is_said_once_the_number_is_valid(
        qtbot, runner, opened, actor, translations) -> None:  # type: ignore[no-untyped-def]
    form = make_form(qtbot, runner, opened, actor, None)
    pick_item(qtbot, form, "GA-001")
    qtbot.keyClicks(form.applicant.person.line("id_number"), STANDARD.id_number)
    assert "could not be made (no exchange platform configured)" in form.shared_note.text()
    # The demo platform still starting: the lookup finds no client yet.
    form.set_shared_lookup(client_lookup(lambda: None))
    qtbot.waitUntil(note_says(form, "(no exchange platform configured)"), timeout=TIMEOUT_MS)
    assert S.SHARED not in statuses(form)


def test_a_late_answer_for_an_earlier_number_is_ignored(
        qtbot, runner, opened, actor, translations) -> None:  # type: ignore[no-untyped-def]
    release_first = threading.Event()
    asked: list[str] = []

    def lookup(id_type: str, number: str) -> SharedDocuments:
        asked.append(number)
        if number == STANDARD.id_number:
            release_first.wait(TIMEOUT_MS / 1000)  # the slow answer, for the first person
            docs = [SharedDocument(doc_type="household_register", title="居民户口簿",
                                   issuer="清徐县公安局", issued_at="2019-06-01")]
        else:
            docs = []
        return SharedDocuments(id_number_masked="****", documents=docs)

    form = make_form(qtbot, runner, opened, actor, lookup)
    pick_item(qtbot, form, "GA-001")
    number = form.applicant.person.line("id_number")
    number.setText(STANDARD.id_number)
    qtbot.waitUntil(lambda: asked == [STANDARD.id_number], timeout=TIMEOUT_MS)
    number.setText(VALID_ID)  # the clerk corrects the number before the answer comes
    qtbot.waitUntil(note_says(form, "The platform holds none"), timeout=TIMEOUT_MS)
    release_first.set()
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=TIMEOUT_MS)
    assert statuses(form) == [S.MISSING] * 4
    assert "holds none" in form.shared_note.text()


def test_the_demo_window_looks_up_on_its_demo_platform(
        qtbot, runner, opened, actor, translations, platform) -> None:  # type: ignore[no-untyped-def]
    """Wired as the app wires it: the window's own client, found through the sync controller."""
    from counter.intake.id_card import SimulatedIdCardReader
    from sync.demo_platform import demo_engine
    from ui.shell.main_window import MainWindow
    from ui.shell.sync_controller import SyncController

    sync = SyncController(runner)
    window = MainWindow(runner, opened, actor, translations, opener=lambda path: None,
                        sync=sync, card_reader=SimulatedIdCardReader.demo())
    qtbot.addWidget(window)
    sync.setParent(window)
    window.show()
    form = window.form
    pick_item(qtbot, form, "GA-001")
    form.applicant.person.line("id_number").setText(STANDARD.id_number)
    # Before the platform is there, the clerk is told and carries on by hand.
    qtbot.waitUntil(note_says(form, "could not be made"), timeout=TIMEOUT_MS)
    assert statuses(form) == [S.MISSING] * 4

    sync.attach_demo(platform, demo_engine(opened.desk, platform))
    form.applicant.person.line("id_number").setText(VALID_ID)
    form.applicant.person.line("id_number").setText(STANDARD.id_number)
    qtbot.waitUntil(note_says(form, "The platform already holds 1 of these materials"),
                    timeout=TIMEOUT_MS)
    assert statuses(form) == [S.MISSING, S.MISSING, S.SHARED, S.MISSING]
    sync.shutdown()
