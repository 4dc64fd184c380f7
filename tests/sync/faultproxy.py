"""A fault-injecting TCP proxy on loopback, between a desk's client and the reference platform.

It carries real bytes over real sockets, so the client meets faults the way it
would meet them in a service hall: a refused connection, a connection reset
in the middle of an answer, an answer that never comes before the read
timeout, a body cut short, a 5xx from a gateway, a captive portal's page.

One request per connection: the proxy reads the request (head and
Content-Length body), rewrites its ``Connection`` header to ``close``, and
decides what happens to that request's connection:

- ``PASS``: forward the request, relay the answer.
- ``RESET``: forward the request, relay the first `reset_after` bytes of the
  answer, then close with RST (SO_LINGER 0). The platform has acted: a lost reply.
- ``DELAY``: forward the request, hold the answer for `delay_s` (past the
  client's read timeout), then relay whatever is still wanted. Also a lost reply.
- ``TRUNCATE``: forward the request, relay the head and half of the body, then
  close. Also a lost reply.
- ``HTTP_500`` / ``HTTP_503`` / ``HTML_200``: answer without forwarding (503
  carries ``Retry-After``; the 200 is an HTML login page). The platform sees nothing.

A refused connection is a different thing: `refuse()` closes the listening
socket, so the kernel refuses connections, and `listen()` opens it again on
the same port.

Faults apply to the next K matching connections (`fail_next`) or to a
fraction of them, drawn from a seeded random source (`fail_fraction`); a path
prefix narrows which requests they hit. The proxy listens and connects on
127.0.0.1 only, serves at most `max_connections`, and stops itself after
`lifetime_s` whatever the test does.
"""

from __future__ import annotations

import random
import socket
import struct
import threading
import time
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from typing import Self

LOOPBACK = "127.0.0.1"
_HEAD_LIMIT = 64 * 1024
_BODY_LIMIT = 8 * 1024 * 1024
_IO_TIMEOUT_S = 10.0

CAPTIVE_PORTAL_PAGE = (
    b"<!DOCTYPE html><html><head><title>Hall Wi-Fi</title></head>"
    b"<body><h1>Welcome to the service hall Wi-Fi</h1><form>Please log in.</form></body></html>"
)


class Fault(StrEnum):
    PASS = "pass"
    RESET = "reset"
    DELAY = "delay"
    TRUNCATE = "truncate"
    HTTP_500 = "http_500"
    HTTP_503 = "http_503"
    HTML_200 = "html_200"


# Faults after which the platform has acted on the request but the client has no answer.
LOST_REPLY = frozenset({Fault.RESET, Fault.DELAY, Fault.TRUNCATE})
# Faults the proxy answers itself: the platform never sees the request.
ANSWERED_BY_PROXY = frozenset({Fault.HTTP_500, Fault.HTTP_503, Fault.HTML_200})


@dataclass
class _Plan:
    faults: tuple[Fault, ...] = ()
    remaining: int | None = None  # K connections left; None: by fraction
    fraction: float = 0.0
    path: str = ""


class FaultProxy:
    """A threaded TCP proxy from 127.0.0.1:<port> to the platform at 127.0.0.1:<upstream_port>."""

    def __init__(
        self,
        upstream_port: int,
        *,
        seed: int = 0,
        delay_s: float = 1.5,
        reset_after: int = 40,
        retry_after: str = "120",
        max_connections: int = 5000,
        lifetime_s: float = 300.0,
    ) -> None:
        self.upstream = (LOOPBACK, upstream_port)
        self.delay_s = delay_s
        self.reset_after = reset_after
        self.retry_after = retry_after
        self.max_connections = max_connections
        self.lifetime_s = lifetime_s
        self.port = 0
        self.connections = 0  # connections accepted
        self.applied: Counter[Fault] = Counter()  # what each request met
        self.hits: list[tuple[Fault, str]] = []  # (fault, request line) for every fault applied
        self._rng = random.Random(seed)
        self._plan = _Plan()
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._listener: socket.socket | None = None
        self._threads: list[threading.Thread] = []
        self._accepting: threading.Thread | None = None

    # -- life -------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    def start(self) -> Self:
        self._open_listener()
        self._accepting = threading.Thread(target=self._accept_loop, name="faultproxy", daemon=True)
        self._accepting.start()
        return self

    def stop(self) -> None:
        self._stopped.set()
        if self._accepting is not None:
            self._accepting.join(timeout=5)
        for thread in list(self._threads):
            thread.join(timeout=5)
        self._close_listener()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- switches -----------------------------------------------------------------

    def fail_next(self, fault: Fault, count: int, path: str = "") -> None:
        """The next `count` connections whose request path starts with `path` meet `fault`."""
        with self._lock:
            self._plan = _Plan(faults=(fault,), remaining=count, path=path)

    def fail_fraction(
        self,
        faults: list[Fault] | tuple[Fault, ...],
        fraction: float,
        path: str = "",
        seed: int | None = None,
    ) -> None:
        """Each matching connection meets one of `faults` with probability `fraction`.

        `seed` restarts the proxy's random source, so a failing run can be replayed.
        """
        with self._lock:
            if seed is not None:
                self._rng.seed(seed)
            self._plan = _Plan(faults=tuple(faults), fraction=fraction, path=path)

    def clear(self) -> None:
        """No more faults: every connection passes (and the proxy listens again)."""
        with self._lock:
            self._plan = _Plan()
        self.listen()

    def refuse(self) -> None:
        """Stop listening: connections to the port are refused by the kernel."""
        self._close_listener()

    def listen(self) -> None:
        if self._listener is None and not self._stopped.is_set():
            self._open_listener()

    @property
    def pending_faults(self) -> int:
        with self._lock:
            return self._plan.remaining or 0

    # -- plumbing -------------------------------------------------------------------

    def _open_listener(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((LOOPBACK, self.port))
        listener.listen(64)
        listener.settimeout(0.05)
        self.port = listener.getsockname()[1]
        with self._lock:
            self._listener = listener

    def _close_listener(self) -> None:
        with self._lock:
            listener, self._listener = self._listener, None
        if listener is not None:
            listener.close()

    def _accept_loop(self) -> None:
        deadline = time.monotonic() + self.lifetime_s
        while not self._stopped.is_set():
            if time.monotonic() > deadline or self.connections >= self.max_connections:
                self._stopped.set()  # bounded: the proxy stops itself
                break
            with self._lock:
                listener = self._listener
            if listener is None:
                time.sleep(0.02)
                continue
            try:
                conn, _ = listener.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            self._threads = [t for t in self._threads if t.is_alive()]
            self._threads.append(thread)
            thread.start()
        self._close_listener()

    def _choose(self, path: str) -> Fault:
        with self._lock:
            plan = self._plan
            if not plan.faults or not path.startswith(plan.path):
                return Fault.PASS
            if plan.remaining is not None:
                if plan.remaining <= 0:
                    return Fault.PASS
                plan.remaining -= 1
                return plan.faults[0]
            if self._rng.random() < plan.fraction:
                return self._rng.choice(plan.faults)
            return Fault.PASS

    def _serve(self, client: socket.socket) -> None:
        with client:
            client.settimeout(_IO_TIMEOUT_S)
            try:
                request = _read_request(client)
            except (OSError, ValueError):
                return
            if request is None:
                return
            head, body, line = request
            path = line.split(" ")[1] if line.count(" ") >= 2 else ""
            fault = self._choose(path)
            with self._lock:
                self.applied[fault] += 1
                if fault is not Fault.PASS:
                    self.hits.append((fault, line))
            try:
                if fault in ANSWERED_BY_PROXY:
                    client.sendall(self._own_answer(fault))
                    _close_gently(client)
                else:
                    self._forward(client, _close_header(head) + body, fault)
            except OSError:
                pass  # the client went away (e.g. after its read timeout)

    def _own_answer(self, fault: Fault) -> bytes:
        if fault is Fault.HTML_200:
            return _answer(200, "OK", CAPTIVE_PORTAL_PAGE, "text/html; charset=utf-8")
        if fault is Fault.HTTP_503:
            return _answer(
                503, "Service Unavailable", b"busy", "text/plain", {"Retry-After": self.retry_after}
            )
        return _answer(500, "Internal Server Error", b"<html>gateway error</html>", "text/html")

    def _forward(self, client: socket.socket, request: bytes, fault: Fault) -> None:
        with socket.create_connection(self.upstream, timeout=_IO_TIMEOUT_S) as upstream:
            upstream.sendall(request)
            answer = _read_all(upstream)  # the platform has acted once its answer arrives
        if fault is Fault.RESET:
            client.sendall(answer[: self.reset_after])
            # SO_LINGER on with a zero timeout: close() sends RST, not FIN.
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            return
        if fault is Fault.TRUNCATE:
            split = answer.find(b"\r\n\r\n") + 4
            body_len = len(answer) - split
            client.sendall(answer[: split + body_len // 2])
            _close_gently(client)
            return
        if fault is Fault.DELAY and self._stopped.wait(self.delay_s):
            return
        client.sendall(answer)
        _close_gently(client)


def _read_request(conn: socket.socket) -> tuple[bytes, bytes, str] | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
        if len(data) > _HEAD_LIMIT:
            raise ValueError("request head too large")
    end = data.index(b"\r\n\r\n") + 4
    head, body = data[:end], data[end:]
    length = 0
    for raw in head.split(b"\r\n")[1:]:
        name, _, value = raw.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    if length > _BODY_LIMIT:
        raise ValueError("request body too large")
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        body += chunk
    line = head.split(b"\r\n", 1)[0].decode("latin-1")
    return head, body[:length], line


def _close_header(head: bytes) -> bytes:
    """The request head with ``Connection: close``: one request per connection."""
    lines = [
        raw
        for raw in head.rstrip(b"\r\n").split(b"\r\n")
        if raw.split(b":", 1)[0].strip().lower() != b"connection"
    ]
    return b"\r\n".join([*lines, b"Connection: close"]) + b"\r\n\r\n"


def _read_all(conn: socket.socket) -> bytes:
    parts = []
    while chunk := conn.recv(65536):
        parts.append(chunk)
    return b"".join(parts)


def _answer(
    status: int, reason: str, body: bytes, content_type: str, headers: dict[str, str] | None = None
) -> bytes:
    lines = [
        f"HTTP/1.1 {status} {reason}",
        f"Content-Type: {content_type}",
        f"Content-Length: {len(body)}",
        "Connection: close",
        *(f"{k}: {v}" for k, v in (headers or {}).items()),
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def _close_gently(conn: socket.socket) -> None:
    try:
        conn.shutdown(socket.SHUT_WR)
    except OSError:
        pass
