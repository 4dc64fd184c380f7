"""A real desk's outbox uploaded to a real platform over loopback, and the outcomes coming back.

The payloads are the ones `counter.intake.submit` and `counter.cases.lifecycle` freeze in
the outbox, so the contract is checked against what the core really sends.
The platform runs under uvicorn on an ephemeral port with its simulator on.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path

import pytest
import requests
import uvicorn
from sqlmodel import col, select

from counter.desk import Desk
from counter.intake.request import Decision, MaterialStatus
from counter.intake.submit import submit_intake
from counter.store.models import AuditEntry, OutboxItem
from counter.users import Actor
from sync.protocol import (
    ChangesPage,
    PublicKeys,
    UploadBatch,
    UploadResponse,
    verify_certificate,
)
from sync.server.listen import loopback_listener
from sync.server.settings import SimulatorSettings
from tests.conftest import COMPANY_ITEM, MONDAY_MORNING, intake_request
from tests.sync.conftest import build_platform


@pytest.fixture
def live_url(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    fast = SimulatorSettings(enabled=True, interval_s=0.05, review_after_s=0, decide_after_s=0,
                             approval_ratio=0.5, seed=3)
    platform = build_platform(tmp_path, simulator=fast)
    sock = loopback_listener()
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(platform.app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started
    yield f"http://127.0.0.1:{port}", platform.auth()
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()
    platform.close()


def _outbox_batch(desk: Desk) -> dict:
    """What the sync engine will send: the outbox rows as frozen, and the audit head."""
    with desk.store.read() as session:
        rows = session.exec(select(OutboxItem).order_by(col(OutboxItem.id))).all()
        head = session.exec(select(AuditEntry).order_by(col(AuditEntry.id).desc())).first()
    assert head is not None
    items = [
        {
            "idempotency_key": row.idempotency_key,
            "kind": row.kind,
            "case_id": row.case_id,
            "payload": json.loads(row.payload),
            # SQLite hands timestamps back without a zone; the store keeps UTC.
            "created_at": row.created_at.replace(tzinfo=row.created_at.tzinfo or UTC).isoformat(),
        }
        for row in rows
    ]
    body = {
        "desk": {"office_code": desk.office_code, "desk_code": desk.desk_code},
        "audit_head": {"entry_id": head.id, "hash": head.hash},
        "items": items,
    }
    return UploadBatch.model_validate(body).model_dump(mode="json")


def test_core_outbox_round_trip_over_loopback(
    live_url: tuple[str, dict[str, str]], desk: Desk, clerk: Actor
) -> None:
    base, auth = live_url
    results = [
        submit_intake(desk, clerk, intake_request(desk), now=MONDAY_MORNING),
        submit_intake(desk, clerk, intake_request(desk, COMPANY_ITEM), now=MONDAY_MORNING),
        submit_intake(
            desk, clerk,
            intake_request(desk, decision=Decision.REQUEST_CORRECTION,
                           statuses={"M03": MaterialStatus.MISSING}),
            now=MONDAY_MORNING,
        ),
    ]
    body = _outbox_batch(desk)
    with requests.Session() as http:
        http.headers.update(auth)
        sent = http.post(f"{base}/v1/cases/batch", json=body, timeout=10)
        assert sent.status_code == 200, sent.text
        answer = UploadResponse.model_validate(sent.json())
        assert [r.status for r in answer.results] == ["accepted"] * 3
        assert answer.audit == "recorded"
        # A lost reply: the engine sends the same batch again and learns nothing new.
        again = UploadResponse.model_validate(
            http.post(f"{base}/v1/cases/batch", json=body, timeout=10).json()
        )
        assert [r.status for r in again.results] == ["duplicate"] * 3
        assert [r.platform_case_id for r in again.results] == [
            r.platform_case_id for r in answer.results
        ]
        # The simulator (on its own timer) decides the two accepted cases.
        accepted = {r.case_id for r in results[:2]}
        decided: dict[str, str] = {}
        changes = []
        deadline = time.monotonic() + 15
        while set(decided) != accepted and time.monotonic() < deadline:
            page = ChangesPage.model_validate(
                http.get(f"{base}/v1/changes", params={"limit": 500}, timeout=10).json()
            )
            changes = page.changes
            decided = {c.case_id: c.state for c in changes
                       if c.kind == "case_state" and c.state in ("result_ready", "rejected")}
            time.sleep(0.05)
        assert set(decided) == accepted
        keys = PublicKeys.model_validate(http.get(f"{base}/v1/keys", timeout=10).json()).keys
    for change in changes:
        if change.kind == "certificate_issued":
            assert verify_certificate(change.certificate, keys)
            assert change.certificate.data.acceptance_no in {r.acceptance_no for r in results}


def test_sync_never_imports_qt() -> None:
    code = (
        "import sys, sync.protocol, sync.server.app, sync.server.cli, sync.server.openapi; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'PySide6', 'shiboken6'}); "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
