"""A typed client of sendgate's REST API, on the standard library alone.

Test code is the first user: so no dependency to install where PyPI cannot be reached, every failure raised
as a ``SendgateError`` carrying its Winsock code, and what a test opened easy to close (``with Sendgate()``).
"""

from __future__ import annotations

import base64
import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Sequence
from email.message import Message
from types import TracebackType
from typing import Any, NamedTuple, Unpack

from .errors import SendgateError
from .events import EventStream
from .models import (
    CancelResult, Listener, Match, Operation, Received, Socket, SocketAttributes, WaitResult, attributes_json,
)

SocketRef = Socket | str
ListenerRef = Listener | str
OperationRef = Operation | int
Buffer = bytes | bytearray | memoryview | str


class _Answer(NamedTuple):
    status: int
    headers: Message
    body: bytes


class Sendgate:
    """One service, at ``base_url``.

    ``base_url`` defaults to ``$SENDGATE_URL``, then to ``http://127.0.0.1:8080`` (the service's own default);
    ``token`` to ``$SENDGATE_API_TOKEN`` (sent as ``Authorization: Bearer``; a service without a token ignores
    it). ``timeout`` bounds each call in seconds; a call that asks the service to wait (``wait_ms``,
    ``timeout_ms``) gets that wait on top, so a long wait is never cut by the client first.

    Methods that take a socket, listener or operation accept the model or its id.
    """

    def __init__(self, base_url: str | None = None, token: str | None = None, timeout: float = 30.0) -> None:
        self.base_url = (base_url or os.environ.get("SENDGATE_URL") or "http://127.0.0.1:8080").rstrip("/")
        self.token = token if token is not None else os.environ.get("SENDGATE_API_TOKEN")
        self.timeout = timeout
        # The service is on loopback: an http_proxy from the environment must not carry these calls elsewhere.
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        # What this client opened, in order, so that close_opened() can leave the pool as it found it.
        self._sockets: dict[str, None] = {}
        self._listeners: dict[str, None] = {}

    # -- sockets ------------------------------------------------------------------------------------------

    def open_socket(self, type: str, remote_host: str | None = None, remote_port: int | None = None,
                    **attributes: Unpack[SocketAttributes]) -> Socket:
        """socket() + connect() for TCP (it returns once connected), or a default peer for UDP."""
        body = {"type": type, "remoteHost": remote_host, "remotePort": remote_port, **attributes_json(attributes)}
        socket = Socket.from_json(self._json("POST", "/api/v1/sockets", {k: v for k, v in body.items() if v is not None}))
        self._sockets[socket.id] = None
        return socket

    def open_tcp(self, host: str, port: int, **attributes: Unpack[SocketAttributes]) -> Socket:
        return self.open_socket("TCP", host, port, **attributes)

    def open_udp(self, host: str, port: int, **attributes: Unpack[SocketAttributes]) -> Socket:
        return self.open_socket("UDP", host, port, **attributes)

    def sockets(self, accepted_from: ListenerRef | None = None) -> list[Socket]:
        query = {"acceptedFrom": _id(accepted_from) if accepted_from is not None else None}
        return [Socket.from_json(s) for s in self._json("GET", "/api/v1/sockets", query=query)]

    def socket(self, socket: SocketRef) -> Socket:
        return Socket.from_json(self._json("GET", _path("sockets", socket)))

    def close(self, socket: SocketRef) -> Socket:
        """closesocket; the answer is the socket's last picture, counters included."""
        self._sockets.pop(_id(socket), None)
        return Socket.from_json(self._json("DELETE", _path("sockets", socket)))

    def shutdown(self, socket: SocketRef, how: str = "SD_SEND") -> Socket:
        return Socket.from_json(self._json("POST", _path("sockets", socket, "shutdown"), {"how": how}))

    def cancel(self, socket: SocketRef) -> CancelResult:
        """SIO_FLUSH: the queued operations that have not started end ABORTED."""
        return CancelResult.from_json(self._json("POST", _path("sockets", socket, "cancel")))

    # -- listeners ----------------------------------------------------------------------------------------

    def listen(self, host: str = "127.0.0.1", port: int = 0, *, backlog: int | None = None, auto_accept: bool = False,
               socket: SocketAttributes | None = None) -> Listener:
        """bind + listen; port 0 takes a free one (``local_port`` tells which).

        With ``auto_accept`` the service accepts every connection into the pool by itself, each with the
        attributes in ``socket`` (``{"capture": True}`` makes a fake server that records what clients send).
        """
        body: dict[str, Any] = {"host": host, "port": port}
        if backlog is not None:
            body["backlog"] = backlog
        if auto_accept:
            body["autoAccept"] = True
        if socket:
            body["socket"] = attributes_json(socket)
        listener = Listener.from_json(self._json("POST", "/api/v1/listeners", body))
        self._listeners[listener.id] = None
        return listener

    def listeners(self) -> list[Listener]:
        return [Listener.from_json(item) for item in self._json("GET", "/api/v1/listeners")]

    def listener(self, listener: ListenerRef) -> Listener:
        return Listener.from_json(self._json("GET", _path("listeners", listener)))

    def close_listener(self, listener: ListenerRef) -> Listener:
        """Closes the listener only: the sockets it accepted stay in the pool."""
        self._listeners.pop(_id(listener), None)
        return Listener.from_json(self._json("DELETE", _path("listeners", listener)))

    def accept(self, listener: ListenerRef, timeout_ms: int = 5000, **attributes: Unpack[SocketAttributes]) -> Socket:
        socket = Socket.from_json(self._json("POST", _path("listeners", listener, "accept"), attributes_json(attributes),
                                             query={"timeoutMs": timeout_ms}, waits_ms=timeout_ms))
        self._sockets[socket.id] = None
        return socket

    def accepted(self, listener: ListenerRef, count: int = 1, timeout_ms: int = 5000) -> list[Socket]:
        """The sockets an auto-accepting listener accepted, once there are ``count`` of them.

        The API has no call that waits for this, so it polls ``GET /sockets?acceptedFrom=``; past
        ``timeout_ms`` it raises ``TimeoutError`` naming how many came.
        """
        deadline = time.monotonic() + timeout_ms / 1000
        while True:
            found = self.sockets(accepted_from=listener)
            if len(found) >= count:
                return found
            if time.monotonic() >= deadline:
                raise TimeoutError(f"listener {_id(listener)} accepted {len(found)} of {count} connections in {timeout_ms} ms")
            time.sleep(0.05)

    # -- sends and receives -------------------------------------------------------------------------------

    def send(self, socket: SocketRef, *buffers: Buffer, flags: Sequence[str] = (),
             overlapped: bool | None = None) -> Operation:
        """One WSASend with these buffers in order: bytes go as base64, str as UTF-8 text.

        Overlapped, the answer may be PENDING; ``operation(op, wait_ms=...)`` waits for its end.
        """
        body: dict[str, Any] = {"buffers": [_buffer(b) for b in buffers]}
        if flags:
            body["flags"] = list(flags)
        if overlapped is not None:
            body["overlapped"] = overlapped
        return Operation.from_json(self._json("POST", _path("sockets", socket, "sends"), body))

    def send_raw(self, socket: SocketRef, data: bytes, flags: Sequence[str] = (),
                 overlapped: bool | None = None) -> Operation:
        """One WSASend of one buffer sent as application/octet-stream: no base64, for large payloads."""
        answer = self._request("POST", _path("sockets", socket, "sends"), body=bytes(data),
                               content_type="application/octet-stream",
                               query={"flags": list(flags) or None, "overlapped": overlapped})
        return Operation.from_json(json.loads(answer.body))

    def receive(self, socket: SocketRef, size: int | Sequence[int] = 4096, flags: Sequence[str] = (),
                overlapped: bool | None = None) -> Operation:
        """One WSARecv into one buffer of ``size`` bytes, or into several buffers of these lengths.

        Overlapped with nothing arrived yet, the answer is PENDING; once ended, ``.data`` has the bytes.
        """
        body: dict[str, Any] = {"bytes": size} if isinstance(size, int) else {"buffers": [{"length": n} for n in size]}
        if flags:
            body["flags"] = list(flags)
        if overlapped is not None:
            body["overlapped"] = overlapped
        return Operation.from_json(self._json("POST", _path("sockets", socket, "receives"), body))

    # -- capture ------------------------------------------------------------------------------------------

    def received(self, socket: SocketRef, from_: int = 0, min_bytes: int = 1, timeout_ms: int = 0) -> Received:
        """A capturing socket's bytes from stream offset ``from_``, once ``min_bytes`` are there (or the wait ran out).

        Asking from an offset releases the bytes before it: read on from the last ``to``.
        """
        answer = self._request("GET", _path("sockets", socket, "received"), accept="application/octet-stream",
                               query={"from": from_, "minBytes": min_bytes, "timeoutMs": timeout_ms}, waits_ms=timeout_ms)
        return Received(answer.body, int(answer.headers["Sendgate-From"]), int(answer.headers["Sendgate-To"]),
                        answer.headers["Sendgate-Eof"] == "true")

    def expect(self, socket: SocketRef, *, text: str | None = None, hex: str | None = None, base64: str | None = None,
               regex: str | None = None, from_: int = 0, timeout_ms: int = 5000) -> Match:
        """Waits until the captured bytes from ``from_`` contain the pattern (give exactly one).

        When it does not come in time: ``SendgateError`` 504 WSAETIMEDOUT whose ``text``/``received`` show what
        did arrive, which is what a failing test needs to print.
        """
        patterns = {"text": text, "hex": hex, "base64": base64, "regex": regex}
        body: dict[str, Any] = {k: v for k, v in patterns.items() if v is not None}
        body.update({"from": from_, "timeoutMs": timeout_ms})
        return Match.from_json(self._json("POST", _path("sockets", socket, "expect"), body, waits_ms=timeout_ms))

    # -- operations and events ----------------------------------------------------------------------------

    def operation(self, operation: OperationRef, wait_ms: int | None = None) -> Operation:
        """WSAGetOverlappedResult: with ``wait_ms``, after waiting up to that long for it to end."""
        return Operation.from_json(self._json("GET", _path("operations", operation), query={"waitMs": wait_ms},
                                              waits_ms=wait_ms or 0))

    def wait(self, operations: Iterable[OperationRef], wait_all: bool = False, timeout_ms: int = 5000) -> WaitResult:
        """WSAWaitForMultipleEvents: until one (or, ``wait_all``, every one) has ended, or ``timeout_ms``."""
        body = {"operationIds": [_id(op) for op in operations], "waitAll": wait_all, "timeoutMs": timeout_ms}
        return WaitResult.from_json(self._json("POST", "/api/v1/operations/wait", body, waits_ms=timeout_ms))

    def operation_data(self, operation: OperationRef) -> bytes:
        """A receive's bytes, raw: what ``.data`` holds, without base64 on the wire."""
        return self._request("GET", _path("operations", operation, "data"), accept="application/octet-stream").body

    def events(self, sockets: Iterable[SocketRef] = (), operations: Iterable[OperationRef] = (),
               last_event_id: int | None = None, idle_timeout: float | None = 30.0) -> EventStream:
        """Opens the event stream, filtered to these sockets' or operations' events; subscribed when it returns.

        ``last_event_id`` resumes after that event (0: everything the service still retains).
        """
        query = {"socketId": [_id(s) for s in sockets] or None, "operationId": [_id(o) for o in operations] or None}
        headers = {"Last-Event-ID": str(last_event_id)} if last_event_id is not None else {}
        request = self._build("GET", "/api/v1/events", query, None, None, "text/event-stream", headers)
        try:
            response = self._opener.open(request, timeout=idle_timeout)
        except urllib.error.HTTPError as e:
            raise _error(e) from None
        return EventStream(response, idle_timeout)

    def health(self) -> dict[str, Any]:
        health: dict[str, Any] = self._json("GET", "/actuator/health")
        return health

    # -- what this client opened --------------------------------------------------------------------------

    def close_opened(self) -> None:
        """Closes the listeners this client opened (then the sockets they accepted) and the sockets it opened.

        What is already closed is passed over: a test may have closed it itself, or the peer may have.
        """
        for listener in list(self._listeners):
            _ignore_gone(self.close_listener, listener)
            for accepted in self.sockets(accepted_from=listener):
                _ignore_gone(self.close, accepted.id)
        for socket_id in list(self._sockets):
            _ignore_gone(self.close, socket_id)

    def __enter__(self) -> Sendgate:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.close_opened()

    # -- HTTP ---------------------------------------------------------------------------------------------

    def _json(self, method: str, path: str, payload: Any = None, query: dict[str, Any] | None = None,
              waits_ms: int = 0) -> Any:
        body = None if payload is None else json.dumps(payload).encode()
        answer = self._request(method, path, body=body, content_type="application/json" if body is not None else None,
                               query=query, waits_ms=waits_ms)
        return json.loads(answer.body) if answer.body else None

    def _request(self, method: str, path: str, *, body: bytes | None = None, content_type: str | None = None,
                 accept: str = "application/json", query: dict[str, Any] | None = None, waits_ms: int = 0) -> _Answer:
        request = self._build(method, path, query, body, content_type, accept, {})
        try:
            with self._opener.open(request, timeout=self.timeout + waits_ms / 1000) as response:
                return _Answer(response.status, response.headers, response.read())
        except urllib.error.HTTPError as e:
            raise _error(e) from None

    def _build(self, method: str, path: str, query: dict[str, Any] | None, body: bytes | None,
               content_type: str | None, accept: str, headers: dict[str, str]) -> urllib.request.Request:
        url = self.base_url + path
        params = {k: _query_value(v) for k, v in (query or {}).items() if v is not None}
        if params:
            url += "?" + urllib.parse.urlencode(params, doseq=True)
        headers = {"Accept": accept, **headers}
        if content_type:
            headers["Content-Type"] = content_type
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return urllib.request.Request(url, data=body, method=method, headers=headers)


def _id(ref: Socket | Listener | Operation | str | int) -> Any:
    return ref.id if isinstance(ref, (Socket, Listener, Operation)) else ref


def _path(collection: str, ref: Socket | Listener | Operation | str | int, *rest: str) -> str:
    return "/".join([f"/api/v1/{collection}", urllib.parse.quote(str(_id(ref)), safe=""), *rest])


def _buffer(value: Buffer) -> dict[str, str]:
    if isinstance(value, str):
        return {"text": value}
    return {"base64": base64.b64encode(bytes(value)).decode("ascii")}


def _query_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _error(e: urllib.error.HTTPError) -> SendgateError:
    try:
        return SendgateError.from_answer(e.code, e.headers.get("Content-Type"), e.read())
    finally:
        e.close()


def _ignore_gone(close: Callable[[str], object], ref: str) -> None:
    try:
        close(ref)
    except SendgateError as e:
        if e.status not in (404, 410):
            raise
