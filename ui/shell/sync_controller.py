"""Runs the sync engine for the window: after each intake, on a timer and on demand.

A pass (`SyncEngine.run_once`) always runs on the task runner's network pool,
never on the GUI thread; its report and the engine's state come back by
signal. One pass at a time: a request that arrives during a pass (a second
intake, F9) runs one more pass right after it, so nothing recorded waits for
the timer. Between passes a single-shot timer waits the poll interval, or
less when the engine has a retry due sooner.

In the demo profile the controller also starts the demo platform (off the GUI
thread, while the clerk signs in) and holds its line switch; it stops the
platform when the app ends.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from counter.clock import utc_now
from ui.shell.tasks import TaskRunner

if TYPE_CHECKING:  # the engine (requests, the wire models) loads off the sign-in's path
    from counter.bootstrap import OpenedDesk
    from sync.engine import SyncEngine, SyncReport, SyncStatus

log = logging.getLogger("ui.sync")

POLL_S = 30.0  # between passes when nothing is due sooner
DEMO_POLL_S = 5.0  # the demo's departments decide within seconds: look often
MIN_WAIT_S = 0.5
DEMO_START_WAIT_S = 20.0


class _DemoSlot:
    """Where the worker leaves the started platform; plain Python, safe on any thread."""

    def __init__(self) -> None:
        self.platform = None  # sync.demo_platform.DemoPlatform once started
        self.future: Future | None = None
        self.lock = threading.Lock()
        self.stopped = False
        self.owned = False  # started here (start_demo), so stopped here too


class SyncController(QObject):
    """Owns the desk's `SyncEngine` (if any) and tells the window what it sees."""

    state_changed = Signal(object)  # SyncStatus
    applied = Signal(object)  # SyncReport of a pass that changed something on the desk
    available_changed = Signal(bool)  # an engine is (or is no longer) there
    demo_failed = Signal(str)

    def __init__(
        self,
        runner: TaskRunner,
        engine: SyncEngine | None = None,
        parent: QObject | None = None,
        *,
        poll_s: float = POLL_S,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._engine: SyncEngine | None = None
        self._poll_s = poll_s
        self._running = False
        self._again = False
        self._demo = _DemoSlot()
        self.status: SyncStatus | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.sync_now)
        if engine is not None:
            self.set_engine(engine)

    # -- engine --------------------------------------------------------------------

    @property
    def available(self) -> bool:
        return self._engine is not None

    @property
    def demo(self):  # type: ignore[no-untyped-def]
        """The demo platform, once started (None otherwise)."""
        return self._demo.platform

    def set_engine(self, engine: SyncEngine) -> None:
        """Start syncing with `engine`: one pass at once, then on the timer."""
        if self._demo.stopped:  # the app is ending; an engine arriving now is not used
            engine.client.close()
            return
        self._engine = engine
        self.available_changed.emit(True)
        self.sync_now()

    def start_demo(self, opened: OpenedDesk, schedule=None) -> None:  # type: ignore[no-untyped-def]
        """Start the demo platform on the network pool; sync with it once it answers."""
        from sync.demo_platform import demo_engine, start_demo_platform

        directory = opened.directory
        office, desk_code = opened.settings.office_code, opened.settings.desk_code
        desk = opened.desk
        slot = self._demo

        def work():  # type: ignore[no-untyped-def]
            with slot.lock:
                if slot.stopped:
                    return None
                slot.platform = start_demo_platform(directory, office, desk_code, schedule)
                slot.owned = True
                return slot.platform, demo_engine(desk, slot.platform)

        def started(outcome) -> None:  # type: ignore[no-untyped-def]
            if outcome is not None:
                self.attach_demo(*outcome)

        def failed(exc: BaseException) -> None:
            log.error("the demo platform did not start: %s", exc)
            self.demo_failed.emit(str(exc))

        slot.future = self._runner.run_network(work, started, failed, owner=self)

    def attach_demo(self, platform, engine: SyncEngine) -> None:  # type: ignore[no-untyped-def]
        """Sync with a running demo platform, whose line `set_line_cut` then switches.

        A platform handed in from outside is left running by `shutdown`.
        """
        self._demo.platform = platform
        self._poll_s = min(self._poll_s, DEMO_POLL_S)
        self.set_engine(engine)

    # -- passes --------------------------------------------------------------------

    def sync_now(self) -> None:
        """Run a pass now, or right after the one running."""
        engine = self._engine
        if engine is None or self._demo.stopped:
            return
        if self._running:
            self._again = True
            return
        self._timer.stop()
        self._running = True
        self._again = False
        if self.status is not None:
            self.state_changed.emit(replace(self.status, running=True))

        def work() -> tuple[SyncReport, SyncStatus]:
            report = engine.run_once()
            return report, engine.state()

        self._runner.run_network(work, self._pass_done, self._pass_failed, owner=self)

    def _pass_done(self, outcome: tuple[SyncReport, SyncStatus]) -> None:
        report, status = outcome
        self._running = False
        self.status = status
        self.state_changed.emit(status)
        changed = report.applied
        if (
            changed.cases_moved
            or changed.office_cases  # another desk's case taken in, moved or extended
            or changed.certificates
            or changed.catalog_version
            or changed.calendar_changed
        ):
            self.applied.emit(report)
        self._next(status.next_attempt)

    def _pass_failed(self, exc: BaseException) -> None:
        # Network trouble is in the report; this is the store (a locked or full disk).
        log.error("sync pass failed: %s", exc)
        self._running = False
        self._next(None)

    def _next(self, retry_at: datetime | None) -> None:
        if self._engine is None or self._demo.stopped:
            return
        if self._again:
            self.sync_now()
            return
        wait = self._poll_s
        if retry_at is not None:
            wait = min(wait, max((retry_at - utc_now()).total_seconds(), MIN_WAIT_S))
        self._timer.start(int(wait * 1000))

    # -- the demo's line -------------------------------------------------------------

    def set_line_cut(self, cut: bool) -> None:
        """Cut or restore the demo platform's line, then look at once."""
        platform = self._demo.platform
        if platform is None:
            return
        if cut:
            platform.cut()
        else:
            platform.restore()
        self.sync_now()

    # -- the end ---------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop the timer and the demo platform it started (waiting if it is still starting)."""
        self._timer.stop()
        engine, self._engine = self._engine, None
        slot = self._demo
        slot.stopped = True
        if slot.future is not None:
            try:
                slot.future.result(timeout=DEMO_START_WAIT_S)
            except Exception as exc:  # noqa: BLE001 - a start that failed has nothing to stop
                log.debug("demo platform start ended with %r", exc)
        with slot.lock:
            if slot.platform is not None and slot.owned:
                slot.platform.stop()
        if engine is not None:
            engine.client.close()
