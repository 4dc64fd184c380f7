"""`counter-desk exchange ...`: run the reference platform and manage its desks."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from pathlib import Path

from sync.server.settings import DB_URL_ENV, DEFAULT_DB_URL, ServerSettings, SimulatorSettings

_DB_HELP = f"database URL (default ${DB_URL_ENV} or {DEFAULT_DB_URL}); postgresql+psycopg://..."


def _settings(args: argparse.Namespace) -> ServerSettings:
    settings = ServerSettings()
    return replace(settings, db_url=args.db) if args.db else settings


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from sync.server.app import SETTINGS_ENV, create_app

    simulator = SimulatorSettings(
        enabled=not args.no_simulator,
        interval_s=args.simulator_interval,
        review_after_s=args.review_after,
        decide_after_s=args.decide_after,
        approval_ratio=args.approval_ratio,
        seed=args.seed,
    )
    settings = replace(
        _settings(args), simulator=simulator, workers=args.workers,
        db_connections=args.db_connections,
    )
    if args.workers < 1:
        print("counter-desk exchange serve: --workers must be 1 or more", file=sys.stderr)
        return 2
    if (args.tls_key or args.tls_client_ca) and not args.tls_cert:
        print("counter-desk exchange serve: --tls-key and --tls-client-ca need --tls-cert",
              file=sys.stderr)
        return 2
    tls = _tls_options(args)
    if args.workers == 1:
        uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level="info", **tls)
        return 0
    if not settings.db_url.startswith("postgresql"):
        print("counter-desk exchange serve: --workers above 1 needs PostgreSQL "
              "(--db postgresql+psycopg://…); SQLite serves one process", file=sys.stderr)
        return 2
    # Each worker builds its own app from these settings; the first to start prepares the
    # database under its lock, the others find it prepared (sync.server.schema).
    os.environ[SETTINGS_ENV] = settings.to_json()
    # uvicorn kills a worker that does not answer its health check in time (5 s by default)
    # and starts another. A new worker answers only once it has imported the command again
    # (multiprocessing's spawn), which takes longer than that on a busy machine: workers
    # were killed and started over and over and none came up. A minute holds any start-up.
    uvicorn.run("sync.server.app:app_from_environment", factory=True, workers=args.workers,
                host=args.host, port=args.port, log_level="info",
                timeout_worker_healthcheck=WORKER_HEALTHCHECK_S, **tls)
    return 0


WORKER_HEALTHCHECK_S = 60


def _tls_options(args: argparse.Namespace) -> dict[str, object]:
    """uvicorn's TLS options from --tls-cert/--tls-key, and --tls-client-ca for mutual TLS."""
    import ssl

    if not args.tls_cert:
        return {}
    options: dict[str, object] = {"ssl_certfile": args.tls_cert, "ssl_keyfile": args.tls_key}
    if args.tls_client_ca:
        # Every desk must present a certificate this authority signed.
        options.update(ssl_ca_certs=args.tls_client_ca, ssl_cert_reqs=ssl.CERT_REQUIRED)
    return options


def cmd_add_desk(args: argparse.Namespace) -> int:
    from sync.server.app import init_database
    from sync.server.auth import add_desk
    from sync.server.db import make_engine, session_scope

    settings = _settings(args)
    engine = make_engine(settings.db_url)
    init_database(engine, settings)
    with session_scope(engine) as session:
        token = add_desk(session, args.office_code, args.desk_code, args.name)
    # The token goes to standard output alone so a script can capture it; shown once only.
    print(token)
    print(f"desk {args.office_code}/{args.desk_code} registered; keep the token safe",
          file=sys.stderr)
    return 0


def cmd_list_desks(args: argparse.Namespace) -> int:
    from sync.server.app import init_database
    from sync.server.auth import list_desks
    from sync.server.db import make_engine, session_scope

    settings = _settings(args)
    engine = make_engine(settings.db_url)
    init_database(engine, settings)
    with session_scope(engine) as session:
        for row in list_desks(session):
            state = "active" if row.active else "revoked"
            print(f"{row.office_code}\t{row.desk_code}\t{state}\t{row.name}")
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    """Upgrade (or move) the platform's schema in place, while workers may be serving."""
    from sync.server.db import make_engine
    from sync.server.schema import PREPARE_LOCK, current_revision, take_lock, unhurried, upgrade

    engine = make_engine(_settings(args).db_url)
    try:
        with engine.begin() as conn:
            unhurried(conn)
            take_lock(conn, PREPARE_LOCK)
            before = current_revision(conn)
            upgrade(conn, args.revision)
            after = current_revision(conn)
    finally:
        engine.dispose()
    if before == after:
        print(f"the platform's schema is at revision {after}; nothing to do")
    else:
        print(f"the platform's schema moved from revision {before or 'none'} to {after}")
    return 0


def cmd_openapi(args: argparse.Namespace) -> int:
    from sync.server.openapi import openapi_text

    text = openapi_text()
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `exchange` command group to the `counter-desk` parser."""
    exchange = subparsers.add_parser("exchange", help="the reference exchange platform")
    sub = exchange.add_subparsers(title="exchange commands", required=True)

    serve = sub.add_parser("serve", help="run the platform over HTTP or HTTPS")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--tls-cert", metavar="PEM", help="serve HTTPS with this certificate")
    serve.add_argument("--tls-key", metavar="PEM", help="the certificate's private key")
    serve.add_argument("--tls-client-ca", metavar="PEM",
                       help="require each desk's client certificate, signed by this CA")
    serve.add_argument("--db", help=_DB_HELP)
    serve.add_argument("--workers", type=int, default=1,
                       help="worker processes (above 1 needs PostgreSQL)")
    serve.add_argument("--db-connections", type=int, default=32, metavar="N",
                       help="PostgreSQL connections of the whole deployment, shared by the "
                       "workers (default 32; keep it under the server's max_connections)")
    serve.add_argument("--no-simulator", action="store_true", help="departments never decide")
    serve.add_argument("--simulator-interval", type=float, default=5.0, metavar="SECONDS",
                       help="how often the department simulator looks for due steps")
    serve.add_argument("--review-after", type=float, default=30.0, metavar="SECONDS")
    serve.add_argument("--decide-after", type=float, default=120.0, metavar="SECONDS")
    serve.add_argument("--approval-ratio", type=float, default=0.85)
    serve.add_argument("--seed", type=int, default=0, help="seed of the simulated decisions")
    serve.set_defaults(func=cmd_serve)

    add = sub.add_parser("add-desk", help="register a desk and print its new bearer token")
    add.add_argument("office_code")
    add.add_argument("desk_code")
    add.add_argument("--name", default="")
    add.add_argument("--db", help=_DB_HELP)
    add.set_defaults(func=cmd_add_desk)

    ls = sub.add_parser("list-desks", help="list registered desks (never their tokens)")
    ls.add_argument("--db", help=_DB_HELP)
    ls.set_defaults(func=cmd_list_desks)

    migrate = sub.add_parser("migrate", help="upgrade the platform's database schema in place")
    migrate.add_argument("--db", help=_DB_HELP)
    migrate.add_argument("--revision", default="head", help="target revision (default: newest)")
    migrate.set_defaults(func=cmd_migrate)

    api = sub.add_parser("openapi", help="print the platform's OpenAPI document")
    api.add_argument("--out", help="write to this file instead of standard output")
    api.set_defaults(func=cmd_openapi)
