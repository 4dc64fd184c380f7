"""Before Qt starts: can its platform plugin load here? If not, say what to install, in one line.

PySide6's wheels bring Qt, but on Linux its xcb platform plugin links X11
libraries of the system (libxcb-cursor0, libxcb-icccm4, …) that a desktop does
not always have. Qt finds out only when the application object is made; it
prints a hint that may name the wrong package and aborts, leaving a core dump.

`platform_problem` loads the plugin Qt is going to use the way Qt loads it
(the dynamic loader, in this process: Qt would load the same file a moment
later) and, when it cannot, asks the loader which libraries are missing (ldd)
and names the Debian packages that hold them. `fatal_guard` covers what no
check can foresee (a display that does not answer): Qt's fatal message becomes
one line and exit code 1 instead of an abort.
"""

from __future__ import annotations

import ctypes
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

EXIT_NO_PLATFORM = 1
_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)
_MISSING_IN_DLERROR = re.compile(r"(lib[^\s:/]+\.so[.\d]*): cannot open shared object file")
_SONAME = re.compile(r"^(lib.+?)\.so\.([\d.]+)$")


def candidate_platforms(env: Mapping[str, str]) -> list[str]:
    """The platform plugins Qt will try, in order (as QGuiApplication picks them)."""
    chosen = env.get("QT_QPA_PLATFORM", "")
    if chosen:
        # "wayland;xcb" is a list to try in turn; "xcb:option=…" carries the plugin's options.
        return [part.split(":")[0].strip() for part in chosen.split(";") if part.strip()]
    if env.get("XDG_SESSION_TYPE") == "wayland" or env.get("WAYLAND_DISPLAY"):
        return ["wayland", "xcb"]
    return ["xcb"]


def plugin_dirs(env: Mapping[str, str]) -> list[Path]:
    """Where Qt looks for platform plugins: the environment's folders first, then its own."""
    from PySide6.QtCore import QLibraryInfo

    chosen = env.get("QT_QPA_PLATFORM_PLUGIN_PATH")
    dirs = [Path(chosen)] if chosen else []
    dirs += [Path(p) / "platforms" for p in env.get("QT_PLUGIN_PATH", "").split(os.pathsep) if p]
    dirs.append(Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms")
    return dirs


def platform_problem(env: Mapping[str, str] | None = None) -> str | None:
    """Why Qt's platform plugin cannot load here, as one line to print; None if one can.

    Only Linux is checked: elsewhere Qt's plugins need nothing outside the wheel.
    """
    if not sys.platform.startswith("linux"):
        return None
    env = os.environ if env is None else env
    failed: tuple[str, Path, str] | None = None
    for name in candidate_platforms(env):
        for folder in plugin_dirs(env):
            plugin = folder / f"libq{name}.so"
            if not plugin.is_file():
                continue  # not here; with no such plugin at all Qt says so itself
            failure = load_failure(plugin)
            if failure is None:
                return None
            failed = failed or (name, plugin, failure)
    return explain(*failed) if failed else None


def load_failure(plugin: Path) -> str | None:
    """The dynamic loader's complaint about loading `plugin`, or None once it is loaded."""
    try:
        ctypes.CDLL(str(plugin))
    except OSError as exc:
        return str(exc)
    return None


def missing_libraries(plugin: Path, failure: str = "") -> list[str]:
    """The shared libraries the loader cannot find for `plugin` (all of them, by ldd)."""
    ldd = shutil.which("ldd")
    if ldd:
        try:
            listed = subprocess.run([ldd, str(plugin)], capture_output=True, text=True,
                                    timeout=30, check=False).stdout
        except (OSError, subprocess.SubprocessError):
            listed = ""
        found = list(dict.fromkeys(_NOT_FOUND.findall(listed)))
        if found:
            return found
    # No ldd: the loader's own message names the first library it missed.
    match = _MISSING_IN_DLERROR.search(failure)
    return [match.group(1)] if match else []


def debian_package(soname: str) -> str:
    """The Debian package that ships a library, by Debian's naming of library packages.

    libxcb-cursor.so.0 → libxcb-cursor0; a name ending in a digit takes a hyphen:
    libxkbcommon-x11.so.0 → libxkbcommon-x11-0.
    """
    match = _SONAME.match(soname)
    if not match:
        return soname
    name, version = match.group(1).lower(), match.group(2).split(".")[0]
    return f"{name}-{version}" if name[-1].isdigit() else f"{name}{version}"


def explain(platform: str, plugin: Path, failure: str) -> str:
    """The one line for a platform plugin that cannot load."""
    missing = missing_libraries(plugin, failure)
    if not missing:
        return (f"counter-desk: Qt's {platform} platform plugin cannot load ({failure}); "
                "reinstall PySide6 in this virtualenv")
    packages = " ".join(dict.fromkeys(debian_package(m) for m in missing))
    verb = "is" if len(missing) == 1 else "are"
    return (f"counter-desk: Qt's {platform} platform plugin cannot load: "
            f"{', '.join(missing)} {verb} missing; install the system "
            f"{'package' if len(missing) == 1 else 'packages'} "
            f"(Debian/Ubuntu: sudo apt-get install {packages})")


@contextmanager
def fatal_guard() -> Iterator[None]:
    """While Qt starts: its fatal error becomes one line and exit 1, not an abort.

    Qt's other messages meanwhile are held and then written as Qt writes them,
    so a start that succeeds prints what it always printed.
    """
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    held: list[tuple[str, str]] = []

    def handler(kind, context, message) -> None:  # type: ignore[no-untyped-def]
        category = getattr(context, "category", None) or "default"
        if kind == QtMsgType.QtFatalMsg:
            print(fatal_line(held, message), file=sys.stderr, flush=True)
            os._exit(EXIT_NO_PLATFORM)  # Qt would abort() right after this handler
        held.append((category, message))

    previous = qInstallMessageHandler(handler)
    try:
        yield
    finally:
        qInstallMessageHandler(previous)
        for category, message in held:
            print(message if category == "default" else f"{category}: {message}",
                  file=sys.stderr)


def fatal_line(held: list[tuple[str, str]], message: str) -> str:
    """One line for Qt's fatal start-up error, from what it said before it."""
    said = " ".join(m for _, m in held)
    display = re.search(r"could not connect to display (\S*)", said)
    if display:
        shown = display.group(1) or os.environ.get("DISPLAY", "")
        return (f"counter-desk: cannot connect to the display {shown}; run the app inside "
                "the desktop session (check DISPLAY), or try the headless demo: "
                "counter-desk demo --out demo-out")
    first = message.strip().splitlines()[0] if message.strip() else "Qt stopped"
    return (f"counter-desk: the desktop could not start ({first}); the README's Quick start "
            "lists the system packages it needs")
