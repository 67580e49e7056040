"""WSARecv through the client: pending until the peer sends, then the peer's bytes as ``.data``."""

import pytest
from peers import connected

from sendgate import Sendgate, SendgateError


def test_an_overlapped_receive_is_pending_until_the_peer_sends_then_completes_with_its_bytes(sendgate: Sendgate) -> None:
    with connected(sendgate) as (sock, peer):
        receive = sendgate.receive(sock, 14, flags=["MSG_WAITALL"])
        assert (receive.kind, receive.status, receive.wsa_error, receive.wsa_code) == ("RECEIVE", "PENDING", "WSA_IO_PENDING", 997)
        assert sendgate.operation(receive).wsa_error == "WSA_IO_INCOMPLETE"

        peer.sendall(b"hello, receive")

        done = sendgate.operation(receive, wait_ms=10_000)
        assert (done.status, done.bytes_transferred, done.data) == ("COMPLETED", 14, b"hello, receive")
        assert sendgate.operation_data(receive) == b"hello, receive"


def test_a_receive_into_several_buffers_fills_them_in_order(sendgate: Sendgate) -> None:
    with connected(sendgate) as (sock, peer):
        receive = sendgate.receive(sock, [4, 10], flags=["MSG_WAITALL"])
        peer.sendall(b"ABCDefghijklmn")

        assert sendgate.wait([receive], timeout_ms=10_000).completed == [receive.id]
        done = sendgate.operation(receive)
        assert (done.buffer_count, done.total_bytes, done.data) == (2, 14, b"ABCDefghijklmn")


def test_a_blocking_receive_past_its_receive_timeout_fails_with_wsaetimedout(sendgate: Sendgate) -> None:
    with connected(sendgate, overlapped=False, receive_timeout_ms=200) as (sock, _):
        with pytest.raises(SendgateError) as timed_out:
            sendgate.receive(sock, 16)

        assert (timed_out.value.status, timed_out.value.wsa_error, timed_out.value.wsa_code) == (504, "WSAETIMEDOUT", 10060)
