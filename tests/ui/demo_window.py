"""Fixtures for tests of the main window syncing with the demo platform on loopback.

Import them into a test module to use ``demo``, ``actor`` and ``window``; the
window is signed in as the demo clerk and has finished its first sync pass.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from counter.bootstrap import OpenedDesk
from counter.users import Actor
from counter.users import sign_in as core_sign_in
from sync.demo_platform import DemoPlatform, DemoSchedule, demo_engine, start_demo_platform
from tests.ui.flow import TIMEOUT_MS
from ui.shell.main_window import MainWindow
from ui.shell.sync_controller import SyncController


@pytest.fixture(name="demo")
def demo_fixture(opened: OpenedDesk) -> Iterator[DemoPlatform]:
    """The demo platform for this desk, its simulator timer off."""
    platform = start_demo_platform(
        opened.directory,
        opened.settings.office_code,
        opened.settings.desk_code,
        DemoSchedule(timer=False),
    )
    yield platform
    platform.stop()


@pytest.fixture(name="actor")
def actor_fixture(opened: OpenedDesk) -> Actor:
    return core_sign_in(opened.desk.store, "clerk", "demo1234")


@pytest.fixture(name="window")
def window_fixture(qtbot, runner, opened, actor, translations, demo) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    """The main window attached to the demo platform, after its first pass has ended."""
    sync = SyncController(runner)
    win = MainWindow(runner, opened, actor, translations, opener=lambda path: None, sync=sync)
    sync.setParent(win)
    qtbot.addWidget(win)
    with qtbot.waitSignal(
        sync.state_changed, timeout=TIMEOUT_MS, check_params_cb=lambda s: not s.running
    ):
        win.show()
        sync.attach_demo(demo, demo_engine(opened.desk, demo))
    yield win
    qtbot.waitUntil(lambda: not sync._running, timeout=TIMEOUT_MS)
    sync.shutdown()
