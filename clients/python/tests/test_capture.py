"""Capture: the service records what a peer sends; ``expect`` waits for a pattern, ``received`` reads by offset."""

import socket

import pytest
from peers import in_background, connected, read_exactly, read_to_end

from sendgate import Sendgate, SendgateError


def test_a_capturing_socket_hears_the_peers_answer_and_expect_finds_it(sendgate: Sendgate) -> None:
    with connected(sendgate, capture=True) as (sock, peer):
        sendgate.send(sock, "PING\r\n")
        assert read_exactly(peer, 6) == b"PING\r\n"
        peer.sendall(b"+PONG\r\n")

        answer = sendgate.expect(sock, text="PONG\r\n")

        assert (answer.offset, answer.end, answer.data, answer.text) == (1, 7, b"+PONG\r\n", "+PONG\r\n")
        assert (sendgate.expect(sock, hex="0d0a").offset, sendgate.expect(sock, regex=r"P[A-Z]+").end) == (5, 5)
        with pytest.raises(SendgateError) as missing:
            sendgate.expect(sock, text="QUIT", timeout_ms=200)
        assert (missing.value.status, missing.value.wsa_error) == (504, "WSAETIMEDOUT")
        assert (missing.value.received_bytes, missing.value.received, missing.value.text) == (7, b"+PONG\r\n", "+PONG\r\n")

        peer.close()

        rest = sendgate.received(sock, from_=answer.offset, timeout_ms=10_000)
        assert (rest.data, rest.from_, rest.to) == (b"PONG\r\n", 1, 7)
        end = sendgate.received(sock, from_=rest.to, timeout_ms=10_000)
        assert (end.data, end.from_, end.to, end.eof) == (b"", 7, 7, True)


def test_an_auto_accepting_capturing_listener_is_a_fake_server_a_python_client_talks_to(sendgate: Sendgate) -> None:
    fake_server = sendgate.listen(auto_accept=True, socket={"capture": True})

    def client_under_test() -> bytes:
        with socket.create_connection(("127.0.0.1", fake_server.local_port)) as conn:
            conn.sendall(b"GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n")
            return read_to_end(conn)

    answer = in_background(client_under_test)
    [connection] = sendgate.accepted(fake_server)
    assert (connection.accepted_from, connection.capture) == (fake_server.id, True)

    request = sendgate.expect(connection, text="\r\n\r\n")
    assert request.data.startswith(b"GET /hello HTTP/1.1\r\n")
    sendgate.send(connection, "HTTP/1.1 200 OK\r\nContent-Length: 6\r\nConnection: close\r\n\r\nhello\n")
    sendgate.shutdown(connection, "SD_SEND")  # the FIN goes after the answer: the client reads to its end

    assert answer.result(timeout=30).endswith(b"\r\n\r\nhello\n")
