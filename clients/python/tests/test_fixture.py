"""The plumbing around the calls: a jar that does not start, the token, a problem detail taken apart."""

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from sendgate import Sendgate, SendgateError
from sendgate.service import JarService, ServiceStartError, find_jar


def test_a_jar_that_does_not_start_fails_with_its_own_last_log_lines() -> None:
    try:
        jar = find_jar()
    except ServiceStartError as missing:
        pytest.skip(f"no jar to start: {missing}")
    # A token under 16 characters stops the service at start (C32): a start that cannot succeed.
    service = JarService(jar, args=["--sendgate.api-token=short"], start_timeout=120)

    with pytest.raises(ServiceStartError) as failed:
        with service:
            pass

    headline, cause, *tail = str(failed.value).splitlines()
    assert "exited with code 1 before it was ready" in headline
    assert cause.startswith("Caused by: ") and "sendgate.api-token" in cause, cause
    assert tail[0].startswith("last lines of ")
    assert service.log_path is not None
    service.log_path.unlink()


class _Refusing(BaseHTTPRequestHandler):
    """Answers every call as a service with a token answers one without it, and keeps what it was sent."""

    authorizations: list[str | None] = []

    def do_GET(self) -> None:
        self.authorizations.append(self.headers.get("Authorization"))
        body = json.dumps({"type": "about:blank", "title": "WSAEACCES: Permission denied", "status": 401,
                           "detail": "This call needs the API token", "wsaError": "WSAEACCES", "wsaCode": 10013}).encode()
        self.send_response(401)
        self.send_header("Content-Type", "application/problem+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def refusing_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Refusing)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_the_token_comes_from_the_environment_and_a_refusal_is_a_sendgate_error(
        refusing_server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SENDGATE_API_TOKEN", "a-token-of-24-characters")

    with pytest.raises(SendgateError) as refused:
        Sendgate(refusing_server).sockets()

    assert _Refusing.authorizations[-1] == "Bearer a-token-of-24-characters"
    error = refused.value
    assert (error.status, error.wsa_error, error.wsa_code, error.detail) == (401, "WSAEACCES", 10013, "This call needs the API token")
    assert str(error) == "401 WSAEACCES: Permission denied: This call needs the API token"
