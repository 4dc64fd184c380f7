"""The platform's OpenAPI document as committed in docs/exchange-openapi.json.

Regenerate after changing the protocol: ``counter-desk exchange openapi --out
docs/exchange-openapi.json``; a test fails while the committed copy is stale.
"""

from __future__ import annotations

import json

from sqlalchemy import create_engine
from sqlalchemy.pool import StaticPool

from sync.server.app import create_app
from sync.server.settings import ServerSettings, SimulatorSettings


def openapi_document() -> dict:
    # A throwaway in-memory database: the document does not depend on data.
    engine = create_engine("sqlite://", poolclass=StaticPool,
                           connect_args={"check_same_thread": False})
    settings = ServerSettings(db_url="sqlite://", seed_demo=False,
                              simulator=SimulatorSettings(enabled=False))
    return create_app(settings, engine=engine).openapi()


def openapi_text() -> str:
    return json.dumps(openapi_document(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
