"""Batch upload: accepted, duplicate with the first answer, conflict, per-item rejections."""

from __future__ import annotations

import uuid
from datetime import date

from sqlmodel import select

from sync.protocol import MAX_BATCH_ITEMS, UploadResponse
from sync.server.db import session_scope
from sync.server.tables import PlatformCase
from tests.sync.conftest import (
    AT,
    CREDIT_CODE,
    OFFICE_B,
    Platform,
    batch,
    intake_payload,
    item,
    transition,
)


def upload(platform: Platform, body: dict, who: str = "A") -> UploadResponse:
    response = platform.client.post("/v1/cases/batch", json=body, headers=platform.auth(who))
    assert response.status_code == 200, response.text
    return UploadResponse.model_validate(response.json())


def test_intake_is_accepted_with_a_platform_case_id(platform: Platform) -> None:
    result = upload(platform, batch(item(intake_payload()))).results[0]
    assert result.status == "accepted"
    assert result.platform_case_id and result.platform_case_id.startswith("PX")


def test_same_key_same_item_is_a_duplicate_carrying_the_first_answer(platform: Platform) -> None:
    first_item = item(intake_payload())
    first = upload(platform, batch(first_item)).results[0]
    again = upload(platform, batch(first_item)).results[0]
    assert again.status == "duplicate"
    assert again.first_status == "accepted"
    assert again.platform_case_id == first.platform_case_id


def test_timestamp_in_another_zone_is_still_the_same_item(platform: Platform) -> None:
    first_item = item(intake_payload())
    upload(platform, batch(first_item))
    resent = {**first_item, "created_at": "2026-03-02T09:30:00+08:00"}
    assert upload(platform, batch(resent)).results[0].status == "duplicate"


def test_same_key_different_payload_is_a_conflict_and_changes_nothing(platform: Platform) -> None:
    payload = intake_payload()
    key = str(uuid.uuid4())
    upload(platform, batch(item(payload, key=key)))
    changed = {**payload, "reason": "edited after sending"}
    result = upload(platform, batch(item(changed, key=key))).results[0]
    assert (result.status, result.reason_code) == ("rejected", "idempotency_conflict")
    # The first item still stands: resending it is still a plain duplicate.
    assert upload(platform, batch(item(payload, key=key))).results[0].status == "duplicate"


def test_rejections_are_per_item_with_machine_readable_codes(platform: Platform) -> None:
    masked = intake_payload()
    masked["applicant"] = {**masked["applicant"], "id_number": "**************0312"}
    bad_check = intake_payload()
    bad_check["applicant"] = {**bad_check["applicant"], "id_number": "140121198503120310"}
    items = [
        item(intake_payload()),
        item(masked),
        item(bad_check),
        item(intake_payload(office=OFFICE_B)),
        item(intake_payload(desk="02")),
        item(intake_payload(service_code="NOPE-001")),
        item({"case_id": "x"}),
        item(intake_payload(accepted_at="2026-03-02T09:30:00")),  # no zone
        item(intake_payload(), kind="case.teleport"),
        {**item(intake_payload()), "case_id": "another"},
        item(transition(str(uuid.uuid4()), "accepted", "submitted"), kind="case.transition"),
    ]
    results = upload(platform, batch(*items)).results
    assert [(r.status.value, r.reason_code and r.reason_code.value) for r in results] == [
        ("accepted", None),
        ("rejected", "masked_id_number"),
        ("rejected", "invalid_id_number"),
        ("rejected", "office_mismatch"),
        ("rejected", "desk_mismatch"),
        ("rejected", "unknown_service"),
        ("rejected", "invalid_payload"),
        ("rejected", "invalid_payload"),
        ("rejected", "unknown_kind"),
        ("rejected", "case_id_mismatch"),
        ("rejected", "unknown_case"),
    ]
    assert all(r.reason for r in results[1:])
    # A rejection never repeats a full ID number back.
    assert all("140121198503120310" not in r.reason for r in results)


def test_company_intake_checks_the_credit_code(platform: Platform) -> None:
    applicant = {"kind": "company", "name": "清徐县晋源醋业有限公司", "id_type": "credit_code",
                 "id_number": CREDIT_CODE, "phone": "0351-5721234", "address": "",
                 "legal_rep_name": "陈明"}
    good = intake_payload(service_code="SCJG-002", applicant=applicant)
    bad = intake_payload(service_code="SCJG-002",
                         applicant={**applicant, "id_number": CREDIT_CODE[:-1] + "0"})
    results = upload(platform, batch(item(good), item(bad))).results
    assert results[0].status == "accepted"
    assert results[1].reason_code == "invalid_id_number"


def test_a_second_intake_for_the_same_case_is_refused(platform: Platform) -> None:
    payload = intake_payload()
    upload(platform, batch(item(payload)))
    other = upload(platform, batch(item(payload))).results[0]  # new key, same case
    assert other.reason_code == "case_exists"


def test_transitions_follow_the_case_life(platform: Platform) -> None:
    payload = intake_payload()
    case_id = payload["case_id"]
    results = upload(
        platform,
        batch(
            item(payload),
            item(transition(case_id, "accepted", "submitted"), kind="case.transition"),
            item(transition(case_id, "submitted", "accepted"), kind="case.transition"),
        ),
    ).results
    assert [r.status for r in results] == ["accepted", "accepted", "rejected"]
    assert results[2].reason_code == "illegal_transition"


def test_batch_over_the_limit_is_refused_whole(platform: Platform) -> None:
    items = [item(intake_payload()) for _ in range(MAX_BATCH_ITEMS + 1)]
    response = platform.client.post("/v1/cases/batch", json=batch(*items),
                                    headers=platform.auth())
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_request"
    assert "500" in response.json()["error"]["message"]


def test_a_full_batch_is_taken(platform: Platform) -> None:
    items = [item(intake_payload()) for _ in range(MAX_BATCH_ITEMS)]
    results = upload(platform, batch(*items)).results
    assert len(results) == MAX_BATCH_ITEMS
    assert {r.status for r in results} == {"accepted"}


def test_batch_from_another_desk_than_the_token_is_forbidden(platform: Platform) -> None:
    response = platform.client.post(
        "/v1/cases/batch", json=batch(item(intake_payload()), desk="02"), headers=platform.auth()
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "desk_mismatch"


def test_audit_head_going_back_or_changing_shows(platform: Platform) -> None:
    def send(entry_id: int, digit: str) -> str:
        head = {"entry_id": entry_id, "hash": digit * 64}
        return upload(platform, batch(item(intake_payload()), head=head)).audit.value

    assert send(10, "a") == "recorded"
    assert send(12, "b") == "recorded"
    assert send(10, "a") == "mismatch"  # the log shrank below what was reported
    assert send(12, "c") == "mismatch"  # entry 12 was rewritten
    assert upload(platform, batch(item(intake_payload()))).audit == "absent"


def test_the_request_hash_is_the_canonical_json_of_the_four_fields() -> None:
    """The hashes the platform holds keep meaning the same item: the text hashed is the
    canonical JSON of kind, case id, payload and UTC creation instant, however it is made."""
    import hashlib
    from datetime import datetime, timedelta, timezone

    from sync.protocol import UploadItem, canonical_json
    from sync.server.ingest import request_hash

    payloads = [
        {"case_id": "c-1", "applicant": {"name": "王秀英", "id_number": "X"}, "n": [1, 2.5, None],
         "extra": {"z": True, "a": "\u2028\"\\"}},
        {},
    ]
    for payload in payloads:
        for case_id in ("c-1", None):
            item = UploadItem(
                idempotency_key="k" * 12, kind="case.intake", case_id=case_id, payload=payload,
                created_at=datetime(2026, 12, 3, 9, 30, 1, 5, tzinfo=timezone(timedelta(hours=8))),
            )
            body = {"kind": item.kind, "case_id": item.case_id, "payload": item.payload,
                    "created_at": "2026-12-03T01:30:01.000005+00:00"}
            expected = hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()
            assert request_hash(item) == expected


def _extension(case_id: str, old_due: str, new_due: str) -> dict:
    return {"case_id": case_id, "acceptance_no": "", "at": AT.isoformat(), "actor": "supervisor",
            "reason": "需现场核查", "old_due": old_due, "new_due": new_due, "working_days": 5}


def test_an_extension_moves_the_platforms_due_date_and_is_published(platform: Platform) -> None:
    earlier, fresh = intake_payload(), intake_payload(due_date=None)
    upload(platform, batch(item(earlier)))
    later = intake_payload()
    extended = "case.deadline_extended"
    results = upload(platform, batch(
        item(_extension(earlier["case_id"], "2026-03-09", "2026-03-16"), kind=extended),
        # taken in and extended twice in one batch: the row inserted holds the last date
        item(later),
        item(_extension(later["case_id"], "2026-03-09", "2026-03-13"), kind=extended),
        item(_extension(later["case_id"], "2026-03-13", "2026-03-20"), kind=extended),
        item(fresh),
        # not later than the date it moves: refused, nothing changes
        item(_extension(fresh["case_id"], "2026-03-09", "2026-03-09"), kind=extended),
    )).results
    assert [r.status for r in results] == ["accepted"] * 5 + ["rejected"]
    assert results[5].reason_code == "invalid_payload"
    with session_scope(platform.engine) as session:
        due = dict(session.exec(select(PlatformCase.case_id, PlatformCase.due_date)).all())
    assert due == {earlier["case_id"]: date(2026, 3, 16), later["case_id"]: date(2026, 3, 20),
                   fresh["case_id"]: None}

    # The other desk of the office hears of each case once, with its date as it now stands.
    changes = platform.client.get("/v1/changes", headers=platform.auth("A2")).json()["changes"]
    told = [(c["case_id"], c["due_date"]) for c in changes if c["kind"] == "desk_case"]
    assert told[0] == (earlier["case_id"], "2026-03-09")
    assert sorted(told[1:], key=str) == sorted([(earlier["case_id"], "2026-03-16"),
                                                (later["case_id"], "2026-03-20"),
                                                (fresh["case_id"], None)], key=str)


def test_an_extension_of_another_offices_case_is_unknown_and_publishes_nothing(
    platform: Platform,
) -> None:
    theirs = intake_payload(office=OFFICE_B)
    upload(platform, batch(item(theirs), office=OFFICE_B), who="B")
    result = upload(platform, batch(item(
        _extension(theirs["case_id"], "2026-03-09", "2026-03-16"), kind="case.deadline_extended"
    ))).results[0]
    assert result.reason_code == "unknown_case"
    with session_scope(platform.engine) as session:
        assert session.exec(select(PlatformCase.due_date)).one() == date(2026, 3, 9)
    assert platform.client.get("/v1/changes", headers=platform.auth("A")).json()["changes"] == []
