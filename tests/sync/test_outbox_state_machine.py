"""A state machine of one desk's outbox and the platform, with lost requests and lost replies.

Hypothesis drives a real desk store and the real platform app (called
in-process through a requests transport adapter, so a step takes
milliseconds): clerks take cases of every decision, complete corrections,
void and deliver cases; the sync engine runs passes in which each request may
be lost before it reaches the platform or its reply lost after the platform
acted; the department simulator moves what it has. After every step:

- no case is on the platform twice, and no item was answered twice;
- an idempotency key always names the same frozen item, on the desk and on
  the platform (never reused for a different payload);
- the desk says only what the platform acknowledged: a sent item is known to
  the platform as accepted, a case is ``submitted`` (or further) only if the
  platform has it, and a department state on the desk is one the platform reached;
- nothing is refused: every item the desk writes is one the platform takes.

After a fault-free sync the outbox is empty (every item sent) and both sides
agree on every case: the department's state on the desk, the counter's on
the platform.
"""

from __future__ import annotations

import json
import random
import shutil
import tempfile
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
import requests
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)
from requests.adapters import HTTPAdapter
from requests.structures import CaseInsensitiveDict
from sqlmodel import col, select

from counter.cases.actions import void_case
from counter.cases.lifecycle import TRANSITIONS, CaseState, record_transition
from counter.clock import utc_now
from counter.desk import Desk
from counter.intake.request import Decision, MaterialStatus
from counter.intake.submit import submit_intake
from counter.settings import DATABASE_FILE
from counter.store.database import Store
from counter.store.models import Case, OutboxItem
from counter.users import Actor
from sync.client import ExchangeClient
from sync.engine import Backoff, SyncEngine
from sync.server import simulator
from sync.server.db import session_scope
from sync.server.ingest import request_hash
from sync.server.tables import PlatformCase, ReceivedItem
from sync.upload_wire import wire_item
from tests.conftest import MONDAY_MORNING, intake_request
from tests.sync.conftest import Platform, build_platform
from tests.sync.engine_support import INSTANT, FakeClock

OK, LOST_REQUEST, LOST_REPLY = "ok", "lost request", "lost reply"
FATES = st.sampled_from([OK, OK, LOST_REQUEST, LOST_REPLY])

# The desk's states that only the platform's department moves a case into,
# and the platform's dept_state for each.
DEPT_STATE = {
    CaseState.SUBMITTED: "received",
    CaseState.IN_REVIEW: "in_review",
    CaseState.APPROVED: "approved",
    CaseState.REJECTED: "rejected",
    CaseState.RESULT_READY: "result_ready",
}
DEPT_ORDER = {"": 0, "received": 1, "in_review": 2, "approved": 3, "rejected": 3, "result_ready": 4}

# How a clerk may decide a case of the seeded unemployment-benefit item (RS-002).
DECISIONS = {
    Decision.ACCEPT: {},
    Decision.ACCEPT_PENDING: {
        "statuses": {"M03": MaterialStatus.PENDING},
        "commitment_signed": True,
        "makeup_deadline": date(2026, 3, 5),
    },
    Decision.REQUEST_CORRECTION: {"statuses": {"M04": MaterialStatus.MISSING}},
    Decision.REFUSE: {"reason": "不属于本窗口受理范围"},
}


class InProcessTransport(HTTPAdapter):
    """Hands each request to the platform's ASGI app; `fate` may lose the request or its reply."""

    def __init__(self, platform: Platform) -> None:
        super().__init__()
        self.platform = platform
        self.fate = lambda path: OK
        self.fates: Counter[str] = Counter()

    def send(self, request: requests.PreparedRequest, **kw: object) -> requests.Response:  # type: ignore[override]
        fate = self.fate(request.path_url)
        self.fates[fate] += 1
        if fate == LOST_REQUEST:
            raise requests.ConnectionError("the request was lost on the way (injected)")
        answer = self.platform.client.request(
            request.method or "GET",
            request.path_url,
            headers=dict(request.headers),
            content=request.body,
        )
        if fate == LOST_REPLY:
            raise requests.ReadTimeout("the reply was lost on the way back (injected)")
        response = requests.Response()
        response.status_code = answer.status_code
        response._content = answer.content
        response.headers = CaseInsensitiveDict(answer.headers)
        response.url = request.url or ""
        response.request = request
        response.encoding = "utf-8"
        return response


def machine_for(template: Path, clerk: Actor, supervisor: Actor) -> type[RuleBasedStateMachine]:
    class OutboxAndPlatform(RuleBasedStateMachine):
        cases = Bundle("cases")

        def __init__(self) -> None:
            super().__init__()
            self.work = Path(tempfile.mkdtemp(prefix="outbox-machine-"))
            shutil.copyfile(template / DATABASE_FILE, self.work / DATABASE_FILE)
            self.store = Store(self.work / DATABASE_FILE)
            self.desk = Desk(self.store, "140121", "01")
            (self.work / "platform").mkdir()
            self.platform = build_platform(self.work / "platform")
            self.transport = InProcessTransport(self.platform)
            session = requests.Session()
            session.mount("http://", self.transport)
            client = ExchangeClient("http://exchange.test", self.platform.tokens["A"], session)
            self.clock = FakeClock()
            self.engine = SyncEngine(
                self.desk,
                client,
                clock=self.clock,
                rng=random.Random(0),
                batch_size=3,
                backoff=Backoff(base=2.0, cap=600.0),
            )
            self.frozen: dict[str, str] = {}  # idempotency key -> the item it was first seen with
            self.counter_state: dict[str, str] = {}  # case -> the last state the counter set
            self.platform_time = utc_now()

        def teardown(self) -> None:
            self.store.dispose()
            self.platform.close()
            shutil.rmtree(self.work, ignore_errors=True)

        # -- the counter ------------------------------------------------------------

        @initialize(target=cases)
        def first_case(self) -> str:
            return self._take(Decision.ACCEPT)

        @rule(target=cases, decision=st.sampled_from(list(DECISIONS)))
        def take_case(self, decision: Decision) -> str:
            return self._take(decision)

        def _take(self, decision: Decision) -> str:
            request = intake_request(self.desk, decision=decision, **DECISIONS[decision])  # type: ignore[arg-type]
            result = submit_intake(self.desk, clerk, request, now=MONDAY_MORNING)
            self.counter_state[result.case_id] = self._state(result.case_id)
            return result.case_id

        @rule(case_id=cases, data=st.data())
        def act_on_case(self, case_id: str, data: st.DataObject) -> None:
            """Whatever the counter may do with the case now: complete, void or deliver it."""
            state = CaseState(self._state(case_id))
            moves = []
            if state in (CaseState.CORRECTION_REQUESTED, CaseState.ACCEPTED_PENDING):
                moves.append(CaseState.ACCEPTED)  # the missing materials were brought
            if CaseState.VOIDED in TRANSITIONS[state]:
                moves.append(CaseState.VOIDED)
            if CaseState.DELIVERED in TRANSITIONS[state]:
                moves.append(CaseState.DELIVERED)
            # One draw whatever the case allows: case ids (and so the department's
            # decisions) differ between runs, the shape of the drawn data must not.
            choice = data.draw(st.integers(0, 5), label="move")
            if not moves:
                return
            target = moves[choice % len(moves)]
            if target is CaseState.VOIDED:
                void_case(self.desk, supervisor, case_id, "applicant withdrew", now=MONDAY_MORNING)
            else:
                with self.desk.store.write() as session:
                    case = session.get(Case, case_id)
                    record_transition(session, case, target, clerk, at=MONDAY_MORNING)
            self.counter_state[case_id] = target.value

        # -- the network and the platform ---------------------------------------------

        @rule(data=st.data())
        def sync_with_faults(self, data: st.DataObject) -> None:
            # The fates of the pass's requests, in order (requests past the list go through).
            # Drawn up front: how many requests a pass makes depends on what came back.
            fates = iter(data.draw(st.lists(FATES, min_size=1, max_size=8), label="fates"))
            self.transport.fate = lambda path: next(fates, OK)
            try:
                self.engine.run_once()
            finally:
                self.transport.fate = lambda path: OK
            self.clock.advance(700)  # past any wait: the next pass retries everything

        @rule()
        def department_step(self) -> None:
            self.platform_time += timedelta(hours=1)
            simulator.advance(self.platform.engine, INSTANT, self.platform_time)

        @rule()
        def sync_without_faults(self) -> None:
            report = self.engine.run_once()
            assert report.ok, report.error
            self.clock.advance(700)
            self.check_settled()

        def check_settled(self) -> None:
            """After a fault-free pass: nothing pending, and both sides agree on every case."""
            rows = self._rows()
            assert [r.state for r in rows] == ["sent"] * len(rows), [
                (r.kind, r.state, r.last_error) for r in rows
            ]
            platform = self._platform_cases()
            for case_id, state in self._desk_cases().items():
                case = platform.get(case_id)
                if state == CaseState.REFUSED:
                    assert case is not None and case.dept_state == ""
                    continue
                assert case is not None, f"{case_id} ({state}) never reached the platform"
                assert case.counter_state == self.counter_state[case_id]
                if state in DEPT_STATE:
                    assert case.dept_state == DEPT_STATE[CaseState(state)], (state, case.dept_state)

        # -- invariants -------------------------------------------------------------------

        @invariant()
        def nothing_twice_and_keys_never_reused(self) -> None:
            rows = self._rows()
            keys = Counter(r.idempotency_key for r in rows)
            assert all(n == 1 for n in keys.values()), "a key was given to two items"
            with session_scope(self.platform.engine) as session:
                received = list(session.exec(select(ReceivedItem)))
                platform_cases = Counter(c.case_id for c in session.exec(select(PlatformCase)))
            assert all(n == 1 for n in platform_cases.values()), "a case twice on the platform"
            answered = Counter(r.idempotency_key for r in received)
            assert all(n == 1 for n in answered.values()), "an item answered twice"
            hashes = {r.idempotency_key: r.request_hash for r in received}
            for row in rows:
                item = row.kind + "|" + str(row.case_id) + "|" + row.payload
                assert self.frozen.setdefault(row.idempotency_key, item) == item, "payload changed"
                if row.idempotency_key in hashes:
                    assert hashes[row.idempotency_key] == request_hash(wire_item(row)), (
                        "the platform holds another item under this key"
                    )

        @invariant()
        def the_desk_says_only_what_the_platform_acknowledged(self) -> None:
            rows = self._rows()
            with session_scope(self.platform.engine) as session:
                first = {
                    r.idempotency_key: json.loads(r.result)["status"]
                    for r in session.exec(select(ReceivedItem))
                }
            assert not [r for r in rows if r.state == "dead"], "the platform refused an item"
            for row in rows:
                if row.state == "sent":
                    assert first.get(row.idempotency_key) == "accepted", row.kind
            platform = self._platform_cases()
            for case_id, state in self._desk_cases().items():
                if state in DEPT_STATE:
                    case = platform.get(case_id)
                    assert case is not None, f"{case_id} is {state} but the platform lacks it"
                    assert DEPT_ORDER[case.dept_state] >= DEPT_ORDER[DEPT_STATE[CaseState(state)]]

        # -- reading both sides ----------------------------------------------------------

        def _rows(self) -> list[OutboxItem]:
            with self.desk.store.read() as session:
                return list(session.exec(select(OutboxItem).order_by(col(OutboxItem.id))))

        def _desk_cases(self) -> dict[str, str]:
            with self.desk.store.read() as session:
                return {c.id: c.state for c in session.exec(select(Case))}

        def _state(self, case_id: str) -> str:
            with self.desk.store.read() as session:
                case = session.get(Case, case_id)
                assert case is not None
                return case.state

        def _platform_cases(self) -> dict[str, PlatformCase]:
            with session_scope(self.platform.engine) as session:
                return {c.case_id: c for c in session.exec(select(PlatformCase))}

    return OutboxAndPlatform


def test_outbox_and_platform_through_lost_requests_and_lost_replies(
    template_dir: Path, clerk: Actor, supervisor: Actor
) -> None:
    machine = machine_for(template_dir, clerk, supervisor)
    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=25,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )


@pytest.mark.slow
def test_outbox_and_platform_state_machine_long_run(
    template_dir: Path, clerk: Actor, supervisor: Actor
) -> None:
    machine = machine_for(template_dir, clerk, supervisor)
    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=400,
            stateful_step_count=50,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
