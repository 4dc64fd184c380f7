"""A loopback listening socket for serving the platform in-process (demo, tests)."""

from __future__ import annotations

import socket


def loopback_listener(port: int = 0) -> socket.socket:
    """A TCP socket bound to 127.0.0.1 (a free port by default), for uvicorn's ``sockets=``.

    It is created with ``IPPROTO_TCP`` on purpose: asyncio switches TCP_NODELAY
    on for accepted connections only when the socket says it is TCP. With the
    default protocol 0, every answer on a kept-alive connection waited about
    40 ms (Nagle's algorithm against the client's delayed ACK).
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", port))
    return sock
