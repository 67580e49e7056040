package io.sendgate.trust;

import io.sendgate.testing.Api;
import io.sendgate.testing.SseClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * C40: a listener on an allowlisted address accepted a peer from outside the allowlist, and a send reached
 * it. Here the allowlist is 127.0.0.1 alone, and a client that connects from 127.0.0.2 (loopback, but
 * outside it) is reset at once, never joins the pool, and is reported on the event stream; a caller
 * waiting to accept gets the next allowlisted connection instead.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = "sendgate.allowlist=127.0.0.1/32")
class RefusedPeerTests {
    private static final Duration WITHIN = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    @Test
    void aPeerOutsideTheAllowlistIsResetReportedAndNeverPooled() throws Exception {
        Api api = new Api(port);
        var listener = api.post("/api/v1/listeners", "{\"host\":\"127.0.0.1\",\"port\":0}");
        String id = listener.field("id");
        int listenPort = listener.json().path("localPort").asInt();
        int pooledBefore = api.get("/api/v1/sockets").json().size();
        try (SseClient events = SseClient.open(port, "/api/v1/events", null)) {
            HttpClient http = HttpClient.newHttpClient();
            CompletableFuture<HttpResponse<String>> accepting = http.sendAsync(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/v1/listeners/" + id + "/accept?timeoutMs=20000"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());

            int outsiderPort;
            try (Socket outsider = boundTo("127.0.0.2")) {
                outsiderPort = outsider.getLocalPort();
                // the service resets it, during the connect or at the first read, never data or an orderly end
                assertThat(resetWhenConnecting(outsider, listenPort)).isTrue();
            }
            SseClient.Event refused = nextNamed(events, "refused");
            assertThat(refused.json().path("listenerId").asString()).isEqualTo(id);
            assertThat(refused.json().path("remoteAddress").asString()).isEqualTo("127.0.0.2");
            assertThat(refused.json().path("remotePort").asInt()).isEqualTo(outsiderPort);
            assertThat(refused.json().path("detail").asString()).contains("sendgate.allowlist");
            assertThat(accepting).as("the caller still waits for an allowlisted peer").isNotDone();

            try (Socket insider = connectFrom("127.0.0.1", listenPort)) {
                HttpResponse<String> accepted = accepting.get(20, TimeUnit.SECONDS);
                assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
                var socket = Api.JSON.readTree(accepted.body());
                assertThat(socket.path("remotePort").asInt()).isEqualTo(insider.getLocalPort());
                assertThat(api.get("/api/v1/sockets").json().size()).isEqualTo(pooledBefore + 1);
                api.delete("/api/v1/sockets/" + socket.path("id").asString());
            }
        } finally {
            api.delete("/api/v1/listeners/" + id);
        }
    }

    @Test
    void outsidersAreResetAsTheyArriveEvenWithNoAcceptPosted() throws Exception {
        // C40: the finding: outsiders were reset only once an accept was posted; until then they held the
        // backlog, and 40 of them kept an allowlisted client from connecting at all
        Api api = new Api(port);
        var listener = api.post("/api/v1/listeners", "{\"host\":\"127.0.0.1\",\"port\":0,\"backlog\":4}");
        String id = listener.field("id");
        int listenPort = listener.json().path("localPort").asInt();
        try {
            for (int i = 0; i < 40; i++) {
                assertThat(resetWhenConnectingFrom("127.0.0.2", listenPort)).as("outsider %d reset with no accept posted", i)
                        .isTrue();
            }
            try (Socket insider = connectFrom("127.0.0.1", listenPort)) {
                var accepted = api.post("/api/v1/listeners/" + id + "/accept?timeoutMs=10000", "{}");
                assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
                assertThat(accepted.json().path("remotePort").asInt()).isEqualTo(insider.getLocalPort());
                api.delete("/api/v1/sockets/" + accepted.field("id"));
            }
        } finally {
            api.delete("/api/v1/listeners/" + id);
        }
    }

    /** A reset may come while the connect itself still finishes, or at the first read after it. */
    private static boolean resetWhenConnectingFrom(String local, int port) throws IOException {
        try (Socket s = boundTo(local)) {
            return resetWhenConnecting(s, port);
        }
    }

    private static boolean resetWhenConnecting(Socket s, int port) throws IOException {
        try {
            s.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 5000);
        } catch (SocketException reset) {
            return reset.getMessage() != null && reset.getMessage().toLowerCase().contains("reset");
        }
        return readsAReset(s);
    }

    private static Socket boundTo(String local) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(InetAddress.getByName(local), 0));
        s.setSoTimeout((int) WITHIN.toMillis());
        return s;
    }

    private static Socket connectFrom(String local, int port) throws IOException {
        Socket s = boundTo(local);
        s.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 5000);
        return s;
    }

    private static boolean readsAReset(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        try {
            int b = in.read();
            return false;
        } catch (SocketException reset) {
            return reset.getMessage() != null && reset.getMessage().toLowerCase().contains("reset");
        }
    }

    private static SseClient.Event nextNamed(SseClient events, String name) throws InterruptedException {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            SseClient.Event e = events.next(WITHIN);
            if (e != null && name.equals(e.name())) {
                return e;
            }
        }
        throw new AssertionError("no event '" + name + "' within " + WITHIN);
    }
}
