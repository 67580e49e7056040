import socket

from sendgate import Sendgate


def test_sends_hello_to_a_peer(sendgate: Sendgate) -> None:
    with socket.create_server(("127.0.0.1", 0)) as peer:
        sock = sendgate.open_tcp("127.0.0.1", peer.getsockname()[1])
        with peer.accept()[0] as conn:
            sendgate.send(sock, b"Hello, ", "peer")
            assert conn.recv(11, socket.MSG_WAITALL) == b"Hello, peer"
