"""Every text a clerk can see is in Chinese when the interface is in Chinese.

The catalogue test (test_translations) proves every marked text has a
translation; this one catches a text that was never marked: it opens each
screen in zh_CN and reads every label, button, field hint, list entry, column
title, tooltip, menu entry and window title, failing on an English word.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTabWidget,
    QWidget,
)

from tests.ui.flow import TIMEOUT_MS, open_window, sign_in

# Words that stay as they are in Chinese software: keys, formats, demo log-in names, and
# "English" (the language menu names each language in itself).
ALLOWED = {
    "english", "truetype", "gtgsh",  # gtgsh: the pinyin initials the item search shows as an example
    "ctrl", "alt", "shift", "enter", "esc", "tab", "space", "pdf", "png", "csv", "xlsx", "toml",
    "clerk", "clerk2", "supervisor", "admin", "demo1234", "counter", "desk", "app", "mm",
}
WORD = re.compile(r"[A-Za-z]{3,}")


def _english_words(text: str) -> list[str]:
    plain = re.sub(r"<[^>]+>", " ", text)  # rich text: tags are not words
    plain = re.sub(r"&\w+;", " ", plain)
    plain = re.sub(r"\w*_\w*", " ", plain)  # setting names (exchange_url) are names, not words
    plain = re.sub(r"[\w-]+\.(toml|pdf|png|json)\b", " ", plain)  # so are file names
    return [w for w in WORD.findall(plain) if w.lower() not in ALLOWED]


def _texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) for every text under `root` that can be shown."""
    found: list[tuple[str, str]] = [("window title", root.windowTitle())]
    for widget in [root, *root.findChildren(QWidget)]:
        name = f"{type(widget).__name__} {widget.objectName()}".strip()
        # Hidden ones too: the other tabs, and texts kept ready for when they show.
        found.append((f"{name} tooltip", widget.toolTip()))
        if isinstance(widget, (QLabel, QAbstractButton)):
            found.append((name, widget.text()))
        elif isinstance(widget, (QLineEdit, QPlainTextEdit)):
            found.append((f"{name} placeholder", widget.placeholderText()))
        elif isinstance(widget, QComboBox):
            found.extend((f"{name} item", widget.itemText(i)) for i in range(widget.count()))
        elif isinstance(widget, QGroupBox):
            found.append((name, widget.title()))
        elif isinstance(widget, QTabWidget):
            found.extend((f"{name} tab", widget.tabText(i)) for i in range(widget.count()))
        elif isinstance(widget, QMenu):
            found.append((name, widget.title()))
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            found.extend(_headers(name, widget.model()))
    for action in root.findChildren(QAction):
        found.append(("action", action.text()))
        found.append(("action tooltip", action.toolTip()))
    return found


def _headers(name: str, model: QAbstractItemModel) -> list[tuple[str, str]]:
    titles = []
    try:
        columns = model.columnCount(QModelIndex())
    except TypeError:  # a list model: no column titles
        return titles
    for section in range(columns):
        value = model.headerData(section, Qt.Orientation.Horizontal)
        titles.append((f"{name} column", str(value or "")))
    return titles


def _english(root: QWidget) -> list[str]:
    return [f"{where}: {text!r}" for where, text in _texts(root) if text and _english_words(text)]


def test_every_screen_reads_in_chinese(qtbot, runner, opened, translations) -> None:  # type: ignore[no-untyped-def]
    from counter.intake.submit import submit_intake
    from tests.conftest import intake_request

    translations.install("zh_CN")
    actor = sign_in(qtbot, runner, opened, translations)
    case_id = submit_intake(opened.desk, actor, intake_request(opened.desk)).case_id
    window = open_window(qtbot, runner, opened, actor, translations)
    qtbot.waitUntil(lambda: window.queue_model.rowCount() == 1, timeout=TIMEOUT_MS)
    window.form.picker.pick("RS-002")
    qtbot.waitUntil(lambda: window.form.picker.current is not None, timeout=TIMEOUT_MS)

    problems = []
    for page in ("intake", "queue", "pickup"):
        window.pages.show_page(page)
        qtbot.waitUntil(lambda: runner.pending == 0, timeout=TIMEOUT_MS)
        problems += [f"[{page}] {p}" for p in _english(window)]
    dialog = window.open_case(case_id)
    qtbot.waitUntil(lambda: dialog.case is not None and runner.pending == 0, timeout=TIMEOUT_MS)
    problems += [f"[case view] {p}" for p in _english(dialog)]
    verify = window.open_verify_dialog()
    problems += [f"[verify] {p}" for p in _english(verify)]
    problems += [f"[{type(d).__name__}] {p}" for d in _dialogs(runner, opened, window, dialog)
                 for p in _english(d)]
    assert sorted(set(problems)) == [], "\n".join(sorted(set(problems)))


def _dialogs(runner, opened, window, case_view) -> list[QWidget]:  # type: ignore[no-untyped-def]
    """The dialogs the screens open: sign-in, the intake's questions, delivery."""
    from counter.intake.request import Decision
    from ui.intake.decision_dialogs import PendingDialog, ReasonDialog
    from ui.pickup.deliver_dialog import DeliverDialog
    from ui.shell.login import LoginDialog

    picked = window.form.picker.current
    made = [
        LoginDialog(runner, opened, window._translations),
        PendingDialog(picked.today, picked.due.due, picked.makeup_default, window),
        ReasonDialog(Decision.REFUSE, window),
        ReasonDialog(Decision.REQUEST_CORRECTION, window),
        DeliverDialog(runner, opened, window._actor, case_view.case, window),
    ]
    return made


def test_the_check_finds_an_unmarked_text(qtbot, translations) -> None:  # type: ignore[no-untyped-def]
    """The check itself: a label nobody translated is caught, a key name is not."""
    translations.install("zh_CN")
    root = QWidget()
    qtbot.addWidget(root)
    QLabel("Applicant name", root)
    QLabel("按 Ctrl+F 查找", root)
    assert _english(root) == ["QLabel: 'Applicant name'"]


def test_the_supervisors_screens_read_in_chinese(qtbot, runner, opened, translations) -> None:  # type: ignore[no-untyped-def]
    from counter.intake.submit import submit_intake
    from tests.conftest import intake_request

    translations.install("zh_CN")
    clerk = sign_in(qtbot, runner, opened, translations)
    submit_intake(opened.desk, clerk, intake_request(opened.desk))
    supervisor = sign_in(qtbot, runner, opened, translations, "supervisor")
    window = open_window(qtbot, runner, opened, supervisor, translations)
    problems = []
    for page in [key for key in window.pages.pages if key not in ("intake", "queue", "pickup")]:
        window.pages.show_page(page)
        qtbot.waitUntil(lambda: runner.pending == 0, timeout=TIMEOUT_MS)
        problems += [f"[{page}] {p}" for p in _english(window)]
    tools = window.supervisor
    for open_tool in (tools.open_day_close, tools.open_dead_letters, tools.open_follow_ups,
                      tools.open_audit):
        dialog = open_tool()
        qtbot.waitUntil(lambda: runner.pending == 0, timeout=TIMEOUT_MS)
        problems += [f"[{type(dialog).__name__}] {p}" for p in _english(dialog)]
        dialog.close()
    assert sorted(set(problems)) == [], "\n".join(sorted(set(problems)))
