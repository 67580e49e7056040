"""sendgate's Python client: typed calls over its REST API, and a pytest fixture (``sendgate.pytest_plugin``)."""

from .client import Sendgate
from .errors import SendgateError
from .events import EventStream
from .models import (
    CancelResult, Event, Listener, Match, Operation, Received, Socket, SocketAttributes, Stats, WaitResult,
)

__all__ = [
    "CancelResult", "Event", "EventStream", "Listener", "Match", "Operation", "Received", "Sendgate", "SendgateError",
    "Socket", "SocketAttributes", "Stats", "WaitResult",
]
