"""`counter-desk` on a damaged or unreadable desk folder: one line, exit 1, nothing changed.

Run as an operator would, in a new process: `sync` and `backup` open the desk
first, so each damage is tried against both. (The desktop app's refusal is in
tests/ui/shell/test_app.py.)
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from counter.bootstrap import open_desk
from counter.settings import CONFIG_FILE, DATABASE_FILE, HOME_ENV
from counter.store.folder import MARKER_FILE
from tests.conftest import PYTHON, REPO_ROOT, child_env
from tests.test_cli import counter_desk

NOBODY = 65534


def snapshot(folder: Path) -> dict[str, tuple[int, str]]:
    """Every file under `folder`: its size and a digest of its bytes."""
    return {
        str(p.relative_to(folder)): (p.stat().st_size, hashlib.sha256(p.read_bytes()).hexdigest())
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture
def home(desk_dir: Path) -> Path:
    """A desk folder as a desk leaves it: its store, closed, and the marker beside it."""
    open_desk(desk_dir).desk.store.dispose()
    assert (desk_dir / MARKER_FILE).exists()
    return desk_dir


def truncated(home: Path) -> None:
    os.truncate(home / DATABASE_FILE, 5000)


def random_bytes(home: Path) -> None:
    store = home / DATABASE_FILE
    store.write_bytes(random.Random(7).randbytes(store.stat().st_size))


def emptied(home: Path) -> None:
    os.truncate(home / DATABASE_FILE, 0)


def deleted(home: Path) -> None:
    (home / DATABASE_FILE).unlink()


def config_unterminated(home: Path) -> None:
    (home / CONFIG_FILE).write_text('profile = "office\n', encoding="utf-8")


def config_binary(home: Path) -> None:
    (home / CONFIG_FILE).write_bytes(bytes(range(256)))


DAMAGES: dict[str, tuple[Callable[[Path], None], str, str]] = {
    # damage: (how, the file the line names, what it says to do)
    "truncated": (truncated, DATABASE_FILE, "counter-desk restore"),
    "random bytes": (random_bytes, DATABASE_FILE, "counter-desk restore"),
    "zero length": (emptied, DATABASE_FILE, "counter-desk restore"),
    "deleted": (deleted, DATABASE_FILE, "counter-desk restore"),
    "config unterminated": (config_unterminated, CONFIG_FILE, "correct that line"),
    "config binary": (config_binary, CONFIG_FILE, "write it again as UTF-8 TOML"),
}


def one_line(done: subprocess.CompletedProcess[str]) -> str:
    output = (done.stdout + done.stderr).strip()
    assert "Traceback" not in output, output
    assert len(output.splitlines()) == 1, output
    return output


@pytest.mark.parametrize("command", ["sync", "backup"])
@pytest.mark.parametrize("damage", list(DAMAGES))
def test_a_damaged_folder_is_refused_in_one_line_and_left_as_it_was(
    home: Path, tmp_path: Path, command: str, damage: str
) -> None:
    how, named, todo = DAMAGES[damage]
    how(home)
    before = snapshot(home)
    args = [command] if command == "sync" else [command, str(tmp_path / "backup.db")]
    done = counter_desk(home, *args)
    assert done.returncode == 1
    line = one_line(done)
    assert line.startswith(f"counter-desk: {home / named}"), line
    assert todo in line
    assert snapshot(home) == before
    assert not (tmp_path / "backup.db").exists()


def test_an_emptied_store_is_never_seeded_again_as_a_new_desk(home: Path) -> None:
    emptied(home)
    done = counter_desk(home, "backup", str(home.parent / "b.db"))
    assert "is empty, but this folder held the store of desk 140121-01" in one_line(done)
    assert (home / DATABASE_FILE).stat().st_size == 0


def test_a_zero_length_store_without_a_marker_is_refused_too(home: Path) -> None:
    # A desk set up before markers existed: an empty file is still never a new desk.
    (home / MARKER_FILE).unlink()
    emptied(home)
    done = counter_desk(home, "sync")
    assert done.returncode == 1
    line = one_line(done)
    assert "is empty (0 bytes)" in line and "delete the file to start a new desk" in line
    assert sorted(p.name for p in home.iterdir()) == [DATABASE_FILE]


# --- a folder this user cannot write -------------------------------------------------

# Run as another user: everything the command needs is imported first, since the
# interpreter's own folder may be closed to that user; then the process drops to it.
AS_NOBODY = """
import os, sys
import ui.shell.cli, counter.store.backup, counter.bootstrap, counter.store.restore, sync.cli, sync.engine
os.setgroups([])
os.setgid({uid})
os.setuid({uid})
sys.exit(ui.shell.cli.main(sys.argv[1:]))
"""


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A folder another user can reach (pytest's own are closed to other users)."""
    # Not $TMPDIR: it may be a folder of this user's own.
    shared = "/tmp" if Path("/tmp").is_dir() else None
    folder = Path(tempfile.mkdtemp(prefix="counter-ro-", dir=shared))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def run_without_write_access(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`counter-desk ARGS` by a user who may read `home` but not write it."""
    env = child_env(**{HOME_ENV: str(home)})
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        env.pop(name, None)
    if os.geteuid() == 0:
        # chmod does not stop root: the command runs as nobody, the folder stays root's.
        command = [PYTHON, "-c", AS_NOBODY.format(uid=NOBODY), *args]
    else:
        for path in [home, *home.iterdir()]:
            path.chmod(0o555 if path.is_dir() else 0o444)
        command = [PYTHON, "-m", "ui.shell.cli", *args]
    return subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True,
                          timeout=120, check=False)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="POSIX users and modes")
@pytest.mark.parametrize("command", ["sync", "backup"])
def test_a_folder_this_user_cannot_write_is_refused_in_one_line(
    home: Path, shared_tmp: Path, command: str
) -> None:
    desk = shared_tmp / "desk"
    shutil.copytree(home, desk)
    for path in [desk, *desk.iterdir()]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    out = shared_tmp / "out"
    out.mkdir(mode=0o777)
    out.chmod(0o777)
    before = snapshot(desk)
    args = [command] if command == "sync" else [command, str(out / "backup.db")]
    try:
        done = run_without_write_access(desk, *args)
    finally:
        for path in [desk, *desk.iterdir()]:
            path.chmod(0o755 if path.is_dir() else 0o644)
    assert done.returncode == 1, done.stderr
    line = one_line(done)
    assert line == (f"counter-desk: {desk} cannot be written by this user; give it write "
                    "permission there, or set COUNTER_DESK_HOME to a folder it can write")
    assert snapshot(desk) == before
    assert not any(out.iterdir())


# --- the way back ----------------------------------------------------------------------


def test_the_way_back_is_the_restore_the_refusal_names(home: Path, tmp_path: Path) -> None:
    taken = tmp_path / "desk-backup.db"
    assert counter_desk(home, "backup", str(taken)).returncode == 0
    emptied(home)
    refused = counter_desk(home, "sync")
    assert one_line(refused).endswith("restore its latest backup with: counter-desk restore BACKUP")
    done = counter_desk(home, "restore", str(taken))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"restored {taken} into {home / DATABASE_FILE}"
    assert lines[1].startswith(f"the file it replaced is kept as {home / DATABASE_FILE}.replaced-")
    again = counter_desk(home, "backup", str(tmp_path / "after.db"))
    assert again.returncode == 0, again.stderr


def test_restore_refuses_another_desks_backup_in_one_line(home: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    taken = tmp_path / "other.db"
    assert counter_desk(other, "backup", str(taken)).returncode == 0
    deleted(home)
    before = snapshot(home)
    done = counter_desk(home, "restore", str(taken))
    assert done.returncode == 1
    assert "is a backup of another store than this folder held" in one_line(done)
    assert "--other-desk" in done.stderr
    assert snapshot(home) == before
