package io.sendgate.api;

import io.sendgate.testing.Api;
import io.sendgate.testing.SseClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;

import static io.sendgate.testing.ProblemAnswers.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * IPv6 addresses are shown in RFC 5952's canonical form ({@code ::1}, never {@code 0:0:0:0:0:0:0:1})
 * wherever the service shows one: sockets, listeners, events and problem details. Real sockets on ::1.
 */
class Ipv6AddressTests extends ServiceTest {
    private static final Duration EVENT_WITHIN = Duration.ofSeconds(20);

    // Sockets and listeners, opened, accepted and listed, show ::1.
    @Test
    void socketsAndListenersOnIpv6LoopbackShowTheCanonicalAddress() throws Exception {
        Api.Reply listener = api.post("/api/v1/listeners", Map.of("host", "0:0:0:0:0:0:0:1", "port", 0));
        assertThat(listener.status()).as(listener.toString()).isEqualTo(201);
        assertThat(listener.field("localAddress")).isEqualTo("::1");
        String listenerId = listener.field("id");
        int port = listener.json().get("localPort").asInt();
        assertThat(api.get("/api/v1/listeners/" + listenerId).field("localAddress")).isEqualTo("::1");

        Api.Reply opened = api.post("/api/v1/sockets", Map.of("type", "TCP", "remoteHost", "::1", "remotePort", port));
        assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
        assertThat(opened.field("remoteAddress")).isEqualTo("::1");
        assertThat(opened.field("localAddress")).isEqualTo("::1");

        Api.Reply accepted = api.post("/api/v1/listeners/" + listenerId + "/accept?timeoutMs=5000", Map.of());
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(201);
        assertThat(accepted.field("localAddress")).isEqualTo("::1");
        assertThat(accepted.field("remoteAddress")).isEqualTo("::1");
        assertThat(accepted.json().get("remotePort").asInt()).isEqualTo(opened.json().get("localPort").asInt());

        String listed = api.get("/api/v1/sockets").body() + api.get("/api/v1/listeners").body();
        assertThat(listed).contains("\"::1\"").doesNotContain("0:0:0:0");
        api.delete("/api/v1/sockets/" + opened.field("id"));
        api.delete("/api/v1/sockets/" + accepted.field("id"));
        api.delete("/api/v1/listeners/" + listenerId);
    }

    // The accepted event of an auto-accepting listener shows the peer's and the socket's addresses as ::1.
    @Test
    void acceptedEventsShowTheCanonicalAddress() throws Exception {
        Api.Reply listener = api.post("/api/v1/listeners", Map.of("host", "::1", "port", 0, "autoAccept", true));
        assertThat(listener.status()).as(listener.toString()).isEqualTo(201);
        String listenerId = listener.field("id");
        try (SseClient events = SseClient.open(port, "/api/v1/events", null);
             Socket peer = new Socket()) {
            assertThat(events.status()).isEqualTo(200);
            peer.connect(new InetSocketAddress(InetAddress.getByName("::1"), listener.json().get("localPort").asInt()), 10_000);
            SseClient.Event accepted;
            do {
                accepted = events.next(EVENT_WITHIN);
                assertThat(accepted).isNotNull();
            } while (!"accepted".equals(accepted.name()));
            JsonNode data = accepted.json();
            assertThat(data.get("remoteAddress").asString()).isEqualTo("::1");
            assertThat(data.get("remotePort").asInt()).isEqualTo(peer.getLocalPort());
            assertThat(data.get("socket").get("localAddress").asString()).isEqualTo("::1");
            assertThat(data.get("socket").get("remoteAddress").asString()).isEqualTo("::1");
            assertThat(accepted.data()).doesNotContain("0:0:0:0");
            api.delete("/api/v1/sockets/" + data.get("socketId").asString());
        } finally {
            api.delete("/api/v1/listeners/" + listenerId);
        }
    }

    // Problem details name IPv6 addresses the same way: a refused connect, and an address outside the allowlist.
    @Test
    void problemDetailsShowTheCanonicalAddress() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            closed = s.getLocalPort();
        }
        JsonNode refused = assertProblem(api.post("/api/v1/sockets",
                Map.of("type", "TCP", "remoteHost", "0:0:0:0:0:0:0:1", "remotePort", closed)), 502, "WSAECONNREFUSED");
        assertThat(refused.get("detail").asString()).contains("[::1]:" + closed).doesNotContain("0:0:0:0");

        JsonNode outside = assertProblem(api.post("/api/v1/sockets",
                Map.of("type", "TCP", "remoteHost", "0:0:0:0:0:0:0:2", "remotePort", 9)), 403, "WSAEACCES");
        assertThat(outside.get("detail").asString()).contains("(::2)");
    }
}
