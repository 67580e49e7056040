"""The other end of the service's sockets: Python peers on loopback, bounded by the conftest's socket timeout."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import TypeVar, Unpack

from sendgate import Sendgate, Socket, SocketAttributes

T = TypeVar("T")

_threads = ThreadPoolExecutor(max_workers=8, thread_name_prefix="peer")


def in_background(work: Callable[..., T], *args: object) -> Future[T]:
    """Runs a peer's side in a thread; ``.result(timeout=...)`` gives its answer or raises what it raised."""
    return _threads.submit(work, *args)


def read_exactly(conn: socket.socket, count: int) -> bytes:
    """Reads until ``count`` bytes came or the peer closed: TCP may deliver a send in any number of pieces."""
    data = bytearray()
    while len(data) < count:
        chunk = conn.recv(min(1 << 16, count - len(data)))
        if not chunk:
            break
        data += chunk
    return bytes(data)


def read_to_end(conn: socket.socket) -> bytes:
    data = bytearray()
    while chunk := conn.recv(1 << 16):
        data += chunk
    return bytes(data)


def closed_port() -> int:
    """A loopback port nothing listens on: bound a moment ago by the kernel's choice, and released."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def connected(sendgate: Sendgate, **attributes: Unpack[SocketAttributes]) -> Iterator[tuple[Socket, socket.socket]]:
    """A TCP socket of the service connected to a Python server: the service's end, and the peer's."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        sock = sendgate.open_tcp("127.0.0.1", server.getsockname()[1], **attributes)
        conn, _ = server.accept()
        with conn:
            yield sock, conn
