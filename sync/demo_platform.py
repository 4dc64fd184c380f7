"""The reference platform on loopback for the demo profile, with a line that can be cut.

`start_demo_platform(directory, office_code, desk_code)` runs the reference
exchange platform in this process (uvicorn on 127.0.0.1, an ephemeral port,
in a daemon thread), keeps its database next to the desk's
(`<data dir>/demo-platform.db`), registers the desk and returns a
`DemoPlatform` holding the address and the desk's token. The department
simulator runs on a quick schedule, so a new user sees results come back
within a minute.

The desk does not talk to uvicorn directly but through a small TCP relay on
another loopback port: the "line". `cut()` closes the relay's listening
socket and every connection through it, so the sync engine really sees
connection refused; `restore()` listens again on the same port.

Demo profile only: a real office configures `exchange_url` and
`exchange_token` and never starts this.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from counter.clock import utc_now
from sync.server.listen import loopback_listener

if TYPE_CHECKING:
    import uvicorn
    from sqlalchemy import Engine

    from counter.desk import Desk
    from sync.engine import SyncEngine
    from sync.server.settings import SimulatorSettings

log = logging.getLogger("sync.demo_platform")

DATABASE_FILE = "demo-platform.db"
START_TIMEOUT_S = 20.0
_POLL_S = 0.1  # how often the relay's threads look at their stop flags


@dataclass(frozen=True)
class DemoSchedule:
    """How fast the demo's departments work (seconds after the previous step)."""

    review_after_s: float = 5.0
    decide_after_s: float = 15.0
    interval_s: float = 1.0  # how often the platform's timer moves cases
    timer: bool = True  # False: nothing moves until `DemoPlatform.advance` is called
    seed: int = 0


class LineRelay:
    """A loopback TCP relay to `upstream` that can be cut (connection refused) and restored."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        self._upstream = upstream
        self._lock = threading.Lock()
        self._links: set[socket.socket] = set()
        self._listener: socket.socket | None = None
        self._stop = threading.Event()
        self.port = 0
        self._listen()

    @property
    def is_cut(self) -> bool:
        return self._listener is None

    def cut(self) -> None:
        """Refuse new connections and break the open ones."""
        with self._lock:
            listener, self._listener = self._listener, None
            links, self._links = self._links, set()
        if listener is not None:
            # shutdown() stops the listening at once; close() alone waits until the
            # accepting thread's poll returns, and connections queue meanwhile.
            _close(listener)
        for sock in links:
            _close(sock)
        log.info("demo line cut")

    def restore(self) -> None:
        with self._lock:
            if self._listener is not None:
                return
        self._listen()
        log.info("demo line restored")

    def close(self) -> None:
        self._stop.set()
        self.cut()

    def _listen(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        listener.settimeout(_POLL_S)
        self.port = listener.getsockname()[1]
        with self._lock:
            self._listener = listener
        threading.Thread(
            target=self._accept, args=(listener,), name="demo-line", daemon=True
        ).start()

    def _accept(self, listener: socket.socket) -> None:
        while not self._stop.is_set() and self._listener is listener:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:  # closed by cut()
                return
            try:
                upstream = socket.create_connection(self._upstream, timeout=5)
            except OSError:
                _close(client)
                continue
            with self._lock:
                if self._listener is not listener:  # cut meanwhile
                    _close(client)
                    _close(upstream)
                    return
                self._links.update((client, upstream))
            try:
                for sock in (client, upstream):
                    # Relay each write at once: Nagle and a delayed ACK stall kept-alive requests.
                    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except OSError:  # cut meanwhile
                continue
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        source.settimeout(None)
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                target.sendall(data)
        except OSError:
            pass
        finally:
            with self._lock:
                self._links.discard(source)
                self._links.discard(target)
            _close(source)
            _close(target)


def _close(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()


class DemoPlatform:
    """A running demo platform; `url` and `token` are what the desk's settings would hold."""

    def __init__(
        self,
        server: uvicorn.Server,
        thread: threading.Thread,
        relay: LineRelay,
        engine: Engine,
        simulator: SimulatorSettings,
        token: str,
    ) -> None:
        self._server = server
        self._thread = thread
        self._relay = relay
        self.engine = engine  # the platform's database engine (SQLAlchemy)
        self.simulator = simulator
        self.token = token
        self.url = f"http://127.0.0.1:{relay.port}"

    def __repr__(self) -> str:  # the token stays out of printed objects
        return f"DemoPlatform({self.url!r}, cut={self.is_cut})"

    @property
    def is_cut(self) -> bool:
        return self._relay.is_cut

    def cut(self) -> None:
        self._relay.cut()

    def restore(self) -> None:
        self._relay.restore()

    def advance(self, ahead_s: float = 0.0) -> int:
        """Let the departments act as they would `ahead_s` seconds from now; steps taken."""
        from sync.server import simulator

        return simulator.advance(
            self.engine, self.simulator, utc_now() + timedelta(seconds=ahead_s)
        )

    def stop(self) -> None:
        """Stop serving and close the database; safe to call twice."""
        self._relay.close()
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self.engine.dispose()


def start_demo_platform(
    directory: Path, office_code: str, desk_code: str, schedule: DemoSchedule | None = None
) -> DemoPlatform:
    """Start the platform for the desk whose data lives in `directory`; blocks until it answers.

    Takes about a second (mostly importing the web stack): call it off the GUI thread.
    """
    import uvicorn

    from sync.server.app import create_app
    from sync.server.auth import add_desk
    from sync.server.db import make_engine, session_scope
    from sync.server.settings import ServerSettings, SimulatorSettings

    schedule = schedule or DemoSchedule()
    simulator = SimulatorSettings(
        enabled=schedule.timer,
        interval_s=schedule.interval_s,
        review_after_s=schedule.review_after_s,
        decide_after_s=schedule.decide_after_s,
        seed=schedule.seed,
    )
    directory.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{directory / DATABASE_FILE}"
    engine = make_engine(url)
    app = create_app(ServerSettings(db_url=url, simulator=simulator), engine=engine)
    with session_scope(engine) as session:
        token = add_desk(session, office_code, desk_code, "demo desk")

    sock = loopback_listener()
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", lifespan="on", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="demo-platform", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT_S
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            sock.close()
            engine.dispose()
            raise RuntimeError("the demo platform did not start")
        time.sleep(0.01)
    relay = LineRelay(("127.0.0.1", port))
    platform = DemoPlatform(server, thread, relay, engine, simulator, token)
    _wait_healthy(platform.url, deadline)
    log.info("demo platform serving on %s", platform.url)
    return platform


def _wait_healthy(url: str, deadline: float) -> None:
    import requests

    while True:
        try:
            with requests.get(url + "/v1/health", timeout=2) as response:
                if response.status_code == 200:
                    return
        except requests.RequestException:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError("the demo platform does not answer its health check")
        time.sleep(0.05)


# Quick retries suit a platform on the same machine: a restored line is used within seconds.
def demo_engine(desk: Desk, platform: DemoPlatform, app_version: str = "") -> SyncEngine:
    """A sync engine for `desk` talking to the demo platform through its line."""
    from sync.client import ExchangeClient
    from sync.engine import Backoff, SyncEngine

    client = ExchangeClient(platform.url, platform.token, timeouts=(2.0, 10.0))
    return SyncEngine(desk, client, backoff=Backoff(base=1.0, cap=10.0), app_version=app_version)


__all__ = ["DemoPlatform", "DemoSchedule", "LineRelay", "demo_engine", "start_demo_platform"]
