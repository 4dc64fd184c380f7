"""Day close against the reference platform on loopback: what it confirmed, what it refused."""

from __future__ import annotations

import json
from datetime import date, timedelta

from counter.audit.log import canonical_json
from counter.day.close import close_day
from counter.day.reconcile import Why, reconcile
from counter.desk import Desk
from counter.intake.submit import submit_intake
from counter.users import Actor
from tests.conftest import MONDAY_MORNING, intake_request
from tests.sync.engine_support import (
    Live,
    live_fixture,  # noqa: F401 - provides the `live` fixture
    make_engine,
)

DAY = date(2026, 3, 2)
EVENING = MONDAY_MORNING + timedelta(hours=8)


def take(desk: Desk, clerk: Actor) -> str:
    return submit_intake(desk, clerk, intake_request(desk), now=MONDAY_MORNING).case_id


def test_after_a_sync_every_case_of_the_day_is_confirmed(
    live: Live, desk: Desk, clerk: Actor, supervisor: Actor
) -> None:
    cases = [take(desk, clerk) for _ in range(3)]
    before = reconcile(desk, DAY)
    assert (before.cases, before.confirmed, before.unsent) == (3, 0, 3)
    assert {i.case_id for i in before.items} == set(cases)

    report = make_engine(desk, live.url, live.token).run_once()
    assert report.ok and report.sent == 3, report.error

    after = reconcile(desk, DAY)
    assert (after.cases, after.confirmed, after.unconfirmed, after.items) == (3, 3, 0, ())
    assert after.reconciled
    closed = close_day(desk, supervisor, DAY, now=EVENING).closed
    assert (closed.cases, closed.confirmed, closed.override_reason) == (3, 3, "")


def test_a_case_the_platform_refuses_shows_as_refused_with_its_reason(
    live: Live, desk: Desk, clerk: Actor, supervisor: Actor
) -> None:
    good = take(desk, clerk)
    bad = take(desk, clerk)
    # A case for a service the platform does not know (the desk's catalog ran ahead of it).
    with desk.store.write_sql() as conn:
        (payload,) = conn.execute(
            "SELECT payload FROM outbox_item WHERE case_id = ?", (bad,)
        ).fetchone()
        changed = json.loads(payload) | {"service_code": "XX-999"}
        conn.execute(
            "UPDATE outbox_item SET payload = ? WHERE case_id = ?",
            (canonical_json(changed), bad),
        )

    report = make_engine(desk, live.url, live.token).run_once()
    assert report.ok and (report.sent, report.dead) == (1, 1), report.error

    rec = reconcile(desk, DAY)
    assert (rec.cases, rec.confirmed, rec.unsent, rec.refused) == (2, 1, 0, 1)
    [item] = rec.items
    assert (item.case_id, item.why, item.kind) == (bad, Why.REFUSED, "case.intake")
    assert item.error == "unknown_service: service XX-999 is not in the catalog"
    assert good not in {i.case_id for i in rec.items}
