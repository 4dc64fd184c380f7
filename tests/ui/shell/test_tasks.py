"""The task runner: work after it has stopped is refused quietly, clean-ups always run once."""

from __future__ import annotations

import threading

from pytestqt.qtbot import QtBot

from tests.ui.flow import TIMEOUT_MS
from ui.shell.tasks import TaskRunner


def test_work_given_after_shutdown_is_not_run_and_raises_nothing(qtbot: QtBot) -> None:
    runner = TaskRunner()
    runner.shutdown()
    ran: list[str] = []
    for submit in (runner.run_store, runner.run_network):
        future = submit(lambda: ran.append("work"), ran.append, ran.append)
        assert future.cancelled()
    assert runner.pending == 0
    qtbot.wait(10)  # nothing is delivered later either
    assert ran == []
    runner.shutdown()  # a second shutdown is harmless


def test_a_clean_up_after_shutdown_runs_at_once(qtbot: QtBot) -> None:
    runner = TaskRunner()
    runner.shutdown()
    closed: list[str] = []
    runner.run_cleanup(lambda: closed.append(threading.current_thread().name))
    assert closed == [threading.current_thread().name]


def test_a_clean_up_runs_on_the_network_pool_while_the_runner_runs(qtbot: QtBot) -> None:
    runner = TaskRunner()
    closed: list[str] = []
    runner.run_cleanup(lambda: closed.append(threading.current_thread().name))
    qtbot.waitUntil(lambda: bool(closed), timeout=TIMEOUT_MS)
    runner.shutdown()
    assert closed[0].startswith("network")


def test_a_clean_up_still_queued_at_shutdown_runs_then(qtbot: QtBot) -> None:
    runner = TaskRunner()
    release = threading.Event()
    started = threading.Barrier(3)
    closed: list[str] = []
    # Both network workers busy, so the clean-up waits in the queue when the runner stops.
    for _ in range(2):
        runner.run_network(lambda: (started.wait(TIMEOUT_MS / 1000),
                                    release.wait(TIMEOUT_MS / 1000)))
    started.wait(TIMEOUT_MS / 1000)
    runner.run_cleanup(lambda: closed.append("close"))
    runner.shutdown()
    assert closed == ["close"]
    release.set()
