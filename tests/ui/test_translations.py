"""The Chinese catalogue is complete, current with the sources, and compiled."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

from ui.translations import build


def _messages(ts: Path) -> set[tuple[str, str]]:
    root = ET.parse(ts).getroot()
    return {(c.findtext("name", ""), m.findtext("source", ""))
            for c in root.iter("context") for m in c.iter("message")}


def test_every_message_is_translated() -> None:
    ts = build.ts_path("zh_CN")
    assert build.unfinished(ts) == []


def test_translations_keep_their_placeholders() -> None:
    import string

    fields = string.Formatter()
    root = ET.parse(build.ts_path("zh_CN")).getroot()
    for message in root.iter("message"):
        source = message.findtext("source", "")
        target = message.findtext("translation", "")
        names = {f for _, f, _, _ in fields.parse(source) if f}
        assert names == {f for _, f, _, _ in fields.parse(target) if f}, source


def test_catalogue_lists_every_text_in_the_sources(tmp_path: Path) -> None:
    """Rerunning lupdate adds nothing: no new text went in untranslated."""
    copy = tmp_path / "copy.ts"
    shutil.copy(build.ts_path("zh_CN"), copy)
    build.update_ts(copy)
    assert _messages(copy) == _messages(build.ts_path("zh_CN"))
    assert build.unfinished(copy) == []


def test_compiled_catalogue_is_up_to_date(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.qm"
    build.release(build.ts_path("zh_CN"), fresh)
    assert fresh.read_bytes() == build.qm_path("zh_CN").read_bytes(), \
        "run: python -m ui.translations.build"
