"""Fixtures for the exchange: a fresh reference platform per test, desks and their tokens.

The platform runs on a new SQLite file per test, or on the database named by
$COUNTER_EXCHANGE_TEST_DB (e.g. a PostgreSQL URL in CI), whose tables
(and migration record) are dropped and made again for each test.
"""

from __future__ import annotations

import itertools
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from counter.validation import expected_check_character, expected_credit_code_check
from sync.server.app import create_app
from sync.server.auth import add_desk
from sync.server.db import make_engine, session_scope
from sync.server.schema import drop_everything
from sync.server.settings import ServerSettings, SimulatorSettings

TEST_DB_ENV = "COUNTER_EXCHANGE_TEST_DB"
OFFICE_A, OFFICE_B = "140121", "140105"
AT = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)
APPLICANT_ID = "14012119850312031" + expected_check_character("14012119850312031")
CREDIT_CODE = "91140121MA0K12345" + expected_credit_code_check("91140121MA0K12345")
# Acceptance numbers are unique in an office: each payload made here gets the next one.
_NUMBERS = itertools.count(1)
SIMULATOR = SimulatorSettings(enabled=False, review_after_s=60, decide_after_s=300, seed=7)


@dataclass
class Platform:
    app: FastAPI
    engine: Engine
    client: TestClient
    tokens: dict[str, str]  # "A" / "A2" / "B" -> token

    def auth(self, who: str = "A") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    def close(self) -> None:
        self.client.close()
        self.engine.dispose()


def platform_engine(tmp_path: Path) -> Engine:
    url = os.environ.get(TEST_DB_ENV)
    if not url:
        return make_engine(f"sqlite:///{tmp_path / 'exchange.db'}")
    engine = make_engine(url)
    drop_everything(engine)
    return engine


def build_platform(tmp_path: Path, **settings: object) -> Platform:
    engine = platform_engine(tmp_path)
    values: dict[str, object] = {"db_url": str(engine.url), "simulator": SIMULATOR}
    values.update(settings)
    app = create_app(ServerSettings(**values), engine=engine)  # type: ignore[arg-type]
    with session_scope(engine) as session:
        tokens = {
            "A": add_desk(session, OFFICE_A, "01"),
            "A2": add_desk(session, OFFICE_A, "02"),
            "B": add_desk(session, OFFICE_B, "01"),
        }
    return Platform(app, engine, TestClient(app), tokens)


@pytest.fixture
def platform(tmp_path: Path) -> Iterator[Platform]:
    built = build_platform(tmp_path)
    yield built
    built.close()


def intake_payload(
    office: str = OFFICE_A, desk: str = "01", case_id: str | None = None, **changes: object
) -> dict:
    """A case.intake payload shaped exactly like counter.intake.submit._intake_payload."""
    case_id = case_id or str(uuid.uuid4())
    payload = {
        "case_id": case_id,
        "acceptance_no": f"{office}-{desk}-20260302-{next(_NUMBERS):04d}",
        "office_code": office,
        "desk_code": desk,
        "service_code": "RS-002",
        "decision": "accept",
        "state": "accepted",
        "applicant": {
            "kind": "person", "name": "张伟", "id_type": "resident_id",
            "id_number": APPLICANT_ID, "phone": "13835100001", "address": "", "legal_rep_name": "",
        },
        "agent": None,
        "materials": [{"code": "M01", "name": "身份证", "status": "received", "copies": 1,
                       "pages": None, "note": ""}],
        "accepted_at": AT.isoformat(),
        "local_date": "2026-03-02",
        "due_date": "2026-03-09",
        "due_provisional": False,
        "makeup_deadline": None,
        "reason": "",
        "clerk": "clerk",
        "extra": {},
    }
    payload.update(changes)
    return payload


def item(payload: dict, kind: str = "case.intake", key: str | None = None) -> dict:
    return {
        "idempotency_key": key or str(uuid.uuid4()),
        "kind": kind,
        "case_id": payload.get("case_id"),
        "payload": payload,
        "created_at": AT.isoformat(),
    }


def batch(*items: dict, office: str = OFFICE_A, desk: str = "01", head: dict | None = None) -> dict:
    body: dict = {"desk": {"office_code": office, "desk_code": desk}, "items": list(items)}
    if head is not None:
        body["audit_head"] = head
    return body


def transition(case_id: str, from_state: str, to_state: str, reason: str = "") -> dict:
    return {"case_id": case_id, "acceptance_no": "", "from": from_state, "to": to_state,
            "at": AT.isoformat(), "actor": "clerk", "reason": reason, "data": {}}
