"""A small reader of the service's Server-Sent Events (``GET /api/v1/events``)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from http.client import HTTPResponse
from types import TracebackType

from .models import Event


class EventStream:
    """An open event stream: iterate it for events, close it (or use ``with``) when done.

    The stream is open, and subscribed, as soon as ``Sendgate.events()`` returns: whatever completes after
    that is on it. So open it before the call whose completion you want to see; or resume from an earlier
    point with ``last_event_id``.

    Iteration ends only when the service ends the stream. ``idle_timeout`` bounds each wait for the next
    event (the service's heartbeat comments do not count as events), so a test waiting for an event that
    never comes fails with ``TimeoutError`` instead of hanging.
    """

    def __init__(self, response: HTTPResponse, idle_timeout: float | None) -> None:
        self._response = response
        self._idle_timeout = idle_timeout
        self._events = self._read()
        self.last_event_id: int | None = None
        """The id of the last event read: give it as ``last_event_id`` to resume after it on a new stream."""

    def __iter__(self) -> Iterator[Event]:
        return self

    def __next__(self) -> Event:
        return next(self._events)

    def first(self, matching: Callable[[Event], bool]) -> Event:
        """The next event that ``matching`` accepts; the others are passed over."""
        for event in self:
            if matching(event):
                return event
        raise EOFError("the event stream ended before a matching event came")

    def close(self) -> None:
        self._response.close()

    def __enter__(self) -> EventStream:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.close()

    def _read(self) -> Iterator[Event]:
        """The text/event-stream format, as the HTML standard parses it: fields until a blank line dispatches."""
        name = "message"
        data: list[str] = []
        event_id: str | None = None
        since = time.monotonic()
        while True:
            line = self._response.readline()
            if not line:
                return
            text = line.decode("utf-8").rstrip("\r\n")
            if not text:
                if data:
                    number = int(event_id) if event_id is not None and event_id.isdigit() else None
                    if number is not None:
                        self.last_event_id = number
                    yield Event(name, "\n".join(data), number)
                    since = time.monotonic()
                name, data, event_id = "message", [], None
                continue
            if text.startswith(":"):
                # A comment: the opening line, or the heartbeat (every second) that keeps an idle stream talking,
                # which is when a wait for an event that does not come is noticed.
                if self._idle_timeout is not None and time.monotonic() - since > self._idle_timeout:
                    raise TimeoutError(f"no event on the stream within {self._idle_timeout} s")
                continue
            field, _, value = text.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if field == "event":
                name = value
            elif field == "data":
                data.append(value)
            elif field == "id":
                event_id = value
