package io.sendgate.api;

import io.sendgate.testing.Api;
import io.sendgate.testing.Bytes;
import io.sendgate.testing.SseClient;
import io.sendgate.testing.TcpPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * POST /api/v1/sockets/{socketId}/sends/batch: one overlapped WSASend per entry and repetition, queued in order
 * with nothing between them, accepted whole or refused whole. Every assertion is on bytes a real peer received,
 * on operations and on completion events: none on time.
 */
@TestPropertySource(properties = {
        "sendgate.limits.max-sends-per-batch=50",
        "sendgate.limits.max-bytes-in-flight=4MB",
        "sendgate.limits.max-pending-per-socket=100"})
class BatchSendsTests extends ServiceTest {
    private static final Duration WITHIN = Duration.ofSeconds(20);

    @org.springframework.beans.factory.annotation.Autowired
    io.sendgate.core.ByteBudget budget;

    @AfterEach
    void emptyThePool() {
        api.get("/api/v1/sockets").json().values().forEach(s -> api.delete("/api/v1/sockets/" + s.path("id").asString()));
    }

    /** A socket to a peer that reads everything, as it comes. */
    private String readingSocket(TcpPeer peer) throws Exception {
        String socket = api.openTcp(peer.port());
        peer.accept().startReading();
        return socket;
    }

    /** A socket with a small send buffer to a peer that does not read yet: a large send stays pending. */
    private String pausedSocket(TcpPeer peer) throws Exception {
        String socket = api.openTcp(peer.port(), "sendBufferBytes", 4096);
        peer.accept();
        return socket;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static String batchPath(String socket) {
        return "/api/v1/sockets/" + socket + "/sends/batch";
    }

    private static Map<String, Object> entry(byte[] bytes, Object... more) {
        Map<String, Object> entry = new java.util.LinkedHashMap<>();
        entry.put("buffers", Api.base64(bytes));
        for (int i = 0; i < more.length; i += 2) {
            entry.put((String) more[i], more[i + 1]);
        }
        return entry;
    }

    private static List<Long> ids(Api.Reply reply) {
        List<Long> ids = new ArrayList<>();
        reply.json().path("operations").values().forEach(op -> ids.add(op.path("id").asLong()));
        return ids;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private List<Long> socketOperations(String socket) {
        List<Long> ids = new ArrayList<>();
        api.get("/api/v1/operations?socketId=" + socket).json().values().forEach(op -> ids.add(op.path("id").asLong()));
        return ids;
    }

    @Test
    void entriesThenRepetitionsReachThePeerInOrderEachItsOwnOperationAndCompletionEvent() throws Exception {
        try (TcpPeer peer = TcpPeer.listening()) {
            String socket = readingSocket(peer);
            byte[] a = Bytes.random(1000, 1);
            byte[] b = Bytes.random(3000, 2);
            byte[] c = ascii("c");
            try (SseClient events = SseClient.open(port, "/api/v1/events?socketId=" + socket, null)) {
                Api.Reply reply = api.post(batchPath(socket),
                        Map.of("sends", List.of(entry(a), entry(b), entry(c)), "repeat", 3));
                assertThat(reply.status()).as(reply.body()).isIn(200, 202);
                List<Long> ids = ids(reply);
                assertThat(ids).hasSize(9).doesNotHaveDuplicates().isSorted();
                List<Long> sizes = new ArrayList<>();
                reply.json().path("operations").values().forEach(op -> sizes.add(op.path("totalBytes").asLong()));
                assertThat(sizes).containsExactly(1000L, 3000L, 1L, 1000L, 3000L, 1L, 1000L, 3000L, 1L);

                byte[] once = concat(a, b, c);
                byte[] expected = concat(once, once, once);
                assertThat(peer.awaitBytes(expected.length, WITHIN)).isEqualTo(expected);
                List<SseClient.Event> completions = events.completions(9, WITHIN);
                assertThat(completions).extracting(e -> e.json().path("id").asLong()).containsExactlyElementsOf(ids);
                assertThat(completions).extracting(e -> e.json().path("status").asString()).containsOnly("COMPLETED");
            }
            for (long id : socketOperations(socket)) {
                assertThat(api.get("/api/v1/operations/" + id).field("status")).isEqualTo("COMPLETED");
            }
        }
    }

    @Test
    void anInvalidEntryInTheMiddleRefusesTheWholeBatchNothingSentNoOperationBudgetBack() throws Exception {
        try (TcpPeer peer = TcpPeer.listening()) {
            String socket = readingSocket(peer);
            byte[] big = Bytes.random(900 * 1024, 3);
            long before = budget.held();
            Api.Reply refused = api.post(batchPath(socket), Map.of("sends", List.of(entry(big), entry(big),
                    Map.of("buffers", List.of(Map.of("base64", "not base64!"))), entry(big))));
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.field("wsaError")).isEqualTo("WSAEFAULT");
            assertThat(refused.field("detail")).contains("sends[2]");
            assertThat(socketOperations(socket)).isEmpty();
            assertThat(budget.held()).as("every byte the refused batch held is back").isEqualTo(before);

            // the budget is back: 4MB holds three entries of 900 KiB only when nothing of the refused batch is held
            byte[] m1 = Bytes.random(900 * 1024, 4);
            byte[] m2 = Bytes.random(900 * 1024, 14);
            byte[] m3 = Bytes.random(900 * 1024, 24);
            Api.Reply accepted = api.post(batchPath(socket), Map.of("sends", List.of(entry(m1), entry(m2), entry(m3))));
            assertThat(accepted.status()).as(accepted.body()).isIn(200, 202);
            byte[] expected = concat(m1, m2, m3);
            assertThat(peer.awaitBytes(expected.length, WITHIN)).isEqualTo(expected);
            assertThat(socketOperations(socket)).hasSize(3);
        }
    }

    @Test
    void limitsRefuseTheWholeBatch() throws Exception {
        try (TcpPeer peer = TcpPeer.listening()) {
            String socket = readingSocket(peer);
            byte[] small = ascii("x");
            // more sends than max-sends-per-batch (50), repetitions counted
            Api.Reply tooMany = api.post(batchPath(socket), Map.of("sends", List.of(entry(small), entry(small)), "repeat", 26));
            assertThat(tooMany.status()).as(tooMany.body()).isEqualTo(400);
            assertThat(tooMany.field("wsaError")).isEqualTo("WSAEINVAL");
            assertThat(tooMany.field("detail")).contains("max-sends-per-batch");
            Api.Reply tooManyEntries = api.post(batchPath(socket), Map.of("sends", java.util.Collections.nCopies(51, entry(small))));
            assertThat(tooManyEntries.field("wsaError")).isEqualTo("WSAEINVAL");
            // the budget (max-bytes-in-flight 4MB) for the whole batch
            byte[] big = Bytes.random(900 * 1024, 5);
            Api.Reply noRoom = api.post(batchPath(socket), Map.of("sends", List.of(entry(big), entry(big), entry(big), entry(big))));
            assertThat(noRoom.field("wsaError")).as(noRoom.body()).isEqualTo("WSAENOBUFS");
            assertThat(socketOperations(socket)).isEmpty();
            // repetitions share their entry's bytes: five of 900 KiB fit in 4MB
            Api.Reply shared = api.post(batchPath(socket), Map.of("sends", List.of(entry(big)), "repeat", 5));
            assertThat(shared.status()).as(shared.body()).isIn(200, 202);
            byte[] fiveTimes = concat(big, big, big, big, big);
            assertThat(peer.awaitBytes(fiveTimes.length, WITHIN)).isEqualTo(fiveTimes);

            // a socket that is not overlapped
            String blocking = api.openTcp(peer.port(), "overlapped", false);
            Api.Reply notOverlapped = api.post(batchPath(blocking), Map.of("sends", List.of(entry(small))));
            assertThat(notOverlapped.status()).isEqualTo(400);
            assertThat(notOverlapped.field("wsaError")).isEqualTo("WSAEINVAL");
            assertThat(notOverlapped.field("detail")).contains("overlapped");

            // nothing of any refused one went out
            api.send(socket, small);
            byte[] all = concat(fiveTimes, small);
            assertThat(peer.awaitBytes(all.length, WITHIN)).isEqualTo(all);
        }
    }

    @Test
    void aBatchThatWouldPassMaxPendingPerSocketIsRefusedWhole() throws Exception {
        try (TcpPeer peer = TcpPeer.listening()) {
            String socket = pausedSocket(peer);
            byte[] head = Bytes.random(600 * 1024, 6);
            assertThat(api.send(socket, head).status()).isEqualTo(202);
            // 1 queued + 50 fits in max-pending-per-socket (100); 50 more would not
            Api.Reply accepted = api.post(batchPath(socket), Map.of("sends",
                    java.util.Collections.nCopies(50, entry(new byte[] {1})), "repeat", 1));
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            Api.Reply tooMany = api.post(batchPath(socket), Map.of("sends",
                    java.util.Collections.nCopies(50, entry(new byte[] {2}))));
            assertThat(tooMany.field("wsaError")).as(tooMany.body()).isEqualTo("WSAEWOULDBLOCK");
            assertThat(socketOperations(socket)).hasSize(51);
            peer.startReading();
            byte[] ones = new byte[50];
            java.util.Arrays.fill(ones, (byte) 1);
            byte[] expected = concat(head, ones);
            assertThat(peer.awaitBytes(expected.length, WITHIN)).isEqualTo(expected);
        }
    }

    @Test
    void delayedEntriesKeepTheirOrderAndTheirPlaceInTheQueue() throws Exception {
        try (TcpPeer peer = TcpPeer.listening()) {
            String socket = pausedSocket(peer);
            byte[] first = Bytes.random(600 * 1024, 7);
            byte[] second = ascii("second");
            byte[] third = ascii("third");
            try (SseClient events = SseClient.open(port, "/api/v1/events?socketId=" + socket, null)) {
                Api.Reply reply = api.post(batchPath(socket), Map.of("sends", List.of(entry(first),
                        entry(second, "delayMs", 30), entry(third, "delayMs", 30)), "repeat", 2));
                assertThat(reply.status()).as(reply.body()).isEqualTo(202);
                List<Long> ids = ids(reply);
                // the first cannot end while the peer does not read; the delayed one behind it has not started
                assertThat(api.get("/api/v1/operations/" + ids.get(1)).field("status")).isEqualTo("PENDING");
                // another client's send, during the batch: it goes after all of the batch
                byte[] other = ascii("other");
                Api.Reply single = api.send(socket, other);
                assertThat(single.status()).isEqualTo(202);
                long otherId = single.json().path("id").asLong();

                peer.startReading();
                byte[] expected = concat(first, second, third, first, second, third, other);
                assertThat(peer.awaitBytes(expected.length, WITHIN)).isEqualTo(expected);
                List<Long> order = new ArrayList<>(ids);
                order.add(otherId);
                // completion order: each send ended before the next one started
                assertThat(events.completions(7, WITHIN)).extracting(e -> e.json().path("id").asLong())
                        .containsExactlyElementsOf(order);
            }
        }
    }

    @Test
    void closingWhileABatchIsPendingAbortsEveryRemainingEntryOnce() throws Exception {
        try (TcpPeer peer = TcpPeer.listening()) {
            String socket = pausedSocket(peer);
            byte[] first = Bytes.random(600 * 1024, 8);
            try (SseClient events = SseClient.open(port, "/api/v1/events?socketId=" + socket, null)) {
                Api.Reply reply = api.post(batchPath(socket), Map.of("sends", List.of(entry(first),
                        entry(new byte[] {1}, "delayMs", 60_000), entry(new byte[] {2})), "repeat", 3));
                assertThat(reply.status()).as(reply.body()).isEqualTo(202);
                List<Long> ids = ids(reply);
                assertThat(api.delete("/api/v1/sockets/" + socket).status()).isIn(200, 204);
                List<SseClient.Event> ended = events.completions(9, WITHIN);
                assertThat(ended).extracting(e -> e.json().path("id").asLong()).containsExactlyElementsOf(ids);
                assertThat(ended).extracting(e -> e.json().path("status").asString()).containsOnly("ABORTED");
            }
        }
    }

    @Test
    void aCancelDuringADelayAbortsTheWaitingSendsAndTheQueueGoesOn() throws Exception {
        try (TcpPeer peer = TcpPeer.listening()) {
            String socket = readingSocket(peer);
            byte[] a = ascii("a");
            Api.Reply reply = api.post(batchPath(socket), Map.of("sends", List.of(entry(a),
                    entry(ascii("b"), "delayMs", 60_000), entry(ascii("c")))));
            assertThat(reply.status()).as(reply.body()).isEqualTo(202);
            List<Long> ids = ids(reply);
            assertThat(peer.awaitBytes(1, WITHIN)).isEqualTo(a);
            var cancelled = api.post("/api/v1/sockets/" + socket + "/cancel", "");
            assertThat(cancelled.json().path("abortedOperationIds").values()).extracting(n -> n.asLong())
                    .containsExactly(ids.get(1), ids.get(2));
            // the queue is free again: the next send goes out at once, and nothing of the aborted ones
            byte[] next = ascii("next");
            assertThat(api.send(socket, next).status()).isEqualTo(200);
            byte[] expected = concat(a, next);
            assertThat(peer.awaitBytes(expected.length, WITHIN)).isEqualTo(expected);
        }
    }

    @Test
    void malformedEntriesAreRefusedWithWhatAndWhere() throws Exception {
        try (TcpPeer peer = TcpPeer.listening()) {
            String socket = readingSocket(peer);
            byte[] x = ascii("x");
            Api.Reply typo = api.post(batchPath(socket), Map.of("sends", List.of(entry(x), entry(x, "delayMS", 5))));
            assertThat(typo.field("wsaError")).isEqualTo("WSAEINVAL");
            assertThat(typo.field("detail")).contains("delayMS", "sends[1]", "delayMs");
            Api.Reply topTypo = api.post(batchPath(socket), Map.of("send", List.of(entry(x))));
            assertThat(topTypo.field("wsaError")).isEqualTo("WSAEINVAL");
            assertThat(topTypo.field("detail")).contains("'send'", "sends");
            Api.Reply badFlag = api.post(batchPath(socket), Map.of("sends", List.of(entry(x), entry(x, "flags", List.of("MSG_OBB")))));
            assertThat(badFlag.field("wsaError")).isEqualTo("WSAEINVAL");
            assertThat(badFlag.field("detail")).contains("sends[1]", "MSG_OBB", "MSG_OOB");
            Api.Reply negative = api.post(batchPath(socket), Map.of("sends", List.of(entry(x, "delayMs", -1))));
            assertThat(negative.field("wsaError")).isEqualTo("WSAEINVAL");
            Api.Reply fraction = api.post(batchPath(socket), "{\"sends\": [{\"buffers\": [{\"text\": \"x\"}]}], \"repeat\": 1.5}");
            assertThat(fraction.field("wsaError")).isEqualTo("WSAEINVAL");
            Api.Reply noBuffers = api.post(batchPath(socket), "{\"sends\": [{\"delayMs\": 1}]}");
            assertThat(noBuffers.field("wsaError")).isEqualTo("WSAEFAULT");
            Api.Reply empty = api.post(batchPath(socket), "{\"sends\": []}");
            assertThat(empty.field("wsaError")).isEqualTo("WSAEFAULT");
            Api.Reply overlapped = api.post(batchPath(socket), "{\"sends\": [{\"buffers\": [{\"text\": \"x\"}], \"overlapped\": true}]}");
            assertThat(overlapped.field("detail")).contains("overlapped");
            assertThat(socketOperations(socket)).isEmpty();
            byte[] marker = ascii("marker");
            api.send(socket, marker);
            assertThat(peer.awaitBytes(marker.length, WITHIN)).isEqualTo(marker);
        }
    }

    @Test
    void binaryBatchesNeedNoBase64() throws Exception {
        try (TcpPeer peer = TcpPeer.listening()) {
            String socket = readingSocket(peer);
            byte[] raw = Bytes.random(5000, 9);
            Api.Reply octets = api.raw(batchPath(socket) + "?repeat=3&delayMs=1", "application/octet-stream", raw);
            assertThat(octets.status()).as(octets.body()).isIn(200, 202);
            assertThat(ids(octets)).hasSize(3);

            byte[] p1 = Bytes.random(2000, 10);
            byte[] p2 = Bytes.random(10, 11);
            String boundary = "b0undary";
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (byte[] part : List.of(p1, p2)) {
                body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"s\"\r\n"
                        + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                body.writeBytes(part);
                body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
            Api.Reply parts = api.raw(batchPath(socket) + "?repeat=2", "multipart/form-data; boundary=" + boundary,
                    body.toByteArray());
            assertThat(parts.status()).as(parts.body()).isIn(200, 202);
            List<Long> sizes = new ArrayList<>();
            parts.json().path("operations").values().forEach(op -> sizes.add(op.path("totalBytes").asLong()));
            assertThat(sizes).containsExactly(2000L, 10L, 2000L, 10L);

            byte[] expected = concat(raw, raw, raw, p1, p2, p1, p2);
            assertThat(peer.awaitBytes(expected.length, WITHIN)).isEqualTo(expected);

            Api.Reply tooMany = api.raw(batchPath(socket) + "?repeat=51", "application/octet-stream", raw);
            assertThat(tooMany.field("wsaError")).isEqualTo("WSAEINVAL");
            Api.Reply badFlag = api.raw(batchPath(socket) + "?flags=MSG_OBB", "application/octet-stream", raw);
            assertThat(badFlag.field("wsaError")).isEqualTo("WSAEINVAL");
        }
    }
}
