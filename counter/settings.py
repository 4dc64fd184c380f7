"""This desk's settings: one typed place declaring each, with its default and label.

Settings live in ``config.toml`` in the data directory. With no file, the
built-in demo profile applies: a demo office and desk, demo users shown on the
login screen, so the app runs with no configuration at all.

The exchange token is the one secret among them: it is kept in the secret store
(`counter.secrets`), never in config.toml. A token found in the file (written by
hand, or by an older version) is moved there on loading and removed from the
file, the rest of the file left as it was.
"""

from __future__ import annotations

import ipaddress
import json
import os
import re
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from urllib.parse import urlsplit

import platformdirs

from counter.errors import DomainError, ValidationError
from counter.i18n import QT_TRANSLATE_NOOP
from counter.secrets import EXCHANGE_TOKEN, secret_store

HOME_ENV = "COUNTER_DESK_HOME"
CONFIG_FILE = "config.toml"
DATABASE_FILE = "counter.db"
DOCUMENTS_FOLDER = "documents"
"""Where the desk saves every document it makes, as ``<acceptance number>-….pdf``."""

RECEIPT_A4 = "a4"
RECEIPT_ROLL80 = "roll80"
RECEIPT_PAPERS = (RECEIPT_A4, RECEIPT_ROLL80)
"""The receipt papers a desk can print on: A4 sheets, or an 80 mm thermal roll."""


def data_dir() -> Path:
    """Where this desk keeps its store, documents and settings (``$COUNTER_DESK_HOME`` wins)."""
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir("counter-desk", "CounterDesk"))


@dataclass(frozen=True)
class Setting:
    label: str
    help: str = ""


@dataclass
class Settings:
    """Everything an office configures for a desk (labels in SETTING_LABELS)."""

    profile: str = "demo"  # "demo" seeds demo users and shows them on the login screen
    office_code: str = "140121"
    office_name: str = "清徐县政务服务中心"
    office_address: str = "山西省太原市清徐县清泉东路 88 号 政务服务中心一楼"
    hotline: str = "0351-12345"
    query_url: str = "https://zwfw.example.gov.cn/query"
    desk_code: str = "01"
    timezone: str = "Asia/Shanghai"
    language: str = ""  # empty: follow the system locale; "zh_CN" or "en"
    font_path: str = ""  # a CJK TrueType font for documents; empty: find one on the system
    exchange_url: str = ""  # the exchange platform (https://...); empty: this desk does not sync
    exchange_token: str = ""  # this desk's bearer token; a secret, never logged or shown
    exchange_ca_file: str = ""  # the CA bundle (PEM) the platform's certificate must chain to
    exchange_client_cert: str = ""  # this desk's client certificate (PEM), for mutual TLS
    exchange_client_key: str = ""  # its private key (PEM), when not in the certificate's file
    exchange_insecure_http: bool = False  # allow plain http:// to a host other than this computer
    receipt_paper: str = RECEIPT_A4  # "a4", or "roll80" for a desk with an 80 mm thermal printer
    print_on_accept: bool = True  # an accepted case's receipt goes to the receipt printer at once
    due_soon_days: int = 2  # working days before the due date from which a case is "due soon"
    clerk_may_resubmit: bool = False  # clerks too may correct and resubmit a refused intake
    idle_lock_minutes: int = 5  # the window locks after this long without use; 0: never

    def __post_init__(self) -> None:
        for name, low, high in (("due_soon_days", 0, 30), ("idle_lock_minutes", 0, 240)):
            if not low <= getattr(self, name) <= high:
                raise ValidationError.single(
                    name,
                    SETTING_LABELS[name].label,
                    QT_TRANSLATE_NOOP("rules", "must be a whole number from {low} to {high}"),
                    low=low,
                    high=high,
                )
        if self.receipt_paper not in RECEIPT_PAPERS:
            raise ValidationError.single(
                "receipt_paper",
                SETTING_LABELS["receipt_paper"].label,
                QT_TRANSLATE_NOOP("rules", 'must be one of {choices}, not "{value}"'),
                choices=", ".join(RECEIPT_PAPERS),
                value=self.receipt_paper,
            )
        self._check_exchange()

    def _check_exchange(self) -> None:
        """The platform's address and TLS files: refuse what would send cases in the clear."""
        def refuse(name: str, rule: str, **params: object) -> None:
            raise ValidationError.single(name, SETTING_LABELS[name].label, rule, **params)

        if self.exchange_url:
            parts = urlsplit(self.exchange_url)
            if parts.scheme not in ("https", "http") or not parts.hostname:
                refuse("exchange_url", QT_TRANSLATE_NOOP(
                    "rules", "must be an address like https://exchange.example.gov.cn"))
            if (parts.scheme == "http" and not is_loopback(parts.hostname or "")
                    and not self.exchange_insecure_http):
                refuse("exchange_url", QT_TRANSLATE_NOOP(
                    "rules", "plain http:// is allowed only to this computer; use https://, or "
                    "set exchange_insecure_http = true to send cases unencrypted"))
        if self.exchange_client_key and not self.exchange_client_cert:
            refuse("exchange_client_key", QT_TRANSLATE_NOOP(
                "rules", "needs the client certificate (exchange_client_cert) it belongs to"))
        for name in ("exchange_ca_file", "exchange_client_cert", "exchange_client_key"):
            value = getattr(self, name)
            if value and not Path(value).expanduser().is_file():
                refuse(name, QT_TRANSLATE_NOOP("rules", "{path} is not a file"), path=value)

    @property
    def is_demo(self) -> bool:
        return self.profile == "demo"

    @property
    def sync_enabled(self) -> bool:
        return bool(self.exchange_url and self.exchange_token)

    def __repr__(self) -> str:  # keeps the token out of logs and tracebacks
        shown = {f.name: getattr(self, f.name) for f in fields(self)}
        if shown["exchange_token"]:
            shown["exchange_token"] = "***"
        return "Settings(" + ", ".join(f"{k}={v!r}" for k, v in shown.items()) + ")"


# The label of each setting, for the settings screen and error messages.
SETTING_LABELS: dict[str, Setting] = {
    "profile": Setting(QT_TRANSLATE_NOOP("fields", "Profile"), "demo or office"),
    "office_code": Setting(QT_TRANSLATE_NOOP("fields", "Office code")),
    "office_name": Setting(QT_TRANSLATE_NOOP("fields", "Office name")),
    "office_address": Setting(QT_TRANSLATE_NOOP("fields", "Office address")),
    "hotline": Setting(QT_TRANSLATE_NOOP("fields", "Hotline")),
    "query_url": Setting(QT_TRANSLATE_NOOP("fields", "Case query address")),
    "desk_code": Setting(QT_TRANSLATE_NOOP("fields", "Desk code")),
    "timezone": Setting(QT_TRANSLATE_NOOP("fields", "Time zone")),
    "language": Setting(QT_TRANSLATE_NOOP("fields", "Language")),
    "font_path": Setting(QT_TRANSLATE_NOOP("fields", "Document font")),
    "exchange_url": Setting(QT_TRANSLATE_NOOP("fields", "Exchange platform address")),
    "exchange_token": Setting(
        QT_TRANSLATE_NOOP("fields", "Exchange platform token"), "secret: never shown or logged"
    ),
    "exchange_ca_file": Setting(
        QT_TRANSLATE_NOOP("fields", "Exchange platform CA certificates"),
        "PEM file; empty: the system's trusted authorities",
    ),
    "exchange_client_cert": Setting(
        QT_TRANSLATE_NOOP("fields", "Desk client certificate"), "PEM file, for mutual TLS"
    ),
    "exchange_client_key": Setting(
        QT_TRANSLATE_NOOP("fields", "Desk client certificate key"),
        "PEM file; empty when the key is in the certificate's file",
    ),
    "exchange_insecure_http": Setting(
        QT_TRANSLATE_NOOP("fields", "Allow unencrypted http to the platform"),
        "true or false; only for a test network",
    ),
    "receipt_paper": Setting(
        QT_TRANSLATE_NOOP("fields", "Receipt paper"), "a4, or roll80 for an 80 mm thermal roll"
    ),
    "print_on_accept": Setting(
        QT_TRANSLATE_NOOP("fields", "Print the receipt on accepting"),
        "true or false; prints only once the desk has chosen its receipt printer",
    ),
    "due_soon_days": Setting(
        QT_TRANSLATE_NOOP("fields", "Due-soon warning (working days)"), "0 to 30"
    ),
    "idle_lock_minutes": Setting(
        QT_TRANSLATE_NOOP("fields", "Lock the desk after idle minutes"), "0 to 240; 0: never"
    ),
    "clerk_may_resubmit": Setting(
        QT_TRANSLATE_NOOP("fields", "Clerks may resubmit refused intakes"),
        "true or false; supervisors always may",
    ),
}


def is_loopback(host: str) -> bool:
    """Whether `host` names this computer (localhost, 127.0.0.0/8, ::1)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class SettingsFileError(DomainError):
    """config.toml cannot be read as settings; the message names the file and the fix."""


def load_settings(directory: Path | None = None) -> Settings:
    """The settings in the folder's config.toml; the demo profile when there is none."""
    path = (directory or data_dir()) / CONFIG_FILE
    if not path.exists():
        return Settings()
    data = path.read_bytes()
    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise SettingsFileError(
            QT_TRANSLATE_NOOP(
                "core", "{path} is not text (byte {offset} is not UTF-8); write it again "
                "as UTF-8 TOML, or restore it from a backup"),
            path=path, offset=exc.start,
        ) from exc
    except tomllib.TOMLDecodeError as exc:
        raise SettingsFileError(
            QT_TRANSLATE_NOOP("core", "{path} is not valid TOML: {reason}; correct that line"),
            path=path, reason=str(exc),
        ) from exc
    known = {f.name for f in fields(Settings)}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise SettingsFileError(
            QT_TRANSLATE_NOOP(
                "core", "{path}: unknown settings {names}; correct or remove them"),
            path=path, names=", ".join(unknown),
        )
    settings = Settings(**{k: _typed(k, v) for k, v in raw.items()})
    if settings.exchange_token:
        _move_token_out(path, data, settings.exchange_token)
    elif settings.exchange_url:
        settings.exchange_token = secret_store(path.parent).get(EXCHANGE_TOKEN)
    return settings


def _move_token_out(path: Path, data: bytes, token: str) -> None:
    """Put the token found in config.toml into the secret store, then drop it from the file.

    In that order: a stop between the two leaves the token in both places, and
    the next start moves it again. The file's other lines stay as they were.
    """
    secret_store(path.parent).set(EXCHANGE_TOKEN, token)
    lines = data.decode("utf-8").splitlines(keepends=True)
    kept = "".join(line for line in lines if not _TOKEN_LINE.match(line))
    if "exchange_token" in tomllib.loads(kept):  # a form the line filter does not know
        return
    tmp = path.with_suffix(".tmp")
    tmp.write_text(kept, encoding="utf-8")
    os.replace(tmp, path)


_TOKEN_LINE = re.compile(r"\s*exchange_token\s*=")


def _typed(name: str, value: object) -> object:
    """A value from the file as its setting's type; a wrong type names the setting."""
    kind = type(getattr(Settings, name))
    if kind is bool:
        if isinstance(value, bool):
            return value
        rule = QT_TRANSLATE_NOOP("rules", "must be true or false")
    elif kind is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        rule = QT_TRANSLATE_NOOP("rules", "must be a whole number")
    else:
        return str(value)
    raise ValidationError.single(name, SETTING_LABELS[name].label, rule)


def save_settings(settings: Settings, directory: Path | None = None) -> Path:
    """Write every setting as a TOML key (JSON string escapes are valid TOML basic strings),
    and the token to the secret store."""
    directory = directory or data_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / CONFIG_FILE
    secrets = secret_store(directory)
    if settings.exchange_token:
        secrets.set(EXCHANGE_TOKEN, settings.exchange_token)
    else:
        secrets.delete(EXCHANGE_TOKEN)
    lines = [
        f"{f.name} = {json.dumps(getattr(settings, f.name), ensure_ascii=False)}"
        for f in fields(Settings)
        if f.name != "exchange_token"
    ]
    tmp = path.with_suffix(".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path
