package io.sendgate.api;

import io.sendgate.testing.SseClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Listeners that accept by themselves (C45) and the events of receives and accepted connections (C46): a
 * fake server stood up in three calls, which a plain Java client talks to.
 */
class AutoAcceptTests extends ServiceTest {
    private static final Duration WITHIN = Duration.ofSeconds(20);

    @Test
    void aCapturingAutoAcceptingListenerIsAFakeServerAClientCanTalkTo() throws Exception {
        var listener = api.post("/api/v1/listeners", Map.of("host", "127.0.0.1", "port", 0, "autoAccept", true,
                "socket", Map.of("capture", true)));
        assertThat(listener.status()).as(listener.toString()).isEqualTo(201);
        assertThat(listener.json().path("autoAccept").asBoolean()).isTrue();
        String listenerId = listener.field("id");
        int listenerPort = listener.json().path("localPort").asInt();
        try (SseClient events = SseClient.open(port, "/api/v1/events", null);
             Socket client = new Socket(InetAddress.getLoopbackAddress(), listenerPort)) {
            OutputStream out = client.getOutputStream();
            out.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // C45, C46: the connection joined the pool by itself, and the stream says so with the new socket
            SseClient.Event accepted = next(events, "accepted");
            JsonNode data = accepted.json();
            assertThat(data.path("listenerId").asString()).isEqualTo(listenerId);
            String socketId = data.path("socketId").asString();
            assertThat(data.path("socket").path("id").asString()).isEqualTo(socketId);
            assertThat(data.path("socket").path("capture").asBoolean()).isTrue();
            assertThat(data.path("remotePort").asInt()).isEqualTo(client.getLocalPort());
            JsonNode socket = api.get("/api/v1/sockets/" + socketId).json();
            assertThat(socket.path("acceptedFrom").asString()).isEqualTo(listenerId);

            // C44 on an accepted socket: expect sees the client's request line
            var request = api.post("/api/v1/sockets/" + socketId + "/expect", Map.of("text", "\r\n\r\n", "timeoutMs", 20_000));
            assertThat(request.status()).as(request.toString()).isEqualTo(200);
            assertThat(request.json().path("text").asString()).startsWith("GET /health HTTP/1.1\r\n");
            // and a send answers it
            var answer = api.post("/api/v1/sockets/" + socketId + "/sends", Map.of("buffers", java.util.List.of(
                    Map.of("text", "HTTP/1.1 204 No Content\r\n\r\n"))));
            assertThat(answer.status()).isIn(200, 202);
            InputStream in = client.getInputStream();
            client.setSoTimeout(20_000);
            assertThat(new String(in.readNBytes(27), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 204 No Content\r\n\r\n");

            // C46: a receive's completion is a completion event of kind RECEIVE, with its bytes
            var second = api.post("/api/v1/listeners", Map.of("host", "127.0.0.1", "port", 0, "autoAccept", true));
            try (Socket other = new Socket(InetAddress.getLoopbackAddress(), second.json().path("localPort").asInt())) {
                SseClient.Event joined = next(events, "accepted");
                String plain = joined.json().path("socketId").asString();
                var receive = api.post("/api/v1/sockets/" + plain + "/receives", Map.of("bytes", 16));
                assertThat(receive.status()).isEqualTo(202);
                other.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
                SseClient.Event completion = next(events, "completion");
                assertThat(completion.json().path("kind").asString()).isEqualTo("RECEIVE");
                assertThat(completion.json().path("id").asLong()).isEqualTo(receive.json().path("id").asLong());
                assertThat(completion.json().path("data").asString()).isEqualTo("cGluZw==");

                // C46, C17: resuming after the accepted event replays the completion, with the same id
                try (SseClient resumed = SseClient.open(port, "/api/v1/events", joined.id())) {
                    SseClient.Event again = resumed.next(WITHIN);
                    assertThat(again.id()).isEqualTo(completion.id());
                    assertThat(again.json().path("kind").asString()).isEqualTo("RECEIVE");
                }
            }
        }
    }

    @Test
    void anAutoAcceptingListenerTakesNoAcceptCallsAndSocketNeedsAutoAccept() {
        var auto = api.post("/api/v1/listeners", Map.of("host", "127.0.0.1", "port", 0, "autoAccept", true));
        var refused = api.post("/api/v1/listeners/" + auto.field("id") + "/accept?timeoutMs=10", Map.of());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("detail").asString()).contains("accepts by itself");
        var misplaced = api.post("/api/v1/listeners", Map.of("host", "127.0.0.1", "port", 0, "socket", Map.of("capture", true)));
        assertThat(misplaced.status()).isEqualTo(400);
        assertThat(misplaced.json().path("wsaError").asString()).isEqualTo("WSAEINVAL");
    }

    /** The next event of this name; the context is shared, so other tests' events may come between. */
    private static SseClient.Event next(SseClient events, String name) throws InterruptedException {
        for (int i = 0; i < 1000; i++) {
            SseClient.Event e = events.next(WITHIN);
            assertThat(e).as("an event %s", name).isNotNull();
            if (e.name().equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no " + name + " event among the next 1000");
    }
}
