"""WSASend through the client: what the peer reads is, byte for byte, what the test sent."""

import os
import socket

from peers import connected, in_background, read_exactly

from sendgate import Sendgate


def test_a_scatter_gather_send_of_bytes_and_text_reaches_the_peer_byte_for_byte(sendgate: Sendgate) -> None:
    every_byte = bytes(range(256)) * 64
    text = "ünïcödé, and a € sign"
    expected = every_byte[:1000] + text.encode("utf-8") + every_byte[1000:]
    with connected(sendgate) as (sock, peer):
        arriving = in_background(read_exactly, peer, len(expected))

        sent = sendgate.send(sock, every_byte[:1000], text, every_byte[1000:])

        assert arriving.result(timeout=30) == expected
        assert sent.kind == "SEND" and sent.buffer_count == 3 and sent.total_bytes == len(expected)
        done = sendgate.operation(sent, wait_ms=10_000)
        assert (done.status, done.bytes_transferred) == ("COMPLETED", len(expected))


def test_a_raw_octet_stream_send_of_a_mebibyte_reaches_the_peer_byte_for_byte(sendgate: Sendgate) -> None:
    payload = os.urandom(1 << 20)
    with connected(sendgate) as (sock, peer):
        arriving = in_background(read_exactly, peer, len(payload))

        sent = sendgate.send_raw(sock, payload)

        assert arriving.result(timeout=60) == payload
        assert sendgate.wait([sent], timeout_ms=10_000).completed == [sent.id]
        assert sendgate.socket(sock).stats.bytes_sent == len(payload)


def test_flags_and_the_non_overlapped_mode_reach_wsasend(sendgate: Sendgate) -> None:
    with connected(sendgate) as (sock, peer):
        peer.setsockopt(socket.SOL_SOCKET, socket.SO_OOBINLINE, 1)  # the urgent byte then arrives in the stream

        urgent = sendgate.send_raw(sock, b"!", flags=["MSG_OOB"])
        blocking = sendgate.send(sock, b"blocking", overlapped=False)

        assert urgent.flags == ["MSG_OOB"]
        assert (blocking.id, blocking.status, blocking.bytes_transferred) == (None, "COMPLETED", 8)
        assert read_exactly(peer, 9) == b"!blocking"


def test_a_udp_socket_sends_its_datagram_to_its_default_peer(sendgate: Sendgate) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as peer:
        peer.bind(("127.0.0.1", 0))
        sock = sendgate.open_udp("127.0.0.1", peer.getsockname()[1])

        sendgate.send(sock, b"one ", b"datagram")

        assert peer.recvfrom(64)[0] == b"one datagram"
