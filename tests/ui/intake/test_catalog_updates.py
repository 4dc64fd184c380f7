"""The intake form's item picker follows catalog updates as sync applies them.

The reference platform runs on loopback (the demo platform, its timer off);
the test publishes a new catalog version on it as an operator would, the
clerk presses F9, and the engine's pass applies it. The picker shows the
catalog as it now is without a restart: an open result list is searched
again, a picked item the platform withdrew is dropped with a message, and a
picked item the update changed keeps the clerk's marks. An intake for an item
withdrawn by a pass the window did not hear of is refused by the core.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt

from counter.catalog.seed import SEED_CATALOG
from counter.catalog.spec import ServiceItemSpec
from counter.clock import utc_now
from counter.intake.request import Decision, MaterialStatus
from sync.demo_platform import DemoPlatform
from sync.protocol import item_to_wire
from sync.server.db import session_scope
from sync.server.reference import publish_catalog
from tests.ui.demo_window import (  # noqa: F401 - fixtures
    actor_fixture,
    demo_fixture,
    window_fixture,
)
from tests.ui.flow import TIMEOUT_MS, mark_all_received, pick_item, type_person
from ui.intake.item_picker import ItemPicker
from ui.shell.main_window import MainWindow

SEED = {item.code: item for item in SEED_CATALOG.items}


def publish(demo: DemoPlatform, items: tuple[ServiceItemSpec, ...] = (),
            removed: tuple[str, ...] = ()) -> int:
    """A new catalog version on the platform, as its operator publishes one."""
    with session_scope(demo.engine) as session:
        return publish_catalog(session, [item_to_wire(i) for i in items], list(removed),
                               utc_now())


def sync_catalog(qtbot, window: MainWindow, version: int) -> None:  # type: ignore[no-untyped-def]
    """F9, as the clerk presses it; returns once the pass applied catalog `version`."""
    with qtbot.waitSignal(window.sync.applied, timeout=TIMEOUT_MS,
                          check_params_cb=lambda r: r.applied.catalog_version == version):
        qtbot.keyClick(window, Qt.Key.Key_F9)


def listed(picker: ItemPicker) -> dict[str, str]:
    """The result list as the clerk reads it: code -> the entry's text."""
    entries = (picker.results.item(row) for row in range(picker.results.count()))
    return {e.data(Qt.ItemDataRole.UserRole): e.text() for e in entries
            if e.data(Qt.ItemDataRole.UserRole)}


def test_an_open_result_list_follows_a_withdrawal_and_a_rename(qtbot, window, demo):
    picker = window.form.picker
    qtbot.keyClicks(picker.search, "SCJG")
    qtbot.waitUntil(lambda: len(listed(picker)) == 4, timeout=TIMEOUT_MS)
    assert "SCJG-002" in listed(picker)

    renamed = replace(SEED["SCJG-001"], name_en="Registration of an individual business (2027)")
    version = publish(demo, (renamed,), ("SCJG-002",))
    sync_catalog(qtbot, window, version)

    # Nothing typed: the open list is searched again as the pass lands.
    qtbot.waitUntil(lambda: "SCJG-002" not in listed(picker), timeout=TIMEOUT_MS)
    assert sorted(listed(picker)) == ["SCJG-001", "SCJG-003", "SCJG-004"]
    assert listed(picker)["SCJG-001"] == "SCJG-001  Registration of an individual business (2027)"
    assert picker.search.text() == "SCJG" and picker.results.isVisible()


def test_a_picked_item_withdrawn_meanwhile_is_dropped_and_the_clerk_told(qtbot, window, demo):
    form, picker = window.form, window.form.picker
    pick_item(qtbot, form, "SCJG-004")
    mark_all_received(qtbot, form)
    assert form.materials.rowCount() > 0

    version = publish(demo, removed=("SCJG-004",))
    with qtbot.waitSignal(picker.withdrawn, timeout=TIMEOUT_MS):
        sync_catalog(qtbot, window, version)

    assert picker.current is None and picker.search.text() == ""
    assert form.materials.rowCount() == 0
    assert picker.card.text().startswith("<b>Food business permit (new)</b> &nbsp;SCJG-004<br>")
    assert "was withdrawn from the catalog on the exchange platform" in picker.card.text()
    # Accepting now asks for an item, and the item cannot be found any more.
    form.decide(Decision.ACCEPT)
    assert "Pick the service item first." in form.panel.plain_text()
    qtbot.keyClicks(picker.search, "SCJG")
    qtbot.waitUntil(lambda: len(listed(picker)) == 3, timeout=TIMEOUT_MS)
    assert "SCJG-004" not in listed(picker)


def test_a_withdrawn_item_picked_from_a_list_shown_before_is_refused_at_once(
    qtbot, window, demo
):
    """The list on screen predates the update when the clerk presses Enter on the item."""
    picker = window.form.picker
    qtbot.keyClicks(picker.search, "SCJG-004")
    qtbot.waitUntil(lambda: list(listed(picker)) == ["SCJG-004"], timeout=TIMEOUT_MS)
    window.sync.applied.disconnect()  # the pass lands, the window does not hear of it
    version = publish(demo, removed=("SCJG-004",))
    with qtbot.waitSignal(window.sync.applied, timeout=TIMEOUT_MS,
                          check_params_cb=lambda r: r.applied.catalog_version == version):
        window.sync.sync_now()

    with qtbot.waitSignal(picker.withdrawn, timeout=TIMEOUT_MS):
        qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert picker.current is None
    assert "SCJG-004" in picker.card.text() and "was withdrawn" in picker.card.text()
    qtbot.waitUntil(lambda: "SCJG-004" not in listed(picker), timeout=TIMEOUT_MS)


def test_a_picked_item_the_update_changed_keeps_the_clerks_marks(qtbot, window, demo):
    form, picker = window.form, window.form.picker
    pick_item(qtbot, form, "RS-002")
    mark_all_received(qtbot, form)
    codes = [form.materials._rows[row].spec.code for row in range(form.materials.rowCount())]
    item = SEED["RS-002"]
    changed = replace(item, promised_days=3, materials=item.materials[:-1])
    version = publish(demo, (changed,))

    with qtbot.waitSignal(picker.updated, timeout=TIMEOUT_MS):
        sync_catalog(qtbot, window, version)

    assert picker.current is not None and picker.current.detail.item.promised_days == 3
    assert "Promised in 3 working days" in picker.card.text()
    assert "updated on the exchange platform" in picker.card.text()
    model = form.materials
    assert [model._rows[row].spec.code for row in range(model.rowCount())] == codes[:-1]
    assert all(model.status(row) is MaterialStatus.RECEIVED for row in range(model.rowCount()))


def test_the_core_refuses_an_item_withdrawn_by_a_pass_the_window_missed(qtbot, window, demo):
    """A pass the form did not hear of (a sync run elsewhere): the core still refuses."""
    form, picker = window.form, window.form.picker
    pick_item(qtbot, form, "RS-002")
    mark_all_received(qtbot, form)
    type_person(qtbot, form)
    window.sync.applied.disconnect()
    version = publish(demo, removed=("RS-002",))
    with qtbot.waitSignal(window.sync.applied, timeout=TIMEOUT_MS,
                          check_params_cb=lambda r: r.applied.catalog_version == version):
        window.sync.sync_now()

    with qtbot.waitSignal(picker.withdrawn, timeout=TIMEOUT_MS):
        qtbot.keyClick(form.applicant.person.line("phone"), Qt.Key.Key_Return)  # Accept
    assert form.panel.plain_text().splitlines() == [
        "Not recorded. Please correct the following:",
        ("Service item: RS-002 was withdrawn from the catalog on the exchange platform; "
         "pick another item"),
    ]
    assert window.queue_model.rowCount() == 0
    assert picker.current is None and form.materials.rowCount() == 0
    assert form.applicant.person.line("name").text() == "张三"  # the applicant stays
