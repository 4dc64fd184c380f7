"""`counter-desk exchange ...`: run the reference platform and manage its desks."""

from __future__ import annotations

import argparse
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

    from sync.server.app import create_app

    simulator = SimulatorSettings(
        enabled=not args.no_simulator,
        review_after_s=args.review_after,
        decide_after_s=args.decide_after,
        approval_ratio=args.approval_ratio,
        seed=args.seed,
    )
    app = create_app(replace(_settings(args), simulator=simulator))
    uvicorn.run(app, host=args.host, port=args.port, log_level="info")
    return 0


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

    serve = sub.add_parser("serve", help="run the platform over HTTP")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--db", help=_DB_HELP)
    serve.add_argument("--no-simulator", action="store_true", help="departments never decide")
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

    api = sub.add_parser("openapi", help="print the platform's OpenAPI document")
    api.add_argument("--out", help="write to this file instead of standard output")
    api.set_defaults(func=cmd_openapi)
