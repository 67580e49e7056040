package io.sendgate.api;

import io.sendgate.testing.Bytes;
import io.sendgate.testing.TcpPeer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Shutdown, SIO_FLUSH and closesocket (C20-C22), with their codes and byte counts. */
class EndingTests extends ServiceTest {
    private static final int CHUNK = 256 * 1024;

    @Test
    void shutdownSendLetsAcceptedSendsGoOutThenRefusesNewOnes() throws Exception {
        try (TcpPeer peer = TcpPeer.listening()) {
            String id = api.openTcp(peer.port(), "sendBufferBytes", 4096);
            peer.accept();
            List<byte[]> sent = new ArrayList<>();
            List<Long> ops = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                byte[] b = Bytes.random(CHUNK, i);
                sent.add(b);
                ops.add(api.send(id, b).json().path("id").asLong());
            }
            // C20: accepted while the queue is full; the shutdown waits for them
            var shut = api.post("/api/v1/sockets/" + id + "/shutdown", Map.of("how", "SD_SEND"));
            assertThat(shut.status()).isEqualTo(200);
            assertThat(shut.json().path("state").asString()).as("C5").isEqualTo("SHUTDOWN_SEND");

            var refused = api.send(id, new byte[] {9});
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.field("wsaError")).isEqualTo("WSAESHUTDOWN");
            assertThat(refused.json().path("wsaCode").asInt()).isEqualTo(10058);

            peer.startReading();
            for (long op : ops) {
                assertThat(api.operation(op, 20_000).path("status").asString()).isEqualTo("COMPLETED");
            }
            byte[] expected = Bytes.concat(sent.toArray(byte[][]::new));
            assertThat(peer.awaitBytes(expected.length, Duration.ofSeconds(20))).isEqualTo(expected);
            // then the FIN: the peer reads the end of the stream after every accepted byte
            assertThat(peer.awaitEof(Duration.ofSeconds(10))).isTrue();
            assertThat(peer.received()).hasSize(expected.length);
        }
    }

    @Test
    void shutdownReceiveLeavesSendingAlone() throws Exception {
        try (TcpPeer peer = TcpPeer.listening()) {
            String id = api.openTcp(peer.port());
            peer.accept().startReading();
            assertThat(api.post("/api/v1/sockets/" + id + "/shutdown", Map.of("how", "SD_RECEIVE")).json()
                    .path("state").asString()).isEqualTo("SHUTDOWN_RECEIVE");
            assertThat(api.send(id, "still".getBytes()).status()).isEqualTo(200);
            assertThat(new String(peer.awaitBytes(5, Duration.ofSeconds(5)))).isEqualTo("still");
            // SD_BOTH after SD_RECEIVE shuts the send side too
            assertThat(api.post("/api/v1/sockets/" + id + "/shutdown", Map.of("how", "SD_BOTH")).json()
                    .path("state").asString()).isEqualTo("SHUTDOWN_BOTH");
            assertThat(api.send(id, new byte[] {1}).field("wsaError")).isEqualTo("WSAESHUTDOWN");
        }
    }

    @Test
    void cancelAbortsQueuedSendsAndLetsTheStartedOneFinish() throws Exception {
        try (TcpPeer peer = TcpPeer.listening()) {
            String id = api.openTcp(peer.port(), "sendBufferBytes", 4096);
            peer.accept();
            byte[] head = Bytes.random(CHUNK, 1);
            long headOp = api.send(id, head).json().path("id").asLong();
            List<Long> queued = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                queued.add(api.send(id, Bytes.random(CHUNK, 10 + i)).json().path("id").asLong());
            }
            // C21: SIO_FLUSH
            var cancel = api.post("/api/v1/sockets/" + id + "/cancel", "{}");
            assertThat(cancel.status()).isEqualTo(200);
            List<Long> aborted = new ArrayList<>();
            cancel.json().path("abortedOperationIds").values().forEach(n -> aborted.add(n.asLong()));
            assertThat(aborted).containsExactlyElementsOf(queued);
            for (long op : queued) {
                JsonNode o = api.get("/api/v1/operations/" + op).json();
                assertThat(o.path("status").asString()).isEqualTo("ABORTED");
                assertThat(o.path("wsaError").asString()).isEqualTo("WSA_OPERATION_ABORTED");
                assertThat(o.path("wsaCode").asInt()).isEqualTo(995);
                assertThat(o.path("bytesTransferred").asLong()).isZero();
            }
            // the started one is finished, never half-reported, and only its bytes go out
            peer.startReading();
            JsonNode h = api.operation(headOp, 20_000);
            assertThat(h.path("status").asString()).isEqualTo("COMPLETED");
            assertThat(h.path("bytesTransferred").asLong()).isEqualTo(CHUNK);
            assertThat(peer.awaitBytes(CHUNK, Duration.ofSeconds(10))).isEqualTo(head);
            Thread.sleep(100);
            assertThat(peer.received()).hasSize(CHUNK);
            // the socket goes on: a new send after the flush is sent
            assertThat(api.send(id, "next".getBytes()).status()).isEqualTo(200);
            assertThat(new String(Arrays.copyOfRange(peer.awaitBytes(CHUNK + 4, Duration.ofSeconds(5)), CHUNK, CHUNK + 4)))
                    .isEqualTo("next");
        }
    }

    @Test
    void closeAbortsEveryPendingOperationWithTheBytesItHadSent() throws Exception {
        try (TcpPeer peer = TcpPeer.listening()) {
            String id = api.openTcp(peer.port(), "sendBufferBytes", 4096);
            peer.accept();
            byte[] head = Bytes.random(CHUNK, 1);
            long headOp = api.send(id, head).json().path("id").asLong();
            long queuedOp = api.send(id, Bytes.random(CHUNK, 2)).json().path("id").asLong();

            // C22: closesocket
            var closed = api.delete("/api/v1/sockets/" + id);
            assertThat(closed.status()).isEqualTo(200);
            assertThat(closed.json().path("state").asString()).isEqualTo("CLOSED");

            JsonNode h = api.get("/api/v1/operations/" + headOp).json();
            assertThat(h.path("status").asString()).isEqualTo("ABORTED");
            assertThat(h.path("wsaCode").asInt()).isEqualTo(995);
            long headSent = h.path("bytesTransferred").asLong();
            assertThat(headSent).isPositive().isLessThan(CHUNK);
            JsonNode q = api.get("/api/v1/operations/" + queuedOp).json();
            assertThat(q.path("status").asString()).isEqualTo("ABORTED");
            assertThat(q.path("bytesTransferred").asLong()).isZero();

            // the bytes it reported are exactly what the peer can read
            peer.startReading();
            assertThat(peer.awaitEof(Duration.ofSeconds(10))).isTrue();
            assertThat(peer.received()).isEqualTo(Arrays.copyOf(head, (int) headSent));

            // the id then answers WSAENOTSOCK
            var gone = api.get("/api/v1/sockets/" + id);
            assertThat(gone.status()).isEqualTo(404);
            assertThat(gone.field("wsaError")).isEqualTo("WSAENOTSOCK");
            assertThat(api.send(id, new byte[] {1}).field("wsaError")).isEqualTo("WSAENOTSOCK");
        }
    }

    @Test
    void aBlockingSendCutShortByCloseFailsWithWsaeintr() throws Exception {
        try (TcpPeer peer = TcpPeer.listening()) {
            String id = api.openTcp(peer.port(), "overlapped", false, "sendBufferBytes", 4096);
            peer.accept();
            CompletableFuture<io.sendgate.testing.Api.Reply> blocked =
                    CompletableFuture.supplyAsync(() -> api.send(id, Bytes.random(1 << 20, 3)));
            // wait (bounded) until the blocking send is in the socket's queue
            for (int i = 0; i < 200 && api.get("/api/v1/sockets/" + id).json().path("stats").path("pendingOperations").asInt() == 0; i++) {
                Thread.sleep(10);
            }
            api.delete("/api/v1/sockets/" + id);
            // C12
            var reply = blocked.get(20, TimeUnit.SECONDS);
            assertThat(reply.status()).isEqualTo(409);
            assertThat(reply.field("wsaError")).isEqualTo("WSAEINTR");
            assertThat(reply.json().path("wsaCode").asInt()).isEqualTo(10004);
        }
    }
}
