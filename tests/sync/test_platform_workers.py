"""Several worker processes over one PostgreSQL database: what must happen once, happens once.

Each test runs `counter-desk exchange serve` as an operator would, in processes
of its own, on a new database of a private PostgreSQL cluster.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from pathlib import Path

import psycopg
import requests
from alembic.script import ScriptDirectory
from sqlalchemy import func, select, text

from counter.catalog.seed import SEED_CATALOG
from sync.server.auth import add_desk
from sync.server.db import STATEMENT_TIMEOUT_MS, make_engine, session_scope
from sync.server.schema import PREPARE_LOCK, alembic_config
from sync.server.tables import (
    CatalogRow,
    ChangeRow,
    MetaRow,
    PlatformCase,
    ReceivedItem,
    SigningKey,
)
from tests.sync.conftest import OFFICE_A, intake_payload, item
from tests.sync.platform_process import cluster, new_database, serve  # noqa: F401 - fixture

DESK = {"office_code": OFFICE_A, "desk_code": "01"}


def _token(db_url: str, desk_code: str = "01") -> str:
    engine = make_engine(db_url)
    try:
        with session_scope(engine) as session:
            return add_desk(session, OFFICE_A, desk_code)
    finally:
        engine.dispose()


def _upload(url: str, token: str, items: list[dict]) -> list[dict]:
    response = requests.post(
        f"{url}/v1/cases/batch",
        json={"desk": DESK, "items": items},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    return response.json()["results"]


def _waiting_on_the_lock(conn: psycopg.Connection) -> int:
    return conn.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'advisory'"
                        " AND datname = current_database()").fetchone()[0]


def test_workers_wait_for_a_long_preparation_instead_of_dying(
    cluster, tmp_path: Path  # noqa: F811
) -> None:
    """A preparation that outlasts a request's lock timeout (a long migration, a slow disk).

    The workers queue on the deployment's lock for as long as it is held; none gives up,
    dies and is restarted over and over while the first one is still at work.
    """
    db_url = new_database(cluster)
    holder = psycopg.connect(db_url.replace("postgresql+psycopg", "postgresql"), autocommit=True)
    try:
        holder.execute("SELECT pg_advisory_lock(%s)", (PREPARE_LOCK,))
        served = serve(db_url, tmp_path, "--no-simulator", workers=2, ready=False)
        try:
            deadline = time.monotonic() + 120
            while _waiting_on_the_lock(holder) < 2:  # both workers have reached it
                assert time.monotonic() < deadline, served.log.read_text()
                time.sleep(0.1)
            workers = served.worker_pids()
            time.sleep(STATEMENT_TIMEOUT_MS / 1000 + 3)  # past the timeout a request gets
            assert _waiting_on_the_lock(holder) == 2, served.log.read_text()
            assert served.worker_pids() == workers  # the same two: none died and restarted
            holder.execute("SELECT pg_advisory_unlock(%s)", (PREPARE_LOCK,))
            served.wait_ready()
            assert len(served.worker_pids()) == 2
            log = served.log.read_text()
            assert "died" not in log and "failed to start" not in log
        finally:
            served.stop()
    finally:
        holder.close()


def test_workers_starting_together_on_an_empty_database_prepare_it_once(
    cluster, tmp_path: Path  # noqa: F811
) -> None:
    db_url = new_database(cluster)
    # Three servers of two workers each, all started at once on a database with nothing in it.
    servers = [serve(db_url, tmp_path, "--no-simulator", workers=2, ready=False) for _ in range(3)]
    try:
        for served in servers:
            served.wait_ready()
        assert all(len(s.worker_pids()) == 2 for s in servers)
        engine = make_engine(db_url)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM x_alembic_version")).all() == [
                (ScriptDirectory.from_config(alembic_config()).get_current_head(),)
            ]
            assert conn.execute(select(func.count()).select_from(SigningKey)).scalar() == 1
            assert conn.execute(select(func.count()).select_from(MetaRow)).scalar() == 1
            assert conn.execute(select(func.count()).select_from(CatalogRow)).scalar() == len(
                SEED_CATALOG.items
            )
        engine.dispose()
        # Every worker signs with that one key and pages with that one cursor key.
        keys = {tuple(k["key_id"] for k in requests.get(f"{s.url}/v1/keys", timeout=5).json()
                      ["keys"]) for s in servers}
        assert len(keys) == 1 and len(next(iter(keys))) == 1
    finally:
        for served in servers:
            served.stop()


def test_one_department_simulator_decides_each_case_once_whatever_the_workers(
    cluster, tmp_path: Path  # noqa: F811
) -> None:
    db_url = new_database(cluster)
    fast = ["--review-after", "0", "--decide-after", "0", "--simulator-interval", "0.05",
            "--approval-ratio", "0.7"]
    servers = [serve(db_url, tmp_path, *fast, workers=2), serve(db_url, tmp_path, *fast)]
    token = _token(db_url)
    case_ids = []
    try:
        for round_ in range(6):
            payloads = [intake_payload() for _ in range(10)]
            case_ids += [p["case_id"] for p in payloads]
            results = _upload(servers[round_ % 2].url, token, [item(p) for p in payloads])
            assert {r["status"] for r in results} == {"accepted"}
        engine = make_engine(db_url)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with session_scope(engine) as session:
                open_cases = session.execute(
                    select(func.count()).select_from(PlatformCase).where(
                        PlatformCase.dept_state.not_in(("result_ready", "rejected"))
                    )
                ).scalar()
            if open_cases == 0:
                break
            time.sleep(0.1)
        assert open_cases == 0, "the departments did not decide every case"
        with session_scope(engine) as session:
            rows = session.execute(
                select(ChangeRow.kind, ChangeRow.body).where(
                    ChangeRow.kind.in_(("case_state", "certificate_issued"))
                ).order_by(ChangeRow.position)
            ).all()
        engine.dispose()
    finally:
        for served in servers:
            served.stop()
    steps: dict[str, list[str]] = {case_id: [] for case_id in case_ids}
    for kind, body in rows:
        change = json.loads(body)
        steps[change["case_id"]].append(
            change["state"] if kind == "case_state" else "certificate"
        )
    paths = Counter(tuple(path) for path in steps.values())
    # Five simulators competed; each case went through its steps exactly once.
    assert set(paths) <= {
        ("in_review", "approved", "certificate", "result_ready"),
        ("in_review", "rejected"),
    }, paths
    assert sum(paths.values()) == 60


def test_the_same_key_through_two_workers_at_once_is_taken_once_and_answered_alike(
    cluster, tmp_path: Path  # noqa: F811
) -> None:
    db_url = new_database(cluster)
    first, second = (serve(db_url, tmp_path, "--no-simulator") for _ in range(2))
    token = _token(db_url)
    keys: list[str] = []
    try:
        for _ in range(15):
            items = [item(intake_payload()) for _ in range(8)]
            keys += [i["idempotency_key"] for i in items]
            start = threading.Barrier(2)
            answers: dict[str, list[dict]] = {}

            def send(url: str, items: list[dict] = items, start=start, answers=answers) -> None:
                start.wait()
                answers[url] = _upload(url, token, items)

            threads = [threading.Thread(target=send, args=(s.url,)) for s in (first, second)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
            a, b = answers[first.url], answers[second.url]
            for one, other in zip(a, b, strict=True):
                assert one["platform_case_id"] == other["platform_case_id"]
                assert sorted((one["status"], other["status"])) == ["accepted", "duplicate"]
                duplicate = one if one["status"] == "duplicate" else other
                assert duplicate["first_status"] == "accepted"
    finally:
        first.stop()
        second.stop()
    engine = make_engine(db_url)
    with session_scope(engine) as session:
        received = Counter(session.execute(select(ReceivedItem.idempotency_key)).scalars())
        cases = session.execute(select(func.count()).select_from(PlatformCase)).scalar()
        published = session.execute(
            select(func.count()).select_from(ChangeRow).where(ChangeRow.kind == "desk_case")
        ).scalar()
    engine.dispose()
    assert received == Counter(keys) and set(received.values()) == {1}
    assert cases == published == len(keys)
