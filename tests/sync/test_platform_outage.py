"""The platform's database restarted under load, and workers killed in the middle of a batch.

The platform runs as an operator runs it (`counter-desk exchange serve`, two
worker processes) on a private PostgreSQL cluster; a real desk syncs to it
with the real engine. While PostgreSQL is down every answer is 200 or a 503
with Retry-After, never a 500 and never slower than the desk's read timeout,
and the desk catches up by itself once it is back. A worker killed with
SIGKILL mid-batch leaves the whole batch in or the whole batch out, and the
desk's retry gets an answer for every item.

The default run does a few kill trials; for many::

    pytest tests/sync/test_platform_outage.py -m slow --trials 30
"""

from __future__ import annotations

import itertools
import json
import os
import random
import signal
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
import requests
from sqlmodel import col, select

from counter.desk import Desk
from counter.intake.submit import submit_intake
from counter.store.models import OutboxItem
from counter.users import Actor
from sync.server.db import make_engine, session_scope
from sync.server.tables import ChangeRow, PlatformCase, ReceivedItem
from tests.conftest import MONDAY_MORNING, intake_request
from tests.sync.conftest import OFFICE_A
from tests.sync.engine_support import FakeClock
from tests.sync.engine_support import make_engine as desk_engine
from tests.sync.platform_process import cluster, new_database, serve  # noqa: F401 - fixture
from tests.sync.test_platform_workers import _token, intake_payload, item

READ_TIMEOUT_S = 10.0  # the desk client's (sync.client.DEFAULT_TIMEOUTS)


class Load(threading.Thread):
    """Another desk's uploads and feed reads in a loop, every answer recorded."""

    numbers = itertools.count(1)  # acceptance numbers of desk 02, never issued twice

    def __init__(self, url: str, token: str) -> None:
        super().__init__(daemon=True)
        self.url, self.token = url, token
        self.answers: list[tuple[int, float, str | None]] = []  # status, seconds, Retry-After
        self.stop = threading.Event()

    def run(self) -> None:
        headers = {"Authorization": f"Bearer {self.token}"}
        with requests.Session() as http:
            while not self.stop.is_set():
                started = time.monotonic()
                try:
                    response = http.post(
                        f"{self.url}/v1/cases/batch", headers=headers, timeout=READ_TIMEOUT_S,
                        json={"desk": {"office_code": OFFICE_A, "desk_code": "02"},
                              "items": [item(self._intake()) for _ in range(5)]},
                    )
                    http.get(f"{self.url}/v1/changes", headers=headers, timeout=READ_TIMEOUT_S)
                except requests.ConnectionError:
                    continue  # a connection the restart cut: the desk retries it like a 503
                self.answers.append((response.status_code, time.monotonic() - started,
                                     response.headers.get("Retry-After")))

    def _intake(self) -> dict:
        number = f"{OFFICE_A}-02-20260302-{next(self.numbers):04d}"
        return intake_payload(desk="02", acceptance_no=number)


def _queue(desk: Desk, clerk: Actor, n: int) -> list[str]:
    return [submit_intake(desk, clerk, intake_request(desk), now=MONDAY_MORNING).case_id
            for _ in range(n)]


def _drain(engine, clock: FakeClock, rounds: int = 20) -> None:  # type: ignore[no-untyped-def]
    for _ in range(rounds):
        report = engine.run_once()
        if report.ok and engine.state().backlog == 0:
            return
        clock.advance(700)  # past any backoff
        time.sleep(0.2)
    raise AssertionError(f"the desk did not catch up: {engine.state()}")


def test_postgresql_restarted_under_load_gives_503s_and_the_desk_catches_up(
    cluster, tmp_path: Path, desk: Desk, clerk: Actor  # noqa: F811
) -> None:
    db_url = new_database(cluster)
    served = serve(db_url, tmp_path, "--no-simulator", workers=2)
    token = _token(db_url)
    other_desk = _token(db_url, "02")
    loads = [Load(served.url, other_desk) for _ in range(3)]
    clock = FakeClock()
    engine = desk_engine(desk, served.url, token, clock=clock)
    try:
        for load in loads:
            load.start()
        time.sleep(0.5)
        cluster.stop("fast")
        try:
            case_ids = _queue(desk, clerk, 20)  # taken at the counter while the database is away
            time.sleep(0.5)
            offline = engine.run_once()
            assert not offline.ok
            assert engine.state().backlog == 20
            down = requests.get(f"{served.url}/v1/ready", timeout=READ_TIMEOUT_S)
            assert down.status_code == 503 and down.headers["Retry-After"]
        finally:
            cluster.start()
        time.sleep(2.0)
        for load in loads:
            load.stop.set()
        for load in loads:
            load.join(timeout=30)
        _drain(engine, clock)
    finally:
        served.stop()

    answers = [a for load in loads for a in load.answers]
    statuses = Counter(status for status, _, _ in answers)
    assert set(statuses) <= {200, 503}, statuses
    assert statuses[503] > 0 and statuses[200] > 0, statuses
    assert all(retry for status, _, retry in answers if status == 503)
    assert max(seconds for _, seconds, _ in answers) < READ_TIMEOUT_S
    assert all(load.answers[-1][0] == 200 for load in loads), "the platform did not come back"
    platform = make_engine(db_url)
    with session_scope(platform) as session:
        on_platform = Counter(session.exec(
            select(PlatformCase.case_id).where(col(PlatformCase.case_id).in_(case_ids))
        ))
    platform.dispose()
    assert on_platform == Counter(case_ids)


def _kill_trial(db_url: str, served, desk: Desk, clerk: Actor, rng: random.Random) -> str:  # type: ignore[no-untyped-def]
    """Queue a batch, kill every worker while it is taken in, check all-or-nothing, retry."""
    token = _token(db_url)
    clock = FakeClock()
    engine = desk_engine(desk, served.url, token, clock=clock, batch_size=500)
    case_ids = _queue(desk, clerk, 300)
    with desk.store.read() as session:
        keys = list(session.exec(
            select(OutboxItem.idempotency_key).where(OutboxItem.state == "pending")
        ))
    passing = threading.Thread(target=engine.run_once)
    passing.start()
    time.sleep(rng.uniform(0.02, 0.5))
    for pid in served.worker_pids():
        os.kill(pid, signal.SIGKILL)
    passing.join(timeout=30)
    platform = make_engine(db_url)
    with session_scope(platform) as session:
        received = len(session.exec(
            select(ReceivedItem.id).where(col(ReceivedItem.idempotency_key).in_(keys))
        ).all())
        cases = len(session.exec(
            select(PlatformCase.id).where(col(PlatformCase.case_id).in_(case_ids))
        ).all())
        wanted = set(case_ids)
        published = sum(
            json.loads(body)["case_id"] in wanted
            for body in session.exec(select(ChangeRow.body).where(ChangeRow.kind == "desk_case"))
        )
    # All or nothing: the answers, the cases and their feed entries together.
    assert (received, cases, published) in ((0, 0, 0), (len(keys), 300, 300)), (
        received, cases, published)
    # The supervisor replaces the killed workers one at a time, each given up to a minute to
    # answer its health check (sync.server.cli.WORKER_HEALTHCHECK_S): on a loaded machine the
    # second comes up well after the first.
    served.wait_ready(timeout=180)
    _drain(engine, clock)
    with session_scope(platform) as session:
        answered = Counter(session.exec(
            select(ReceivedItem.idempotency_key).where(col(ReceivedItem.idempotency_key).in_(keys))
        ))
        on_platform = Counter(session.exec(
            select(PlatformCase.case_id).where(col(PlatformCase.case_id).in_(case_ids))
        ))
    platform.dispose()
    with desk.store.read() as session:
        states = Counter(session.exec(
            select(OutboxItem.state).where(col(OutboxItem.idempotency_key).in_(keys))
        ))
    assert answered == Counter(keys) and on_platform == Counter(case_ids)
    assert states == {"sent": len(keys)}
    return "committed before the kill" if received else "rolled back by the kill"


def _run_trials(cluster, tmp_path: Path, desk: Desk, clerk: Actor, trials: int) -> Counter:  # type: ignore[no-untyped-def]  # noqa: F811
    db_url = new_database(cluster)
    served = serve(db_url, tmp_path, "--no-simulator", workers=2)
    rng = random.Random(11)
    try:
        return Counter(_kill_trial(db_url, served, desk, clerk, rng) for _ in range(trials))
    finally:
        served.stop()


def test_workers_killed_mid_batch_leave_it_all_or_nothing(
    cluster, tmp_path: Path, desk: Desk, clerk: Actor  # noqa: F811
) -> None:
    _run_trials(cluster, tmp_path, desk, clerk, trials=3)


@pytest.mark.slow
def test_workers_killed_mid_batch_many_times(
    cluster, tmp_path: Path, desk: Desk, clerk: Actor, request: pytest.FixtureRequest  # noqa: F811
) -> None:
    trials = request.config.getoption("--trials", default=None) or 20
    outcomes = _run_trials(cluster, tmp_path, desk, clerk, trials=trials)
    print(f"\n{trials} kill trials: {dict(outcomes)}")
    if trials >= 10:
        assert outcomes["rolled back by the kill"] > 0, outcomes
