"""Auth and office isolation, body limits, and bad input answered with a 4xx, never a 500."""

from __future__ import annotations

from pathlib import Path

import pytest

from sync.server.simulator import advance
from tests.sync.conftest import (
    AT,
    OFFICE_B,
    SIMULATOR,
    Platform,
    batch,
    build_platform,
    intake_payload,
    item,
    transition,
)

AUTHED = [
    ("get", "/v1/catalog", None),
    ("get", "/v1/calendar", None),
    ("get", "/v1/changes", None),
    ("post", "/v1/cases/batch", batch(item(intake_payload()))),
    ("post", "/v1/shared-documents/lookup", {"id_type": "resident_id", "id_number": "1"}),
]


@pytest.mark.parametrize(("method", "path", "body"), AUTHED)
@pytest.mark.parametrize("header", [None, "Bearer cdx_unknown", "Basic abc", "Bearer "])
def test_missing_or_unknown_token_is_401(
    platform: Platform, method: str, path: str, body: dict | None, header: str | None
) -> None:
    headers = {"Authorization": header} if header else {}
    response = platform.client.request(method, path, json=body, headers=headers)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"
    assert response.headers["www-authenticate"] == "Bearer"


def test_health_and_keys_need_no_token(platform: Platform) -> None:
    assert platform.client.get("/v1/health").json()["status"] == "ok"
    assert platform.client.get("/v1/keys").json()["keys"]


def test_another_office_never_sees_or_touches_a_case(platform: Platform) -> None:
    payload = intake_payload()
    case_id = payload["case_id"]
    client = platform.client
    client.post("/v1/cases/batch", json=batch(item(payload)), headers=platform.auth("A"))
    # Office B cannot move A's case, nor learn that it exists.
    moved = client.post(
        "/v1/cases/batch",
        json=batch(item(transition(case_id, "accepted", "voided", "x"), kind="case.transition"),
                   office=OFFICE_B),
        headers=platform.auth("B"),
    ).json()["results"][0]
    assert moved["reason_code"] == "unknown_case"
    # Nor claim it under its own office with the same case id.
    stolen = client.post(
        "/v1/cases/batch", json=batch(item(intake_payload(office=OFFICE_B, case_id=case_id)),
                                      office=OFFICE_B),
        headers=platform.auth("B"),
    ).json()["results"][0]
    assert stolen["reason_code"] == "case_exists"
    advance(platform.engine, SIMULATOR, AT.replace(year=2027))
    mine = client.get("/v1/changes", headers=platform.auth("A")).json()["changes"]
    theirs = client.get("/v1/changes", headers=platform.auth("B")).json()["changes"]
    assert {c["case_id"] for c in mine} == {case_id}
    assert theirs == []
    # Another desk of the same office shares the office's feed.
    same_office = client.get("/v1/changes", headers=platform.auth("A2")).json()["changes"]
    assert same_office == mine


def test_the_same_idempotency_key_in_two_offices_does_not_collide(platform: Platform) -> None:
    key = "shared-key-0001"
    for who, office in (("A", "140121"), ("B", OFFICE_B)):
        body = batch(item(intake_payload(office=office), key=key), office=office)
        result = platform.client.post("/v1/cases/batch", json=body,
                                      headers=platform.auth(who)).json()["results"][0]
        assert result["status"] == "accepted"


def test_body_over_the_limit_is_413(tmp_path: Path) -> None:
    small = build_platform(tmp_path, max_body_bytes=2000)
    items = [item(intake_payload()) for _ in range(3)]
    response = small.client.post("/v1/cases/batch", json=batch(*items), headers=small.auth())
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "body_too_large"

    def chunks():  # no Content-Length: the limit holds for a streamed body too
        for _ in range(10):
            yield b" " * 500

    streamed = small.client.post("/v1/cases/batch", content=chunks(),
                                 headers={**small.auth(), "Content-Type": "application/json"})
    assert streamed.status_code == 413
    small.close()


@pytest.mark.parametrize(
    ("content", "status", "code"),
    [
        (b"{not json", 400, "malformed_json"),
        (b'{"desk": {"office_code": "140121", "desk_code": "01"}, "items": [', 400,
         "malformed_json"),
        (b"[]", 422, "invalid_request"),
        (b"null", 422, "invalid_request"),
        (b'{"desk": {"office_code": "140121", "desk_code": "01"}, "items": []}', 422,
         "invalid_request"),
        (b'{"desk": {"office_code": "140121", "desk_code": "01"}, "items": [{"kind": 5}]}', 422,
         "invalid_request"),
        ("\u00ff".encode("latin-1"), 400, "malformed_json"),
    ],
)
def test_malformed_or_invalid_bodies_get_a_clear_4xx(
    platform: Platform, content: bytes, status: int, code: str
) -> None:
    response = platform.client.post(
        "/v1/cases/batch", content=content,
        headers={**platform.auth(), "Content-Type": "application/json"},
    )
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code
    assert error["message"]


def test_unknown_path_and_wrong_method_are_4xx_with_an_error_body(platform: Platform) -> None:
    assert platform.client.get("/v1/nothing").json()["error"]["code"] == "not_found"
    response = platform.client.delete("/v1/catalog", headers=platform.auth())
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


@pytest.mark.parametrize(("method", "path", "allowed"), [
    ("TRACE", "/v1/health", {"GET"}),
    ("DELETE", "/v1/catalog", {"GET"}),
    ("GET", "/v1/cases/batch", {"POST"}),
])
def test_a_wrong_method_is_told_which_methods_the_path_allows(
    platform: Platform, method: str, path: str, allowed: set[str]
) -> None:
    # RFC 9110, 15.5.6: a 405 carries an Allow header listing the target's methods.
    response = platform.client.request(method, path, headers=platform.auth())
    assert response.status_code == 405
    assert {m.strip() for m in response.headers["allow"].split(",")} == allowed
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_a_validation_error_never_echoes_the_input(platform: Platform) -> None:
    body = batch(item(intake_payload()))
    body["items"][0]["created_at"] = "140121198503120317"
    response = platform.client.post("/v1/cases/batch", json=body, headers=platform.auth())
    assert response.status_code == 422
    assert "140121198503120317" not in response.text
