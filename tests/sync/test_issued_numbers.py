"""One case per acceptance number in an office, and a desk's last numbers told back to it.

A restored desk asks `GET /v1/desk/numbers` for the highest number of each day
the platform saw from it (refused intakes too), so that it never issues a
number a citizen already holds; the platform refuses a second case under a
number it holds, also when the two arrive at the same instant.
"""

from __future__ import annotations

import threading
import uuid

from fastapi.testclient import TestClient
from sqlalchemy import func
from sqlmodel import select

from sync.protocol import IssuedNumbers, UploadResponse
from sync.server.db import session_scope
from sync.server.tables import PlatformCase
from tests.sync.conftest import OFFICE_A, OFFICE_B, Platform, batch, intake_payload, item


def upload(platform: Platform, body: dict, who: str = "A") -> UploadResponse:
    response = platform.client.post("/v1/cases/batch", json=body, headers=platform.auth(who))
    assert response.status_code == 200, response.text
    return UploadResponse.model_validate(response.json())


def numbers(platform: Platform, who: str = "A", **query: str) -> IssuedNumbers:
    response = platform.client.get("/v1/desk/numbers", params=query, headers=platform.auth(who))
    assert response.status_code == 200, response.text
    return IssuedNumbers.model_validate(response.json())


def _cases_numbered(platform: Platform, number: str) -> int:
    with session_scope(platform.engine) as session:
        return session.exec(
            select(func.count()).select_from(PlatformCase).where(
                PlatformCase.acceptance_no == number)
        ).one()


def test_a_second_case_under_a_taken_number_is_refused_and_the_first_stands(
    platform: Platform,
) -> None:
    number = f"{OFFICE_A}-01-20260302-0042"
    first = upload(platform, batch(item(intake_payload(acceptance_no=number)))).results[0]
    assert first.status == "accepted"
    # A desk whose numbering started again issues 0042 a second time, for another citizen.
    again = upload(platform, batch(item(intake_payload(acceptance_no=number)))).results[0]
    assert (again.status, again.reason_code) == ("rejected", "acceptance_no_taken")
    assert number in (again.reason or "")
    # Within one batch, too: the first of the two is taken, the second refused.
    other = f"{OFFICE_A}-01-20260302-0043"
    pair = upload(platform, batch(item(intake_payload(acceptance_no=other)),
                                  item(intake_payload(acceptance_no=other)))).results
    assert [(r.status, r.reason_code) for r in pair] == [
        ("accepted", None), ("rejected", "acceptance_no_taken")]
    assert _cases_numbered(platform, number) == _cases_numbered(platform, other) == 1


def test_a_number_that_is_not_the_desks_own_is_refused(platform: Platform) -> None:
    for number in ("N1", f"{OFFICE_A}-02-20260302-0001", f"{OFFICE_B}-01-20260302-0001",
                   f"{OFFICE_A}-01-20260230-0001", f"{OFFICE_A} -01-20260302-0001"):
        result = upload(platform, batch(item(intake_payload(acceptance_no=number)))).results[0]
        assert (result.status, result.reason_code) == ("rejected", "invalid_acceptance_no"), number
        assert "OOOOOO-DD-YYYYMMDD-NNNN" in (result.reason or "")
    assert numbers(platform).days == []


def test_the_desk_is_told_its_highest_number_of_each_day(platform: Platform) -> None:
    def intake(number: str, **changes: object) -> dict:
        return item(intake_payload(acceptance_no=number, **changes))

    upload(platform, batch(
        intake(f"{OFFICE_A}-01-20260302-0007"),
        intake(f"{OFFICE_A}-01-20260302-0003"),
        intake(f"{OFFICE_A}-01-20260303-0002"),
    ))
    # Refused by the platform for its content, the number was still printed for the citizen.
    refused = upload(platform, batch(intake(
        f"{OFFICE_A}-01-20260303-0011",
        applicant={"kind": "person", "name": "张伟", "id_type": "resident_id",
                   "id_number": "140121198503120310", "phone": "", "address": "",
                   "legal_rep_name": ""},
    ))).results[0]
    assert (refused.status, refused.reason_code) == ("rejected", "invalid_id_number")
    # Another desk of the office and a desk of another office keep numbers of their own.
    upload(platform, batch(item(intake_payload(desk="02", acceptance_no=(
        f"{OFFICE_A}-02-20260302-0050"))), desk="02"), who="A2")
    upload(platform, batch(item(intake_payload(office=OFFICE_B, acceptance_no=(
        f"{OFFICE_B}-01-20260302-0060"))), office=OFFICE_B), who="B")

    told = numbers(platform)
    assert (told.office_code, told.desk_code) == (OFFICE_A, "01")
    assert [(d.day.isoformat(), d.last_seq) for d in told.days] == [
        ("2026-03-02", 7), ("2026-03-03", 11)]
    assert [(d.day.isoformat(), d.last_seq) for d in numbers(platform, since="2026-03-03").days] \
        == [("2026-03-03", 11)]
    assert [(d.day.isoformat(), d.last_seq) for d in numbers(platform, who="A2").days] == [
        ("2026-03-02", 50)]
    # A lower number arriving later (an old backlog) does not lower the day's highest.
    upload(platform, batch(intake(f"{OFFICE_A}-01-20260302-0001")))
    assert numbers(platform).days[0].last_seq == 7


def test_the_numbers_need_the_desks_token(platform: Platform) -> None:
    assert platform.client.get("/v1/desk/numbers").status_code == 401
    bad = platform.client.get("/v1/desk/numbers", params={"since": "yesterday"},
                              headers=platform.auth())
    assert bad.status_code == 422
    assert "since" in bad.text


def _race(platform: Platform, number: str, racers: int) -> list[str]:
    """`racers` requests let go at once, each another case under `number`; their answers."""
    start = threading.Barrier(racers)
    answers: list[str] = []
    errors: list[BaseException] = []

    def race() -> None:
        try:
            body = batch(item(intake_payload(case_id=str(uuid.uuid4()), acceptance_no=number)))
            with TestClient(platform.app) as client:
                start.wait()
                response = client.post("/v1/cases/batch", json=body, headers=platform.auth())
            assert response.status_code == 200, response.text
            result = response.json()["results"][0]
            answers.append(result["reason_code"] or result["status"])
        except BaseException as exc:  # noqa: BLE001 - reported below, not lost in the thread
            errors.append(exc)

    threads = [threading.Thread(target=race) for _ in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    return answers


def test_one_number_uploaded_by_racing_requests_makes_one_case(platform: Platform) -> None:
    """Eight requests at the same instant, each another case under the same number."""
    racers = 8
    for round_no in range(1, 4):
        number = f"{OFFICE_A}-01-20260304-{round_no:04d}"
        answers = _race(platform, number, racers)
        assert sorted(answers) == sorted(["accepted"] + ["acceptance_no_taken"] * (racers - 1))
        assert _cases_numbered(platform, number) == 1
    assert numbers(platform).days[-1].last_seq == 3
