"""pytest fixtures: the service for the session, and a client per test that closes what the test opened.

Register it in a conftest.py: ``pytest_plugins = ["sendgate.pytest_plugin"]``.

- ``$SENDGATE_URL`` set: the tests use that service (started by you, a container, CI) and start nothing.
- Otherwise the service's jar (``$SENDGATE_JAR``, or this tree's ``target/sendgate-<version>.jar``) starts
  once for the session on a free port, and stops after the last test. ``$SENDGATE_START_TIMEOUT`` bounds its
  start in seconds (default 120: two busy cores can take a while to start a JVM).
- ``$SENDGATE_API_TOKEN`` is sent by the client; a jar started here inherits it from the environment too.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from .client import Sendgate
from .service import JarService, ServiceStartError, find_jar


@pytest.fixture(scope="session")
def sendgate_url() -> Iterator[str]:
    """The base URL of the service the session's tests use."""
    given = os.environ.get("SENDGATE_URL")
    if given:
        yield given.rstrip("/")
        return
    try:
        service = JarService(find_jar(), start_timeout=float(os.environ.get("SENDGATE_START_TIMEOUT", "120")))
        service.start()
    except ServiceStartError as e:
        failure = str(e)
    else:
        try:
            yield service.url
        finally:
            service.stop()
        return
    # The message is the whole story (what to set, or the jar's last log lines): no traceback around it.
    pytest.fail(failure, pytrace=False)

@pytest.fixture
def sendgate(sendgate_url: str) -> Iterator[Sendgate]:
    """A client of the session's service. The sockets and listeners the test opened through it, and the
    connections its listeners accepted, are closed after the test, so that tests do not see each other's."""
    with Sendgate(sendgate_url) as client:
        yield client
