"""The `counter-desk` command: the desktop app, and subcommands for headless use.

This is the composition root: it wires `counter/`, `printing/` and `ui/`
together. Qt is imported only when the desktop app is opened, so headless
subcommands run on a machine with no display.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
from pathlib import Path

from counter.errors import DomainError
from printing.samples import register as register_samples
from printing.verify_cli import register as register_verify
from sync.cli import register as register_sync
from sync.keys_cli import register as register_keys
from sync.server.cli import register as register_exchange

log = logging.getLogger("ui.cli")


def _has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def cmd_app(args: argparse.Namespace) -> int:
    if not _has_display():
        print(
            "counter-desk: no display found; try the headless demo: counter-desk demo --out demo-out"
        )
        return 2
    from ui.shell.qt_platform import EXIT_NO_PLATFORM, platform_problem

    problem = platform_problem()
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_NO_PLATFORM
    from ui.shell.app import run_app

    return run_app(language=args.language)


def cmd_demo(args: argparse.Namespace) -> int:
    from ui.demo.demo_morning import run_demo

    return run_demo(Path(args.out), home=Path(args.home) if args.home else None)


def cmd_backup(args: argparse.Namespace) -> int:
    from counter.bootstrap import open_desk
    from counter.store.backup import backup

    opened = open_desk()
    target = backup(opened.desk.store, Path(args.path))
    print(f"backup written to {target}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from counter.bootstrap import open_desk
    from counter.settings import data_dir, load_settings
    from counter.store.restore import restore

    directory = data_dir()
    settings = load_settings(directory)
    issued = _platform_numbers(settings)
    done = restore(directory, Path(args.backup), settings, other_desk=args.other_desk,
                   replace=args.replace, issued=issued)
    # Opening brings a backup taken by an older version up to the current schema.
    open_desk(directory, settings).desk.store.dispose()
    print(f"restored {args.backup} into {done.store}")
    for path in done.set_aside:
        print(f"the file it replaced is kept as {path}")
    for day, seq in done.numbers_advanced.items():
        print(f"numbering of {day} continues after {seq:04d}, the last number issued")
    if done.unconfirmed:
        print("the platform could not be asked for this desk's last numbers; the next sync asks "
              "it before sending anything (a number issued meanwhile may be refused as taken)")
    return 0


def _platform_numbers(settings) -> dict[tuple[str, str, str], int] | None:  # type: ignore[no-untyped-def]
    """The platform's record of this desk's last numbers; None without sync or a connection."""
    if not settings.sync_enabled:
        return None
    from sync.client import ExchangeError, client_for
    from sync.engine import issued_by_platform

    client = client_for(settings)
    try:
        return issued_by_platform(client.issued_numbers())
    except ExchangeError as exc:
        log.warning("the platform's record of this desk's numbers: %s", exc)
        return None
    finally:
        client.close()


def cmd_setup(args: argparse.Namespace) -> int:
    from counter.setup import configure_office

    password = _read_password(args.password_stdin)
    # The token is read after the password, from standard input, never from the command line
    # (which other users of the machine can see) or a prompt's echo.
    token = _read_password(True) if args.token_stdin else None
    path = configure_office(
        office_code=args.office_code,
        office_name=args.office_name,
        desk_code=args.desk_code,
        admin_username=args.admin,
        admin_password=password,
        exchange_url=args.exchange_url,
        exchange_token=token,
    )
    print(f"office configured in {path}")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    """What this desk is and where its data and secrets are; never a secret itself."""
    from counter.bootstrap import open_desk
    from counter.exchange import sync_state
    from counter.secrets import secret_store
    from counter.store.folder import is_plain

    opened = open_desk()
    settings = opened.settings
    try:
        with opened.desk.store.read() as session:
            backlog = sync_state.backlog_count(session)
            dead = sync_state.dead_count(session)
            last = sync_state.last_success(session)
    finally:
        opened.desk.store.dispose()
    secrets = secret_store(opened.directory)
    print(f"desk {settings.office_code}/{settings.desk_code} {settings.office_name} "
          f"(profile {settings.profile})")
    print(f"data folder: {opened.directory}")
    store = opened.desk.store.path
    print(f"store: {store.name}, " + ("not encrypted: readable by anyone with the file"
                                      if is_plain(store) else "encrypted"))
    if settings.exchange_url:
        token = "token set" if settings.exchange_token else "no token: run counter-desk setup"
        print(f"platform: {settings.exchange_url} ({token})")
    else:
        print("platform: none (sync off)")
    print(f"secrets: {secrets.where}")
    print(f"outbox: {backlog} waiting, {dead} refused; last sync "
          f"{last.isoformat() if last else 'never'}")
    return 0


def cmd_user_add(args: argparse.Namespace) -> int:
    from counter.bootstrap import open_desk
    from counter.users import Role, create_user, sign_in

    opened = open_desk()
    admin_password = _read_password(args.password_stdin, prompt=f"password of {args.as_user}: ")
    actor = sign_in(opened.desk.store, args.as_user, admin_password)
    password = _read_password(args.password_stdin, prompt=f"new password for {args.username}: ")
    with opened.desk.store.write() as session:
        create_user(
            session,
            actor,
            username=args.username,
            display_name=args.name,
            role=Role(args.role),
            password=password,
        )
    print(f"user {args.username} ({args.role}) added")
    return 0


def _read_password(from_stdin: bool, prompt: str = "password: ") -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return getpass.getpass(prompt)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="counter-desk",
        description="Counter Desk: intake, sync and documents for a one-window service hall. "
        "With no subcommand, opens the desktop app. Data lives in $COUNTER_DESK_HOME "
        "(default: the user data directory).",
    )
    parser.add_argument("--language", choices=["zh_CN", "en"], help="interface language")
    parser.set_defaults(func=cmd_app)
    sub = parser.add_subparsers(title="subcommands")

    demo = sub.add_parser(
        "demo",
        help="run a scripted morning at a desk and sync it through the demo exchange "
        "platform on loopback (line cut, then restored); no display needed",
    )
    demo.add_argument("--out", default="demo-out", help="folder for the receipts (PDF)")
    demo.add_argument("--home", help="data folder for the demo desk (default: a new one in --out)")
    demo.set_defaults(func=cmd_demo)

    backup = sub.add_parser("backup", help="take an online backup of this desk's store")
    backup.add_argument("path", help="file or folder to write the backup to")
    backup.set_defaults(func=cmd_backup)

    restore = sub.add_parser(
        "restore",
        help="put a backup in place of this desk's store when it is lost or damaged; the "
        "file it replaces is kept beside it",
    )
    restore.add_argument("backup", help="a file written by counter-desk backup")
    restore.add_argument("--other-desk", action="store_true",
                         help="restore a backup of another desk (another store or desk code)")
    restore.add_argument("--replace", action="store_true",
                         help="restore over a store that is sound (what it recorded since "
                         "the backup is set aside with it)")
    restore.set_defaults(func=cmd_restore)

    setup = sub.add_parser("setup", help="configure this desk for a real office (leaves the demo)")
    setup.add_argument("--office-code", required=True)
    setup.add_argument("--office-name", required=True)
    setup.add_argument("--desk-code", required=True, help="two digits, unique in the office")
    setup.add_argument("--admin", required=True, help="user name of the first administrator")
    setup.add_argument("--password-stdin", action="store_true")
    setup.add_argument("--exchange-url", help="the exchange platform's address (https://...)")
    setup.add_argument("--token-stdin", action="store_true",
                       help="read the platform token from standard input (after the password); "
                       "it is kept in the system keyring, never in config.toml")
    setup.set_defaults(func=cmd_setup)

    status = sub.add_parser("status", help="show this desk, its platform and where its "
                            "secrets are kept (never the secrets)")
    status.set_defaults(func=cmd_status)

    user = sub.add_parser("user", help="manage users").add_subparsers(title="user commands")
    add = user.add_parser("add", help="add a user (an administrator signs in first)")
    add.add_argument("username")
    add.add_argument("--name", required=True, help="display name")
    add.add_argument("--role", required=True, choices=["clerk", "supervisor", "admin"])
    add.add_argument("--as", dest="as_user", required=True, help="the administrator's user name")
    add.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the administrator's and then the new password from standard input",
    )
    add.set_defaults(func=cmd_user_add)
    register_exchange(sub)
    register_sync(sub)
    register_verify(sub)
    register_keys(sub)
    register_samples(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    # The sync engine reports failed passes itself; the HTTP library's own retries are noise.
    logging.getLogger("urllib3").setLevel(logging.ERROR)
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except DomainError as exc:
        print(f"counter-desk: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # a file the command needs: say which, and why
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"counter-desk: {where}{exc.strerror or exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
