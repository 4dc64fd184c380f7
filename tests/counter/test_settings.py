"""The desk's settings file: typed values, defaults, and errors that name the setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from counter.errors import ValidationError
from counter.settings import (
    CONFIG_FILE,
    Settings,
    SettingsFileError,
    load_settings,
    save_settings,
)


def test_no_file_gives_the_demo_defaults(tmp_path: Path) -> None:
    settings = load_settings(tmp_path)
    assert settings.is_demo
    assert settings.print_on_accept is True
    assert settings.due_soon_days == 2


def test_saved_settings_read_back_with_their_types(tmp_path: Path) -> None:
    save_settings(Settings(print_on_accept=False, due_soon_days=5, receipt_paper="roll80"),
                  tmp_path)
    again = load_settings(tmp_path)
    assert again.print_on_accept is False
    assert again.due_soon_days == 5
    assert again.receipt_paper == "roll80"


@pytest.mark.parametrize(("line", "field", "rule"), [
    ('print_on_accept = "yes"', "print_on_accept", "must be true or false"),
    ("due_soon_days = 2.5", "due_soon_days", "must be a whole number"),
    ("due_soon_days = true", "due_soon_days", "must be a whole number"),
    ("due_soon_days = 45", "due_soon_days", "must be a whole number from {low} to {high}"),
])
def test_a_wrong_value_names_the_setting_and_the_rule(
        tmp_path: Path, line: str, field: str, rule: str) -> None:
    (tmp_path / CONFIG_FILE).write_text(line + "\n", encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        load_settings(tmp_path)
    (problem,) = caught.value.problems
    assert (problem.field, problem.rule) == (field, rule)


@pytest.mark.parametrize(("content", "says"), [
    (b'profile = "office\n', ("is not valid TOML: Illegal character '\\n' (at line 1, column 18); "
                             "correct that line")),
    (b"office_code = 1 2\n", ("is not valid TOML: Expected newline or end of document after a "
                             "statement (at line 1, column 17); correct that line")),
    (bytes(range(256)), ("is not text (byte 128 is not UTF-8); write it again as UTF-8 TOML, "
                        "or restore it from a backup")),
    (b'profil = "office"\n', ": unknown settings profil; correct or remove them"),
])
def test_a_file_that_is_not_settings_names_itself_and_what_to_do(
        tmp_path: Path, content: bytes, says: str) -> None:
    path = tmp_path / CONFIG_FILE
    path.write_bytes(content)
    with pytest.raises(SettingsFileError) as caught:
        load_settings(tmp_path)
    assert str(caught.value) == f"{path}{'' if says.startswith(':') else ' '}{says}"
    assert path.read_bytes() == content


@pytest.mark.parametrize(("values", "field", "rule"), [
    ({"exchange_url": "http://exchange.example.gov.cn"}, "exchange_url",
     ("plain http:// is allowed only to this computer; use https://, or set "
     "exchange_insecure_http = true to send cases unencrypted")),
    ({"exchange_url": "ftp://exchange.example.gov.cn"}, "exchange_url",
     "must be an address like https://exchange.example.gov.cn"),
    ({"exchange_client_key": "/etc/hostname"}, "exchange_client_key",
     "needs the client certificate (exchange_client_cert) it belongs to"),
    ({"exchange_ca_file": "/no/such/ca.pem"}, "exchange_ca_file", "{path} is not a file"),
    ({"exchange_client_cert": "/no/such/desk.pem"}, "exchange_client_cert",
     "{path} is not a file"),
])
def test_the_platform_is_reached_encrypted_or_the_setting_says_why(
        values: dict[str, str], field: str, rule: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Settings(**values)  # type: ignore[arg-type]
    (problem,) = caught.value.problems
    assert (problem.field, problem.rule) == (field, rule)


@pytest.mark.parametrize("url", [
    "https://exchange.example.gov.cn", "http://127.0.0.1:8765", "http://localhost:8765",
    "http://[::1]:8765", "http://127.3.0.1",
])
def test_https_anywhere_and_plain_http_to_this_computer_are_allowed(url: str) -> None:
    assert Settings(exchange_url=url).exchange_url == url


def test_plain_http_elsewhere_needs_the_explicit_insecure_flag(tmp_path: Path) -> None:
    (tmp_path / CONFIG_FILE).write_text(
        'exchange_url = "http://10.1.2.3:8765"\nexchange_insecure_http = true\n', encoding="utf-8")
    assert load_settings(tmp_path).exchange_url == "http://10.1.2.3:8765"


def test_the_idle_lock_takes_minutes_from_0_to_240(tmp_path: Path) -> None:
    (tmp_path / CONFIG_FILE).write_text("idle_lock_minutes = 300\n", encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        load_settings(tmp_path)
    (problem,) = caught.value.problems
    assert (problem.field, problem.rule, dict(problem.params)) == (
        "idle_lock_minutes", "must be a whole number from {low} to {high}",
        {"low": "0", "high": "240"})
    assert Settings(idle_lock_minutes=0).idle_lock_minutes == 0
