"""The sync engine against the real reference platform on loopback: the changes feed.

Department outcomes move cases on, certificates arrive ready to print, the
catalog and the calendar update; each page is applied with its cursor in one
transaction, and applying a page again changes nothing.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from sqlmodel import col, func, select

from counter.catalog.items import catalog_version, get_item, search_items
from counter.catalog.seed import SEED_CATALOG
from counter.clock import utc_now
from counter.desk import Desk
from counter.errors import ValidationError
from counter.exchange import changes as platform_changes
from counter.intake.submit import submit_intake
from counter.store.models import Case, CaseEvent, Certificate, Meta, OfficeCase
from counter.users import Actor
from sync.protocol import CalendarEntry, CertificateData, SignedCertificate, item_to_wire
from sync.protocol import verify_certificate as verify
from sync.server import simulator
from sync.server.db import session_scope
from sync.server.keys import public_keys
from sync.server.reference import publish_calendar, publish_catalog
from tests.conftest import IMMEDIATE_ITEM, MONDAY_MORNING, PERSON_ITEM, intake_request
from tests.sync.engine_support import (
    INSTANT,
    Live,
    live_fixture,  # noqa: F401 - provides the `live` fixture
    make_engine,
)

DECIDING = replace(INSTANT, approval_ratio=0.5)


def case_ids(count_each: int = 2) -> tuple[list[str], list[str]]:
    """Case ids the simulator will approve and ones it will reject (fixed, so runs repeat)."""
    approved: list[str] = []
    rejected: list[str] = []
    n = 0
    while len(approved) < count_each or len(rejected) < count_each:
        case_id = f"00000000-0000-4000-8000-{n:012d}"
        n += 1
        target = approved if simulator.approves(DECIDING, case_id) else rejected
        if len(target) < count_each:
            target.append(case_id)
    return approved, rejected


def take(desk: Desk, clerk: Actor, case_id: str) -> None:
    submit_intake(desk, clerk, intake_request(desk, case_id=case_id), now=MONDAY_MORNING)


def states(desk: Desk) -> dict[str, str]:
    with desk.store.read() as session:
        return {c.id: c.state for c in session.exec(select(Case))}


def count(desk: Desk, model: type) -> int:
    with desk.store.read() as session:
        return session.exec(select(func.count()).select_from(model)).one()


def decide(live: Live) -> None:
    simulator.advance(live.platform.engine, DECIDING, utc_now())


def test_department_outcomes_and_certificates_come_back(
    live: Live,
    desk: Desk,
    clerk: Actor,
) -> None:
    approved, rejected = case_ids()
    for case_id in approved + rejected:
        take(desk, clerk, case_id)
    engine = make_engine(desk, live.url, live.token)
    assert engine.run_once().ok
    assert set(states(desk).values()) == {"submitted"}
    decide(live)
    report = engine.run_once()
    assert report.ok, report.error
    now = states(desk)
    assert {now[c] for c in approved} == {"result_ready"}
    assert {now[c] for c in rejected} == {"rejected"}
    assert sorted(report.applied.cases_moved) == sorted(approved * 3 + rejected * 2)
    with desk.store.read() as session:
        path = session.exec(
            select(CaseEvent.to_state)
            .where(CaseEvent.case_id == approved[0])
            .order_by(col(CaseEvent.id))
        ).all()
        refusal = session.exec(
            select(CaseEvent).where(
                CaseEvent.case_id == rejected[0], CaseEvent.to_state == "rejected"
            )
        ).one()
        certificates = session.exec(select(Certificate).order_by(col(Certificate.id))).all()
        cursor = session.get(Meta, platform_changes.CURSOR_KEY)
    assert list(path) == ["accepted", "submitted", "in_review", "approved", "result_ready"]
    assert refusal.reason in simulator.REJECTION_REASONS
    assert refusal.actor_name == "Exchange platform"
    assert sorted(c.case_id for c in certificates) == sorted(approved)
    assert cursor is not None
    # Stored exactly as signed: the printed QR verifies against the platform's key.
    with session_scope(live.platform.engine) as session:
        keys = public_keys(session)
    for cert in certificates:
        assert cert.verified
        signed = SignedCertificate(
            data=CertificateData.model_validate(json.loads(cert.payload)),
            alg=cert.alg,
            key_id=cert.key_id,
            signature=cert.signature,
        )
        assert verify(signed, keys)
        assert "*" in signed.data.holder_id_masked


def test_applying_the_feed_again_changes_nothing(
    live: Live,
    desk: Desk,
    clerk: Actor,
) -> None:
    approved, rejected = case_ids(1)
    for case_id in approved + rejected:
        take(desk, clerk, case_id)
    engine = make_engine(desk, live.url, live.token, page_size=2)
    sent = engine.run_once()  # the feed then names the desk's own cases (skipped here)
    decide(live)
    first = engine.run_once()
    assert first.pages > 2  # small pages: the feed is read page by page
    before = (states(desk), count(desk, CaseEvent), count(desk, Certificate))
    # The cursor is lost (as if the desk crashed after applying, before saving it):
    # the whole feed comes again, at least once, and is applied idempotently.
    with desk.store.write() as session:
        session.delete(session.get(Meta, platform_changes.CURSOR_KEY))
    again = engine.run_once()
    assert again.ok and again.changes == sent.changes + first.changes
    assert again.applied.cases_moved == [] and again.applied.certificates == []
    assert again.applied.office_cases == 0  # its own cases are never copied as another desk's
    assert (states(desk), count(desk, CaseEvent), count(desk, Certificate)) == before


def test_a_page_and_its_cursor_are_applied_together_or_not_at_all(
    live: Live,
    desk: Desk,
    clerk: Actor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    approved, _ = case_ids(1)
    take(desk, clerk, approved[0])
    engine = make_engine(desk, live.url, live.token, page_size=500)
    engine.run_once()
    decide(live)
    moves = count(desk, CaseEvent)
    with desk.store.read() as session:
        cursor = platform_changes.changes_cursor(session)

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("power cut while applying the page")

    # The page holds in_review, approved, the certificate and result_ready; the
    # certificate fails after the first moves were written in the same transaction.
    monkeypatch.setattr(platform_changes, "_apply_certificate", crash)
    with pytest.raises(RuntimeError):
        engine.run_once()
    with desk.store.read() as session:
        assert platform_changes.changes_cursor(session) == cursor
    assert states(desk)[approved[0]] == "submitted"
    assert count(desk, CaseEvent) == moves
    monkeypatch.undo()
    assert engine.run_once().ok
    assert states(desk)[approved[0]] == "result_ready"
    assert count(desk, CaseEvent) == moves + 3
    assert count(desk, Certificate) == 1


def test_another_desks_cases_in_the_office_feed_are_left_alone(
    live: Live,
    desk: Desk,
    clerk: Actor,
) -> None:
    from tests.sync.conftest import batch, intake_payload, item

    other = intake_payload(desk="02")
    answer = live.platform.client.post(
        "/v1/cases/batch", json=batch(item(other), desk="02"), headers=live.platform.auth("A2")
    )
    assert answer.json()["results"][0]["status"] == "accepted"
    decide(live)
    engine = make_engine(desk, live.url, live.token)
    report = engine.run_once()
    assert report.ok and report.changes >= 2
    # Nothing of it becomes this desk's: no case, no move, no certificate to print ...
    assert report.applied.cases_moved == [] and report.applied.certificates == []
    assert count(desk, Case) == 0 and count(desk, Certificate) == 0
    # ... but the supervisor's view of the office's day has it, where the department has it.
    with desk.store.read() as session:
        (row,) = session.exec(select(OfficeCase)).all()
    assert (row.acceptance_no, row.desk_code) == (other["acceptance_no"], "02")
    assert row.state in ("approved", "rejected", "result_ready")


def test_catalog_and_calendar_updates_are_applied_with_their_versions(
    live: Live,
    desk: Desk,
) -> None:
    seed = {item.code: item for item in SEED_CATALOG.items}
    renamed = replace(seed[PERSON_ITEM], name="失业保险金申领（新）", promised_days=3)
    withdrawn = next(code for code in seed if code != PERSON_ITEM)
    holiday = date(2031, 10, 1)
    with session_scope(live.platform.engine) as session:
        version = publish_catalog(session, [item_to_wire(renamed)], [withdrawn], utc_now())
        cal_version = publish_calendar(
            session,
            {2031: [CalendarEntry(date=holiday, working=False, name="国庆节")]},
            utc_now(),
        )
    assert not desk.calendar.covers(2031)
    engine = make_engine(desk, live.url, live.token)
    report = engine.run_once()
    assert report.ok, report.error
    assert report.applied.catalog_version == version == SEED_CATALOG.version + 1
    assert report.applied.calendar_changed
    with desk.store.read() as session:
        assert catalog_version(session) == version
        assert platform_changes.calendar_version(session) == cal_version
        item = get_item(session, PERSON_ITEM)
        assert get_item(session, withdrawn) is None
    assert item is not None
    assert (item.item.name, item.item.promised_days) == ("失业保险金申领（新）", 3)
    assert [m.code for m in item.materials] == [m.code for m in renamed.materials]
    assert desk.calendar.covers(2031)
    rule = desk.calendar.special_day(holiday)
    assert rule is not None and not rule.working
    assert desk.calendar.covers(2026)  # years the notice did not list are kept
    with desk.store.read() as session:
        detail = desk.catalog.get(session, PERSON_ITEM)
    assert detail is not None and detail.item.promised_days == 3
    # Old news is skipped: the store is already at those versions.
    with desk.store.write() as session:
        session.delete(session.get(Meta, platform_changes.CURSOR_KEY))
    again = engine.run_once()
    assert again.applied.catalog_version is None and not again.applied.calendar_changed


def test_an_intake_for_an_item_withdrawn_meanwhile_is_refused_naming_it(
    live: Live, desk: Desk, clerk: Actor
) -> None:
    seed = {item.code: item for item in SEED_CATALOG.items}
    request = intake_request(desk)  # the clerk filled the form in before the sync
    with session_scope(live.platform.engine) as session:
        publish_catalog(session, [], [PERSON_ITEM], utc_now())
    engine = make_engine(desk, live.url, live.token)
    assert engine.run_once().applied.catalog_version == SEED_CATALOG.version + 1

    with pytest.raises(ValidationError) as refused:
        submit_intake(desk, clerk, request, now=MONDAY_MORNING)
    (problem,) = refused.value.problems
    assert problem.field == "service"
    assert problem.message == (
        f"{PERSON_ITEM} was withdrawn from the catalog on the exchange platform; "
        "pick another item"
    )
    assert count(desk, Case) == 0
    # A code the catalog never held is still just not in it.
    with pytest.raises(ValidationError, match="XX-999 is not in the catalog"):
        submit_intake(desk, clerk, replace(request, service_code="XX-999"), now=MONDAY_MORNING)
    with desk.store.read() as session:
        assert get_item(session, PERSON_ITEM) is None
        assert PERSON_ITEM not in {i.code for i in search_items(session, "RS")}

    # A later update of another item does not bring the withdrawn one back ...
    other = replace(seed[IMMEDIATE_ITEM], name="社会保障卡申领（新）")
    with session_scope(live.platform.engine) as session:
        publish_catalog(session, [item_to_wire(other)], [], utc_now())
    assert engine.run_once().applied.catalog_version == SEED_CATALOG.version + 2
    with pytest.raises(ValidationError, match=f"{PERSON_ITEM} was withdrawn"):
        submit_intake(desk, clerk, request, now=MONDAY_MORNING)
    # ... and when the platform offers it again, it is taken in again.
    with session_scope(live.platform.engine) as session:
        publish_catalog(session, [item_to_wire(seed[PERSON_ITEM])], [], utc_now())
    assert engine.run_once().ok
    assert submit_intake(desk, clerk, request, now=MONDAY_MORNING).acceptance_no


def test_a_department_state_for_a_case_the_counter_voided_is_skipped(
    desk: Desk, clerk: Actor, supervisor: Actor
) -> None:
    from counter.cases.actions import void_case

    case_id = submit_intake(desk, clerk, intake_request(desk), now=MONDAY_MORNING).case_id
    void_case(desk, supervisor, case_id, "applicant withdrew", now=MONDAY_MORNING)
    change = platform_changes.CaseOutcome(case_id, "in_review", "", MONDAY_MORNING)
    with desk.store.write() as session:
        applied = platform_changes.apply_page(session, [change], "c1", MONDAY_MORNING)
    assert applied.skipped == 1 and states(desk)[case_id] == "voided"
    with desk.store.read() as session:
        assert platform_changes.changes_cursor(session) == "c1"


def test_path_to_a_department_state() -> None:
    from counter.cases.lifecycle import CaseState as S

    path_to = platform_changes.path_to
    assert path_to(S.SUBMITTED, S.IN_REVIEW) == [S.IN_REVIEW]
    assert path_to(S.ACCEPTED, S.RESULT_READY) == [S.SUBMITTED, S.APPROVED, S.RESULT_READY]
    assert path_to(S.IN_REVIEW, S.REJECTED) == [S.REJECTED]
    assert path_to(S.APPROVED, S.APPROVED) == []
    assert path_to(S.RESULT_READY, S.IN_REVIEW) is None
    assert path_to(S.DELIVERED, S.RESULT_READY) is None
    assert path_to(S.VOIDED, S.IN_REVIEW) is None
    assert path_to(S.CORRECTION_REQUESTED, S.IN_REVIEW) is None
