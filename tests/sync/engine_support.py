"""Helpers for the sync engine's tests: a live platform on loopback, faults, a clock.

The platform is the real reference app under uvicorn on 127.0.0.1 with an
ephemeral port and its simulator timer off; tests move cases with
`simulator.advance` when they want departments to decide. Faults are injected
below the client by a requests transport adapter, so the engine and the
client run exactly as in production.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import requests
import uvicorn
from requests.adapters import HTTPAdapter
from requests.structures import CaseInsensitiveDict

from counter.clock import utc_now
from counter.desk import Desk
from sync.client import ExchangeClient
from sync.engine import Backoff, SyncEngine
from sync.server.listen import loopback_listener
from sync.server.settings import SimulatorSettings
from tests.sync.conftest import Platform, build_platform

# Departments decide at once when `advance` is called.
INSTANT = SimulatorSettings(enabled=False, review_after_s=0, decide_after_s=0, seed=7)
CAPTIVE_PORTAL = b"<html><body><h1>Welcome to Hall Wi-Fi</h1>Please log in.</body></html>"


@dataclass
class Live:
    platform: Platform
    url: str

    @property
    def token(self) -> str:
        return self.platform.tokens["A"]


def serve(platform: Platform, **tls: object) -> Iterator[str]:
    """Serve `platform` on loopback; with uvicorn's `ssl_*` options `tls`, over TLS."""
    sock = loopback_listener()
    port = sock.getsockname()[1]
    config = uvicorn.Config(platform.app, log_level="warning", lifespan="off", **tls)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)
    assert server.started
    try:
        yield f"{'https' if tls else 'http'}://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(name="live")
def live_fixture(tmp_path: Path) -> Iterator[Live]:
    """The reference platform served on loopback for one test (import it to use `live`)."""
    (tmp_path / "platform").mkdir()
    platform = build_platform(tmp_path / "platform")
    try:
        for url in serve(platform):
            yield Live(platform, url)
    finally:
        platform.close()


def closed_port_url() -> str:
    """An address on loopback where nothing listens: connections are refused."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return f"http://127.0.0.1:{port}"


class FakeClock:
    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or utc_now()

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


class TopRng:
    """A random source that always draws the top of the range: the longest full-jitter wait."""

    def uniform(self, a: float, b: float) -> float:
        return b


class BottomRng:
    def uniform(self, a: float, b: float) -> float:
        return a


# -- faults ---------------------------------------------------------------------------

Fault = Callable[[HTTPAdapter, requests.PreparedRequest, dict], requests.Response]


def _response(
    request: requests.PreparedRequest, status: int, body: bytes, headers: dict[str, str]
) -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response._content = body
    response._content_consumed = True  # type: ignore[attr-defined]
    response.headers = CaseInsensitiveDict(headers)
    response.url = request.url or ""
    response.request = request
    response.encoding = "utf-8"
    return response


def status(code: int, retry_after: str | None = None, body: bytes = b"") -> Fault:
    def fault(adapter: HTTPAdapter, request: requests.PreparedRequest, kw: dict):
        headers = {"Content-Type": "text/plain"}
        if retry_after is not None:
            headers["Retry-After"] = retry_after
        return _response(request, code, body or f"error {code}".encode(), headers)

    return fault


def html_200() -> Fault:
    def fault(adapter: HTTPAdapter, request: requests.PreparedRequest, kw: dict):
        return _response(request, 200, CAPTIVE_PORTAL, {"Content-Type": "text/html"})

    return fault


def refused() -> Fault:
    def fault(adapter: HTTPAdapter, request: requests.PreparedRequest, kw: dict):
        raise requests.ConnectionError("connection refused (injected)")

    return fault


def lost_reply() -> Fault:
    """The platform gets the request and acts on it; the answer never arrives."""

    def fault(adapter: HTTPAdapter, request: requests.PreparedRequest, kw: dict):
        HTTPAdapter.send(adapter, request, **kw).close()
        raise requests.ReadTimeout("read timed out (injected)")

    return fault


class FaultAdapter(HTTPAdapter):
    """Passes requests to the real platform, except those a queued fault takes first.

    `faults` holds (path prefix, fault) pairs; each request takes the first
    pair whose prefix its path starts with. `sent` records (method, path,
    body) of every request, fault or not.
    """

    def __init__(self) -> None:
        super().__init__()
        self.faults: list[tuple[str, Fault]] = []
        self.sent: list[tuple[str, str, bytes | None]] = []

    def add(self, path: str, *faults: Fault) -> None:
        self.faults.extend((path, f) for f in faults)

    def send(self, request: requests.PreparedRequest, **kw: object) -> requests.Response:  # type: ignore[override]
        path = request.path_url.split("?")[0]
        body = request.body if isinstance(request.body, bytes) else None
        self.sent.append((request.method or "", path, body))
        for index, (prefix, fault) in enumerate(self.faults):
            if path.startswith(prefix):
                del self.faults[index]
                return fault(self, request, kw)
        return super().send(request, **kw)  # type: ignore[arg-type]

    def uploads(self) -> int:
        return sum(1 for _, path, _ in self.sent if path == "/v1/cases/batch")


def faulty_session(adapter: FaultAdapter) -> requests.Session:
    session = requests.Session()
    session.mount("http://", adapter)
    return session


def make_engine(
    desk: Desk,
    url: str,
    token: str,
    *,
    adapter: FaultAdapter | None = None,
    clock: FakeClock | None = None,
    rng: object | None = None,
    **kwargs: object,
) -> SyncEngine:
    session = faulty_session(adapter) if adapter is not None else None
    client = ExchangeClient(url, token, session=session, timeouts=(1.0, 5.0))
    return SyncEngine(
        desk,
        client,
        clock=clock or FakeClock(),
        rng=rng or TopRng(),  # type: ignore[arg-type]
        backoff=Backoff(base=2.0, cap=600.0),
        **kwargs,  # type: ignore[arg-type]
    )
