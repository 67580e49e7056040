"""The event stream reader: completions as they happen, and a resume from Last-Event-ID."""

import pytest
from peers import connected

from sendgate import Sendgate, SendgateError


def test_the_event_stream_shows_completions_and_resumes_after_an_id(sendgate: Sendgate) -> None:
    with connected(sendgate) as (sock, peer):
        with sendgate.events(sockets=[sock]) as stream:
            sent = sendgate.send(sock, b"event")
            receive = sendgate.receive(sock, 5, flags=["MSG_WAITALL"])
            peer.sendall(b"reply")

            send_event = stream.first(lambda e: e.event == "completion")
            receive_event = stream.first(lambda e: e.event == "completion")

        assert send_event.operation is not None and receive_event.operation is not None
        assert (send_event.operation.id, send_event.operation.kind, send_event.operation.bytes_transferred) == (sent.id, "SEND", 5)
        assert (receive_event.operation.id, receive_event.operation.data) == (receive.id, b"reply")
        assert stream.last_event_id == receive_event.id

        with sendgate.events(sockets=[sock], last_event_id=send_event.id) as resumed:
            again = next(resumed)
        assert (again.id, again.operation and again.operation.id) == (receive_event.id, receive.id)


def test_a_wait_for_an_event_that_does_not_come_ends_with_a_timeout_error(sendgate: Sendgate) -> None:
    with connected(sendgate) as (sock, _peer):  # a socket that does nothing: its stream stays quiet
        with sendgate.events(sockets=[sock], idle_timeout=1) as quiet:
            with pytest.raises(TimeoutError):
                next(quiet)


def test_events_of_a_socket_the_pool_never_gave_out_are_refused(sendgate: Sendgate) -> None:
    with pytest.raises(SendgateError) as unknown:
        sendgate.events(sockets=["s-0"], idle_timeout=1)

    assert (unknown.value.status, unknown.value.wsa_error, unknown.value.wsa_code) == (404, "WSAENOTSOCK", 10038)
