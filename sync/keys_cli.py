"""`counter-desk keys`: install the office's platform key set, list the keys this desk trusts.

The key file is the platform's ``GET /v1/keys`` answer saved as it is (see
docs/EXCHANGE_PROTOCOL.md, "Installing a key set"), so an office hands its
desks the key set the platform publishes, checked once out of band. Installing
needs an administrator (the core checks it); from then on only the installed
keys verify certificates and keys fetched by sync are no longer pinned.

Nothing here touches the network: the file is read and the keys go into the
desk's store.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path

from pydantic import ValidationError as WireValidationError

from counter.certificates.payload import PublicKey
from sync.protocol import PublicKeys

__all__ = ["KeyFileError", "read_key_set", "register"]

SOURCE_NAMES = {"fetched": "pinned on first use", "configured": "installed"}


class KeyFileError(Exception):
    """The key file cannot be used; the message says which file and what is wrong."""


def read_key_set(path: Path) -> list[PublicKey]:
    """The keys of a saved ``/v1/keys`` answer; KeyFileError naming the file and the field."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KeyFileError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise KeyFileError(f"{path}: cannot be read: {exc}") from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise KeyFileError(
            f"{path}: not JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}); "
            "expected the platform's /v1/keys answer"
        ) from None
    try:
        return PublicKeys.model_validate(raw).keys
    except WireValidationError as exc:
        lines = [f"{_field_path(e['loc'])}: {e['msg']}" for e in exc.errors()[:10]]
        raise KeyFileError(
            f"{path}: not a key set like the platform's /v1/keys answer:\n  " + "\n  ".join(lines)
        ) from None


def _field_path(loc: tuple[int | str, ...]) -> str:
    """("keys", 0, "public_key") -> "keys[0].public_key"; the whole document is "(document)"."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(document)"


def cmd_keys_install(args: argparse.Namespace) -> int:
    from counter.bootstrap import open_desk
    from counter.certificates.records import install_keys
    from counter.errors import ValidationError
    from counter.users import sign_in

    try:
        keys = read_key_set(Path(args.file))
    except KeyFileError as exc:
        print(f"counter-desk: {exc}", file=sys.stderr)
        return 1
    opened = open_desk()
    try:
        password = _read_password(args.password_stdin, prompt=f"password of {args.user}: ")
        actor = sign_in(opened.desk.store, args.user, password)
        try:
            installed = install_keys(opened.desk, actor, keys)
        except ValidationError as exc:
            print(f"counter-desk: {args.file}: the key set was not installed:", file=sys.stderr)
            for problem in exc.problems:
                print(f"  {problem.field}: {problem.message}", file=sys.stderr)
            return 1
    finally:
        opened.desk.store.dispose()
    print(f"installed {len(installed)} platform key(s); only these verify certificates now:")
    for key_id in installed:
        print(f"  {key_id}")
    return 0


def cmd_keys_list(args: argparse.Namespace) -> int:
    from counter.bootstrap import open_desk
    from counter.certificates.records import key_records
    from counter.clock import to_office_time

    opened = open_desk()
    try:
        with opened.desk.store.read() as session:
            records, installed = key_records(session)
    finally:
        opened.desk.store.dispose()
    if installed:
        print("policy: installed key set (keys fetched by sync are not pinned)")
    else:
        print("policy: trust on first use (sync pins each new platform key it sees)")
    if not records:
        print("no platform keys yet: run counter-desk sync, or counter-desk keys install FILE")
        return 0
    zone = opened.settings.timezone
    print(f"{'key id':<26} {'source':<20} since")
    for record in records:
        since = to_office_time(record.pinned_at, zone).strftime("%Y-%m-%d %H:%M")
        source = SOURCE_NAMES.get(record.source, record.source)
        print(f"{record.key_id:<26} {source:<20} {since}")
    return 0


def _read_password(from_stdin: bool, prompt: str) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return getpass.getpass(prompt)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `keys` commands to the `counter-desk` parser."""
    keys = subparsers.add_parser(
        "keys", help="the platform keys this desk verifies certificates with"
    ).add_subparsers(title="keys commands", required=True)
    install = keys.add_parser(
        "install",
        help="install the office's key set from a saved /v1/keys answer (an administrator "
        "signs in); from then on only these keys verify certificates",
    )
    install.add_argument("file", help="the key set: JSON as the platform's GET /v1/keys answers")
    install.add_argument("--user", required=True, help="the administrator's user name")
    install.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    install.set_defaults(func=cmd_keys_install)
    listing = keys.add_parser("list", help="list the trusted keys: id, how it came, since when")
    listing.set_defaults(func=cmd_keys_list)
