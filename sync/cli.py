"""`counter-desk sync`: one pass of the sync engine from the command line.

Exits 0 after a complete pass, 1 when the platform could not be reached, 3
when it answered badly (degraded), and 2 when this desk has no platform
configured.
"""

from __future__ import annotations

import argparse
import sys


def cmd_sync(args: argparse.Namespace) -> int:
    from counter.bootstrap import open_desk
    from counter.exchange import sync_state
    from counter.version import app_version
    from sync.engine import Connection, engine_for

    opened = open_desk()
    settings = opened.settings
    engine = engine_for(opened.desk, settings, app_version())
    if engine is None:
        opened.desk.store.dispose()
        print(
            "counter-desk: sync is off; set exchange_url and exchange_token in "
            f"{opened.directory / 'config.toml'}",
            file=sys.stderr,
        )
        return 2
    try:
        report = engine.run_once()
        status = engine.state()
        with opened.desk.store.read() as session:
            dead = sync_state.dead_letters(session, limit=20)
    finally:
        engine.client.close()
        opened.desk.store.dispose()
    print(f"platform: {settings.exchange_url} ({report.connection.value})")
    print(
        f"sent {report.sent} (duplicates {report.duplicates}), refused {report.dead}, "
        f"retry later {report.retried}; changes {report.changes}, "
        f"cases moved {len(report.applied.cases_moved)}, "
        f"certificates {len(report.applied.certificates)}"
    )
    print(f"backlog {status.backlog}, dead letters {status.dead}")
    if status.next_attempt:
        print(f"next attempt {status.next_attempt.isoformat()}")
    if report.error:
        print(f"error: {report.error}")
    if report.audit_mismatch:
        print("warning: the platform reports this desk's audit chain differs from what it saw")
    for letter in dead:
        print(f"  dead: #{letter.item_id} {letter.kind} {letter.acceptance_no}: {letter.reason}")
    if report.connection is Connection.OFFLINE:
        return 1
    return 3 if report.connection is Connection.DEGRADED else 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `sync` command to the `counter-desk` parser."""
    sync = subparsers.add_parser(
        "sync", help="send the outbox to the exchange platform and apply its changes, once"
    )
    sync.set_defaults(func=cmd_sync)
