"""What the API answers, as typed values.

Each model keeps the whole JSON object in ``raw``: the service adds fields over time, and a test that
needs one this client does not know yet should not have to wait for a new client.
"""

from __future__ import annotations

import base64
import dataclasses
import json
from collections.abc import Callable
from typing import Any, Self, TypedDict, TypeVar

T = TypeVar("T")


def _camel(name: str) -> str:
    head, *rest = name.rstrip("_").split("_")
    return head + "".join(part.title() for part in rest)


def _from_json(cls: type[T], obj: dict[str, Any], **decoded: Any) -> T:
    """Fills a model's fields from their camelCase members; ``decoded`` overrides the ones that need more than a copy."""
    names = [f.name for f in dataclasses.fields(cls) if f.name != "raw"]
    values: dict[str, Any] = {name: obj.get(_camel(name)) for name in names}
    make: Callable[..., T] = cls
    return make(**{**values, **decoded}, raw=obj)


class _FromJson:
    """A model read from its JSON object, each field from its camelCase member; models with members that need
    decoding (base64, nested objects) override ``from_json``."""

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> Self:
        return _from_json(cls, obj)


def _bytes(value: str | None) -> bytes | None:
    return None if value is None else base64.b64decode(value)


class SocketAttributes(TypedDict, total=False):
    """Attributes of a socket, for an open, an accept, or the sockets an auto-accepting listener makes.

    Snake case here, camelCase on the wire (``receive_timeout_ms`` is ``receiveTimeoutMs``).
    """

    overlapped: bool
    non_blocking: bool
    send_timeout_ms: int
    receive_timeout_ms: int
    capture: bool
    send_buffer_bytes: int
    no_delay: bool
    keep_alive: bool


def attributes_json(attributes: SocketAttributes) -> dict[str, Any]:
    return {_camel(name): value for name, value in attributes.items() if value is not None}


@dataclasses.dataclass(frozen=True)
class Stats:
    sends: int = 0
    bytes_sent: int = 0
    pending_operations: int = 0
    failed_sends: int = 0
    aborted_operations: int = 0
    receives: int = 0
    bytes_received: int = 0
    failed_receives: int = 0

    @classmethod
    def from_json(cls, obj: dict[str, Any] | None) -> Stats:
        obj = obj or {}
        return cls(**{f.name: obj.get(_camel(f.name), 0) for f in dataclasses.fields(cls)})


@dataclasses.dataclass(frozen=True)
class Socket(_FromJson):
    """A socket of the pool. Pass it (or its ``id``) wherever the client takes a socket."""

    id: str
    type: str
    state: str
    local_address: str | None
    local_port: int | None
    remote_address: str | None
    remote_port: int | None
    overlapped: bool
    non_blocking: bool
    send_timeout_ms: int | None
    receive_timeout_ms: int | None
    capture: bool
    captured_bytes: int | None
    send_buffer_bytes: int | None
    no_delay: bool | None
    keep_alive: bool | None
    max_message_size: int | None
    accepted_from: str | None
    opened_at: str | None
    last_error: str | None
    last_error_code: int | None
    stats: Stats
    raw: dict[str, Any] = dataclasses.field(repr=False, compare=False)

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> Self:
        return _from_json(cls, obj, stats=Stats.from_json(obj.get("stats")))


@dataclasses.dataclass(frozen=True)
class Listener(_FromJson):
    id: str
    local_address: str
    local_port: int
    backlog: int
    opened_at: str | None
    auto_accept: bool
    raw: dict[str, Any] = dataclasses.field(repr=False, compare=False)


@dataclasses.dataclass(frozen=True)
class Operation(_FromJson):
    """One WSASend or WSARecv. ``id`` is None for a non-overlapped one, which cannot be read again later.

    ``data`` is a receive's bytes once it ended (decoded from the answer's base64); None otherwise.
    """

    id: int | None
    socket_id: str
    kind: str | None
    status: str
    overlapped: bool
    bytes_transferred: int
    total_bytes: int
    buffer_count: int
    flags: list[str]
    result_flags: list[str] | None
    data: bytes | None
    wsa_error: str | None
    wsa_code: int | None
    detail: str | None
    submitted_at: str | None
    completed_at: str | None
    raw: dict[str, Any] = dataclasses.field(repr=False, compare=False)

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> Self:
        return _from_json(cls, obj, data=_bytes(obj.get("data")), flags=obj.get("flags") or [])

    @property
    def pending(self) -> bool:
        return self.status == "PENDING"


@dataclasses.dataclass(frozen=True)
class Received:
    """Captured bytes read by offset: ``data`` lies at stream offsets ``[from_, to)``; ``eof`` when the stream ended at ``to``."""

    data: bytes
    from_: int
    to: int
    eof: bool


@dataclasses.dataclass(frozen=True)
class Match(_FromJson):
    """Where ``expect`` found its pattern: it spans ``[offset, end)``; ``data`` is every byte from the ``from_`` asked for to ``end``."""

    offset: int
    end: int
    from_: int
    data: bytes
    text: str | None
    raw: dict[str, Any] = dataclasses.field(repr=False, compare=False)

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> Self:
        return _from_json(cls, obj, data=_bytes(obj.get("base64")) or b"")


@dataclasses.dataclass(frozen=True)
class WaitResult:
    completed: list[int]
    pending: list[int]
    timed_out: bool

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> WaitResult:
        return cls(obj.get("completed") or [], obj.get("pending") or [], bool(obj.get("timedOut")))


@dataclasses.dataclass(frozen=True)
class CancelResult(_FromJson):
    socket_id: str
    aborted_operation_ids: list[int]
    aborted_sends: int
    raw: dict[str, Any] = dataclasses.field(repr=False, compare=False)


@dataclasses.dataclass(frozen=True)
class Event:
    """One Server-Sent Event: ``event`` is its name (``completion``, ``accepted``, ``refused``, ``gone``, ...)."""

    event: str
    data: str
    id: int | None

    def json(self) -> Any:
        return json.loads(self.data)

    @property
    def operation(self) -> Operation | None:
        """A ``completion`` event's operation."""
        return Operation.from_json(self.json()) if self.event == "completion" else None

    @property
    def socket(self) -> Socket | None:
        """An ``accepted`` event's new socket."""
        return Socket.from_json(self.json()["socket"]) if self.event == "accepted" else None

