package io.sendgate.metrics;

import io.sendgate.testing.Api;
import io.sendgate.testing.SseClient;
import io.sendgate.testing.TcpPeer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * /actuator/prometheus: sendgate's own meters after real sends and receives on loopback, behind the API
 * token like the rest of /actuator. The context is this class's own (its token), so the counts are exact.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "sendgate.api-token=" + PrometheusTests.TOKEN)
class PrometheusTests {
    static final String TOKEN = "prometheus-tests-token-0123456789";
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    @LocalServerPort
    int port;

    // A send and a receive that complete, a send refused after SD_SEND and a receive aborted by closesocket
    // are counted by kind, outcome and Winsock code, with their bytes; the gauges read the pool as it is.
    @Test
    void sendsAndReceivesOnLoopbackAreCountedByOutcomeAndCode() throws Exception {
        Api api = Api.withToken(port, TOKEN);
        try (TcpPeer peer = TcpPeer.listening(); TcpPeer other = TcpPeer.listening()) {
            String s = api.openTcp(peer.port());
            peer.accept().startReading();
            long send = api.send(s, "hello".getBytes(StandardCharsets.US_ASCII)).json().get("id").asLong();
            assertThat(api.operation(send, 5000).get("status").asString()).isEqualTo("COMPLETED");
            peer.awaitBytes(5, java.time.Duration.ofSeconds(20));

            peer.write("abc".getBytes(StandardCharsets.US_ASCII));
            Api.Reply received = api.post("/api/v1/sockets/" + s + "/receives", Map.of("bytes", 3));
            long receive = received.json().get("id").asLong();
            assertThat(api.operation(receive, 5000).get("bytesTransferred").asLong()).isEqualTo(3);

            assertThat(api.post("/api/v1/sockets/" + s + "/shutdown", Map.of("how", "SD_SEND")).status()).isEqualTo(200);
            assertThat(api.send(s, new byte[] {1}).field("wsaError")).isEqualTo("WSAESHUTDOWN");

            String t = api.openTcp(other.port());
            other.accept();
            Api.Reply pending = api.post("/api/v1/sockets/" + t + "/receives", Map.of("bytes", 16));
            assertThat(pending.status()).isEqualTo(202);

            Map<String, Double> during;
            try (SseClient events = SseClient.open(port, "/api/v1/events", null, TOKEN)) {
                assertThat(events.status()).isEqualTo(200);
                during = scrape(api);
            }
            assertThat(during.get("sendgate_event_subscribers")).isEqualTo(1.0);
            assertThat(during.get("sendgate_operations_pending{kind=RECEIVE}")).isEqualTo(1.0);
            assertThat(during.get("sendgate_operations_pending{kind=SEND}")).isEqualTo(0.0);
            assertThat(during.get("sendgate_sockets{state=CONNECTED}")).isEqualTo(1.0);
            assertThat(during.get("sendgate_sockets{state=SHUTDOWN_SEND}")).isEqualTo(1.0);
            assertThat(during.get("sendgate_listeners")).isEqualTo(0.0);
            assertThat(during.get("sendgate_memory_held_bytes")).isGreaterThanOrEqualTo(16.0);

            api.delete("/api/v1/sockets/" + t);
            api.delete("/api/v1/sockets/" + s);
        }

        Map<String, Double> m = scrape(api);
        // Spring's per-request HTTP timer is off: it cost a share of every request, a small send's included
        assertThat(m.keySet()).noneMatch(name -> name.startsWith("http_server_requests"));
        assertThat(m.get("sendgate_operations_total{kind=SEND,outcome=COMPLETED,wsa_code=0,wsa_error=none}")).isEqualTo(1.0);
        assertThat(m.get("sendgate_operations_total{kind=RECEIVE,outcome=COMPLETED,wsa_code=0,wsa_error=none}")).isEqualTo(1.0);
        assertThat(m.get("sendgate_operations_total{kind=SEND,outcome=FAILED,wsa_code=10058,wsa_error=WSAESHUTDOWN}")).isEqualTo(1.0);
        assertThat(m.get("sendgate_operations_total{kind=RECEIVE,outcome=ABORTED,wsa_code=995,wsa_error=WSA_OPERATION_ABORTED}"))
                .isEqualTo(1.0);
        assertThat(m.get("sendgate_sent_bytes_total")).isEqualTo(5.0);
        assertThat(m.get("sendgate_received_bytes_total")).isEqualTo(3.0);
        assertThat(m.get("sendgate_operations_pending{kind=RECEIVE}")).isEqualTo(0.0);
        assertThat(m.get("sendgate_sockets{state=CONNECTED}")).isEqualTo(0.0);
        assertThat(m.get("sendgate_waits{kind=ACCEPT}")).isEqualTo(0.0);
        assertThat(m).containsKeys("sendgate_memory_held_limit_bytes", "sendgate_native_buffers_bytes{use=live}",
                "sendgate_native_buffers_bytes{use=cached}");
    }

    // C32, C37: with a token set, the metrics need it, as the API and health's details do; the bare health
    // status does not.
    @Test
    void metricsNeedTheToken() {
        Api anonymous = new Api(port);
        Api.Reply refused = anonymous.get("/actuator/prometheus");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.field("wsaError")).isEqualTo("WSAEACCES");
        assertThat(refused.body()).doesNotContain("sendgate_");
        assertThat(anonymous.call(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                .header("Authorization", "Bearer not-the-token-at-all-0000")).status()).isEqualTo(401);
        assertThat(anonymous.get("/actuator/health").status()).isEqualTo(200);
        assertThat(Api.withToken(port, TOKEN).get("/actuator/prometheus").status()).isEqualTo(200);
    }

    /** Every sample of the scrape, as {@code name{label=value,...}} (labels sorted) to its value. */
    private static Map<String, Double> scrape(Api api) {
        Api.Reply r = api.get("/actuator/prometheus");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/plain");
        Map<String, Double> samples = new HashMap<>();
        for (String line : r.body().split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertThat(m.matches()).as(line).isTrue();
            java.util.TreeMap<String, String> labels = new java.util.TreeMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            StringBuilder key = new StringBuilder(m.group(1));
            if (!labels.isEmpty()) {
                key.append('{');
                labels.forEach((k, v) -> key.append(key.charAt(key.length() - 1) == '{' ? "" : ",").append(k).append('=').append(v));
                key.append('}');
            }
            samples.put(key.toString(), Double.parseDouble(m.group(4)));
        }
        return samples;
    }
}
