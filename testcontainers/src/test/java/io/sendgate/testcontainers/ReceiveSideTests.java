package io.sendgate.testcontainers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The receive side through the module's client, on the real image, with real peers on the host's loopback: a fake
 * server (an auto-accepting, capturing listener) that a plain Java client talks to, read with expect and received;
 * WSARecv on a socket the service opened to a Java server.
 */
@ExtendWith(DockerEngine.class)
@Testcontainers
class ReceiveSideTests {
    private static final int PEER_TIMEOUT_MS = 30_000;
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Container
    static SendgateContainer sendgate = new SendgateContainer(DockerEngine.imageUnderTest());

    @Test
    void aFakeServerHearsAClientExpectsItsRequestAndAnswersIt() throws Exception {
        SendgateListener server = sendgate.listenAutoAccepting("127.0.0.1", 0, SocketAttributes.defaults().withCapture(true));
        assertThat(server.autoAccept()).isTrue();
        assertThat(server.localPort()).isPositive();
        try (Socket client = new Socket(LOOPBACK, server.localPort())) {
            client.setSoTimeout(PEER_TIMEOUT_MS);
            client.getOutputStream().write("GET /hello HTTP/1.1\r\nHost: fake\r\n\r\n".getBytes(US_ASCII));
            String socketId = sendgate.awaitAccepted(server.id(), WAIT);

            CapturedBytes request = sendgate.expect(socketId, CapturePattern.text("\r\n\r\n"), WAIT);

            assertThat(request.text()).isEqualTo("GET /hello HTTP/1.1\r\nHost: fake\r\n\r\n");
            assertThat(request.offset()).isEqualTo(31);
            assertThat(request.end()).isEqualTo(35);
            assertThat(request.from()).isZero();
            assertThat(request.eof()).isFalse();

            SendgateOperation answered = sendgate.send(socketId, "HTTP/1.1 204 No Content\r\n\r\n".getBytes(US_ASCII));
            assertThat(answered.kind()).isEqualTo(SendgateOperation.Kind.SEND);
            assertThat(client.getInputStream().readNBytes(27)).isEqualTo("HTTP/1.1 204 No Content\r\n\r\n".getBytes(US_ASCII));

            // the client says more, then closes: received reads on from the request's end, up to the end of the stream
            client.getOutputStream().write(new byte[] {0, 1, 2, (byte) 0xff});
            client.shutdownOutput();
            CapturedBytes rest = sendgate.received(socketId, request.end(), 4, WAIT);
            assertThat(rest.from()).isEqualTo(35);
            assertThat(rest.bytes()).containsExactly(0, 1, 2, 0xff);
            assertThat(rest.text()).isNull();
            CapturedBytes end = sendgate.received(socketId, rest.to(), 1, WAIT);
            assertThat(end.eof()).isTrue();
            assertThat(end.length()).isZero();
            assertThat(end.from()).isEqualTo(39);
        } finally {
            sendgate.client().closeListener(server.id());
        }
    }

    @Test
    void expectFindsHexAndRegexFromAnOffset() throws Exception {
        SendgateClient api = sendgate.client();
        SendgateListener server = api.listenAutoAccepting("127.0.0.1", 0, SocketAttributes.defaults().withCapture(true));
        try (Socket client = new Socket(LOOPBACK, server.localPort())) {
            client.getOutputStream().write("HELO one\r\nMAIL FROM:<a@b>\r\n".getBytes(US_ASCII));
            String socketId = api.awaitAccepted(server.id(), WAIT);

            CapturedBytes line = api.expect(socketId, CapturePattern.hex("0d 0a"), WAIT);
            CapturedBytes mail = api.expect(socketId, CapturePattern.regex("MAIL FROM:<[^>]+>"), line.end(), WAIT);
            CapturedBytes bytes = api.expect(socketId, CapturePattern.bytes(new byte[] {'>', '\r'}), mail.offset(), WAIT);

            assertThat(line.text()).isEqualTo("HELO one\r\n");
            assertThat(mail.offset()).isEqualTo(10);
            assertThat(mail.from()).isEqualTo(10);
            assertThat(mail.text()).isEqualTo("MAIL FROM:<a@b>");
            assertThat(bytes.offset()).isEqualTo(24);
        } finally {
            api.closeListener(server.id());
        }
    }

    @Test
    void anExpectThatTimesOutSaysWhatArrived() throws Exception {
        SendgateListener server = sendgate.listenAutoAccepting("127.0.0.1", 0, SocketAttributes.defaults().withCapture(true));
        try (Socket client = new Socket(LOOPBACK, server.localPort())) {
            client.getOutputStream().write("HELO\r\n\u0001".getBytes(US_ASCII));
            String socketId = sendgate.awaitAccepted(server.id(), WAIT);
            sendgate.received(socketId, 0, 7, WAIT);

            SendgateExpectException missed = assertThrows(SendgateExpectException.class,
                    () -> sendgate.expect(socketId, CapturePattern.text("QUIT"), Duration.ofMillis(300)));

            assertThat(missed.getHttpStatus()).isEqualTo(504);
            assertThat(missed.getWsaError()).isEqualTo("WSAETIMEDOUT");
            assertThat(missed.getFrom()).isZero();
            assertThat(missed.getReceived()).isEqualTo("HELO\r\n\u0001".getBytes(US_ASCII));
            assertThat(missed.getMessage())
                    .contains("/expect -> HTTP 504 WSAETIMEDOUT (10060)")
                    .endsWith("what arrived from offset 0 (7 bytes): \"HELO\\r\\n\\x01\"");
        } finally {
            sendgate.client().closeListener(server.id());
        }
    }

    @Test
    void anExpectOnAStreamThatEndedWithoutItFailsAtOnce() throws Exception {
        SendgateListener server = sendgate.listenAutoAccepting("127.0.0.1", 0, SocketAttributes.defaults().withCapture(true));
        try (Socket client = new Socket(LOOPBACK, server.localPort())) {
            client.getOutputStream().write("bye".getBytes(US_ASCII));
            client.shutdownOutput();
            String socketId = sendgate.awaitAccepted(server.id(), WAIT);

            SendgateExpectException missed = assertThrows(SendgateExpectException.class,
                    () -> sendgate.expect(socketId, CapturePattern.text("QUIT"), WAIT));

            assertThat(missed.getHttpStatus()).isEqualTo(409);
            assertThat(missed.getWsaError()).isEqualTo("WSAEDISCON");
            assertThat(missed.getReceived()).isEqualTo("bye".getBytes(US_ASCII));
        } finally {
            sendgate.client().closeListener(server.id());
        }
    }

    @Test
    void receiveTakesWhatThePeerSentPeekingFirst() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, LOOPBACK)) {
            listener.setSoTimeout(PEER_TIMEOUT_MS);
            String socketId = sendgate.openTcp("127.0.0.1", listener.getLocalPort());
            try (Socket peer = listener.accept()) {
                OutputStream out = peer.getOutputStream();
                // asked before anything arrived: pending until the peer sends
                SendgateOperation pending = sendgate.receive(socketId, 64);
                out.write("first".getBytes(US_ASCII));
                SendgateOperation first = settled(pending);

                assertThat(first.kind()).isEqualTo(SendgateOperation.Kind.RECEIVE);
                assertThat(first.status()).isEqualTo(SendgateOperation.Status.COMPLETED);
                assertThat(first.data()).isEqualTo("first".getBytes(US_ASCII));
                assertThat(first.bytesTransferred()).isEqualTo(5);

                out.write("second".getBytes(US_ASCII));
                SendgateOperation peeked = settled(sendgate.receive(socketId, 3, ReceiveFlag.MSG_PEEK));
                SendgateOperation all = settled(sendgate.receive(socketId, 6, ReceiveFlag.MSG_WAITALL));

                assertThat(peeked.flags()).containsExactly("MSG_PEEK");
                assertThat(peeked.data()).isEqualTo("sec".getBytes(US_ASCII));
                assertThat(all.data()).isEqualTo("second".getBytes(US_ASCII));

                peer.shutdownOutput();
                SendgateOperation closed = settled(sendgate.receive(socketId, 64));
                assertThat(closed.status()).isEqualTo(SendgateOperation.Status.COMPLETED);
                assertThat(closed.data()).isEmpty();
            } finally {
                sendgate.close(socketId);
            }
        }
    }

    @Test
    void aSocketTheServiceOpensCanCaptureToo() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, LOOPBACK)) {
            listener.setSoTimeout(PEER_TIMEOUT_MS);
            String socketId = sendgate.openTcp("127.0.0.1", listener.getLocalPort(),
                    SocketAttributes.defaults().withCapture(true).withNoDelay(true));
            try (Socket peer = listener.accept()) {
                peer.getOutputStream().write("220 ready\r\n".getBytes(US_ASCII));

                assertThat(sendgate.expect(socketId, CapturePattern.regex("^220 .*\r\n"), WAIT).text())
                        .isEqualTo("220 ready\r\n");
                CapturedBytes nothingMore = sendgate.received(socketId, 11, 1, Duration.ofMillis(200));
                assertThat(nothingMore.length()).isZero();
                assertThat(nothingMore.eof()).isFalse();
            } finally {
                sendgate.close(socketId);
            }
        }
    }

    /** A pending receive, read again after it ends; a completed one as it is. */
    private static SendgateOperation settled(SendgateOperation operation) {
        return operation.isPending() ? sendgate.operation(operation.id(), WAIT.toMillis()) : operation;
    }
}
