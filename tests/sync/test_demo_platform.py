"""The demo platform: served on loopback, the desk registered, a line that can be cut."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from counter.bootstrap import OpenedDesk, open_desk
from sync.demo_platform import (
    DATABASE_FILE,
    DemoPlatform,
    DemoSchedule,
    demo_engine,
    start_demo_platform,
)
from sync.engine import Connection, SyncEngine
from tests.ui.flow import record_case


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[OpenedDesk]:
    opened = open_desk(tmp_path / "desk")
    yield opened
    opened.desk.store.dispose()


@pytest.fixture
def demo(desk: OpenedDesk) -> Iterator[DemoPlatform]:
    platform = start_demo_platform(
        desk.directory,
        desk.settings.office_code,
        desk.settings.desk_code,
        DemoSchedule(timer=False),
    )
    yield platform
    platform.stop()


def _engine(desk: OpenedDesk, demo: DemoPlatform) -> Iterator[SyncEngine]:
    engine = demo_engine(desk.desk, demo)
    yield engine
    engine.client.close()


@pytest.fixture(name="engine")
def engine_fixture(desk: OpenedDesk, demo: DemoPlatform) -> Iterator[SyncEngine]:
    yield from _engine(desk, demo)


def _refused(url: str) -> bool:
    port = int(url.rsplit(":", 1)[1])
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except ConnectionRefusedError:
        return True
    return False


def test_platform_answers_on_loopback_with_its_database_in_the_desk_folder(
    desk: OpenedDesk, demo: DemoPlatform
) -> None:
    assert demo.url.startswith("http://127.0.0.1:")
    assert demo.token.startswith("cdx_") and demo.token not in repr(demo)
    assert (desk.directory / DATABASE_FILE).exists()
    with requests.get(demo.url + "/v1/health", timeout=5) as response:
        assert response.status_code == 200


def test_cut_line_refuses_connections_and_restore_brings_it_back(demo: DemoPlatform) -> None:
    session = requests.Session()  # a kept-alive connection must not survive the cut
    assert session.get(demo.url + "/v1/health", timeout=5).status_code == 200
    demo.cut()
    assert demo.is_cut and _refused(demo.url)
    with pytest.raises(requests.ConnectionError):
        session.get(demo.url + "/v1/health", timeout=5)
    demo.restore()
    assert not demo.is_cut
    assert session.get(demo.url + "/v1/health", timeout=5).status_code == 200
    session.close()


def test_round_trip_through_a_cut_line(
    desk: OpenedDesk, demo: DemoPlatform, engine: SyncEngine
) -> None:
    assert engine.run_once().connection is Connection.ONLINE
    demo.cut()
    case_id = record_case(desk)
    report = engine.run_once()
    assert report.connection is Connection.OFFLINE
    state = engine.state()
    assert state.backlog == 1 and state.next_attempt is not None

    demo.restore()
    deadline = time.monotonic() + 15
    while engine.state().backlog and time.monotonic() < deadline:
        time.sleep(0.2)  # the quick demo backoff: the item is due again within seconds
        engine.run_once()
    assert engine.state().backlog == 0 and engine.state().connection is Connection.ONLINE

    # Departments act as if the schedule had passed; the desk hears of it on the next pass.
    assert demo.advance(demo.simulator.review_after_s + 1) == 1
    assert demo.advance(demo.simulator.review_after_s + demo.simulator.decide_after_s + 2) == 1
    report = engine.run_once()
    assert case_id in report.applied.cases_moved


def test_stop_releases_the_port(desk: OpenedDesk) -> None:
    platform = start_demo_platform(desk.directory, "140121", "01", DemoSchedule(timer=False))
    platform.stop()
    assert _refused(platform.url)
    platform.stop()  # twice is harmless
