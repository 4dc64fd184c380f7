"""Rebuild the translation catalogues: ``python -m ui.translations.build``.

Runs ``pyside6-lupdate`` over the interface (ui/) and the core (counter/,
whose texts are marked with QT_TRANSLATE_NOOP) to bring the .ts file up to
date, keeping every existing translation and dropping obsolete ones, then
compiles it with ``pyside6-lrelease``. New texts come out unfinished: translate
them in the .ts (Qt Linguist or any editor) and run this again.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SOURCE_PACKAGES = ("ui", "counter")
LANGUAGES = ("zh_CN",)


def ts_path(language: str) -> Path:
    return HERE / f"counter_desk_{language}.ts"


def qm_path(language: str) -> Path:
    return HERE / f"counter_desk_{language}.qm"


def _tool(name: str) -> str:
    """The Qt tool next to this Python (a virtualenv's bin/), else on PATH."""
    local = Path(sys.executable).parent / name
    found = str(local) if local.exists() else shutil.which(name)
    if not found:
        raise FileNotFoundError(f"{name} not found; install PySide6")
    return found


def source_files() -> list[Path]:
    """Every Python file whose strings go into the catalogue, in a stable order."""
    files: list[Path] = []
    for package in SOURCE_PACKAGES:
        files.extend(p for p in (ROOT / package).rglob("*.py")
                     if "migrations" not in p.parts and p.parent != HERE)
    return sorted(files)


def update_ts(target: Path) -> None:
    """Bring `target` up to date with the sources (existing translations are kept)."""
    files = [str(p.relative_to(ROOT)) for p in source_files()]
    subprocess.run([_tool("pyside6-lupdate"), *files, "-no-obsolete", "-locations", "none",
                    "-ts", str(target)], cwd=ROOT, check=True, capture_output=True, text=True)


def release(ts: Path, qm: Path) -> None:
    subprocess.run([_tool("pyside6-lrelease"), str(ts), "-qm", str(qm)],
                   check=True, capture_output=True, text=True)


def unfinished(ts: Path) -> list[tuple[str, str]]:
    """(context, source) of every message without a finished, non-empty translation."""
    missing = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            if (translation is None or translation.get("type") in ("unfinished", "vanished",
                                                                     "obsolete")
                    or not "".join(translation.itertext()).strip()):
                missing.append((name, message.findtext("source", "")))
    return missing


def main() -> int:
    status = 0
    for language in LANGUAGES:
        ts = ts_path(language)
        update_ts(ts)
        release(ts, qm_path(language))
        todo = unfinished(ts)
        print(f"{ts.name}: {len(todo)} unfinished")
        for context, source in todo:
            print(f"  [{context}] {source}")
        status = status or (1 if todo else 0)
    return status


if __name__ == "__main__":
    sys.exit(main())
