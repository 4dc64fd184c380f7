"""Fixtures for the interface tests: offscreen Qt, a fresh desk per test, one task runner."""

from __future__ import annotations

import os
import sys

# Before anything imports Qt: there is no display here, and tests must not need one.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import PySide6
import pytest

from counter.bootstrap import OpenedDesk, open_desk
from tests.ui.flow import TIMEOUT_MS
from ui.shell.i18n import Translations
from ui.shell.tasks import TaskRunner


def _none_refcount_leaks() -> bool:
    """PySide6 6.12.0 on Python < 3.12 drops a reference to None on every void call.

    None is immortal only from Python 3.12, so there the process soon dies at a
    random place ("deallocating None"). Detect it and stop with a clear message.
    """
    if sys.version_info >= (3, 12):
        return False
    from PySide6.QtCore import QCoreApplication

    before = sys.getrefcount(None)
    for _ in range(100):
        QCoreApplication.processEvents()
    return sys.getrefcount(None) < before - 50


@pytest.fixture(scope="session", autouse=True)
def _sane_bindings(qapp) -> None:  # type: ignore[no-untyped-def]
    if _none_refcount_leaks():
        pytest.exit(f"PySide6 {PySide6.__version__} corrupts None's reference count on Python "
                    f"{sys.version.split()[0]}: install another PySide6 version "
                    "(6.11.3 works) or run on Python 3.12+", returncode=3)


@pytest.fixture(autouse=True)
def desk_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own empty data folder (a new demo desk)."""
    home = tmp_path / "desk"
    monkeypatch.setenv("COUNTER_DESK_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def own_qsettings(tmp_path: Path) -> None:
    """QSettings() (remembered printers) in the test's folder, never the user's own."""
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(tmp_path / "qsettings"))


@pytest.fixture(autouse=True)
def no_print_dialog(monkeypatch: pytest.MonkeyPatch) -> None:
    """A modal print dialog would wait for a click forever: a test that reaches one fails.

    (Tests of the dialog's path replace `choose_printer` themselves; CI has a real
    CUPS queue, so without this a forgotten fake printer would hang the run.)
    """
    from ui.devices import printer

    def refuse(parent, qprinter):  # type: ignore[no-untyped-def]
        raise AssertionError("a test opened the print dialog; give it a fake printer")

    monkeypatch.setattr(printer, "choose_printer", refuse)


@pytest.fixture(autouse=True)
def english_after(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """A test that installs a translator takes it out again, or the next ones read Chinese."""
    yield
    from PySide6.QtCore import QCoreApplication

    left = QCoreApplication.translate("MainWindow", "Intake")
    assert left == "Intake", "a test left the Chinese catalogue installed"


@pytest.fixture
def opened(desk_home: Path) -> Iterator[OpenedDesk]:
    desk = open_desk()
    yield desk
    desk.desk.store.dispose()


@pytest.fixture
def translations(qapp) -> Iterator[Translations]:  # type: ignore[no-untyped-def]
    """English to start with; back to English afterwards, whatever the test switched to."""
    t = Translations(qapp)
    t.install("en")
    yield t
    t.install("en")


@pytest.fixture
def runner(qtbot, opened: OpenedDesk) -> Iterator[TaskRunner]:  # type: ignore[no-untyped-def]
    """The task runner; drained and stopped before the store closes."""
    r = TaskRunner()
    yield r
    qtbot.waitUntil(lambda: r.pending == 0, timeout=TIMEOUT_MS)
    r.shutdown()
