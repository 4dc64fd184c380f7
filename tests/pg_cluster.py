"""A throwaway PostgreSQL cluster on loopback, made the way CI makes its own.

For the tests that must stop and start the database under load, and for the
platform's load harness. It needs the server's binaries (Debian's
``postgresql`` package); `available()` says whether they are there. As root
the cluster belongs to the ``postgres`` user, since PostgreSQL refuses to run
as root.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path


def _bin_dir() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    if found:
        return found[-1]
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def available() -> bool:
    folder = _bin_dir()
    return folder is not None and (folder / "initdb").exists() and (folder / "pg_ctl").exists()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    """One PostgreSQL server in a temporary folder; `url` reaches its `postgres` database."""

    def __init__(self, max_connections: int = 100) -> None:
        folder = _bin_dir()
        assert folder is not None, "PostgreSQL server binaries not found"
        self.bin = folder
        self.port = _free_port()
        self.data = Path(tempfile.mkdtemp(prefix="counter-pg-"))
        self.max_connections = max_connections
        self._as_postgres = os.geteuid() == 0
        if self._as_postgres:
            shutil.chown(self.data, "postgres")
        self._run("initdb", "-A", "trust", "-U", "postgres", "-D", str(self.data))

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, tool: str, *args: str) -> None:
        command = [str(self.bin / tool), *args]
        if self._as_postgres:
            command = ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(f"'{a}'" for a in command)]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.data} "
            f"-c max_connections={self.max_connections} -c fsync=on"
        )
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.data / "server.log"),
                  "-w", "-o", options, "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop("immediate")
        shutil.rmtree(self.data, ignore_errors=True)


@contextlib.contextmanager
def running(max_connections: int = 100) -> Iterator[Cluster]:
    cluster = Cluster(max_connections)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.remove()
