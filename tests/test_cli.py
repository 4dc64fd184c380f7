"""The `counter-desk` command, run as an operator would: in a new process, on a data folder."""

from __future__ import annotations

import subprocess
import tomllib
from contextlib import closing
from pathlib import Path

import pytest
from sqlmodel import select

from counter.bootstrap import open_desk
from counter.errors import AuthenticationFailed
from counter.settings import CONFIG_FILE, DATABASE_FILE, HOME_ENV
from counter.store import driver
from counter.store.models import User
from counter.users import Role, sign_in
from tests.conftest import PYTHON, REPO_ROOT, child_env

ADMIN_PASSWORD = "admin-pass-2026"
NO_DISPLAY = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")


def counter_desk(
    home: Path, *args: str, stdin: str = "", display: bool = False
) -> subprocess.CompletedProcess[str]:
    env = child_env(**{HOME_ENV: str(home)})
    if not display:
        for name in NO_DISPLAY:
            env.pop(name, None)
    return subprocess.run(
        [PYTHON, "-m", "ui.shell.cli", *args],
        cwd=REPO_ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def users_of(home: Path) -> dict[str, str]:
    opened = open_desk(home)
    try:
        with opened.desk.store.read() as session:
            return {u.username: u.role for u in session.exec(select(User)).all()}
    finally:
        opened.desk.store.dispose()


def check_sign_in(home: Path, username: str, password: str) -> Role:
    opened = open_desk(home)
    try:
        return sign_in(opened.desk.store, username, password).role
    finally:
        opened.desk.store.dispose()


@pytest.fixture(scope="module")
def office_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder configured for a real office with its first administrator.

    Shared by the tests below; each adds or tries to add a user of its own name.
    """
    home = tmp_path_factory.mktemp("office") / "home"
    done = counter_desk(
        home,
        "setup",
        "--office-code", "140121",
        "--office-name", "清徐县政务服务中心",
        "--desk-code", "03",
        "--admin", "boss",
        "--password-stdin",
        stdin=ADMIN_PASSWORD + "\n",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "office configured in" in done.stdout
    return home


def test_setup_configures_the_office_and_its_first_administrator(office_home: Path):
    settings = tomllib.loads((office_home / CONFIG_FILE).read_text(encoding="utf-8"))
    assert (settings["profile"], settings["office_code"], settings["desk_code"]) == (
        "office",
        "140121",
        "03",
    )
    # A real office gets no demo users, only its administrator.
    users = users_of(office_home)
    assert users["boss"] == "admin"
    assert not {"clerk", "clerk2", "supervisor", "admin"} & set(users)
    assert check_sign_in(office_home, "boss", ADMIN_PASSWORD) is Role.ADMIN
    assert ADMIN_PASSWORD.encode() not in (office_home / DATABASE_FILE).read_bytes()


def test_setup_is_refused_once_users_exist(office_home: Path):
    config = (office_home / CONFIG_FILE).read_text(encoding="utf-8")
    done = counter_desk(
        office_home,
        "setup", "--office-code", "140105", "--office-name", "x", "--desk-code", "01",
        "--admin", "intruder", "--password-stdin",
        stdin="another-pass-1\n",
    )  # fmt: skip
    assert done.returncode == 1
    assert "users already exist" in done.stderr
    assert "Traceback" not in done.stderr
    assert (office_home / CONFIG_FILE).read_text(encoding="utf-8") == config
    assert "intruder" not in users_of(office_home)


def test_setup_refuses_a_short_password_without_a_traceback(tmp_path: Path):
    done = counter_desk(
        tmp_path / "home",
        "setup", "--office-code", "140121", "--office-name", "x", "--desk-code", "01",
        "--admin", "boss", "--password-stdin",
        stdin="short\n",
    )  # fmt: skip
    assert done.returncode == 1
    assert "at least 8 characters" in done.stderr
    assert "Traceback" not in done.stderr


def test_user_add_by_the_administrator(office_home: Path):
    done = counter_desk(
        office_home,
        "user", "add", "anna", "--name", "安娜", "--role", "clerk", "--as", "boss",
        "--password-stdin",
        stdin=f"{ADMIN_PASSWORD}\nanna-pass-1\n",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "user anna (clerk) added" in done.stdout
    assert users_of(office_home)["anna"] == "clerk"
    assert check_sign_in(office_home, "anna", "anna-pass-1") is Role.CLERK


def test_user_add_with_a_wrong_administrator_password_adds_nobody(office_home: Path):
    done = counter_desk(
        office_home,
        "user", "add", "mallory", "--name", "M", "--role", "admin", "--as", "boss",
        "--password-stdin",
        stdin="not-the-password\nmallory-pass-1\n",
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.strip() == "counter-desk: wrong user name or password"
    assert "mallory" not in users_of(office_home)
    with pytest.raises(AuthenticationFailed):
        check_sign_in(office_home, "mallory", "mallory-pass-1")


def test_backup_writes_a_sound_copy_of_the_store(tmp_path: Path):
    home = tmp_path / "home"
    target = tmp_path / "backups" / "desk.db"
    done = counter_desk(home, "backup", str(target))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"backup written to {target}"
    with closing(driver.connect(f"file:{target}?mode=ro", uri=True)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        items = conn.execute("SELECT count(*) FROM service_item").fetchone()[0]
        users = {r[0] for r in conn.execute("SELECT username FROM user")}
    assert items > 0
    assert {"clerk", "supervisor", "admin"} <= users  # the demo desk, as opened


def test_without_a_display_the_app_points_to_the_demo(tmp_path: Path):
    done = counter_desk(tmp_path / "home")
    assert done.returncode != 0
    output = (done.stdout + done.stderr).strip()
    assert len(output.splitlines()) == 1, output
    assert "counter-desk demo" in output
    assert "Traceback" not in output


def test_setup_takes_the_platform_token_from_standard_input_and_status_never_shows_it(
        tmp_path: Path):
    home = tmp_path / "home"
    token = "platform-token-8d41c0e7aa"
    done = counter_desk(
        home, "setup", "--office-code", "140121", "--office-name", "清徐县政务服务中心",
        "--desk-code", "04", "--admin", "boss", "--password-stdin",
        "--exchange-url", "https://exchange.example.gov.cn", "--token-stdin",
        stdin=f"{ADMIN_PASSWORD}\n{token}\n",
    )
    assert done.returncode == 0, done.stderr
    assert "exchange_token" not in (home / CONFIG_FILE).read_text(encoding="utf-8")
    files = [p for p in home.rglob("*") if p.is_file()]
    assert files and not any(token.encode() in p.read_bytes() for p in files)

    status = counter_desk(home, "status")
    assert status.returncode == 0, status.stderr
    assert "platform: https://exchange.example.gov.cn (token set)" in status.stdout
    assert "secrets: " in status.stdout and "less protected" in status.stdout  # no keyring here
    assert "store: counter.db, not encrypted" in status.stdout  # not yet: said plainly
    assert token not in status.stdout + status.stderr
