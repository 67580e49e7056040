package io.sendgate.api;

import io.sendgate.testing.Bytes;
import io.sendgate.testing.LoopbackPeers;
import io.sendgate.testing.TcpPeer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** WSARecv over REST in its three modes (C41-C43), with real peers on loopback that send known bytes. */
class ReceivesTests extends ServiceTest {

    @Test
    void anOverlappedReceiveCompletesNowWhenDataIsThereAndPendsOtherwise() throws Exception {
        try (TcpPeer peer = TcpPeer.listening()) {
            String id = api.openTcp(peer.port());
            peer.accept();
            // C41: nothing there yet: 202 PENDING, then exactly one completion with the bytes
            var pending = receive(id, Map.of("bytes", 64));
            assertThat(pending.status()).isEqualTo(202);
            assertThat(pending.json().path("kind").asString()).isEqualTo("RECEIVE");
            assertThat(pending.json().path("wsaError").asString()).isEqualTo("WSA_IO_PENDING");
            long opId = pending.json().path("id").asLong();
            peer.write("hello".getBytes());
            JsonNode done = api.operation(opId, 20_000);
            assertThat(done.path("status").asString()).isEqualTo("COMPLETED");
            assertThat(done.path("bytesTransferred").asLong()).isEqualTo(5);
            assertThat(decode(done)).isEqualTo("hello".getBytes());
            // C41: the raw bytes at /data
            var raw = api.get("/api/v1/operations/" + opId + "/data");
            assertThat(raw.status()).isEqualTo(200);
            assertThat(raw.contentType()).startsWith("application/octet-stream");
            assertThat(raw.body()).isEqualTo("hello");

            // C41: data already there: 200 COMPLETED at once
            peer.write("world".getBytes());
            var now = waitForData(id, 5);
            assertThat(now.path("status").asString()).isEqualTo("COMPLETED");
            assertThat(decode(now)).isEqualTo("world".getBytes());

            // C5: the socket counts its receives and their bytes
            JsonNode stats = api.get("/api/v1/sockets/" + id).json().path("stats");
            assertThat(stats.path("bytesReceived").asLong()).isEqualTo(10);
            assertThat(stats.path("receives").asLong()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void receivesCompleteInPostingOrderAndTheirBytesAreExactlyWhatThePeerSent() throws Exception {
        try (TcpPeer peer = TcpPeer.listening()) {
            String id = api.openTcp(peer.port());
            peer.accept();
            long seed = new Random().nextLong();
            Random random = new Random(seed);
            // C42: many receives posted before any byte arrives, of random sizes, then as many bytes from the peer
            List<Long> ids = new java.util.ArrayList<>();
            int total = 0;
            for (int i = 0; i < 40; i++) {
                int size = 1 + random.nextInt(20_000);
                total += size;
                var r = receive(id, Map.of("bytes", size, "flags", List.of("MSG_WAITALL")));
                assertThat(r.status()).as("seed %d", seed).isEqualTo(202);
                ids.add(r.json().path("id").asLong());
            }
            byte[] sent = Bytes.random(total, seed);
            peer.write(sent);
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            for (long opId : ids) {
                JsonNode op = api.operation(opId, 20_000);
                assertThat(op.path("status").asString()).as("seed %d", seed).isEqualTo("COMPLETED");
                got.write(decode(op));
            }
            assertThat(got.toByteArray()).as("seed %d", seed).isEqualTo(sent);
        }
    }

    @Test
    void aGracefulCloseEndsAReceiveWithZeroBytesAndAResetFailsIt() throws Exception {
        try (TcpPeer peer = TcpPeer.listening(); TcpPeer other = TcpPeer.listening()) {
            String id = api.openTcp(peer.port());
            peer.accept();
            long opId = receive(id, Map.of("bytes", 16)).json().path("id").asLong();
            peer.shutdownOutput();
            // C42: EOF completes with 0 bytes
            JsonNode eof = api.operation(opId, 20_000);
            assertThat(eof.path("status").asString()).isEqualTo("COMPLETED");
            assertThat(eof.path("bytesTransferred").asLong()).isZero();

            String second = api.openTcp(other.port());
            other.accept();
            long failing = receive(second, Map.of("bytes", 16)).json().path("id").asLong();
            other.reset();
            // C42: a reset fails it with WSAECONNRESET
            JsonNode reset = api.operation(failing, 20_000);
            assertThat(reset.path("status").asString()).isEqualTo("FAILED");
            assertThat(reset.path("wsaError").asString()).isEqualTo("WSAECONNRESET");
            assertThat(reset.path("wsaCode").asInt()).isEqualTo(10054);
        }
    }

    @Test
    void peekLeavesTheBytesForTheNextReceive() throws Exception {
        try (TcpPeer peer = TcpPeer.listening()) {
            String id = api.openTcp(peer.port());
            peer.accept();
            peer.write("abcdef".getBytes());
            // C41: MSG_PEEK copies without taking
            JsonNode peeked = waitForData(id, 6, "MSG_PEEK");
            assertThat(decode(peeked)).isEqualTo("abcdef".getBytes());
            assertThat(decode(waitForData(id, 6))).isEqualTo("abcdef".getBytes());
        }
    }

    @Test
    void urgentDataIsReadApartFromTheStream() throws Exception {
        try (TcpPeer peer = TcpPeer.listening()) {
            String id = api.openTcp(peer.port());
            peer.accept();
            // C41: an MSG_OOB receive waits for urgent data and reports MSG_OOB
            var oob = receive(id, Map.of("bytes", 1, "flags", List.of("MSG_OOB")));
            assertThat(oob.status()).isIn(200, 202);
            peer.write("ab".getBytes()).writeUrgent('!').write("cd".getBytes());
            JsonNode urgent = oob.status() == 200 ? oob.json() : api.operation(oob.json().path("id").asLong(), 20_000);
            assertThat(urgent.path("status").asString()).isEqualTo("COMPLETED");
            assertThat(decode(urgent)).isEqualTo("!".getBytes());
            assertThat(urgent.path("resultFlags").toString()).contains("MSG_OOB");
            // the normal stream does not carry it
            JsonNode rest = waitForData(id, 4, "MSG_WAITALL");
            assertThat(decode(rest)).isEqualTo("abcd".getBytes());
        }
    }

    @Test
    void aDatagramLongerThanTheBuffersIsTruncatedWithMsgSize() throws Exception {
        try (DatagramSocket peer = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            var opened = api.post("/api/v1/sockets", Map.of("type", "UDP", "remoteHost", "127.0.0.1",
                    "remotePort", peer.getLocalPort()));
            assertThat(opened.status()).isEqualTo(201);
            String id = opened.field("id");
            int servicePort = opened.json().path("localPort").asInt();
            byte[] big = Bytes.random(100, 7);
            peer.send(new DatagramPacket(big, big.length, InetAddress.getLoopbackAddress(), servicePort));
            peer.send(new DatagramPacket("next".getBytes(), 4, InetAddress.getLoopbackAddress(), servicePort));
            // C43: the first 10 bytes, FAILED WSAEMSGSIZE, no MSG_PARTIAL; the rest of it is lost
            JsonNode truncated = waitForEnd(receive(id, Map.of("buffers", List.of(Map.of("length", 4), Map.of("length", 6)))));
            assertThat(truncated.path("status").asString()).isEqualTo("FAILED");
            assertThat(truncated.path("wsaError").asString()).isEqualTo("WSAEMSGSIZE");
            assertThat(truncated.path("bytesTransferred").asLong()).isEqualTo(10);
            assertThat(decode(truncated)).isEqualTo(java.util.Arrays.copyOf(big, 10));
            assertThat(truncated.path("resultFlags").toString()).doesNotContain("MSG_PARTIAL");
            JsonNode next = waitForEnd(receive(id, Map.of("bytes", 64)));
            assertThat(decode(next)).isEqualTo("next".getBytes());
            // C43: MSG_OOB on a datagram socket is not supported
            var oob = receive(id, Map.of("bytes", 1, "flags", List.of("MSG_OOB")));
            assertThat(oob.status()).isEqualTo(400);
            assertThat(oob.json().path("wsaError").asString()).isEqualTo("WSAEOPNOTSUPP");
        }
    }

    @Test
    void nonBlockingAndBlockingReceivesBehaveAsWinsocksDo() throws Exception {
        try (TcpPeer peer = TcpPeer.listening()) {
            String nb = api.openTcp(peer.port(), "overlapped", false, "nonBlocking", true);
            peer.accept();
            // C41: nothing there: WSAEWOULDBLOCK
            var nothing = receive(nb, Map.of("bytes", 16));
            assertThat(nothing.status()).isEqualTo(429);
            assertThat(nothing.json().path("wsaError").asString()).isEqualTo("WSAEWOULDBLOCK");
        }
        try (TcpPeer peer = TcpPeer.listening()) {
            String blocking = api.openTcp(peer.port(), "overlapped", false, "receiveTimeoutMs", 200);
            peer.accept();
            // C41: SO_RCVTIMEO runs out: WSAETIMEDOUT
            var timedOut = receive(blocking, Map.of("bytes", 16));
            assertThat(timedOut.status()).isEqualTo(504);
            assertThat(timedOut.json().path("wsaError").asString()).isEqualTo("WSAETIMEDOUT");
            assertThat(timedOut.json().path("detail").asString()).contains("SO_RCVTIMEO");
            peer.write("x".getBytes());
            var got = receive(blocking, Map.of("bytes", 16));
            assertThat(got.status()).isEqualTo(200);
            assertThat(got.json().has("id")).isFalse();
            assertThat(decode(got.json())).isEqualTo("x".getBytes());
        }
    }

    @Test
    void aLargeReceivesEventLeavesItsBytesAtData() throws Exception {
        try (TcpPeer peer = TcpPeer.listening();
             io.sendgate.testing.SseClient events = io.sendgate.testing.SseClient.open(port, "/api/v1/events", null)) {
            String id = api.openTcp(peer.port());
            peer.accept();
            byte[] big = Bytes.random(100_000, 11);
            long opId = receive(id, Map.of("bytes", big.length, "flags", List.of("MSG_WAITALL"))).json().path("id").asLong();
            peer.write(big);
            // C46: the event says the receive ended, without 100 KB of base64 in every subscriber's stream
            JsonNode event = null;
            for (int i = 0; i < 1000 && event == null; i++) {
                var e = events.next(java.time.Duration.ofSeconds(20));
                assertThat(e).isNotNull();
                if (e.name().equals("completion") && e.json().path("id").asLong() == opId) {
                    event = e.json();
                }
            }
            assertThat(event.path("bytesTransferred").asLong()).isEqualTo(big.length);
            assertThat(event.has("data")).isFalse();
            assertThat(api.get("/api/v1/operations/" + opId + "/data").bodyBytes()).isEqualTo(big);
        }
    }

    @Test
    void malformedReceivesAreRefusedWithACode() throws Exception {
        try (TcpPeer peer = TcpPeer.listening()) {
            String id = api.openTcp(peer.port());
            peer.accept();
            assertThat(receive(id, Map.of()).json().path("wsaError").asString()).isEqualTo("WSAEINVAL");
            assertThat(receive(id, Map.of("bytes", 0)).json().path("wsaError").asString()).isEqualTo("WSAEINVAL");
            assertThat(receive(id, Map.of("bytes", -1)).json().path("wsaError").asString()).isEqualTo("WSAEINVAL");
            assertThat(receive(id, Map.of("bytes", 1L << 40)).json().path("wsaError").asString()).isEqualTo("WSAENOBUFS");
            assertThat(receive(id, Map.of("bytes", 1, "flags", List.of("MSG_NOPE"))).json().path("wsaError").asString())
                    .isEqualTo("WSAEINVAL");
            assertThat(receive(id, Map.of("bytes", 1, "flags", List.of("MSG_WAITALL", "MSG_PEEK"))).json()
                    .path("wsaError").asString()).isEqualTo("WSAEOPNOTSUPP");
            assertThat(receive("nope", Map.of("bytes", 1)).status()).isEqualTo(404);
            // a send has no data
            long sendId = api.send(id, "x".getBytes()).json().path("id").asLong();
            assertThat(api.get("/api/v1/operations/" + sendId + "/data").json().path("wsaError").asString()).isEqualTo("WSAEINVAL");
        }
    }

    @Test
    void aFirstReceiveAfterManyQueuedSendsPendsAmongThemAndEverySendStillArrivesInOrder() throws Exception {
        // a socket makes its receive queue at its first receive, and its send queue starts small and grows
        // (what lets 100,000 sockets with a pending send fit in the heap): neither may show
        try (TcpPeer peer = TcpPeer.listening()) {
            String id = api.openTcp(peer.port(), "sendBufferBytes", 4096);
            peer.accept();
            // the peer does not read: the first send stays pending and five queue behind it, each of three
            // buffers whose iovecs the driver walks as the kernel takes their bytes
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            List<Long> sends = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                int third = (i == 0 ? 256 * 1024 : 5_000 + i) / 3;
                byte[][] buffers = {Bytes.random(third, i), Bytes.random(third, 100 + i), Bytes.random(third + 1, 200 + i)};
                var r = api.send(id, buffers);
                assertThat(r.status()).as("send %d", i).isEqualTo(202);
                sends.add(r.json().path("id").asLong());
                expected.write(Bytes.concat(buffers));
            }
            assertThat(stats(id).path("pendingOperations").asInt()).isEqualTo(6);
            assertThat(stats(id).path("receives").asLong()).isZero();

            // C41, C42: the first receive pends while the sends wait, and counts among the socket's operations
            var pending = receive(id, Map.of("bytes", 64));
            assertThat(pending.status()).isEqualTo(202);
            assertThat(stats(id).path("pendingOperations").asInt()).isEqualTo(7);
            peer.write("ping".getBytes());
            assertThat(decode(waitForEnd(pending))).isEqualTo("ping".getBytes());

            // C7: once the peer reads, every send completes, and the bytes arrive whole and in order
            peer.startReading();
            for (long op : sends) {
                assertThat(api.operation(op, 20_000).path("status").asString()).isEqualTo("COMPLETED");
            }
            assertThat(peer.awaitBytes(expected.size(), java.time.Duration.ofSeconds(20))).isEqualTo(expected.toByteArray());
            assertThat(stats(id).path("pendingOperations").asInt()).isZero();
            assertThat(stats(id).path("bytesReceived").asLong()).isEqualTo(4);
        }
    }

    private JsonNode stats(String socketId) {
        return api.get("/api/v1/sockets/" + socketId).json().path("stats");
    }

    private io.sendgate.testing.Api.Reply receive(String socketId, Map<String, ?> body) {
        return api.post("/api/v1/sockets/" + socketId + "/receives", body);
    }

    /** A receive of exactly {@code bytes} (MSG_WAITALL unless other flags are given), waited for. */
    private JsonNode waitForData(String socketId, int bytes, String... flags) {
        List<String> f = flags.length == 0 ? List.of("MSG_WAITALL") : List.of(flags);
        return waitForEnd(receive(socketId, Map.of("bytes", bytes, "flags", f)));
    }

    private JsonNode waitForEnd(io.sendgate.testing.Api.Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isIn(200, 202);
        return reply.status() == 200 ? reply.json() : api.operation(reply.json().path("id").asLong(), 20_000);
    }

    private static byte[] decode(JsonNode op) {
        return Base64.getDecoder().decode(op.path("data").asString());
    }
}
