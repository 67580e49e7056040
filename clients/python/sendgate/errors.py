"""The one exception the client raises for an answer the service refused."""

from __future__ import annotations

import base64
import json
from typing import Any


class SendgateError(Exception):
    """A non-2xx answer: its RFC 9457 problem detail, with the Winsock code the service gives every failure.

    A test usually checks ``wsa_error`` (``"WSAECONNREFUSED"``) or ``wsa_code`` (10061) rather than the HTTP
    status: they say what Winsock would have said. ``problem`` holds every member, including the ones only
    some failures carry (``socketId``, ``operationId``, ``bytesTransferred``; for an ``expect`` that timed out,
    ``receivedBytes``, ``base64`` and ``text``: what did arrive).
    """

    def __init__(self, status: int, problem: dict[str, Any]) -> None:
        self.status = status
        self.problem = problem
        self.title: str | None = problem.get("title")
        self.detail: str | None = problem.get("detail")
        self.wsa_error: str | None = problem.get("wsaError")
        self.wsa_code: int | None = problem.get("wsaCode")
        super().__init__(self._message())

    @classmethod
    def from_answer(cls, status: int, content_type: str | None, body: bytes) -> SendgateError:
        """Every error of the service is a problem detail; anything else (a proxy's page, say) is kept as its text."""
        if content_type and "json" in content_type:
            try:
                problem = json.loads(body)
                if isinstance(problem, dict):
                    return cls(status, problem)
            except ValueError:
                pass
        return cls(status, {"status": status, "title": f"HTTP {status}", "detail": body.decode("utf-8", "replace")})

    @property
    def socket_id(self) -> str | None:
        return self.problem.get("socketId")

    @property
    def operation_id(self) -> int | None:
        return self.problem.get("operationId")

    @property
    def received_bytes(self) -> int | None:
        """An ``expect`` that failed: how many bytes arrived from its ``from`` offset."""
        return self.problem.get("receivedBytes")

    @property
    def received(self) -> bytes | None:
        """An ``expect`` that failed: the bytes that did arrive, so a test can show what came instead."""
        value = self.problem.get("base64")
        return None if value is None else base64.b64decode(value)

    @property
    def text(self) -> str | None:
        """An ``expect`` that failed: what arrived, as text when it is UTF-8."""
        return self.problem.get("text")

    def _message(self) -> str:
        message = f"{self.status} {self.title}: {self.detail}"
        if "receivedBytes" in self.problem:
            shown = self.text if self.text is not None else self.problem.get("base64")
            message += f" (received {self.received_bytes} bytes: {shown!r})"
        return message
