"""The reference exchange platform as an ASGI app: `create_app(settings)`.

The database is created and seeded when the app is built, so a test client
works without running the lifespan; the lifespan only runs the department
simulator on its timer (when enabled).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import AsyncIterator

import anyio.to_thread
from fastapi import FastAPI
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from counter.clock import utc_now
from sync.protocol import PROTOCOL
from sync.server import simulator
from sync.server.db import make_engine
from sync.server.errors import BodyLimit, install_error_handlers
from sync.server.routes import router
from sync.server.schema import prepare
from sync.server.settings import ServerSettings

log = logging.getLogger("sync.server")


def init_database(engine: Engine, settings: ServerSettings) -> None:
    """The schema, reference data and keys, made once per deployment (`schema.prepare`)."""
    prepare(engine, settings.seed_demo)


async def _simulate(app: FastAPI) -> None:
    settings: ServerSettings = app.state.settings
    while True:
        await asyncio.sleep(settings.simulator.interval_s)
        try:
            await run_in_threadpool(
                simulator.advance, app.state.engine, settings.simulator, utc_now()
            )
        except Exception:  # keep the timer alive; the next round retries
            log.exception("department simulator failed")


@contextlib.asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings: ServerSettings = app.state.settings
    if app.state.engine.dialect.name == "postgresql":
        # As many request threads as pooled connections: a request waits for a thread,
        # not for a connection it might not get before the pool's timeout.
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.pool_size
    task = None
    if app.state.settings.simulator.enabled:
        task = asyncio.create_task(_simulate(app))
    try:
        yield
    finally:
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


def create_app(settings: ServerSettings | None = None, engine: Engine | None = None) -> FastAPI:
    settings = settings or ServerSettings()
    engine = engine or make_engine(settings.db_url, pool_size=settings.pool_size)
    init_database(engine, settings)
    app = FastAPI(
        title="Counter Desk exchange platform",
        version=PROTOCOL,
        description="Reference implementation of the counter-exchange/1 protocol "
        "(see docs/EXCHANGE_PROTOCOL.md).",
        lifespan=_lifespan,
    )
    app.state.settings = settings
    app.state.engine = engine
    install_error_handlers(app)
    app.include_router(router)
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    return app


SETTINGS_ENV = "COUNTER_EXCHANGE_SETTINGS"


def app_from_environment() -> FastAPI:
    """The app of one worker process, from the settings its server left in the environment."""
    return create_app(ServerSettings.from_json(os.environ[SETTINGS_ENV]))
