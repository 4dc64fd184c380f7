"""The exchange token is kept in the secret store, never in config.toml or the data folder."""

from __future__ import annotations

import os
import stat
from dataclasses import replace
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

from counter.secrets import EXCHANGE_TOKEN, secret_store
from counter.settings import CONFIG_FILE, Settings, load_settings, save_settings
from tests.conftest import folder_bytes

TOKEN = "desk-token-5f2e9c8a1b7d4e30"
URL = "https://exchange.example.gov.cn"


def test_a_token_in_config_toml_is_moved_to_the_secret_store_on_loading(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    config = home / CONFIG_FILE
    config.write_text(
        "# written by hand by the operator\n"
        f'exchange_url = "{URL}"   # the province\'s platform\n'
        f'exchange_token = "{TOKEN}"\n'
        'desk_code = "03"\n', encoding="utf-8")
    settings = load_settings(home)
    assert (settings.exchange_token, settings.desk_code) == (TOKEN, "03")
    # The file lost the token line and nothing else: the operator's comments stay.
    assert config.read_text(encoding="utf-8") == (
        "# written by hand by the operator\n"
        f'exchange_url = "{URL}"   # the province\'s platform\n'
        'desk_code = "03"\n')
    assert TOKEN.encode() not in folder_bytes(home)
    again = load_settings(home)  # the next start reads it from the secret store
    assert again.exchange_token == TOKEN


def test_saved_settings_keep_the_token_out_of_the_data_folder(tmp_path: Path) -> None:
    home = tmp_path / "home"
    save_settings(replace(Settings(), exchange_url=URL, exchange_token=TOKEN), home)
    assert TOKEN.encode() not in folder_bytes(home)
    assert load_settings(home).exchange_token == TOKEN
    store = secret_store(home)
    assert not store.protected and home.resolve() not in store.file.parents
    assert stat.S_IMODE(os.stat(store.file).st_mode) == 0o600  # this user alone
    assert "less protected" in store.where and TOKEN not in store.where
    save_settings(replace(Settings(), exchange_url=URL), home)  # the token taken away
    assert load_settings(home).exchange_token == "" and TOKEN not in store.file.read_text()


def test_each_data_folder_has_its_own_token(tmp_path: Path) -> None:
    save_settings(replace(Settings(), exchange_url=URL, exchange_token="token-of-a1234567"),
                  tmp_path / "a")
    save_settings(replace(Settings(), exchange_url=URL, exchange_token="token-of-b1234567"),
                  tmp_path / "b")
    assert load_settings(tmp_path / "a").exchange_token == "token-of-a1234567"
    assert load_settings(tmp_path / "b").exchange_token == "token-of-b1234567"


class _MemoryKeyring(KeyringBackend):
    """A protected store of the operating system, as keyring presents one."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        del self.entries[(service, username)]


@pytest.fixture
def system_keyring() -> _MemoryKeyring:
    before = keyring.get_keyring()
    memory = _MemoryKeyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(before)


def test_with_a_system_keyring_the_token_goes_there_and_no_file_is_written(
        tmp_path: Path, system_keyring: _MemoryKeyring) -> None:
    home = tmp_path / "home"
    save_settings(replace(Settings(), exchange_url=URL, exchange_token=TOKEN), home)
    store = secret_store(home)
    assert store.protected and not store.file.exists()
    assert list(system_keyring.entries.values()) == [TOKEN]
    assert list(system_keyring.entries) == [("counter-desk", f"{home.resolve()}:{EXCHANGE_TOKEN}")]
    assert load_settings(home).exchange_token == TOKEN
    assert TOKEN.encode() not in folder_bytes(home)
