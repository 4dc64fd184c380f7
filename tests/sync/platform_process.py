"""The reference platform as an operator runs it: `counter-desk exchange serve` in its own
process (with its worker processes), on a private PostgreSQL cluster, for the tests of
several workers, restarts and kills.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest
import requests

from tests import pg_cluster


@pytest.fixture(scope="session")
def cluster() -> Iterator[pg_cluster.Cluster]:
    """A PostgreSQL server of the test session's own, which tests may stop and start."""
    if not pg_cluster.available():
        pytest.skip("PostgreSQL server binaries not installed (Debian package postgresql)")
    with pg_cluster.running(max_connections=200) as server:
        yield server


def new_database(server: pg_cluster.Cluster) -> str:
    """A new, empty database on `server`; its SQLAlchemy URL."""
    name = f"x_{uuid.uuid4().hex[:12]}"
    plain = server.url.replace("postgresql+psycopg", "postgresql")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return server.url.rsplit("/", 1)[0] + "/" + name


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Served:
    """One `exchange serve` process tree; `url` is its base address."""

    process: subprocess.Popen
    url: str
    log: Path
    args: list[str] = field(default_factory=list)

    def wait_ready(self, timeout: float = 90.0, verify: bool | str = True,
                   cert: tuple[str, str] | None = None) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"platform exited: {self.log.read_text()[-2000:]}")
            with contextlib.suppress(requests.RequestException):
                ready = requests.get(f"{self.url}/v1/ready", timeout=1, verify=verify, cert=cert)
                if ready.status_code == 200:
                    return
            time.sleep(0.05)
        raise AssertionError(f"platform not ready in {timeout} s: {self.log.read_text()[-2000:]}")

    def worker_pids(self) -> list[int]:
        """The worker processes under the server (itself when it runs alone)."""
        found = subprocess.run(["pgrep", "-P", str(self.process.pid)], check=False,
                               capture_output=True,
                               text=True).stdout.split()
        workers = [int(pid) for pid in found]
        # uvicorn's supervisor also starts a resource tracker child: keep the servers only.
        workers = [p for p in workers if "resource_tracker" not in _cmdline(p)]
        return workers or [self.process.pid]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""


def serve(
    db_url: str, tmp_path: Path, *extra: str, workers: int = 1, ready: bool = True,
    scheme: str = "http",
) -> Served:
    port = free_port()
    log = tmp_path / f"platform-{port}.log"
    args = [
        sys.executable, "-m", "ui.shell.cli", "exchange", "serve", "--db", db_url,
        "--port", str(port), "--workers", str(workers), *extra,
    ]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with log.open("wb") as out:
        process = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, env=env)
    served = Served(process, f"{scheme}://127.0.0.1:{port}", log, args)
    if ready:
        served.wait_ready()
    return served
