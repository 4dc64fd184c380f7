"""The office feed's ``desk_case`` entries: a case taken in by the batch is told from memory,
with the very text its change model gives for the case as stored."""

from __future__ import annotations

import json

from pydantic import TypeAdapter
from sqlalchemy import select

from sync.protocol import Change
from sync.server.db import session_scope
from sync.server.desk_feed import _service_names, _stored_body
from sync.server.tables import ChangeRow, PlatformCase
from tests.sync.conftest import (
    CREDIT_CODE,
    Platform,
    batch,
    intake_payload,
    item,
    transition,
)

_CHANGE: TypeAdapter = TypeAdapter(Change)


def _upload(platform: Platform, body: dict) -> list[str]:
    response = platform.client.post("/v1/cases/batch", json=body, headers=platform.auth())
    assert response.status_code == 200, response.text
    return [r["status"] for r in response.json()["results"]]


def _bodies(platform: Platform) -> list[str]:
    with session_scope(platform.engine) as session:
        return list(session.execute(
            select(ChangeRow.body).where(ChangeRow.kind == "desk_case")
            .order_by(ChangeRow.office_code, ChangeRow.position)
        ).scalars())


def test_each_entry_is_the_change_model_s_text_for_the_case_as_stored(platform: Platform) -> None:
    agent = {"kind": "person", "name": "李娜", "id_type": "resident_id",
             "id_number": intake_payload()["applicant"]["id_number"], "phone": "", "address": ""}
    company = {"kind": "company", "name": "太原市某某有限公司", "id_type": "credit_code",
               "id_number": CREDIT_CODE.lower(), "legal_rep_name": "王强"}
    earlier = intake_payload()
    assert _upload(platform, batch(item(earlier))) == ["accepted"]
    cases = [
        intake_payload(agent=agent, clerk="王\"小\\明\n"),
        intake_payload(applicant=company, accepted_at="2026-03-02T09:30:00.000120+08:00",
                       due_date=None),
        intake_payload(state="accepted_pending", decision="accept_pending", due_date="2026-04-01"),
        {k: v for k, v in intake_payload().items() if k != "clerk"},
        intake_payload(local_date="2026-03-03", accepted_at="2026-03-02T16:30:00Z"),
    ]
    statuses = _upload(platform, batch(
        *(item(payload) for payload in cases),
        item(transition(cases[0]["case_id"], "accepted", "voided", "withdrawn"),
             kind="case.transition"),
        item(transition(earlier["case_id"], "accepted", "submitted"), kind="case.transition"),
    ))
    assert statuses == ["accepted"] * 7

    with session_scope(platform.engine) as session:
        stored = {row.case_id: row for row in session.execute(select(PlatformCase.__table__))}
        names = _service_names(session, {row.service_code for row in stored.values()})
    bodies = _bodies(platform)
    assert len(bodies) == 1 + 6
    for text in bodies:
        # What a reader's model makes of it is what was written, byte for byte ...
        assert _CHANGE.dump_json(_CHANGE.validate_json(text)).decode() == text
        # ... and what the change model gives for the case as the platform now holds it.
        told = json.loads(text)
        again = _CHANGE.validate_python({
            **_stored_body(stored[told["case_id"]], names),
            "change_id": told["change_id"], "at": told["at"],
        })
        if told["change_id"] != "c1":  # the first entry told the earlier case before it moved
            assert _CHANGE.dump_json(again).decode() == text
    masked = {json.loads(t)["case_id"]: json.loads(t)["applicant_id_masked"] for t in bodies}
    assert masked[cases[1]["case_id"]].endswith(CREDIT_CODE[-4:])
    assert all(CREDIT_CODE not in t and cases[0]["applicant"]["id_number"] not in t
               for t in bodies)
