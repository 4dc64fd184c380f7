"""The department simulator moves cases on schedule and issues verifiable certificates."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from sync.protocol import ChangesPage, PublicKeys, SignedCertificate, verify_certificate
from sync.protocol.certificates import b64url, b64url_decode
from sync.server.simulator import advance, approves
from sync.server.tables import PlatformCase
from tests.sync.conftest import SIMULATOR, Platform, batch, intake_payload, item, transition


def _upload(platform: Platform, *payloads: dict, kind: str = "case.intake") -> None:
    body = batch(*(item(p, kind=kind) for p in payloads))
    response = platform.client.post("/v1/cases/batch", json=body, headers=platform.auth())
    assert {r["status"] for r in response.json()["results"]} == {"accepted"}


def _changes(platform: Platform) -> ChangesPage:
    return ChangesPage.model_validate(
        platform.client.get("/v1/changes", params={"limit": 500}, headers=platform.auth()).json()
    )


def _received_at(platform: Platform) -> datetime:
    """Uploads are stamped with the platform's clock; tests move time on from there."""
    with Session(platform.engine) as session:
        latest = session.exec(
            select(PlatformCase.received_at).order_by(col(PlatformCase.received_at).desc())
        ).first()
    assert latest is not None
    return latest


def test_cases_move_on_schedule_to_a_seeded_decision(platform: Platform) -> None:
    payloads = [intake_payload() for _ in range(12)]
    _upload(platform, *payloads)
    now = _received_at(platform)
    assert advance(platform.engine, SIMULATOR, now) == 0
    assert advance(platform.engine, SIMULATOR, now + timedelta(seconds=61)) == 12
    # The department's news, after the office's desks were told of the 12 new cases.
    department = [c for c in _changes(platform).changes if c.kind != "desk_case"]
    assert [c.state for c in department] == ["in_review"] * 12
    assert advance(platform.engine, SIMULATOR, now + timedelta(seconds=200)) == 0
    assert advance(platform.engine, SIMULATOR, now + timedelta(seconds=400)) == 12
    changes = [c for c in _changes(platform).changes if c.kind != "desk_case"][12:]
    approved = {p["case_id"] for p in payloads if approves(SIMULATOR, p["case_id"])}
    by_case: dict[str, list[str]] = {}
    for change in changes:
        label = change.state if change.kind == "case_state" else change.kind
        by_case.setdefault(change.case_id, []).append(label)
    for payload in payloads:
        expected = (["approved", "certificate_issued", "result_ready"]
                    if payload["case_id"] in approved else ["rejected"])
        assert by_case[payload["case_id"]] == expected
    assert all(c.reason for c in changes if c.kind == "case_state" and c.state == "rejected")
    # Nothing is left to do, and running again changes nothing.
    assert advance(platform.engine, SIMULATOR, now + timedelta(days=1)) == 0


def test_decisions_depend_only_on_seed_and_case() -> None:
    ids = [f"case-{i}" for i in range(400)]
    first = [approves(SIMULATOR, i) for i in ids]
    assert first == [approves(SIMULATOR, i) for i in reversed(ids)][::-1]
    assert 0.75 < sum(first) / len(first) < 0.95  # about the configured 0.85


def test_pending_and_voided_cases_wait_or_leave(platform: Platform) -> None:
    pending = intake_payload(decision="accept_pending", state="accepted_pending")
    voided = intake_payload()
    _upload(platform, pending, voided)
    _upload(platform, transition(voided["case_id"], "accepted", "voided", "申请人撤回"),
            kind="case.transition")
    later = _received_at(platform) + timedelta(days=1)
    assert advance(platform.engine, SIMULATOR, later) == 0
    _upload(platform, transition(pending["case_id"], "accepted_pending", "accepted"),
            kind="case.transition")
    assert advance(platform.engine, SIMULATOR, later + timedelta(days=1)) == 1


def test_certificates_verify_and_tampering_shows(platform: Platform) -> None:
    payloads = [intake_payload() for _ in range(6)]
    _upload(platform, *payloads)
    now = _received_at(platform)
    advance(platform.engine, SIMULATOR, now + timedelta(seconds=61))
    advance(platform.engine, SIMULATOR, now + timedelta(seconds=400))
    issued = [c for c in _changes(platform).changes if c.kind == "certificate_issued"]
    assert issued
    keys = PublicKeys.model_validate(platform.client.get("/v1/keys").json()).keys
    cert: SignedCertificate = issued[0].certificate
    assert verify_certificate(cert, keys)
    assert "*" in cert.data.holder_id_masked  # the QR never carries the full number
    forged = cert.model_copy(update={"data": cert.data.model_copy(update={"holder_name": "李四"})})
    assert not verify_certificate(forged, keys)
    raw = bytearray(b64url_decode(cert.signature))
    raw[0] ^= 1
    assert not verify_certificate(cert.model_copy(update={"signature": b64url(bytes(raw))}), keys)
    assert not verify_certificate(cert.model_copy(update={"key_id": "ed25519-unknown"}), keys)
    # The holder's new certificate is now shared: the next counter need not ask for it.
    holder = next(p for p in payloads if p["case_id"] == issued[0].case_id)
    found = platform.client.post(
        "/v1/shared-documents/lookup",
        json={"id_type": "resident_id", "id_number": holder["applicant"]["id_number"]},
        headers=platform.auth(),
    ).json()["documents"]
    assert cert.data.certificate_id in {d["certificate_id"] for d in found}
