"""The one task runner: store and network work off the GUI thread, results back by signal.

Store work runs on a single worker thread, so writes to this desk's database
are serialised in the order the clerk asked for them; network work has its
own small pool, so a slow platform never queues behind (or in front of) an
intake. Workers never touch widgets: each task's result or error comes back
to the GUI thread through a queued signal and is handed to the callbacks
given with the task.

The callbacks stay on the GUI thread (the worker only sees a task number):
a callback is usually a bound method of a widget, and if a worker thread
dropped the last reference to it, the widget would be destroyed on that
thread, which Qt does not survive. For the same reason the work function
itself must hold no Qt object; it is released on the worker.

Closing happens in no fixed order (a window may close after the app has
stopped the runner), so work given after `shutdown` is dropped with a
warning rather than raising, and clean-ups (`run_cleanup`) run whatever the
order.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger("ui.tasks")

Callback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], None]


class TaskRunner(QObject):
    """Run callables in the background and deliver outcomes on the GUI thread."""

    _finished = Signal(int, object, bool)  # task number, result-or-error, is_error
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="store")
        self._network_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="network")
        self._pending = 0
        self._next_task = 0
        self._callbacks: dict[
            int, tuple[Callback | None, ErrorCallback | None, QObject | None]
        ] = {}
        self._stopped = False
        self._cleanups: list[tuple[Future, Callable[[], Any]]] = []
        self._finished.connect(self._deliver)

    def run_store(
        self,
        fn: Callable[[], Any],
        on_done: Callback | None = None,
        on_error: ErrorCallback | None = None,
        *,
        owner: QObject | None = None,
    ) -> Future:
        """Queue `fn` for the store worker (one at a time, in order).

        With an `owner`, the callbacks are skipped if the owner has been
        destroyed by the time the answer comes (a window closed meanwhile).
        """
        return self._submit(self._store_pool, fn, on_done, on_error, owner)

    def run_network(
        self,
        fn: Callable[[], Any],
        on_done: Callback | None = None,
        on_error: ErrorCallback | None = None,
        *,
        owner: QObject | None = None,
    ) -> Future:
        return self._submit(self._network_pool, fn, on_done, on_error, owner)

    def run_cleanup(self, fn: Callable[[], Any]) -> None:
        """Release a resource (a client's connections) off the GUI thread, exactly once.

        On the network pool while the runner runs; if the runner stops before
        the clean-up started, at its shutdown; once it has stopped, at once on
        the calling thread. A clean-up must be quick and never wait on the
        network. Its failure is logged, not delivered: nobody waits for it.
        """
        if self._stopped:
            _clean_up(fn)
            return
        self._cleanups = [(f, c) for f, c in self._cleanups if not f.done()]
        self._cleanups.append((self._network_pool.submit(_clean_up, fn), fn))

    def _submit(
        self,
        pool: ThreadPoolExecutor,
        fn: Callable[[], Any],
        on_done: Callback | None,
        on_error: ErrorCallback | None,
        owner: QObject | None,
    ) -> Future:
        if self._stopped:
            log.warning("%r not run: the task runner has stopped", fn)
            refused: Future = Future()
            refused.cancel()
            return refused
        self._next_task += 1
        task = self._next_task
        self._callbacks[task] = (on_done, on_error, owner)
        self._set_pending(self._pending + 1)
        finished = self._finished

        def work() -> None:
            try:
                result = fn()
            except BaseException as exc:  # noqa: BLE001 - every failure goes back to the GUI
                log.debug("task failed: %r", exc)
                finished.emit(task, exc, True)
            else:
                finished.emit(task, result, False)

        return pool.submit(work)

    @Slot(int, object, bool)
    def _deliver(self, task: int, value: object, is_error: bool) -> None:
        on_done, on_error, owner = self._callbacks.pop(task)
        self._set_pending(self._pending - 1)
        if owner is not None and not shiboken6.isValid(owner):
            log.debug("task %d answered after its owner was destroyed", task)
            return
        callback = on_error if is_error else on_done
        if callback is not None:
            callback(value)
        elif is_error:
            log.error("unhandled task error: %s", value)

    def _set_pending(self, count: int) -> None:
        was_busy = self._pending > 0
        self._pending = count
        if was_busy != (count > 0):
            self.busy_changed.emit(count > 0)

    @property
    def pending(self) -> int:
        return self._pending

    def shutdown(self) -> None:
        """Wait for queued store work (an intake must finish committing), then stop.

        Network work not yet started is cancelled; clean-ups among it run here.
        Calling it again does nothing.
        """
        if self._stopped:
            return
        self._stopped = True
        self._store_pool.shutdown(wait=True)
        self._network_pool.shutdown(wait=False, cancel_futures=True)
        cleanups, self._cleanups = self._cleanups, []
        for future, fn in cleanups:
            if future.cancelled():
                _clean_up(fn)


def _clean_up(fn: Callable[[], Any]) -> None:
    try:
        fn()
    except Exception:
        log.exception("clean-up %r failed", fn)
