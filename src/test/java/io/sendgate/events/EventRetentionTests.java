package io.sendgate.events;

import io.sendgate.testing.SseClient;

import io.sendgate.testing.Api;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What is no longer retained is said so, on the stream and to waits (C17, C19). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "sendgate.limits.retained-operations=20")
class EventRetentionTests {
    private static final Duration EVENT_WITHIN = Duration.ofSeconds(20);

    @LocalServerPort
    int port;

    // C17, C19: a resume point older than retention gets an explicit `gone` event, then the retained events.
    @Test
    void resumeOlderThanRetentionIsToldExplicitly() throws Exception {
        Api api = new Api(port);
        try (LoopbackPeer peer = LoopbackPeer.draining()) {
            String socket = api.openTcp(peer.port(), "sendBufferBytes", 65536);
            List<Long> ops = new ArrayList<>();
            String fifth;
            try (SseClient live = SseClient.open(port, "/api/v1/events?socketId=" + socket, null)) {
                for (int i = 0; i < 50; i++) {
                    ops.add(Sends.accepted(api, socket, 8));
                }
                List<SseClient.Event> all = live.completions(50, EVENT_WITHIN);
                fifth = all.get(4).id();
            }
            try (SseClient late = SseClient.open(port, "/api/v1/events?socketId=" + socket, fifth)) {
                SseClient.Event gone = late.next(EVENT_WITHIN);
                assertThat(gone.name()).isEqualTo("gone");
                assertThat(gone.json().get("lastEventId").asString()).isEqualTo(fifth);
                long firstRetained = gone.json().get("firstRetainedId").asLong();
                assertThat(gone.seq()).isEqualTo(firstRetained - 1);
                List<Long> retained = late.completions(20, EVENT_WITHIN).stream()
                        .map(e -> e.json().get("id").asLong()).toList();
                assertThat(retained).containsExactlyElementsOf(ops.subList(30, 50));
            }
            // C19: a wait naming an operation no longer retained is 410, an unknown one 404.
            Api.Reply gone = api.post("/api/v1/operations/wait", Map.of("operationIds", List.of(ops.get(0)), "timeoutMs", 10));
            assertThat(gone.status()).isEqualTo(410);
            assertThat(gone.json().get("operationId").asLong()).isEqualTo(ops.get(0));
        }
    }

    // Last-Event-ID: 0 asks for every retained event: when older ones were dropped a `gone` event says so
    // first, then every retained one follows.
    @Test
    void lastEventIdZeroReplaysEveryRetainedEventAfterSayingWhatWasDropped() throws Exception {
        Api api = new Api(port);
        try (LoopbackPeer peer = LoopbackPeer.draining()) {
            String socket = api.openTcp(peer.port(), "sendBufferBytes", 65536);
            List<Long> ops = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                ops.add(Sends.accepted(api, socket, 8));
            }
            for (long op : ops.subList(10, 30)) {
                api.operation(op, 5000);
            }
            try (SseClient all = SseClient.open(port, "/api/v1/events?socketId=" + socket, "0")) {
                SseClient.Event gone = all.next(EVENT_WITHIN);
                assertThat(gone.name()).isEqualTo("gone");
                assertThat(gone.json().get("lastEventId").asLong()).isZero();
                List<Long> retained = all.completions(20, EVENT_WITHIN).stream()
                        .map(e -> e.json().get("id").asLong()).toList();
                assertThat(retained).containsExactlyElementsOf(ops.subList(10, 30));
            }
        }
    }
}
