"""`counter-desk sync`: one pass from the command line, with a short report and an exit status."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from counter.bootstrap import open_desk
from counter.intake.submit import submit_intake
from counter.settings import DATABASE_FILE, HOME_ENV, Settings, load_settings, save_settings
from counter.users import Actor
from tests.conftest import MONDAY_MORNING, intake_request
from tests.sync.engine_support import (  # noqa: F401 - provides the `live` fixture
    Live,
    closed_port_url,
    live_fixture,
)
from ui.shell.cli import main


@pytest.fixture
def home(desk_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "home"
    directory.mkdir()
    shutil.copyfile(desk_dir / DATABASE_FILE, directory / DATABASE_FILE)
    monkeypatch.setenv(HOME_ENV, str(directory))
    return directory


def configure(home: Path, url: str, token: str) -> None:
    save_settings(replace(Settings(), exchange_url=url, exchange_token=token), home)


def one_intake(home: Path, clerk: Actor) -> None:
    opened = open_desk(home)
    try:
        submit_intake(opened.desk, clerk, intake_request(opened.desk), now=MONDAY_MORNING)
    finally:
        opened.desk.store.dispose()


def test_sync_runs_one_pass_and_reports(
    home: Path,
    live: Live,
    clerk: Actor,
    capsys: pytest.CaptureFixture[str],
) -> None:
    one_intake(home, clerk)
    configure(home, live.url, live.token)
    assert main(["sync"]) == 0
    out = capsys.readouterr().out
    assert "(online)" in out and "sent 1 (duplicates 0)" in out and "backlog 0" in out
    assert live.token not in out


def test_sync_exits_non_zero_when_offline(
    home: Path, clerk: Actor, capsys: pytest.CaptureFixture[str]
) -> None:
    one_intake(home, clerk)
    configure(home, closed_port_url(), "a-secret-token")
    assert main(["sync"]) == 1
    out = capsys.readouterr().out
    assert "(offline)" in out and "backlog 1" in out and "next attempt" in out
    assert "a-secret-token" not in out


def test_sync_is_off_without_a_platform(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sync"]) == 2
    assert "sync is off" in capsys.readouterr().err


def test_the_token_is_kept_out_of_printed_settings(home: Path) -> None:
    configure(home, "https://exchange.example.gov.cn", "a-secret-token")
    settings = load_settings(home)
    assert settings.sync_enabled and settings.exchange_token == "a-secret-token"
    assert "a-secret-token" not in repr(settings) and "***" in repr(settings)
