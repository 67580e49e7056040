package io.sendgate.events;

import io.sendgate.testing.Api;
import io.sendgate.testing.SseClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * C18 and C5 as amended: one socket's completions are reported in submission order also when a cancel
 * ends several at once (the started head first), and a socket's counters count every accepted send and
 * the bytes a pending send has moved.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CompletionOrderTests {
    private static final Duration WITHIN = Duration.ofSeconds(20);

    @LocalServerPort
    int port;

    // C18, C21: the finding: the aborted queued operations' events came before the started head's completion
    @Test
    void afterACancelTheStartedHeadIsReportedBeforeTheQueuedOnesItAborted() throws Exception {
        Api api = new Api(port);
        try (LoopbackPeer peer = LoopbackPeer.paused()) {
            String socket = api.openTcp(peer.port(), "sendBufferBytes", 4096);
            try (SseClient events = SseClient.open(port, "/api/v1/events?socketId=" + socket, null)) {
                long head = Sends.accepted(api, socket, 1 << 20);
                long second = Sends.accepted(api, socket, 1000);
                long third = Sends.accepted(api, socket, 1000);
                var cancelled = api.post("/api/v1/sockets/" + socket + "/cancel", "");
                assertThat(cancelled.json().path("abortedOperationIds").values()).extracting(n -> n.asLong())
                        .containsExactly(second, third);
                // polled at once they read ABORTED already; only their events wait for the head's
                assertThat(api.get("/api/v1/operations/" + second).field("status")).isEqualTo("ABORTED");
                peer.drain();
                List<SseClient.Event> order = events.completions(3, WITHIN);
                assertThat(order).extracting(e -> e.json().path("id").asLong()).containsExactly(head, second, third);
                assertThat(order).extracting(e -> e.json().path("status").asString())
                        .containsExactly("COMPLETED", "ABORTED", "ABORTED");
            }
            api.delete("/api/v1/sockets/" + socket);
        }
    }

    // C5: the finding: stats.sends counted only sends that started at once, and bytesSent read 0 while a
    // pending send had moved megabytes
    @Test
    void countersCountEveryAcceptedSendAndAPendingSendsProgress() throws Exception {
        Api api = new Api(port);
        try (LoopbackPeer peer = LoopbackPeer.paused()) {
            String socket = api.openTcp(peer.port(), "sendBufferBytes", 4096);
            Sends.accepted(api, socket, 8 << 20);
            for (int i = 0; i < 4; i++) {
                Sends.accepted(api, socket, 100);
            }
            var stats = api.get("/api/v1/sockets/" + socket).json().path("stats");
            assertThat(stats.path("sends").asLong()).isEqualTo(5);
            assertThat(stats.path("pendingOperations").asInt()).isEqualTo(5);
            long before = stats.path("bytesSent").asLong();
            assertThat(before).as("what the kernel took of the pending send already").isPositive();
            peer.drain();
            long deadline = System.nanoTime() + WITHIN.toNanos();
            long moved = before;
            while (System.nanoTime() < deadline && moved <= before) {
                Thread.sleep(10);
                moved = api.get("/api/v1/sockets/" + socket).json().path("stats").path("bytesSent").asLong();
            }
            assertThat(moved).as("bytesSent grows while the head is still moving").isGreaterThan(before);
            api.delete("/api/v1/sockets/" + socket);
        }
    }
}
