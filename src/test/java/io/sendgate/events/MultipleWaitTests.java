package io.sendgate.events;

import io.sendgate.testing.Api;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** POST /api/v1/operations/wait as WSAWaitForMultipleEvents (C16), with operations a peer keeps pending. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "sendgate.limits.max-wait=1m")
class MultipleWaitTests {
    /** Far more than a 4 KB send buffer and a peer's 4 KB receive window hold: pending until the peer reads. */
    private static final int LARGE = 256 * 1024;

    @LocalServerPort
    int port;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    // C16: waitAny with nothing ended runs out and says so; waitAny then returns once the peer drains.
    @Test
    void waitAnyTimesOutThenReturnsWhenOneEnds() throws Exception {
        try (LoopbackPeer peer = LoopbackPeer.paused()) {
            String socket = api.openTcp(peer.port(), "sendBufferBytes", 4096);
            List<Long> ops = pendingSends(socket, 3);

            JsonNode timedOut = waitFor(ops, false, 200).json();
            assertThat(timedOut.get("timedOut").asBoolean()).isTrue();
            assertThat(timedOut.get("completed")).isEmpty();
            assertThat(ids(timedOut.get("pending"))).containsExactlyElementsOf(ops);

            CompletableFuture<Api.Reply> waiting = CompletableFuture.supplyAsync(() -> waitFor(ops, false, 30_000));
            peer.drain();
            JsonNode any = waiting.get(60, TimeUnit.SECONDS).json();
            assertThat(any.get("timedOut").asBoolean()).isFalse();
            assertThat(ids(any.get("completed"))).isNotEmpty().isSubsetOf(ops);
        }
    }

    // C16: waitAll returns when every one has ended, all listed as completed.
    @Test
    void waitAllReturnsWhenAllHaveEnded() throws Exception {
        try (LoopbackPeer peer = LoopbackPeer.paused()) {
            String socket = api.openTcp(peer.port(), "sendBufferBytes", 4096);
            List<Long> ops = pendingSends(socket, 4);
            CompletableFuture<Api.Reply> waiting = CompletableFuture.supplyAsync(() -> waitFor(ops, true, 30_000));
            peer.drain();
            Api.Reply all = waiting.get(60, TimeUnit.SECONDS);
            assertThat(all.status()).isEqualTo(200);
            assertThat(all.json().get("timedOut").asBoolean()).isFalse();
            assertThat(ids(all.json().get("completed"))).containsExactlyElementsOf(ops);
            assertThat(all.json().get("pending")).isEmpty();
            for (long op : ops) {
                assertThat(api.get("/api/v1/operations/" + op).json().get("status").asString()).isEqualTo("COMPLETED");
            }
        }
    }

    // C16: waitAll that runs out lists what did end; waitAny over one already ended answers at once.
    @Test
    void waitAllTimeoutListsWhatEnded() throws Exception {
        try (LoopbackPeer stuck = LoopbackPeer.paused(); LoopbackPeer reading = LoopbackPeer.draining()) {
            long done = Sends.accepted(api, api.openTcp(reading.port(), "sendBufferBytes", 65536), 10);
            long pending = pendingSends(api.openTcp(stuck.port(), "sendBufferBytes", 4096), 1).get(0);

            JsonNode all = waitFor(List.of(pending, done), true, 200).json();
            assertThat(all.get("timedOut").asBoolean()).isTrue();
            assertThat(ids(all.get("completed"))).containsExactly(done);
            assertThat(ids(all.get("pending"))).containsExactly(pending);

            JsonNode any = waitFor(List.of(pending, done), false, 30_000).json();
            assertThat(any.get("timedOut").asBoolean()).isFalse();
            assertThat(ids(any.get("completed"))).containsExactly(done);
        }
    }

    // C16, C24, C34: malformed waits are problem details with WSAEINVAL; unknown ids WSA_INVALID_HANDLE.
    @Test
    void malformedWaitsAreRefused() throws Exception {
        assertProblem(api.post("/api/v1/operations/wait", Map.of("operationIds", List.of())), 400, "WSAEINVAL");
        assertProblem(api.post("/api/v1/operations/wait", Map.of("timeoutMs", 10)), 400, "WSAEINVAL");
        assertProblem(waitFor(List.of(1L), false, -1), 400, "WSAEINVAL");
        assertProblem(waitFor(List.of(1L), false, 3_600_000), 400, "WSAEINVAL");
        assertProblem(waitFor(LongStream.rangeClosed(1, 65).boxed().toList(), false, 10), 400, "WSAEINVAL");
        assertProblem(waitFor(List.of(999_999L), false, 10), 404, "WSA_INVALID_HANDLE");
        // a field of the wrong type is an invalid argument, like any other (C40)
        assertProblem(api.post("/api/v1/operations/wait", Map.of("operationIds", "x")), 400, "WSAEINVAL");
    }

    private static void assertProblem(Api.Reply a, int status, String wsaError) {
        assertThat(a.status()).isEqualTo(status);
        assertThat(a.json().get("wsaError").asString()).isEqualTo(wsaError);
    }

    private List<Long> pendingSends(String socket, int n) throws Exception {
        List<Long> ops = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Api.Reply a = api.send(socket, new byte[LARGE]);
            assertThat(a.status()).as("pending: WSA_IO_PENDING").isEqualTo(202);
            ops.add(a.json().get("id").asLong());
        }
        return ops;
    }

    private Api.Reply waitFor(List<Long> ops, boolean all, long timeoutMs) {
        return api.post("/api/v1/operations/wait", Map.of("operationIds", ops, "waitAll", all, "timeoutMs", timeoutMs));
    }

    private static List<Long> ids(JsonNode array) {
        List<Long> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asLong()));
        return out;
    }
}
