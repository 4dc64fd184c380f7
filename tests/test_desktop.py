"""The desktop app on a real X server, and what it says when Qt cannot start there.

`counter-desk` runs as the README's first command runs it, in a new process
with Qt's xcb platform plugin (not offscreen): under Xvfb it opens, the demo
clerk signs in by keyboard and Ctrl+Q closes it. Where the plugin cannot load
or the display does not answer, it says so in one line and exits 1, never
Qt's abort. CI installs Xvfb, xdotool and the X libraries (.ci/run); elsewhere
these tests are skipped with the reason when those are missing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from counter.settings import DATABASE_FILE, HOME_ENV
from tests.conftest import PYTHON, REPO_ROOT, child_env
from ui.shell import cli, qt_platform

LINUX = sys.platform.startswith("linux")
pytestmark = pytest.mark.skipif(not LINUX, reason="Qt's xcb platform plugin is Linux's")
WAIT_S = 90


def need(tool: str) -> str:
    """The tool's path; skipped without it, except in CI, which must have installed it."""
    found = shutil.which(tool)
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail(f"{tool} is not installed; .ci/run installs it")
    pytest.skip(f"{tool} is not installed (Debian: xvfb, xdotool)")


def xcb_problem() -> str | None:
    return qt_platform.platform_problem({"QT_QPA_PLATFORM": "xcb"})


def need_xcb() -> None:
    problem = xcb_problem()
    if problem is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{problem} (.ci/run installs them)")
    pytest.skip(problem)


def app_command() -> list[str]:
    """The installed `counter-desk` beside this Python, as the README runs it."""
    script = Path(sys.executable).with_name("counter-desk")
    return [str(script)] if script.exists() else [PYTHON, "-m", "ui.shell.cli"]


def app_env(home: Path, display: str, **extra: str) -> dict[str, str]:
    env = child_env(**{HOME_ENV: str(home), "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"})
    for name in ("WAYLAND_DISPLAY", "XDG_SESSION_TYPE", "QT_QPA_PLATFORM_PLUGIN_PATH"):
        env.pop(name, None)
    env.update(extra)
    return env


def one_line(done: subprocess.CompletedProcess[str]) -> str:
    output = (done.stdout + done.stderr).strip()
    assert "Traceback" not in output, output
    assert len(output.splitlines()) == 1, output
    return output


# --- the check itself --------------------------------------------------------------


def real_plugin(name: str = "xcb") -> Path:
    plugin = qt_platform.plugin_dirs({})[-1] / f"libq{name}.so"
    assert plugin.is_file(), plugin
    return plugin


def plugin_missing_a_library(folder: Path) -> Path:
    """Qt's real xcb plugin, but linked to libxcb-cursor.so.9, which no system has yet.

    The name in the plugin's dynamic section is changed in place (same length),
    so the loader sees a real plugin with one dependency it cannot find.
    """
    data = real_plugin().read_bytes()
    needed = b"libxcb-cursor.so.0\x00"
    assert data.count(needed) == 1
    patched = folder / "libqxcb.so"
    patched.write_bytes(data.replace(needed, b"libxcb-cursor.so.9\x00"))
    return patched


def test_a_plugin_that_loads_is_no_problem() -> None:
    assert qt_platform.platform_problem({"QT_QPA_PLATFORM": "offscreen"}) is None
    assert qt_platform.load_failure(real_plugin("offscreen")) is None


def test_a_missing_library_is_named_with_its_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Where the plugin sits decides where its own Qt libraries are found ($ORIGIN/../../lib).
    platforms = tmp_path / "plugins" / "platforms"
    platforms.mkdir(parents=True)
    (tmp_path / "lib").symlink_to(real_plugin().parent.parent.parent / "lib")
    plugin = plugin_missing_a_library(platforms)
    assert "libxcb-cursor.so.9" in (qt_platform.load_failure(plugin) or "")
    monkeypatch.setattr(qt_platform, "plugin_dirs", lambda env: [platforms])
    assert qt_platform.platform_problem({"QT_QPA_PLATFORM": "xcb"}) == (
        "counter-desk: Qt's xcb platform plugin cannot load: libxcb-cursor.so.9 is missing; "
        "install the system package (Debian/Ubuntu: sudo apt-get install libxcb-cursor9)")
    # Without ldd, the loader's own message still names it.
    monkeypatch.setattr(qt_platform.shutil, "which", lambda _tool: None)
    assert qt_platform.missing_libraries(plugin, qt_platform.load_failure(plugin) or "") == [
        "libxcb-cursor.so.9"]


@pytest.mark.parametrize(("soname", "package"), [
    ("libxcb-cursor.so.0", "libxcb-cursor0"),
    ("libxcb-icccm.so.4", "libxcb-icccm4"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
    ("libEGL.so.1", "libegl1"),
    ("libdbus-1.so.3", "libdbus-1-3"),
    ("libxcb-render-util.so.0", "libxcb-render-util0"),
])
def test_debian_names_library_packages_after_the_soname(soname: str, package: str) -> None:
    assert qt_platform.debian_package(soname) == package


def test_the_platform_qt_will_try(monkeypatch: pytest.MonkeyPatch) -> None:
    assert qt_platform.candidate_platforms({}) == ["xcb"]
    assert qt_platform.candidate_platforms({"QT_QPA_PLATFORM": "wayland;xcb"}) == ["wayland", "xcb"]
    assert qt_platform.candidate_platforms({"QT_QPA_PLATFORM": "xcb:nograb"}) == ["xcb"]
    assert qt_platform.candidate_platforms({"WAYLAND_DISPLAY": "wayland-0"}) == ["wayland", "xcb"]


def test_the_app_command_stops_before_qt_with_the_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    platforms = tmp_path / "platforms"
    platforms.mkdir()
    monkeypatch.setattr(qt_platform, "plugin_dirs", lambda env: [platforms])
    monkeypatch.setattr(qt_platform, "load_failure", lambda plugin: "libxcb-cursor.so.0: cannot "
                        "open shared object file: No such file or directory")
    monkeypatch.setattr(qt_platform.shutil, "which", lambda _tool: None)
    (platforms / "libqxcb.so").write_bytes(b"")
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setenv(HOME_ENV, str(tmp_path / "home"))
    assert cli.cmd_app(argparse.Namespace(language=None)) == 1
    out = capsys.readouterr()
    assert out.err.strip().endswith("sudo apt-get install libxcb-cursor0)")
    assert not (tmp_path / "home").exists()


# --- the real command ----------------------------------------------------------------


def test_counter_desk_names_a_library_its_plugin_misses_in_one_line(tmp_path: Path) -> None:
    """The real command, with Qt's own plugin file seen linked to a library the system lacks.

    A private mount namespace lays the changed plugin over the real one for this
    process only (nothing is uninstalled); Qt would abort with a core dump.
    """
    unshare = need("unshare")
    if subprocess.run([unshare, "-rm", "true"], capture_output=True, check=False).returncode:
        pytest.skip("unshare -rm is not permitted here (no user namespaces)")
    patched = plugin_missing_a_library(tmp_path)
    # In the namespace: lay the changed plugin over Qt's own ($0 over $1), then run the app.
    script = 'mount --bind "$0" "$1" && shift && exec "$@"'
    done = subprocess.run(
        [unshare, "-rm", "sh", "-c", script, str(patched), str(real_plugin()), *app_command()],
        cwd=REPO_ROOT, env=app_env(tmp_path / "home", ":0"), capture_output=True, text=True,
        timeout=WAIT_S, check=False,
    )
    assert done.returncode == 1, done.stderr
    assert one_line(done) == (
        "counter-desk: Qt's xcb platform plugin cannot load: libxcb-cursor.so.9 is missing; "
        "install the system package (Debian/Ubuntu: sudo apt-get install libxcb-cursor9)")
    assert not (tmp_path / "home").exists()


@pytest.fixture
def xvfb() -> Iterator[str]:
    """An X server of its own at 1366×768, as on a counter's screen; its display name."""
    server = subprocess.Popen(
        [need("Xvfb"), "-displayfd", "1", "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    try:
        assert server.stdout is not None
        number = server.stdout.readline().strip()
        assert number.isdigit(), "Xvfb gave no display number"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=WAIT_S)
        if server.stdout is not None:
            server.stdout.close()


def test_a_display_that_does_not_answer_is_one_line(tmp_path: Path, xvfb: str) -> None:
    need_xcb()
    # A display number one past the live server's: nobody listens there.
    dead = f":{int(xvfb[1:]) + 50}"
    done = subprocess.run(app_command(), cwd=REPO_ROOT, env=app_env(tmp_path / "home", dead),
                          capture_output=True, text=True, timeout=WAIT_S, check=False)
    assert done.returncode == 1, done.stderr
    assert one_line(done).startswith(f"counter-desk: cannot connect to the display {dead}; ")
    assert not (tmp_path / "home").exists()


def xdotool(display: str, *args: str) -> str:
    done = subprocess.run([need("xdotool"), *args], env={**os.environ, "DISPLAY": display},
                          capture_output=True, text=True, timeout=WAIT_S, check=True)
    return done.stdout.strip()


def test_the_demo_clerk_signs_in_on_a_real_x_server_and_closes_the_app(
    tmp_path: Path, xvfb: str
) -> None:
    need_xcb()
    need("xdotool")
    home = tmp_path / "home"
    app = subprocess.Popen([*app_command(), "--language", "en"], cwd=REPO_ROOT,
                           env=app_env(home, xvfb), stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
    try:
        # No window manager: the keys go to the window given the focus.
        sign_in = xdotool(xvfb, "search", "--sync", "--onlyvisible", "--name", "sign in")
        xdotool(xvfb, "windowfocus", "--sync", sign_in.splitlines()[0])
        xdotool(xvfb, "type", "--delay", "20", "clerk")
        xdotool(xvfb, "key", "Tab")
        xdotool(xvfb, "type", "--delay", "20", "demo1234")
        xdotool(xvfb, "key", "Return")
        main = xdotool(xvfb, "search", "--sync", "--onlyvisible", "--name", "政务服务中心")
        window = main.splitlines()[0]
        assert xdotool(xvfb, "getwindowname", window).startswith("Counter Desk — ")
        xdotool(xvfb, "windowfocus", "--sync", window)
        xdotool(xvfb, "key", "ctrl+q")
        _out, err = app.communicate(timeout=WAIT_S)
    finally:
        if app.poll() is None:
            app.kill()
            app.communicate()
    assert app.returncode == 0, err
    assert "Traceback" not in err and "qt.qpa" not in err, err
    # Closed cleanly: the store was closed, its write-ahead log checkpointed away.
    assert (home / DATABASE_FILE).exists()
    assert not (home / f"{DATABASE_FILE}-wal").exists()
