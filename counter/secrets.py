"""A desk's secrets (the exchange platform's token) kept out of its data folder.

Anyone who copies the data folder must not get what lets them speak for the
desk. Secrets go to the operating system's protected store through `keyring`
(Windows Credential Manager, macOS Keychain, the Secret Service on a Linux
desktop), one entry per data folder. Where there is none (a bare Linux box, a
CI machine), they go to a file readable by this user alone, in the user's
configuration folder, outside the data folder; the desk then says, once in
its log and in `counter-desk status`, that it is less protected.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

log = logging.getLogger("counter.secrets")

SECRETS_DIR_ENV = "COUNTER_DESK_SECRETS_DIR"
"""Where secrets files go when there is no protected store (default: the user config folder)."""

SERVICE = "counter-desk"
EXCHANGE_TOKEN = "exchange_token"

_warned: set[str] = set()


@dataclass(frozen=True)
class SecretStore:
    """The secrets of the desk whose data folder is `folder`."""

    folder: Path
    backend: object | None  # a keyring backend; None: the file below
    file: Path

    @property
    def protected(self) -> bool:
        """Whether the secrets are in the operating system's protected store."""
        return self.backend is not None

    @property
    def where(self) -> str:
        """Where the secrets are, for `counter-desk status` (never the secrets themselves)."""
        if self.backend is not None:
            return f"system keyring ({type(self.backend).__module__})"
        return f"{self.file} (this user only; no system keyring: less protected)"

    def _entry(self, name: str) -> str:
        return f"{self.folder}:{name}"

    def get(self, name: str) -> str:
        if self.backend is not None:
            return self.backend.get_password(SERVICE, self._entry(name)) or ""  # type: ignore[attr-defined]
        return str(self._read().get(name, ""))

    def set(self, name: str, value: str) -> None:
        if self.backend is not None:
            self.backend.set_password(SERVICE, self._entry(name), value)  # type: ignore[attr-defined]
            return
        data = self._read()
        data[name] = value
        self._write(data)

    def delete(self, name: str) -> None:
        if self.backend is not None:
            if self.get(name):
                self.backend.delete_password(SERVICE, self._entry(name))  # type: ignore[attr-defined]
            return
        data = self._read()
        if data.pop(name, None) is not None:
            self._write(data)

    def _read(self) -> dict[str, object]:
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        return data if isinstance(data, dict) else {}

    def _write(self, data: dict[str, object]) -> None:
        self.file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = self.file.with_suffix(".tmp")
        # Created readable by this user alone, before anything secret is written into it.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump({**data, "data_folder": str(self.folder)}, out, ensure_ascii=False)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, self.file)


def secret_store(directory: Path) -> SecretStore:
    """The secret store of the desk in `directory`."""
    folder = directory.expanduser().resolve()
    base = Path(os.environ.get(SECRETS_DIR_ENV) or
                Path(platformdirs.user_config_dir("counter-desk", "CounterDesk")) / "secrets")
    digest = hashlib.sha256(str(folder).encode("utf-8")).hexdigest()[:16]
    store = SecretStore(folder, _system_keyring(), base / f"{digest}.json")
    if not store.protected and str(folder) not in _warned:
        _warned.add(str(folder))
        log.warning("no system keyring: the desk's secrets are in %s, readable by this user only",
                    store.file)
    return store


def _system_keyring() -> object | None:
    """The operating system's protected store, or None where there is none."""
    try:
        import keyring
        from keyring.backends import chainer, fail
    except ImportError:  # pragma: no cover - keyring is a dependency
        return None
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 0) <= 0:
        return None
    if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
        return None
    return backend
