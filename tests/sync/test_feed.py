"""Changes feed paging and cursors; catalog and calendar versions and deltas; shared documents."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from sync.protocol import CalendarEntry, CalendarResponse, CatalogResponse, ChangesPage
from sync.server.feed import add_change
from sync.server.reference import publish_calendar, publish_catalog
from tests.sync.conftest import APPLICANT_ID, AT, CREDIT_CODE, OFFICE_A, OFFICE_B, Platform


def _fill(platform: Platform, office: str, n: int) -> None:
    with Session(platform.engine) as session:
        for i in range(n):
            add_change(session, office, "case_state",
                       {"case_id": f"case-{office}-{i}", "acceptance_no": f"N{i}",
                        "state": "in_review", "reason": ""}, AT)
        session.commit()


def _page(platform: Platform, cursor: str | None, limit: int, who: str = "A") -> ChangesPage:
    params: dict = {"limit": limit}
    if cursor:
        params["cursor"] = cursor
    response = platform.client.get("/v1/changes", params=params, headers=platform.auth(who))
    assert response.status_code == 200, response.text
    return ChangesPage.model_validate(response.json())


def test_pages_follow_the_cursor_to_the_end_without_gaps_or_repeats(platform: Platform) -> None:
    _fill(platform, OFFICE_A, 7)
    _fill(platform, OFFICE_B, 3)
    seen, cursor, pages = [], None, 0
    while True:
        page = _page(platform, cursor, 3)
        seen += [c.case_id for c in page.changes]
        cursor, pages = page.next_cursor, pages + 1
        if not page.has_more:
            break
    assert seen == [f"case-{OFFICE_A}-{i}" for i in range(7)]
    assert pages == 3
    # At the end the cursor stays put and an empty page says so.
    empty = _page(platform, cursor, 3)
    assert (empty.changes, empty.has_more, empty.next_cursor) == ([], False, cursor)
    # New changes arrive after the saved cursor.
    _fill(platform, OFFICE_A, 1)
    assert [c.case_id for c in _page(platform, cursor, 3).changes] == [f"case-{OFFICE_A}-0"]


def test_a_cursor_is_bound_to_its_office_and_cannot_be_forged(platform: Platform) -> None:
    _fill(platform, OFFICE_A, 2)
    cursor = _page(platform, None, 1).next_cursor
    for bad in (cursor + "0", "abc", "x.y", cursor.split(".")[0] + ".000000000000000000000000"):
        response = platform.client.get("/v1/changes", params={"cursor": bad},
                                       headers=platform.auth())
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "invalid_cursor"
    foreign = platform.client.get("/v1/changes", params={"cursor": cursor},
                                  headers=platform.auth("B"))
    assert foreign.status_code == 400


def test_catalog_full_then_delta_since_a_version(platform: Platform) -> None:
    full = CatalogResponse.model_validate(
        platform.client.get("/v1/catalog", headers=platform.auth()).json()
    )
    assert full.full and len(full.items) > 10
    changed = full.items[0].model_copy(update={"promised_days": 3})
    with Session(platform.engine) as session:
        version = publish_catalog(session, [changed], [full.items[1].code], AT)
        session.commit()
    assert version == full.version + 1
    delta = CatalogResponse.model_validate(
        platform.client.get("/v1/catalog", params={"since": full.version},
                            headers=platform.auth()).json()
    )
    assert (delta.full, delta.version) == (False, version)
    assert [i.code for i in delta.items] == [changed.code]
    assert delta.items[0].promised_days == 3
    assert delta.removed == [full.items[1].code]
    current = platform.client.get("/v1/catalog", params={"since": version},
                                  headers=platform.auth()).json()
    assert current["items"] == [] and current["removed"] == []
    # Every office hears of it in its feed.
    for who in ("A", "B"):
        kinds = [c.kind for c in _page(platform, None, 10, who).changes]
        assert kinds == ["catalog_updated"]


def test_calendar_delta_replaces_only_the_published_years(platform: Platform) -> None:
    full = CalendarResponse.model_validate(
        platform.client.get("/v1/calendar", headers=platform.auth()).json()
    )
    assert full.full and 2026 in full.years
    notice = [CalendarEntry(date=date(2031, 1, 1), working=False, name="元旦")]
    with Session(platform.engine) as session:
        version = publish_calendar(session, {2031: notice}, AT)
        session.commit()
    delta = CalendarResponse.model_validate(
        platform.client.get("/v1/calendar", params={"since": full.version},
                            headers=platform.auth()).json()
    )
    assert (delta.full, delta.version, delta.years, delta.entries) == (False, version, [2031],
                                                                        notice)
    change = _page(platform, None, 10).changes[0]
    assert change.kind == "calendar_updated" and change.years == [2031]


def test_shared_documents_by_number(platform: Platform) -> None:
    def lookup(id_type: str, number: str) -> dict:
        response = platform.client.post(
            "/v1/shared-documents/lookup", json={"id_type": id_type, "id_number": number},
            headers=platform.auth())
        assert response.status_code == 200, response.text
        return response.json()

    person = lookup("resident_id", APPLICANT_ID.lower())
    assert {d["doc_type"] for d in person["documents"]} >= {"resident_id_card",
                                                            "household_register"}
    assert person["id_number_masked"].endswith(APPLICANT_ID[-4:])
    assert APPLICANT_ID not in str(person)
    company = lookup("credit_code", CREDIT_CODE)
    assert [d["doc_type"] for d in company["documents"]] == ["business_license"]
    assert lookup("resident_id", "110101199003070000")["documents"] == []
    masked = platform.client.post(
        "/v1/shared-documents/lookup", json={"id_type": "resident_id", "id_number": "****1234"},
        headers=platform.auth())
    assert masked.status_code == 422
