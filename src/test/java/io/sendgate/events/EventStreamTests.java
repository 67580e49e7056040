package io.sendgate.events;

import io.sendgate.testing.SseClient;

import io.sendgate.api.EventStreams;
import io.sendgate.testing.Api;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The completion stream read by a real SSE client, with real sockets and a real peer on loopback. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "sendgate.events.heartbeat=200ms", "sendgate.events.max-subscribers=4"})
class EventStreamTests {
    private static final Duration EVENT_WITHIN = Duration.ofSeconds(20);

    @LocalServerPort
    int port;
    @Autowired
    EventStreams streams;

    Api api;
    LoopbackPeer peer;

    @BeforeEach
    void setUp() throws Exception {
        api = new Api(port);
        peer = LoopbackPeer.draining();
        awaitNoStreams();
    }

    @AfterEach
    void tearDown() throws Exception {
        peer.close();
    }

    // C11, C17, C18: a thousand overlapped operations on four sockets, submitted concurrently, each seen
    // exactly once, one socket's in submission order, with increasing event ids.
    @Test
    void everyOperationOnceAndInSubmissionOrderPerSocket() throws Exception {
        List<String> sockets = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            // A small send buffer and sends larger than it: some complete at once, others go pending.
            sockets.add(api.openTcp(peer.port(), "sendBufferBytes", 4096));
        }
        String filter = String.join("&", sockets.stream().map(s -> "socketId=" + s).toList());
        try (SseClient sse = SseClient.open(port, "/api/v1/events?" + filter, null)) {
            assertThat(sse.status()).isEqualTo(200);
            Map<String, List<Long>> submitted = new HashMap<>();
            AtomicInteger pending = new AtomicInteger();
            ExecutorService senders = Executors.newFixedThreadPool(8);
            try {
                List<Future<Map.Entry<String, List<Long>>>> work = new ArrayList<>();
                for (String socket : sockets) {
                    // Two senders per socket: submission order is the order the service accepted them,
                    // which the operation ids record.
                    for (int t = 0; t < 2; t++) {
                        work.add(senders.submit(() -> {
                            List<Long> ids = new ArrayList<>();
                            for (int k = 0; k < 125; k++) {
                                Api.Reply a = api.send(socket, new byte[1024 + (k % 8) * 2048]);
                                assertThat(a.status()).isIn(200, 202);
                                if (a.status() == 202) {
                                    pending.incrementAndGet();
                                }
                                ids.add(a.json().get("id").asLong());
                            }
                            return Map.entry(socket, ids);
                        }));
                    }
                }
                for (Future<Map.Entry<String, List<Long>>> f : work) {
                    Map.Entry<String, List<Long>> done = f.get(120, TimeUnit.SECONDS);
                    submitted.computeIfAbsent(done.getKey(), k -> new ArrayList<>()).addAll(done.getValue());
                }
            } finally {
                senders.shutdownNow();
            }

            List<SseClient.Event> events = sse.completions(1000, EVENT_WITHIN);
            assertThat(pending.get()).as("some completed at once, some went pending").isBetween(1, 999);

            Set<Long> seenOps = new HashSet<>();
            Map<String, List<Long>> seenPerSocket = new HashMap<>();
            long lastSeq = 0;
            for (SseClient.Event e : events) {
                assertThat(e.seq()).isGreaterThan(lastSeq);
                lastSeq = e.seq();
                var op = e.json();
                assertThat(seenOps.add(op.get("id").asLong())).as("operation %s seen twice", op.get("id")).isTrue();
                assertThat(op.get("status").asString()).isEqualTo("COMPLETED");
                assertThat(op.get("bytesTransferred").asLong()).isEqualTo(op.get("totalBytes").asLong());
                assertThat(op.get("completedAt").isNull()).isFalse();
                seenPerSocket.computeIfAbsent(op.get("socketId").asString(), k -> new ArrayList<>()).add(op.get("id").asLong());
            }
            for (String socket : sockets) {
                List<Long> inSubmissionOrder = new ArrayList<>(submitted.get(socket));
                Collections.sort(inSubmissionOrder);
                assertThat(seenPerSocket.get(socket)).containsExactlyElementsOf(inSubmissionOrder);
            }
            assertThat(sse.next(Duration.ofMillis(300))).as("nothing beyond the thousand").isNull();

            // A late client replays the same thousand, in the same order, as fast as the stream goes.
            long before = events.get(0).seq() - 1;
            try (SseClient replay = SseClient.open(port, "/api/v1/events?" + filter, Long.toString(before))) {
                List<SseClient.Event> again = replay.completions(1000, EVENT_WITHIN);
                assertThat(again).extracting(SseClient.Event::id).containsExactlyElementsOf(
                        events.stream().map(SseClient.Event::id).toList());
                double live = (events.get(999).receivedNanos() - events.get(0).receivedNanos()) / 1e9;
                double replayed = (again.get(999).receivedNanos() - again.get(0).receivedNanos()) / 1e9;
                System.out.printf("EventStreamTests: 1000 completions (%d pending first) arrived live over %.2f s "
                        + "(%.0f events/s, paced by the HTTP sends); replayed in %.3f s (%.0f events/s)%n",
                        pending.get(), live, 1000 / live, replayed, 1000 / replayed);
            }
        }
    }

    // C17: a client that goes away mid-stream and comes back with Last-Event-ID gets exactly what it missed.
    @Test
    void resumingWithLastEventIdGivesExactlyTheMissedEvents() throws Exception {
        String socket = api.openTcp(peer.port(), "sendBufferBytes", 65536);
        String url = "/api/v1/events?socketId=" + socket;
        List<Long> ops = new ArrayList<>();
        String lastSeen;
        List<Long> seenBefore = new ArrayList<>();
        try (SseClient first = SseClient.open(port, url, null)) {
            for (int i = 0; i < 50; i++) {
                ops.add(Sends.accepted(api, socket, 100));
            }
            List<SseClient.Event> got = first.completions(20, EVENT_WITHIN);
            got.forEach(e -> seenBefore.add(e.json().get("id").asLong()));
            lastSeen = got.get(19).id();
        }
        for (int i = 0; i < 30; i++) {
            ops.add(Sends.accepted(api, socket, 100));
        }
        try (SseClient again = SseClient.open(port, url, lastSeen)) {
            List<Long> missed = new ArrayList<>();
            for (SseClient.Event e : again.completions(60, EVENT_WITHIN)) {
                assertThat(e.seq()).isGreaterThan(Long.parseLong(lastSeen));
                missed.add(e.json().get("id").asLong());
            }
            assertThat(seenBefore).containsExactlyElementsOf(ops.subList(0, 20));
            assertThat(missed).containsExactlyElementsOf(ops.subList(20, 80));
            // Live events follow the replay with nothing repeated in between.
            long marker = Sends.accepted(api, socket, 1);
            assertThat(again.completions(1, EVENT_WITHIN).get(0).json().get("id").asLong()).isEqualTo(marker);
        }
    }

    // C17: the lastEventId parameter stands in for the header, and operationId filters.
    @Test
    void queryParameterResumesAndOperationFilterSelects() throws Exception {
        String socket = api.openTcp(peer.port(), "sendBufferBytes", 65536);
        long a = Sends.accepted(api, socket, 10);
        long b = Sends.accepted(api, socket, 10);
        long c = Sends.accepted(api, socket, 10);
        String url = "/api/v1/events?lastEventId=0&operationId=" + a + "&operationId=" + c;
        try (SseClient sse = SseClient.open(port, url, null)) {
            List<SseClient.Event> got = sse.completions(2, EVENT_WITHIN);
            assertThat(got).extracting(e -> e.json().get("id").asLong()).containsExactly(a, c);
            assertThat(sse.next(Duration.ofMillis(300))).isNull();
        }
        assertThat(b).isBetween(a, c);
    }

    // C17: idle streams get heartbeats, so proxies keep them open and a vanished client is noticed.
    @Test
    void idleStreamGetsHeartbeats() throws Exception {
        // a socket that sends nothing: its stream stays idle
        String idle = api.openTcp(peer.port());
        try (SseClient sse = SseClient.open(port, "/api/v1/events?socketId=" + idle, null)) {
            assertThat(sse.status()).isEqualTo(200);
            for (int i = 0; i < 50 && sse.comments() < 3; i++) {
                assertThat(sse.next(Duration.ofMillis(200))).isNull();
            }
            assertThat(sse.comments()).isGreaterThanOrEqualTo(3);
        }
    }

    // C34: past sendgate.events.max-subscribers, a problem detail with WSAEMFILE, 503.
    @Test
    void subscribersBeyondTheLimitAreRefused() throws Exception {
        List<SseClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                open.add(SseClient.open(port, "/api/v1/events", null));
                assertThat(open.get(i).status()).isEqualTo(200);
            }
            assertThat(streams.list()).as("the four streams are open").hasSize(4).allMatch(s -> s.endedBy() == null);
            // Bounded: were it let through, this would be a stream that never ends.
            HttpResponse<String> refused = HttpClient.newHttpClient().sendAsync(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/events")).build(),
                    HttpResponse.BodyHandlers.ofString()).get(20, TimeUnit.SECONDS);
            assertThat(refused.statusCode()).isEqualTo(503);
            JsonNode problem = Api.JSON.readTree(refused.body());
            assertThat(problem.get("wsaError").asString()).isEqualTo("WSAEMFILE");
            assertThat(problem.get("wsaCode").asInt()).isEqualTo(10024);
        } finally {
            for (SseClient s : open) {
                s.close();
            }
        }
    }

    // C17: a stream whose client went away never writes again: its response is recycled for the next
    // request, and a late heartbeat would corrupt that client's stream.
    @Test
    void aGoneClientNeverWritesIntoTheNextClientsStream() throws Exception {
        String idle = api.openTcp(peer.port());
        for (int i = 0; i < 20; i++) {
            SseClient gone = SseClient.open(port, "/api/v1/events?socketId=" + idle, null);
            assertThat(gone.status()).isEqualTo(200);
            gone.close();
            try (SseClient next = SseClient.open(port, "/api/v1/events?socketId=" + idle, null)) {
                assertThat(next.status()).isEqualTo(200);
                for (int k = 0; k < 10 && next.comments() < 3; k++) {
                    assertThat(next.next(Duration.ofMillis(200))).as("round %d", i).isNull();
                }
                assertThat(next.comments()).isGreaterThanOrEqualTo(3);
            }
        }
    }

    // C24: a resume point that is not an id is a problem detail, not a stream.
    @Test
    void malformedLastEventIdIsRefused() throws Exception {
        Api.Reply a = api.get("/api/v1/events?lastEventId=-3");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("wsaError").asString()).isEqualTo("WSAEINVAL");
    }

    // Last-Event-ID: 0 is before every event: the stream replays every retained event (here all of this
    // socket's completions, in order, with no `gone` since none was dropped), then goes on live.
    @Test
    void lastEventIdZeroReplaysEveryRetainedEvent() throws Exception {
        String socket = api.openTcp(peer.port(), "sendBufferBytes", 65536);
        List<Long> ops = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ops.add(Sends.accepted(api, socket, 10));
        }
        for (long op : ops) {
            api.operation(op, 5000);
        }
        try (SseClient sse = SseClient.open(port, "/api/v1/events?socketId=" + socket, "0")) {
            SseClient.Event first = sse.next(EVENT_WITHIN);
            assertThat(first.name()).isEqualTo("completion");
            List<Long> replayed = new ArrayList<>();
            replayed.add(first.json().get("id").asLong());
            sse.completions(4, EVENT_WITHIN).forEach(e -> replayed.add(e.json().get("id").asLong()));
            assertThat(replayed).containsExactlyElementsOf(ops);
            long live = Sends.accepted(api, socket, 1);
            assertThat(sse.completions(1, EVENT_WITHIN).get(0).json().get("id").asLong()).isEqualTo(live);
        }
    }

    // C27: a socket id the pool never gave out is 404 WSAENOTSOCK, not a stream that stays empty forever; a
    // closed socket's id is taken, and its retained completions replay from Last-Event-ID.
    @Test
    void aSocketIdNeverGivenOutIsRefusedAndAClosedSocketStillReplays() throws Exception {
        Api.Reply nope = api.get("/api/v1/events?socketId=nope");
        assertThat(nope.status()).isEqualTo(404);
        assertThat(nope.json().get("wsaError").asString()).isEqualTo("WSAENOTSOCK");
        assertThat(nope.json().get("socketId").asString()).isEqualTo("nope");
        assertThat(api.get("/api/v1/events?socketId=s-999999999").status()).isEqualTo(404);

        String socket = api.openTcp(peer.port(), "sendBufferBytes", 65536);
        assertThat(api.get("/api/v1/events?socketId=" + socket + "&socketId=nope").status()).isEqualTo(404);
        List<Long> ops = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ops.add(Sends.accepted(api, socket, 10));
        }
        for (long op : ops) {
            api.operation(op, 5000);
        }
        assertThat(api.delete("/api/v1/sockets/" + socket).status()).isEqualTo(200);
        try (SseClient sse = SseClient.open(port, "/api/v1/events?socketId=" + socket, "0")) {
            assertThat(sse.status()).isEqualTo(200);
            assertThat(sse.completions(3, EVENT_WITHIN)).extracting(e -> e.json().get("id").asLong())
                    .containsExactlyElementsOf(ops);
        }
    }

    // C27 for operations: an operation id never given out is 404 WSA_INVALID_HANDLE, not a stream that stays
    // empty forever; one given out streams, ended or not
    @Test
    void anOperationIdNeverGivenOutIsRefused() throws Exception {
        Api.Reply never = api.get("/api/v1/events?operationId=999999999");
        assertThat(never.status()).isEqualTo(404);
        assertThat(never.json().get("wsaError").asString()).isEqualTo("WSA_INVALID_HANDLE");
        assertThat(never.json().get("operationId").asLong()).isEqualTo(999999999L);
        String socket = api.openTcp(peer.port(), "sendBufferBytes", 65536);
        long op = Sends.accepted(api, socket, 10);
        api.operation(op, 5000);
        try (SseClient sse = SseClient.open(port, "/api/v1/events?operationId=" + op, "0")) {
            assertThat(sse.status()).isEqualTo(200);
            assertThat(sse.completions(1, EVENT_WITHIN).get(0).json().get("id").asLong()).isEqualTo(op);
        }
        api.delete("/api/v1/sockets/" + socket);
    }

    /** Streams of earlier tests end at their next heartbeat once their client is gone. */
    private void awaitNoStreams() throws InterruptedException {
        for (int i = 0; i < 100 && !streams.list().isEmpty(); i++) {
            Thread.sleep(100);
        }
        assertThat(streams.list()).isEmpty();
    }
}
