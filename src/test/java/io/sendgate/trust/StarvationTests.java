package io.sendgate.trust;

import io.sendgate.core.Waits;
import io.sendgate.testing.Api;
import io.sendgate.testing.TcpPeer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * C38: no client can freeze the service. Before waits held no thread, about 200 long waits took every
 * Tomcat thread, and health, reads, DELETE and sends stopped answering. Here 250 accepts, 250 bounded
 * waits on an operation and 250 blocking sends on a stalled socket are in progress at once; the service
 * answers everything else, and every wait ends with its own answer once what it waits on ends.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StarvationTests {
    private static final int EACH = 250;
    private static final Duration BOUND = Duration.ofSeconds(60);

    @LocalServerPort
    int port;

    @Autowired
    Waits waits;

    @Test
    void withHundredsOfWaitsInProgressTheServiceAnswersEverythingElse() throws Exception {
        Api api = new Api(port);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        try (TcpPeer stalledForOverlapped = TcpPeer.listening(); TcpPeer stalledForBlocking = TcpPeer.listening();
             TcpPeer healthy = TcpPeer.listening()) {
            // an operation that stays pending: its peer does not read
            String overlapped = api.openTcp(stalledForOverlapped.port(), "sendBufferBytes", 4096);
            stalledForOverlapped.accept();
            Api.Reply pending = api.send(overlapped, new byte[4 << 20]);
            assertThat(pending.status()).isEqualTo(202);
            long operation = pending.json().path("id").asLong();
            // blocking sends that stay blocked: their peer does not read, and there is no send timeout
            String blocking = api.openTcp(stalledForBlocking.port(), "overlapped", false, "sendBufferBytes", 4096);
            stalledForBlocking.accept();
            String listener = api.post("/api/v1/listeners", "{\"host\":\"127.0.0.1\",\"port\":0}").field("id");

            String payload = "{\"buffers\":[{\"base64\":\"" + Base64.getEncoder().encodeToString(new byte[1 << 20]) + "\"}]}";
            List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
            for (int i = 0; i < EACH; i++) {
                waiting.add(http.sendAsync(post("/api/v1/listeners/" + listener + "/accept?timeoutMs=60000", "{}"),
                        HttpResponse.BodyHandlers.ofString()));
                waiting.add(http.sendAsync(get("/api/v1/operations/" + operation + "?waitMs=60000"),
                        HttpResponse.BodyHandlers.ofString()));
                waiting.add(http.sendAsync(post("/api/v1/sockets/" + blocking + "/sends", payload),
                        HttpResponse.BodyHandlers.ofString()));
            }
            awaitUntil(() -> waits.inProgress(Waits.Kind.ACCEPT) >= EACH && waits.inProgress(Waits.Kind.OPERATION) >= EACH
                    && waits.inProgress(Waits.Kind.BLOCKING_SEND) >= EACH, "every wait in progress");

            // everything else is still answered, each timed for the record (the bound is only a hang guard)
            long t0 = System.nanoTime();
            Api.Reply health = api.get("/actuator/health");
            long healthMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.field("status")).isEqualTo("UP");
            assertThat(api.get("/api/v1/sockets").status()).isEqualTo(200);
            String fresh = api.openTcp(healthy.port());
            healthy.accept().startReading();
            assertThat(api.send(fresh, "still here".getBytes()).status()).isEqualTo(200);
            assertThat(healthy.awaitBytes(10, Duration.ofSeconds(10))).isEqualTo("still here".getBytes());
            assertThat(api.post("/api/v1/sockets/" + overlapped + "/cancel", "").status()).isEqualTo(200);
            assertThat(api.delete("/api/v1/sockets/" + fresh).status()).isEqualTo(200);
            System.out.printf("C38: with %d waits in progress, health answered in %d ms%n", 3 * EACH, healthMs);

            // what they wait on ends, and each wait answers as it should
            assertThat(api.delete("/api/v1/listeners/" + listener).status()).isEqualTo(200);
            assertThat(api.delete("/api/v1/sockets/" + blocking).status()).isEqualTo(200);
            assertThat(api.delete("/api/v1/sockets/" + overlapped).status()).isEqualTo(200);
            int accepts = 0;
            int polls = 0;
            int sends = 0;
            for (CompletableFuture<HttpResponse<String>> w : waiting) {
                HttpResponse<String> r = w.get(BOUND.toSeconds(), TimeUnit.SECONDS);
                String path = r.request().uri().getPath();
                if (path.endsWith("/accept")) {
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
                    assertThat(Api.JSON.readTree(r.body()).path("wsaError").asString()).isEqualTo("WSAEINTR");
                    accepts++;
                } else if (path.startsWith("/api/v1/operations/")) {
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                    assertThat(Api.JSON.readTree(r.body()).path("status").asString()).isEqualTo("ABORTED");
                    polls++;
                } else {
                    assertThat(r.statusCode()).as(r.body()).isIn(200, 409);
                    if (r.statusCode() == 409) {
                        assertThat(Api.JSON.readTree(r.body()).path("wsaError").asString()).isIn("WSAEINTR", "WSAECONNABORTED");
                    }
                    sends++;
                }
            }
            assertThat(accepts).isEqualTo(EACH);
            assertThat(polls).isEqualTo(EACH);
            assertThat(sends).isEqualTo(EACH);
            // (other tests of this context may still have name lookups in progress: only these kinds were used here)
            for (Waits.Kind kind : new Waits.Kind[] {Waits.Kind.ACCEPT, Waits.Kind.OPERATION, Waits.Kind.BLOCKING_SEND}) {
                assertThat(waits.inProgress(kind)).as(kind.name()).isZero();
            }
        }
    }

    private HttpRequest post(String path, String json) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(BOUND)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(BOUND).GET().build();
    }

    static void awaitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + BOUND + ": " + what);
            }
            Thread.sleep(20);
        }
    }
}
