"""Help → About: the desk, its folder, its platform, and how its secrets are protected."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QLabel, QPushButton

from tests.ui.flow import TIMEOUT_MS, open_window, sign_in
from ui.shell.about_dialog import AboutDialog


def test_about_says_the_desk_is_less_protected_without_a_keyring_and_never_shows_the_token(
        qtbot, runner, opened, translations) -> None:  # type: ignore[no-untyped-def]
    token = "about-box-token-1234567"
    opened = replace(opened, settings=replace(
        opened.settings, exchange_url="https://exchange.example.gov.cn", exchange_token=token))
    actor = sign_in(qtbot, runner, opened, translations)
    window = open_window(qtbot, runner, opened, actor, translations)
    dialog = window.open_about()
    assert isinstance(dialog, AboutDialog)
    qtbot.waitUntil(lambda: dialog.secrets is not None, timeout=TIMEOUT_MS)
    texts = {key: label.text() for key, label in dialog.values.items()}
    assert texts["secrets"].startswith("less protected") and "color: #c62828" in (
        dialog.values["secrets"].styleSheet())
    assert str(dialog.secrets.file) in texts["secrets"]
    assert texts["store"].startswith("not encrypted")  # said plainly until the store is keyed
    assert texts["platform"] == "https://exchange.example.gov.cn"
    assert texts["folder"] == str(opened.directory) and texts["lock"] == "after 5 minutes without use"
    assert all(token not in text for text in texts.values())
    translations.install("zh_CN")
    qtbot.waitUntil(lambda: dialog.values["secrets"].text().startswith("保护较弱"),
                    timeout=TIMEOUT_MS)
    from tests.ui.test_visible_chinese import _english_words

    # The folder, the address and the file's path are data; every other text is Chinese.
    shown = [dialog.windowTitle(), dialog.values["lock"].text(), dialog.values["desk"].text(),
             *(label.text() for label in dialog.findChildren(QLabel)
               if label not in dialog.values.values()),
             *(button.text() for button in dialog.findChildren(QPushButton))]
    assert [text for text in shown if _english_words(text)] == []
    dialog.close()
