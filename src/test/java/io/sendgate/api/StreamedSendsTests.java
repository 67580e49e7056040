package io.sendgate.api;

import io.sendgate.core.ByteBudget;
import io.sendgate.testing.Api;
import io.sendgate.testing.Bytes;
import io.sendgate.testing.LoopbackPeers;
import io.sendgate.testing.RawHttp;
import io.sendgate.testing.RawUpload;
import io.sendgate.testing.SseClient;
import io.sendgate.testing.TcpPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.sendgate.testing.ProblemAnswers.assertNoJavaType;
import static io.sendgate.testing.ProblemAnswers.assertProblem;
import static io.sendgate.testing.StreamedSends.MIB;
import static io.sendgate.testing.StreamedSends.WITHIN;
import static io.sendgate.testing.StreamedSends.assertPeerGotExactly;
import static io.sendgate.testing.StreamedSends.assertSameBytes;
import static io.sendgate.testing.StreamedSends.awaitOperations;
import static io.sendgate.testing.StreamedSends.ended;
import static io.sendgate.testing.StreamedSends.path;
import static io.sendgate.testing.StreamedSends.readingSocket;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/v1/sockets/{id}/sends?stream=true} (issue #10): one overlapped send that starts while its
 * octet-stream body still arrives. Real peers record every byte; the assertions are on those bytes, on operations
 * and on completion events, none on time.
 */
@TestPropertySource(properties = "sendgate.limits.max-bytes-per-send=33MB")
class StreamedSendsTests extends ServiceTest {
    @Autowired
    ByteBudget budget;

    @AfterEach
    void emptyThePool() {
        api.get("/api/v1/sockets").json().values().forEach(s -> api.delete("/api/v1/sockets/" + s.path("id").asString()));
    }

    private static JsonNode answered(RawHttp.Answer answer) {
        assertThat(answer.status()).as(answer.raw()).isIn(200, 202);
        return Api.JSON.readTree(answer.body());
    }

    @Test
    void a32MiBStreamedSendArrivesByteForByteAsOneOperationWithOneCompletion() throws Exception {
        try (LoopbackPeers.TcpServer server = LoopbackPeers.TcpServer.listen(false, null)) {
            String socket = api.openTcp(server.address().getPort());
            try (LoopbackPeers.Connection peer = server.accept();
                 SseClient events = SseClient.open(port, "/api/v1/events?socketId=" + socket, null)) {
                peer.drain();
                byte[] body = Bytes.random(32 * MIB + 12_345, 1);
                Api.Reply reply = api.raw(path(socket), "application/octet-stream", body);
                assertThat(reply.status()).as(reply.body()).isIn(200, 202);
                long id = reply.json().path("id").asLong();
                assertSameBytes(peer.awaitBytes(body.length), body);

                // C11: one operation, one completion, every byte
                JsonNode op = api.operation(id, WITHIN.toMillis());
                assertThat(op.path("status").asString()).isEqualTo("COMPLETED");
                assertThat(op.path("bytesTransferred").asLong()).isEqualTo(body.length);
                assertThat(op.path("totalBytes").asLong()).isEqualTo(body.length);
                assertThat(op.path("bufferCount").asInt()).isEqualTo(1);
                assertThat(awaitOperations(api, socket, 1)).hasSize(1);
                // C5: one send, every byte counted once
                JsonNode stats = api.get("/api/v1/sockets/" + socket).json().path("stats");
                assertThat(stats.path("sends").asLong()).isEqualTo(1);
                assertThat(stats.path("bytesSent").asLong()).isEqualTo(body.length);

                byte[] sentinel = "after".getBytes(StandardCharsets.US_ASCII);
                long next = api.send(socket, sentinel).json().path("id").asLong();
                List<SseClient.Event> completions = events.completions(2, WITHIN);
                assertThat(completions).extracting(e -> e.json().path("id").asLong()).containsExactly(id, next);
                assertThat(completions.get(0).json().path("status").asString()).isEqualTo("COMPLETED");
                assertSameBytes(peer.awaitBytes(body.length + sentinel.length), Bytes.concat(body, sentinel));
            }
        }
    }

    @Test
    void sendsAcceptedBeforeOrWhileABodyArrivesNeverComeBetweenItsBytes() throws Exception {
        // C7
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try (TcpPeer peer = TcpPeer.listening()) {
            String socket = api.openTcp(peer.port(), "sendBufferBytes", 4096);
            peer.accept();
            byte[] before = Bytes.random(600 * 1024, 2);
            assertThat(api.send(socket, before).status()).as("pending: the peer does not read yet").isEqualTo(202);
            byte[] body = Bytes.random(5 * MIB + 7, 3);
            List<Future<Map.Entry<Long, byte[]>>> others = new ArrayList<>();
            try (RawUpload upload = RawUpload.start(port, path(socket), body.length)) {
                upload.write(body, 0, MIB);
                JsonNode streamed = awaitOperations(api, socket, 2).get(0);
                assertThat(streamed.path("status").asString()).isEqualTo("PENDING");
                assertThat(streamed.path("wsaError").asString()).isEqualTo("WSA_IO_INCOMPLETE");
                // queued behind the streamed send while it waits for the one before it
                for (int i = 0; i < 4; i++) {
                    int seed = 100 + i;
                    others.add(clients.submit(() -> sendConcurrently(socket, seed)));
                }
                awaitAll(others);
                peer.startReading();
                // the streamed send now sends what arrived, and waits for more at the head of the queue
                assertThat(peer.awaitBytes(before.length + MIB, WITHIN)).hasSize(before.length + MIB);
                for (int i = 4; i < 8; i++) {
                    int seed = 100 + i;
                    others.add(clients.submit(() -> sendConcurrently(socket, seed)));
                }
                awaitAll(others);
                upload.write(body, MIB, body.length - MIB);
                JsonNode answer = answered(upload.answer());
                assertThat(answer.path("id").asLong()).isEqualTo(streamed.path("id").asLong());
            }
            List<Map.Entry<Long, byte[]>> after = new ArrayList<>();
            for (Future<Map.Entry<Long, byte[]>> f : others) {
                after.add(f.get());
            }
            after.sort(Comparator.comparing(Map.Entry::getKey));
            byte[] expected = Bytes.concat(before, body);
            for (Map.Entry<Long, byte[]> e : after) {
                expected = Bytes.concat(expected, e.getValue());
            }
            assertSameBytes(peer.awaitBytes(expected.length, WITHIN), expected);
            assertThat(api.operation(after.get(7).getKey(), WITHIN.toMillis()).path("status").asString()).isEqualTo("COMPLETED");
        } finally {
            clients.shutdownNow();
        }
    }

    private Map.Entry<Long, byte[]> sendConcurrently(String socket, int seed) {
        byte[] bytes = Bytes.random(1000 + seed, seed);
        Api.Reply r = api.send(socket, bytes);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return Map.entry(r.json().path("id").asLong(), bytes);
    }

    private static void awaitAll(List<? extends Future<?>> futures) throws Exception {
        for (Future<?> f : futures) {
            f.get();
        }
    }

    @Test
    void aBodyCutShortFailsTheSendWithExactlyTheBytesThePeerGot() throws Exception {
        // C29: a body cut short is WSAEFAULT; streamed, the operation itself fails, with the bytes already sent
        try (TcpPeer peer = TcpPeer.listening()) {
            String socket = readingSocket(api, peer);
            byte[] body = Bytes.random(4 * MIB, 4);
            try (RawUpload upload = RawUpload.start(port, path(socket), body.length)) {
                upload.write(body, 0, 2 * MIB);
                peer.awaitBytes(MIB, WITHIN);
            } // the client goes away with half its body sent
            JsonNode op = ended(api, socket);
            assertThat(op.path("status").asString()).isEqualTo("FAILED");
            assertThat(op.path("wsaError").asString()).isEqualTo("WSAEFAULT");
            assertThat(op.path("detail").asString()).contains("broke off");
            assertNoJavaType(op.path("detail").asString());
            assertThat(op.path("totalBytes").asLong()).isEqualTo(body.length);
            long sent = op.path("bytesTransferred").asLong();
            assertThat(sent).isBetween((long) MIB, 2L * MIB);

            // part of a send went out: no later send may follow it (C12's rule for a send stopped part-way)
            assertProblem(api.send(socket, new byte[] {1}), 409, "WSAECONNABORTED");
            assertPeerGotExactly(api, socket, peer, body, sent);
        }
    }

    @Test
    void aChunkedBodyStreamsWholeAndAskedForItsLengthAsItArrives() throws Exception {
        // C9: a raw body is one buffer, chunked or not
        try (TcpPeer peer = TcpPeer.listening()) {
            String socket = readingSocket(api, peer);
            byte[] body = Bytes.random(3 * MIB + 5, 5);
            JsonNode answer;
            try (RawUpload upload = RawUpload.start(port, path(socket), -1)) {
                int at = 0;
                for (int size = 1; at < body.length; size = size * 3 + 17) {
                    int n = Math.min(size, body.length - at);
                    upload.write(body, at, n);
                    at += n;
                }
                answer = answered(upload.finish().answer());
            }
            assertSameBytes(peer.awaitBytes(body.length, WITHIN), body);
            JsonNode op = api.operation(answer.path("id").asLong(), WITHIN.toMillis());
            assertThat(op.path("status").asString()).isEqualTo("COMPLETED");
            assertThat(op.path("bytesTransferred").asLong()).isEqualTo(body.length);
            assertThat(op.path("totalBytes").asLong()).isEqualTo(body.length);
        }
    }

    @Test
    void aBrokenChunkedBodyFailsTheSendAndTheClientStillGetsItsAnswer() throws Exception {
        // C29, C40: a broken chunked encoding is WSAEFAULT, in plain words
        try (TcpPeer peer = TcpPeer.listening()) {
            String socket = readingSocket(api, peer);
            byte[] body = Bytes.random(MIB, 6);
            RawHttp.Answer answer;
            try (RawUpload upload = RawUpload.start(port, path(socket), -1)) {
                upload.write(body);
                peer.awaitBytes(1, WITHIN);
                answer = upload.writeRaw("zz\r\n").shutdownOutput().answer();
            }
            JsonNode op = ended(api, socket);
            assertThat(op.path("status").asString()).isEqualTo("FAILED");
            assertThat(op.path("wsaError").asString()).isEqualTo("WSAEFAULT");
            // the container answers for a body it could not read, and names the send
            JsonNode problem = assertProblem(answer, 400, "WSAEFAULT");
            assertThat(problem.path("operationId").asLong()).isEqualTo(op.path("id").asLong());
            assertPeerGotExactly(api, socket, peer, body, op.path("bytesTransferred").asLong());
        }
    }

    @Test
    void whatCannotBeStreamedIsRefusedBeforeAnyByteIsReadOrSent() throws Exception {
        // C14: a refusal leaves no operation; C34, C39: max-bytes-per-send and the budget refuse before a byte is held
        try (TcpPeer peer = TcpPeer.listening()) {
            String socket = readingSocket(api, peer);
            byte[] small = Bytes.random(100, 7);

            Api.Reply udp = api.post("/api/v1/sockets", Map.of("type", "UDP", "remoteHost", "127.0.0.1", "remotePort", 9));
            assertProblem(api.raw(path(udp.field("id")), "application/octet-stream", small), 400, "WSAEOPNOTSUPP");

            assertThat(assertProblem(api.raw(path(socket) + "&overlapped=false", "application/octet-stream", small),
                    400, "WSAEINVAL").path("detail").asString()).contains("asks for overlapped=false");
            String notOverlapped = api.openTcp(peer.port(), "overlapped", false);
            assertThat(assertProblem(api.raw(path(notOverlapped), "application/octet-stream", small), 400, "WSAEINVAL")
                    .path("detail").asString()).contains("opened with overlapped=false");
            assertProblem(api.raw("/api/v1/sockets/" + socket + "/sends?stream=true&flags=MSG_PARTIAL",
                    "application/octet-stream", small), 400, "WSAEOPNOTSUPP");

            // a declared length past max-bytes-per-send (33 MiB)
            assertProblem(api.raw(path(socket), "application/octet-stream", new byte[34 * MIB]), 503, "WSAENOBUFS");
            // the memory budget (max-bytes-in-flight) for the send's blocks
            long spare = budget.limit() - budget.held();
            budget.reserve(spare - 1024);
            try {
                assertProblem(api.raw(path(socket), "application/octet-stream", Bytes.random(MIB, 8)), 503, "WSAENOBUFS");
            } finally {
                budget.release(spare - 1024);
            }
            assertThat(api.get("/api/v1/operations?socketId=" + socket).json().values()).isEmpty();
            assertThat(api.send(socket, small).status()).isEqualTo(200);
            assertSameBytes(peer.awaitBytes(small.length, WITHIN), small);
        }
    }

    @Test
    void aChunkedBodyThatPassesMaxBytesPerSendFailsWithWhatWentOut() throws Exception {
        // C34, C39: the limit holds for a chunked body, whose length was never declared
        try (LoopbackPeers.TcpServer server = LoopbackPeers.TcpServer.listen(false, null)) {
            String socket = api.openTcp(server.address().getPort());
            try (LoopbackPeers.Connection peer = server.accept()) {
                peer.drain();
                byte[] block = Bytes.random(MIB, 9);
                try (RawUpload upload = RawUpload.start(port, path(socket), -1)) {
                    for (int i = 0; i < 34; i++) {
                        upload.write(block);
                    }
                    answered(upload.finish().answer());
                } catch (UncheckedIOException closedEarly) {
                    // the service may stop reading, answer and close while the client still writes
                }
                JsonNode op = ended(api, socket);
                assertThat(op.path("status").asString()).isEqualTo("FAILED");
                assertThat(op.path("wsaError").asString()).isEqualTo("WSAENOBUFS");
                assertThat(op.path("detail").asString()).contains("max-bytes-per-send");
                long sent = op.path("bytesTransferred").asLong();
                assertThat(sent).isLessThanOrEqualTo(33L * MIB);
                api.delete("/api/v1/sockets/" + socket);
                assertThat(peer.readToEnd().length).isEqualTo(sent);
            }
        }
    }

    @Test
    void closingTheSocketMidStreamAbortsTheSendOnceWithTheBytesItSent() throws Exception {
        // C22
        try (TcpPeer peer = TcpPeer.listening()) {
            String socket = readingSocket(api, peer);
            byte[] body = Bytes.random(8 * MIB, 10);
            try (SseClient events = SseClient.open(port, "/api/v1/events?socketId=" + socket, null);
                 RawUpload upload = RawUpload.start(port, path(socket), body.length)) {
                upload.write(body, 0, MIB);
                peer.awaitBytes(MIB, WITHIN);
                assertThat(api.delete("/api/v1/sockets/" + socket).status()).isEqualTo(200);
                // the rest of the body goes nowhere; the client that sent it all reads the answer
                upload.write(body, MIB, body.length - MIB);
                JsonNode answer = answered(upload.answer());
                assertThat(answer.path("status").asString()).isEqualTo("ABORTED");
                assertThat(answer.path("wsaError").asString()).isEqualTo("WSA_OPERATION_ABORTED");
                SseClient.Event completion = events.completions(1, WITHIN).get(0);
                assertThat(completion.json().path("id").asLong()).isEqualTo(answer.path("id").asLong());
                assertThat(completion.json().path("status").asString()).isEqualTo("ABORTED");
                assertPeerGotExactly(api, socket, peer, body, completion.json().path("bytesTransferred").asLong());
            }
        }
    }

    @Test
    void aPeerThatResetsMidStreamFailsTheSendAndNothingHangs() throws Exception {
        // C25
        try (TcpPeer peer = TcpPeer.listening()) {
            String socket = readingSocket(api, peer);
            byte[] body = Bytes.random(16 * MIB, 11);
            RawHttp.Answer answer;
            try (RawUpload upload = RawUpload.start(port, path(socket), body.length)) {
                upload.write(body, 0, MIB);
                peer.awaitBytes(MIB, WITHIN);
                peer.reset();
                Thread writer = new Thread(() -> {
                    try {
                        for (int at = MIB; at < body.length; at += 256 * 1024) {
                            upload.write(body, at, 256 * 1024);
                        }
                    } catch (UncheckedIOException closedEarly) {
                        // the service stopped reading the body of a failed send, answered, and closed
                    }
                });
                writer.start();
                answer = upload.answer();
                writer.join(WITHIN.toMillis());
                assertThat(writer.isAlive()).as("the client's writes ended").isFalse();
            }
            JsonNode op = ended(api, socket);
            assertThat(op.path("status").asString()).isEqualTo("FAILED");
            assertThat(op.path("wsaError").asString()).isEqualTo("WSAECONNRESET");
            if (answer.status() != -1) {
                assertThat(answered(answer).path("id").asLong()).isEqualTo(op.path("id").asLong());
            }
            assertProblem(api.send(socket, new byte[] {1}), 409, "WSAECONNRESET");
        }
    }

    @Test
    void cancelLeavesTheStartedStreamedSendToFinishAndAbortsWhatWaitsBehindIt() throws Exception {
        // C21
        try (TcpPeer peer = TcpPeer.listening()) {
            String socket = readingSocket(api, peer);
            byte[] body = Bytes.random(3 * MIB, 12);
            try (RawUpload upload = RawUpload.start(port, path(socket), body.length)) {
                upload.write(body, 0, MIB);
                peer.awaitBytes(MIB, WITHIN);
                long behind = api.send(socket, new byte[] {1, 2, 3}).json().path("id").asLong();
                Api.Reply cancel = api.post("/api/v1/sockets/" + socket + "/cancel", "{}");
                assertThat(cancel.status()).isEqualTo(200);
                assertThat(cancel.json().path("abortedOperationIds").values()).extracting(JsonNode::asLong).containsExactly(behind);
                upload.write(body, MIB, body.length - MIB);
                long id = answered(upload.answer()).path("id").asLong();
                assertThat(api.operation(id, WITHIN.toMillis()).path("status").asString()).isEqualTo("COMPLETED");
                assertThat(api.operation(behind, 0).path("status").asString()).isEqualTo("ABORTED");
            }
            byte[] sentinel = {9};
            assertThat(api.send(socket, sentinel).status()).isEqualTo(200);
            assertSameBytes(peer.awaitBytes(body.length + 1, WITHIN), Bytes.concat(body, sentinel));
        }
    }

    @Test
    void msgOobMarksTheSendsLastByteOnlyWithOrWithoutALength() throws Exception {
        // C10: with SO_OOBINLINE off, the urgent byte leaves the normal stream; an urgent byte at a chunk's end
        // would take a byte out of the middle
        byte[] body = Bytes.random(5 * MIB + 3, 13);
        for (long length : new long[] {body.length, -1}) {
            try (TcpPeer peer = TcpPeer.listeningOobOutOfLine()) {
                String socket = readingSocket(api, peer);
                JsonNode answer;
                try (RawUpload upload = RawUpload.start(port, path(socket) + "&flags=MSG_OOB", length)) {
                    for (int at = 0; at < body.length; at += 700 * 1024) {
                        upload.write(body, at, Math.min(700 * 1024, body.length - at));
                    }
                    answer = answered((length < 0 ? upload.finish() : upload).answer());
                }
                assertThat(api.operation(answer.path("id").asLong(), WITHIN.toMillis()).path("status").asString())
                        .isEqualTo("COMPLETED");
                byte[] normal = Arrays.copyOf(body, body.length - 1);
                byte[] sentinel = {7};
                assertThat(api.send(socket, sentinel).status()).isEqualTo(200);
                assertSameBytes(peer.awaitBytes(normal.length + 1, WITHIN), Bytes.concat(normal, sentinel));
            }
        }
    }
}
