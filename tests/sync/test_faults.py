"""Sync through real faults on real sockets: the fault proxy between two desks and the platform.

Two desks of one office take cases with the real `submit_intake` while the
sync engine of each runs passes through `tests/sync/faultproxy.py` to the
reference platform under uvicorn on loopback. The engines run on a fake clock
(backoff never sleeps) with short client timeouts. After the faults stop,
passes run until the backlog is empty, and then, on both sides: every case is
on the platform exactly once, every outbox item was answered once and is
sent, nothing is dead, every accepted case moved to ``submitted``. A lost
reply (reset or truncated after the platform committed, or an answer held
past the read timeout) must come back as a duplicate on the retry and still
be marked sent.
"""

from __future__ import annotations

import random
import shutil
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlmodel import col, select

from counter.cases.actions import void_case
from counter.cases.lifecycle import CaseState
from counter.desk import Desk
from counter.intake.submit import submit_intake
from counter.settings import DATABASE_FILE
from counter.store.database import Store
from counter.store.models import Case, OutboxItem
from counter.users import Actor
from sync.client import ExchangeClient, default_session
from sync.engine import Backoff, Connection, SyncEngine
from sync.server.db import session_scope
from sync.server.tables import PlatformCase, ReceivedItem
from tests.conftest import COMPANY_ITEM, MONDAY_MORNING, PERSON_ITEM, intake_request
from tests.sync.engine_support import (
    FakeClock,
    Live,
    live_fixture,  # noqa: F401 - provides the `live` fixture
)
from tests.sync.faultproxy import LOST_REPLY, Fault, FaultProxy

BATCH = "/v1/cases/batch"
READ_TIMEOUT_S = 0.6  # the client's; the proxy's delay is past it
DELAY_S = 1.0
MAX_PASSES = 60


@dataclass
class Counting:
    """One desk and its engine, with what the engine's passes reported."""

    desk: Desk
    engine: SyncEngine
    cases: list[str] = field(default_factory=list)
    voided: set[str] = field(default_factory=set)
    sent: int = 0
    duplicates: int = 0
    dead: int = 0
    failed_passes: Counter[str] = field(default_factory=Counter)

    def take(self, clerk: Actor, n: int) -> None:
        service = COMPANY_ITEM if n % 3 == 0 else PERSON_ITEM
        request = intake_request(self.desk, service)
        self.cases.append(submit_intake(self.desk, clerk, request, now=MONDAY_MORNING).case_id)

    def run(self) -> None:
        report = self.engine.run_once()
        self.sent += report.sent
        self.duplicates += report.duplicates
        self.dead += report.dead
        if not report.ok:
            self.failed_passes[report.connection.value] += 1

    def backlog(self) -> int:
        return self.engine.state().backlog


@pytest.fixture
def proxy(live: Live) -> Iterator[FaultProxy]:
    port = int(live.url.rsplit(":", 1)[1])
    with FaultProxy(port, seed=1, delay_s=DELAY_S, lifetime_s=120) as running:
        yield running


@pytest.fixture
def second_desk(template_dir: Path, tmp_path: Path) -> Iterator[Desk]:
    """Desk 02 of the same office, on its own copy of the demo desk's store."""
    directory = tmp_path / "desk02"
    directory.mkdir()
    shutil.copyfile(template_dir / DATABASE_FILE, directory / DATABASE_FILE)
    store = Store(directory / DATABASE_FILE)
    yield Desk(store, "140121", "02")
    store.dispose()


def engine_through(proxy: FaultProxy, desk: Desk, token: str, clock: FakeClock) -> SyncEngine:
    # The production transport (default_session: two quick retries of a refused connect).
    client = ExchangeClient(
        proxy.url, token, session=default_session(), timeouts=(0.5, READ_TIMEOUT_S)
    )
    return SyncEngine(
        desk,
        client,
        clock=clock,
        rng=random.Random(7),
        batch_size=3,
        backoff=Backoff(base=2.0, cap=600.0),
    )


def settle(desks: list[Counting], clock: FakeClock) -> int:
    """Passes without faults until every backlog is empty; returns how many rounds it took."""
    for rounds in range(1, MAX_PASSES + 1):
        clock.advance(700)  # past the longest wait (cap 600 s; Retry-After 120 s)
        for d in desks:
            d.run()
        if all(d.backlog() == 0 for d in desks):
            return rounds
    raise AssertionError("the backlog never emptied after the faults stopped")


def assert_delivered_once(live: Live, desks: list[Counting]) -> None:
    """Both sides agree: each case once on the platform, each item answered once, all sent."""
    with session_scope(live.platform.engine) as session:
        platform_cases = Counter(c.case_id for c in session.exec(select(PlatformCase)))
        received = Counter(r.idempotency_key for r in session.exec(select(ReceivedItem)))
        withdrawn = {
            c.case_id
            for c in session.exec(
                select(PlatformCase).where(PlatformCase.dept_state == "withdrawn")
            )
        }
    all_cases = [c for d in desks for c in d.cases]
    assert platform_cases == Counter(all_cases), "a case missing or twice on the platform"
    keys: Counter[str] = Counter()
    for d in desks:
        with d.desk.store.read() as session:
            rows = session.exec(select(OutboxItem).order_by(col(OutboxItem.id))).all()
            states = {c.id: c.state for c in session.exec(select(Case))}
        keys.update(r.idempotency_key for r in rows)
        assert Counter(r.state for r in rows) == Counter({"sent": len(rows)}), [
            (r.kind, r.state, r.last_error) for r in rows
        ]
        assert d.dead == 0
        assert len(rows) == len(d.cases) + len(d.voided)
        for case_id in d.cases:
            expected = CaseState.VOIDED if case_id in d.voided else CaseState.SUBMITTED
            assert states[case_id] == expected, (case_id, states[case_id])
        state = d.engine.state()
        assert (state.backlog, state.dead, state.connection) == (0, 0, Connection.ONLINE)
    assert received == keys, "an item missing or answered twice on the platform"
    assert withdrawn == {c for d in desks for c in d.voided}


def counting_desks(
    proxy: FaultProxy, live: Live, desk: Desk, second_desk: Desk, clock: FakeClock
) -> list[Counting]:
    tokens = live.platform.tokens
    return [
        Counting(desk, engine_through(proxy, desk, tokens["A"], clock)),
        Counting(second_desk, engine_through(proxy, second_desk, tokens["A2"], clock)),
    ]


# Each fault on the next K requests: (fault, path it hits, K).
SINGLE_FAULTS = [
    (Fault.RESET, BATCH, 3),
    (Fault.TRUNCATE, BATCH, 3),
    (Fault.DELAY, BATCH, 2),
    (Fault.HTTP_500, "", 4),
    (Fault.HTTP_503, "", 4),
    (Fault.HTML_200, "", 4),
]


@pytest.mark.parametrize(
    ("fault", "path", "count"), SINGLE_FAULTS, ids=[f[0] for f in SINGLE_FAULTS]
)
def test_each_fault_loses_nothing_and_duplicates_nothing(
    live: Live,
    proxy: FaultProxy,
    desk: Desk,
    second_desk: Desk,
    clerk: Actor,
    fault: Fault,
    path: str,
    count: int,
) -> None:
    clock = FakeClock()
    desks = counting_desks(proxy, live, desk, second_desk, clock)
    for n in range(7):
        for d in desks:
            d.take(clerk, n)
    proxy.fail_next(fault, count, path)
    for n in range(8):  # the desks keep taking cases while the faults hold
        for d in desks:
            d.run()
            d.take(clerk, 7 + n)
        clock.advance(700)
        if proxy.pending_faults == 0:
            break
    assert proxy.pending_faults == 0, "every fault was met"
    assert proxy.applied[fault] == count
    assert all(hit[0] is fault for hit in proxy.hits)
    failed = sum(sum(d.failed_passes.values()) for d in desks)
    # A pass stops at a failed upload but still reads the feed, which may meet a fault too.
    assert failed >= (count if path else count // 2), "the faults failed passes"
    proxy.clear()
    settle(desks, clock)
    assert_delivered_once(live, desks)
    duplicates = sum(d.duplicates for d in desks)
    if fault in LOST_REPLY:
        # The platform took every batch whose answer was lost: each retry was a duplicate.
        assert duplicates >= count, duplicates
    else:
        # The proxy answered in the platform's place: it never saw those requests.
        assert duplicates == 0


def test_503_retry_after_is_honoured_through_the_proxy(
    live: Live, proxy: FaultProxy, desk: Desk, second_desk: Desk, clerk: Actor
) -> None:
    clock = FakeClock()
    (d, _) = counting_desks(proxy, live, desk, second_desk, clock)
    d.take(clerk, 1)
    proxy.fail_next(Fault.HTTP_503, 1, BATCH)
    d.run()
    state = d.engine.state()
    assert state.connection is Connection.DEGRADED and "HTTP 503" in state.last_error
    assert state.next_attempt is not None
    assert (state.next_attempt - clock.now).total_seconds() >= 120  # the proxy's Retry-After
    clock.advance(119)
    d.run()
    assert d.backlog() == 1 and proxy.applied[Fault.PASS] >= 1  # only the feed was asked
    clock.advance(600)
    d.run()
    assert d.backlog() == 0


def test_refused_connections_keep_everything_until_the_platform_is_back(
    live: Live, proxy: FaultProxy, desk: Desk, second_desk: Desk, clerk: Actor
) -> None:
    clock = FakeClock()
    desks = counting_desks(proxy, live, desk, second_desk, clock)
    proxy.refuse()
    for n in range(4):
        for d in desks:
            d.take(clerk, n)
            d.run()
            assert d.engine.state().connection is Connection.OFFLINE
        clock.advance(700)
    assert proxy.connections == 0
    with session_scope(live.platform.engine) as session:
        assert session.exec(select(ReceivedItem)).all() == []
    proxy.listen()
    settle(desks, clock)
    assert_delivered_once(live, desks)
    assert sum(d.duplicates for d in desks) == 0


def test_a_random_mix_of_faults_loses_nothing_and_duplicates_nothing(
    live: Live,
    proxy: FaultProxy,
    desk: Desk,
    second_desk: Desk,
    clerk: Actor,
    supervisor: Actor,
) -> None:
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    clock = FakeClock()
    desks = counting_desks(proxy, live, desk, second_desk, clock)
    mix = [Fault.RESET, Fault.TRUNCATE, Fault.HTTP_500, Fault.HTTP_503, Fault.HTML_200, Fault.DELAY]
    proxy.fail_fraction(mix, 0.45, seed=seed)  # a failure can be replayed from its seed
    try:
        for round_ in range(14):
            if rng.random() < 0.15:
                proxy.refuse()
            else:
                proxy.listen()
            for d in desks:
                for _ in range(rng.randint(0, 3)):
                    d.take(clerk, len(d.cases))
                if round_ in (3, 9) and d.cases:
                    victim = rng.choice([c for c in d.cases if c not in d.voided])
                    void_case(d.desk, supervisor, victim, "applicant withdrew", now=MONDAY_MORNING)
                    d.voided.add(victim)
                d.run()
            clock.advance(rng.choice([1, 30, 700]))
        proxy.clear()
        settle(desks, clock)
        assert_delivered_once(live, desks)
        met = Counter(f for f, _ in proxy.hits)
        assert sum(met.values()) > 0
        if any(f in LOST_REPLY for f, line in proxy.hits if BATCH in line):
            assert sum(d.duplicates for d in desks) > 0
    except AssertionError as exc:
        raise AssertionError(f"seed {seed}, faults met {dict(proxy.applied)}: {exc}") from exc
