"""A revision of a refused intake is taken and linked; one that names no refusal is refused."""

from __future__ import annotations

import json
import uuid

from sqlmodel import select

from sync.server.db import session_scope
from sync.server.tables import PlatformCase
from tests.sync.conftest import OFFICE_B, Platform, batch, intake_payload, item
from tests.sync.test_upload import upload

REVISION = "case.intake_revision"


def _revision(payload: dict, revises: str, **changes: object) -> dict:
    return {
        **payload,
        "revises": revises,
        "revision": 2,
        "resubmission": {"at": payload["accepted_at"], "actor": "supervisor",
                         "reason": "身份证号录错", "fields": ["applicant_id_number"]},
        **changes,
    }


def _refused(platform: Platform, who: str = "A", **changes: object) -> tuple[dict, str]:
    office = OFFICE_B if who == "B" else "140121"
    payload = intake_payload(office=office)
    bad = {**payload, "applicant": {**payload["applicant"], "id_number": "140121198503120010"},
           **changes}
    refused = item(bad)
    result = upload(platform, batch(refused, office=office), who).results[0]
    assert (result.status, result.reason_code) == ("rejected", "invalid_id_number")
    return payload, refused["idempotency_key"]


def test_a_revision_of_a_refused_intake_is_taken_and_linked(platform: Platform) -> None:
    payload, refused_key = _refused(platform)
    revision = item(_revision(payload, refused_key), kind=REVISION)
    result = upload(platform, batch(revision)).results[0]
    assert result.status == "accepted" and result.platform_case_id
    # repeated under its key: the first answer, as for any item
    again = upload(platform, batch(revision)).results[0]
    assert (again.status, again.platform_case_id) == ("duplicate", result.platform_case_id)
    with session_scope(platform.engine) as session:
        case = session.exec(
            select(PlatformCase).where(PlatformCase.case_id == payload["case_id"])
        ).one()
    stored = json.loads(case.payload)
    assert stored["revises"] == refused_key and stored["revision"] == 2  # the link
    assert case.acceptance_no == payload["acceptance_no"]  # the citizen's number
    assert case.dept_state == "received"  # handed on to the department like an intake
    # the refused key's own answer stands as first given
    first = upload(platform, batch(item(
        {**payload, "applicant": {**payload["applicant"], "id_number": "140121198503120010"}},
        key=refused_key,
    ))).results[0]
    assert (first.status, first.first_status) == ("duplicate", "rejected")


def test_a_revision_must_name_a_refused_intake_of_its_case(platform: Platform) -> None:
    def answer(body: dict, who: str = "A") -> str | None:
        office = OFFICE_B if who == "B" else "140121"
        result = upload(platform, batch(item(body, kind=REVISION), office=office), who).results[0]
        return result.reason_code

    payload, refused_key = _refused(platform)
    # a key never answered, or one that was accepted
    assert answer(_revision(payload, str(uuid.uuid4()))) == "unknown_revision"
    taken = item(intake_payload())
    upload(platform, batch(taken))
    assert answer(_revision(taken["payload"], taken["idempotency_key"])) == "unknown_revision"
    # another case's refusal
    other = intake_payload()
    assert answer(_revision(other, refused_key)) == "unknown_revision"
    # another office's refusal: keys are the office's own
    b_payload, b_key = _refused(platform, "B")
    assert answer(_revision({**payload, "case_id": b_payload["case_id"]}, b_key)) == (
        "unknown_revision")
    # still checked as an intake: the correction must be right too
    still_bad = _revision(payload, refused_key,
                          applicant={**payload["applicant"], "id_number": "1401211985031200X"})
    assert answer(still_bad) == "invalid_id_number"
    # without the link it is no revision at all
    assert answer({**payload}) == "invalid_payload"
