package io.sendgate.api;

import io.sendgate.testing.Bytes;
import io.sendgate.testing.TcpPeer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Overlapped, blocking and non-blocking sends behave as Winsock's do (C11-C14). */
class SendModesTests extends ServiceTest {
    private static final int LARGE = 1 << 20;

    @Test
    void anOverlappedSendThatCannotFinishIsPendingAndCompletesWhenThePeerDrains() throws Exception {
        try (TcpPeer peer = TcpPeer.listening()) {
            String id = api.openTcp(peer.port(), "sendBufferBytes", 4096);
            peer.accept();
            byte[] data = Bytes.random(LARGE, 3);
            // C11: SOCKET_ERROR + WSA_IO_PENDING: 202, Location, status PENDING, 997
            var reply = api.send(id, data);
            assertThat(reply.status()).isEqualTo(202);
            JsonNode op = reply.json();
            assertThat(op.path("status").asString()).isEqualTo("PENDING");
            assertThat(op.path("wsaError").asString()).isEqualTo("WSA_IO_PENDING");
            assertThat(op.path("wsaCode").asInt()).isEqualTo(997);
            long opId = op.path("id").asLong();
            assertThat(reply.headers().firstValue("Location")).hasValue("/api/v1/operations/" + opId);

            // C15: polled without waiting it reads WSA_IO_INCOMPLETE
            JsonNode polled = api.get("/api/v1/operations/" + opId).json();
            assertThat(polled.path("status").asString()).isEqualTo("PENDING");
            assertThat(polled.path("wsaError").asString()).isEqualTo("WSA_IO_INCOMPLETE");
            assertThat(polled.path("wsaCode").asInt()).isEqualTo(996);
            // a bounded wait that runs out still answers, still pending
            assertThat(api.operation(opId, 50).path("status").asString()).isEqualTo("PENDING");

            peer.startReading();
            JsonNode done = api.operation(opId, 20_000);
            assertThat(done.path("status").asString()).isEqualTo("COMPLETED");
            // C11: a completed send reports all its bytes
            assertThat(done.path("bytesTransferred").asLong()).isEqualTo(LARGE);
            assertThat(done.has("wsaError")).isFalse();
            assertThat(done.path("completedAt").asString()).isNotEmpty();
            assertThat(peer.awaitBytes(LARGE, Duration.ofSeconds(20))).isEqualTo(data);
        }
    }

    @Test
    void aNonBlockingSendTakesWhatFitsThenSaysWouldBlock() throws Exception {
        try (TcpPeer peer = TcpPeer.listening()) {
            String id = api.openTcp(peer.port(), "overlapped", false, "nonBlocking", true, "sendBufferBytes", 4096);
            peer.accept();
            byte[] data = Bytes.random(LARGE, 4);
            // C13: a partial count below the total, as a 200 without an operation id
            var first = api.send(id, data);
            assertThat(first.status()).isEqualTo(200);
            JsonNode result = first.json();
            assertThat(result.has("id")).isFalse();
            long taken = result.path("bytesTransferred").asLong();
            assertThat(taken).isPositive().isLessThan(LARGE);
            assertThat(result.path("totalBytes").asLong()).isEqualTo(LARGE);

            // C13: keep sending until nothing fits (the kernel may free a little room between calls);
            // then WSAEWOULDBLOCK, and C14: no operation was started for it
            java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
            expected.write(data, 0, (int) taken);
            var reply = first;
            for (int attempt = 0; attempt < 200 && reply.status() == 200; attempt++) {
                byte[] more = Bytes.random(64 * 1024, 100 + attempt);
                reply = api.send(id, more);
                if (reply.status() == 200) {
                    long n = reply.json().path("bytesTransferred").asLong();
                    assertThat(n).isPositive().isLessThanOrEqualTo(more.length);
                    expected.write(more, 0, (int) n);
                }
            }
            assertThat(reply.status()).isEqualTo(429);
            assertThat(reply.field("wsaError")).isEqualTo("WSAEWOULDBLOCK");
            assertThat(reply.json().path("wsaCode").asInt()).isEqualTo(10035);

            // every byte a call reported taken reaches the peer, in order, and nothing else
            peer.startReading();
            byte[] want = expected.toByteArray();
            assertThat(peer.awaitBytes(want.length, Duration.ofSeconds(10))).isEqualTo(want);
            Thread.sleep(100);
            assertThat(peer.received()).hasSize(want.length);
        }
    }

    @Test
    void aBlockingSendReturnsWhenEveryByteWasTaken() throws Exception {
        try (TcpPeer peer = TcpPeer.listening()) {
            String id = api.openTcp(peer.port(), "overlapped", false, "sendBufferBytes", 4096);
            peer.accept().startReading();
            byte[] data = Bytes.random(LARGE, 5);
            // C12: the call returns once the transport took every byte
            var reply = api.send(id, data);
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.json().path("status").asString()).isEqualTo("COMPLETED");
            assertThat(reply.json().path("bytesTransferred").asLong()).isEqualTo(LARGE);
            assertThat(reply.json().path("overlapped").asBoolean()).isFalse();
            assertThat(peer.awaitBytes(LARGE, Duration.ofSeconds(20))).isEqualTo(data);
        }
    }

    @Test
    void aBlockingSendThatTimesOutPartWayBreaksTheStream() throws Exception {
        try (TcpPeer peer = TcpPeer.listening()) {
            String id = api.openTcp(peer.port(), "overlapped", false, "sendTimeoutMs", 300, "sendBufferBytes", 4096);
            peer.accept();
            byte[] data = Bytes.random(LARGE, 6);
            // C12: SO_SNDTIMEO passes with the peer not reading
            var reply = api.send(id, data);
            assertThat(reply.status()).isEqualTo(504);
            assertThat(reply.field("wsaError")).isEqualTo("WSAETIMEDOUT");
            assertThat(reply.json().path("wsaCode").asInt()).isEqualTo(10060);
            assertThat(reply.field("socketId")).isEqualTo(id);
            long sent = reply.json().path("bytesTransferred").asLong();
            assertThat(sent).isPositive().isLessThan(LARGE);

            // C12 (amended): part of the send went out, so the stream is broken: a later send fails with
            // WSAECONNABORTED and the peer never sees part of one send followed by another
            var next = api.send(id, "after".getBytes());
            assertThat(next.status()).isEqualTo(409);
            assertThat(next.field("wsaError")).isEqualTo("WSAECONNABORTED");
            assertThat(api.get("/api/v1/sockets/" + id).json().path("state").asString()).isEqualTo("FAILED");
            peer.startReading();
            assertThat(peer.awaitBytes(sent, Duration.ofSeconds(10))).isEqualTo(java.util.Arrays.copyOf(data, (int) sent));
            api.delete("/api/v1/sockets/" + id);
            assertThat(peer.awaitEof(Duration.ofSeconds(10))).isTrue();
            assertThat(peer.received()).isEqualTo(java.util.Arrays.copyOf(data, (int) sent));
        }
    }

    @Test
    void aBlockingSendThatTimesOutBeforeAnyByteLeavesTheSocketUsable() throws Exception {
        try (TcpPeer peer = TcpPeer.listening()) {
            String id = api.openTcp(peer.port(), "sendTimeoutMs", 300, "sendBufferBytes", 4096);
            peer.accept();
            // an overlapped send fills every buffer and stays pending; the blocking one queues behind it
            byte[] first = Bytes.random(LARGE, 7);
            assertThat(api.send(id, first).status()).isEqualTo(202);
            var blocked = api.post("/api/v1/sockets/" + id + "/sends", java.util.Map.of(
                    "buffers", io.sendgate.testing.Api.base64("late".getBytes()), "overlapped", false));
            // C12 (amended): nothing of it went out, so only this send failed
            assertThat(blocked.status()).isEqualTo(504);
            assertThat(blocked.field("wsaError")).isEqualTo("WSAETIMEDOUT");
            assertThat(blocked.json().path("bytesTransferred").asLong()).isZero();
            peer.startReading();
            var after = api.send(id, "after".getBytes());
            assertThat(after.status()).isIn(200, 202);
            byte[] expected = new byte[LARGE + 5];
            System.arraycopy(first, 0, expected, 0, LARGE);
            System.arraycopy("after".getBytes(), 0, expected, LARGE, 5);
            assertThat(peer.awaitBytes(expected.length, Duration.ofSeconds(20))).isEqualTo(expected);
        }
    }

    @Test
    void theStatusAndTheBodyOfAnAnswerAlwaysAgree() throws Exception {
        // C11: the finding: a 200 whose body said PENDING (the body was built before the status was chosen, and
        // the send completed in between). Sends just larger than what the socket takes at once go pending and
        // complete a moment later on the epoll thread, which is where the two would disagree.
        try (TcpPeer peer = TcpPeer.listening()) {
            String id = api.openTcp(peer.port(), "sendBufferBytes", 4096);
            peer.accept().startReading();
            byte[] data = Bytes.random(48 * 1024, 12);
            int pending = 0;
            for (int i = 0; i < 400; i++) {
                var reply = api.send(id, data);
                String status = reply.field("status");
                if (reply.status() == 202) {
                    pending++;
                    assertThat(status).as(reply.body()).isEqualTo("PENDING");
                    assertThat(reply.field("wsaError")).isEqualTo("WSA_IO_PENDING");
                    assertThat(reply.json().path("bytesTransferred").asLong()).isZero();
                } else {
                    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
                    assertThat(status).as(reply.body()).isEqualTo("COMPLETED");
                }
            }
            System.out.println("C11: " + pending + " of 400 sends answered PENDING");
            assertThat(peer.awaitBytes(400L * data.length, Duration.ofSeconds(30))).hasSize(400 * data.length);
        }
    }

    @Test
    void overlappedOnASocketOpenedWithoutItIsInvalid() throws Exception {
        try (TcpPeer peer = TcpPeer.listening()) {
            String id = api.openTcp(peer.port(), "overlapped", false);
            peer.accept();
            var reply = api.post("/api/v1/sockets/" + id + "/sends",
                    java.util.Map.of("buffers", io.sendgate.testing.Api.base64(new byte[] {1}), "overlapped", true));
            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.field("wsaError")).isEqualTo("WSAEINVAL");
        }
    }

    @Test
    void anOverlappedSendThatCompletesAtOnceIsA200WithItsOperation() throws Exception {
        try (TcpPeer peer = TcpPeer.listening()) {
            String id = api.openTcp(peer.port());
            peer.accept().startReading();
            // C11: WSASend returned 0: COMPLETED with the byte count, and the operation is readable later
            var reply = api.send(id, new byte[] {1, 2, 3});
            assertThat(reply.status()).isEqualTo(200);
            long opId = reply.json().path("id").asLong();
            assertThat(reply.json().path("status").asString()).isEqualTo("COMPLETED");
            assertThat(api.get("/api/v1/operations/" + opId).json().path("bytesTransferred").asLong()).isEqualTo(3);
        }
    }
}
