"""Finding and registering a CJK font, so every document embeds its glyphs.

A receipt must print the same on the counter PC, the supervisor's laptop and the
archive server. That only holds when the PDF carries the glyphs itself, so we
look for a TrueType-outline CJK font (reportlab can subset and embed those, but
not CFF/OpenType-PS ones such as Debian's Noto CJK) and register it with
reportlab. When none loads, documents still work with reportlab's built-in CID
font STSong-Light: the text is there, but the viewer supplies the glyphs.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import struct
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont

__all__ = [
    "CID_FALLBACK_FONT",
    "ENV_VAR",
    "CjkFont",
    "cid_fallback_font",
    "resolve_cjk_font",
]

ENV_VAR = "COUNTER_DESK_FONT"
"""Environment variable naming a font file; used when no path is configured."""

CID_FALLBACK_FONT = "STSong-Light"
"""reportlab's built-in (non-embedded) Simplified Chinese CID font."""

log = logging.getLogger("printing.fonts")

# Characters every usable font must have: a Latin fallback font (fc-match gives
# DejaVu Sans for :lang=zh on machines without CJK fonts) would print boxes.
_PROBE_TEXT = "受理回执容缺第页共0123456789ABCabc（）："

# What loading a font file can raise: TTFError for CFF outlines or forbidden
# embedding, ValueError for missing glyphs, and the low-level errors
# reportlab's parser lets through on truncated or corrupt files.
_FONT_ERRORS = (TTFError, OSError, ValueError, LookupError, ArithmeticError, struct.error)


@dataclass(frozen=True)
class CjkFont:
    """The fonts documents are set in, as registered reportlab font names.

    `regular` is for body text; `bold` for titles and labels (a Hei face when
    the regular one is a Song/Ming face, else the regular font again, since CJK
    fonts rarely ship a bold weight). `path` is the regular font's file, None
    for the CID fallback. `embedded` tells whether the PDF carries the glyphs.
    `warning` explains a degraded choice (fallback, or an unusable configured
    font) for the settings screen; None when all went as asked.
    """

    regular: str
    bold: str
    path: Path | None
    embedded: bool
    warning: str | None = None
    bold_path: Path | None = None


@dataclass(frozen=True)
class _Candidate:
    """A system font file worth trying; `hei` marks a sans face fit for headings."""

    path: Path
    index: int = 0
    hei: bool = False


_lock = threading.Lock()
_cache: dict[tuple[str | None, bool], CjkFont] = {}
_registered: dict[tuple[str, int], str] = {}
_fallback_logged = False


def resolve_cjk_font(configured: str | Path | None = None, *, allow_system: bool = True) -> CjkFont:
    """Return the CJK font documents should use, registering it with reportlab.

    Tries, in order: `configured` (or the ``COUNTER_DESK_FONT`` environment
    variable when `configured` is None), the usual Windows, macOS and Linux font
    files, then whatever ``fc-match :lang=zh`` names. `allow_system=False`
    restricts the search to the configured font. Falls back to the STSong-Light
    CID font when nothing usable loads. Results are cached per configured path
    because reportlab's font registry is process-wide.
    """
    if configured is None:
        configured = os.environ.get(ENV_VAR) or None
    configured_path = Path(configured).expanduser() if configured else None
    key = (str(configured_path) if configured_path else None, allow_system)
    with _lock:
        cached = _cache.get(key)
        if cached is None:
            cached = _resolve(configured_path, allow_system)
            _cache[key] = cached
        return cached


def cid_fallback_font(warning: str | None = None) -> CjkFont:
    """The non-embedded STSong-Light CID font, registered and ready to use."""
    if CID_FALLBACK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CID_FALLBACK_FONT))
    return CjkFont(
        regular=CID_FALLBACK_FONT,
        bold=CID_FALLBACK_FONT,
        path=None,
        embedded=False,
        warning=warning,
    )


def _resolve(configured: Path | None, allow_system: bool) -> CjkFont:
    problems: list[str] = []
    configured_problem: str | None = None
    if configured is not None:
        try:
            name = _register(configured, 0)
        except _FONT_ERRORS as exc:
            configured_problem = f"configured font {configured} is unusable: {exc}"
            problems.append(configured_problem)
            log.warning("Configured CJK font %s is unusable: %s", configured, exc)
        else:
            # An explicitly configured font is used for everything: the choice
            # should look the same wherever that file is installed.
            return CjkFont(name, name, configured, True, None, configured)

    if allow_system:
        found = _first_loadable(_system_candidates(), problems)
        if found is None:
            fc = _fc_match_candidate()
            if fc is not None:
                found = _first_loadable([fc], problems)
        if found is not None:
            candidate, name = found
            bold, bold_path = name, candidate.path
            if not candidate.hei:
                hei = _first_loadable([c for c in _system_candidates() if c.hei], [])
                if hei is not None:
                    bold, bold_path = hei[1], hei[0].path
            warning = (
                f"{configured_problem}; using {candidate.path}" if configured_problem else None
            )
            return CjkFont(name, bold, candidate.path, True, warning, bold_path)

    warning = (
        "No embeddable CJK TrueType font was found; documents use the built-in "
        f"{CID_FALLBACK_FONT} font, whose glyphs come from the PDF viewer, so "
        "printouts may differ between machines."
    )
    if problems:
        warning += " (" + "; ".join(problems) + ")"
    _log_fallback_once(warning)
    return cid_fallback_font(warning)


def _first_loadable(
    candidates: list[_Candidate], problems: list[str]
) -> tuple[_Candidate, str] | None:
    for candidate in candidates:
        if not candidate.path.is_file():
            continue
        try:
            return candidate, _register(candidate.path, candidate.index)
        except _FONT_ERRORS as exc:
            log.debug("Skipping font %s: %s", candidate.path, exc)
            problems.append(f"{candidate.path}: {exc}")
    return None


def _register(path: Path, index: int) -> str:
    """Load a .ttf/.ttc with reportlab, check it can serve Chinese, register it."""
    path = path.resolve()
    key = (str(path), index)
    if key in _registered:
        return _registered[key]
    if path.suffix.lower() not in {".ttf", ".ttc"}:
        raise ValueError("not a .ttf or .ttc file")
    if not path.is_file():
        raise FileNotFoundError("no such file")
    # Unique per file and subfont: two files may share a stem across folders.
    digest = hashlib.sha1(f"{path}#{index}".encode()).hexdigest()[:8]
    stem = re.sub(r"[^A-Za-z0-9]+", "", path.stem) or "font"
    name = f"CJK-{stem}-{index}-{digest}"
    font = TTFont(name, str(path), subfontIndex=index)
    missing = [ch for ch in _PROBE_TEXT if ord(ch) not in font.face.charToGlyph]
    if missing:
        raise ValueError(f"lacks glyphs for {''.join(missing)!r}")
    # Subsetting happens only when a PDF is saved; try it now so a font that
    # cannot be embedded is rejected here and not in the middle of printing.
    font.face.makeSubset([0] + [ord(ch) for ch in _PROBE_TEXT])
    pdfmetrics.registerFont(font)
    _registered[key] = name
    return name


def _system_candidates() -> list[_Candidate]:
    """Known CJK font files, best first: Song/Ming faces read best on forms."""
    if sys.platform == "win32":
        fonts = Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts"
        return [
            _Candidate(fonts / "simsun.ttc"),
            _Candidate(fonts / "simfang.ttf"),
            _Candidate(fonts / "simhei.ttf", hei=True),
            _Candidate(fonts / "msyh.ttc", hei=True),
        ]
    if sys.platform == "darwin":
        # Most macOS CJK fonts are CFF-based and get rejected on load; the
        # TrueType-outline ones further down still work.
        return [
            _Candidate(Path("/System/Library/Fonts/Supplemental/Songti.ttc")),
            _Candidate(Path("/System/Library/Fonts/STHeiti Light.ttc"), hei=True),
            _Candidate(Path("/System/Library/Fonts/STHeiti Medium.ttc"), hei=True),
            _Candidate(Path("/Library/Fonts/Arial Unicode.ttf"), hei=True),
            _Candidate(Path("/System/Library/Fonts/Supplemental/Arial Unicode.ttf"), hei=True),
        ]
    return [
        # Subfont 0 of uming.ttc is "AR PL UMing CN" (mainland glyph shapes).
        _Candidate(Path("/usr/share/fonts/truetype/arphic/uming.ttc")),
        _Candidate(Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"), hei=True),
        _Candidate(Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"), hei=True),
        _Candidate(Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"), hei=True),
    ]


def _fc_match_candidate() -> _Candidate | None:
    """Ask fontconfig for its Chinese font; only .ttf/.ttc files are of use."""
    exe = shutil.which("fc-match")
    if exe is None:
        return None
    try:
        result = subprocess.run(
            [exe, "-f", "%{file}\n%{index}", ":lang=zh"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        log.debug("fc-match failed: %s", exc)
        return None
    lines = result.stdout.strip().splitlines()
    if result.returncode != 0 or not lines:
        return None
    path = Path(lines[0].strip())
    if path.suffix.lower() not in {".ttf", ".ttc"}:
        return None
    index = int(lines[1]) if len(lines) > 1 and lines[1].strip().isdigit() else 0
    return _Candidate(path, index)


def _log_fallback_once(warning: str) -> None:
    global _fallback_logged
    if not _fallback_logged:
        _fallback_logged = True
        log.warning(warning)
