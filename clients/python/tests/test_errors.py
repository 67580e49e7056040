"""Every refusal is a SendgateError with the Winsock code a Windows program would have seen."""

import pytest
from peers import closed_port

from sendgate import Sendgate, SendgateError


def test_connecting_to_a_closed_port_raises_wsaeconnrefused(sendgate: Sendgate) -> None:
    with pytest.raises(SendgateError) as refused:
        sendgate.open_tcp("127.0.0.1", closed_port())

    error = refused.value
    assert (error.status, error.wsa_error, error.wsa_code) == (502, "WSAECONNREFUSED", 10061)
    assert error.title is not None and error.title.startswith("WSAECONNREFUSED")
    assert error.problem["wsaCode"] == 10061 and error.detail


def test_a_socket_that_is_not_in_the_pool_is_wsaenotsock(sendgate: Sendgate) -> None:
    with pytest.raises(SendgateError) as unknown:
        sendgate.send("s-0", b"nowhere")

    assert (unknown.value.status, unknown.value.wsa_error, unknown.value.wsa_code) == (404, "WSAENOTSOCK", 10038)
