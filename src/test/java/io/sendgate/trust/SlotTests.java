package io.sendgate.trust;

import io.sendgate.api.EventStreams;
import io.sendgate.core.Waits;
import io.sendgate.testing.Api;
import io.sendgate.testing.RawHttp;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.sendgate.testing.ProblemAnswers.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * C38: every kind of wait is bounded in number with a clear refusal beyond the bound, and a slot is freed
 * the moment what held it ends: a HEAD of the event stream never takes one, and a stream whose client
 * went away gives its slot back at once (within a heartbeat or two, the only way Tomcat lets it be noticed).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = {"sendgate.limits.max-waits=3", "sendgate.events.max-subscribers=2",
        "sendgate.events.heartbeat=1s"})
class SlotTests {
    @LocalServerPort
    int port;

    @Autowired
    Waits waits;

    @Autowired
    EventStreams streams;

    @Test
    void waitsBeyondTheirBoundAreRefusedClearlyAndAdmittedAgainOnceOthersEnd() throws Exception {
        Api api = new Api(port);
        HttpClient http = HttpClient.newHttpClient();
        String listener = api.post("/api/v1/listeners", "{\"host\":\"127.0.0.1\",\"port\":0}").field("id");
        List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waiting.add(http.sendAsync(accept(listener, 30_000), HttpResponse.BodyHandlers.ofString()));
        }
        StarvationTests.awaitUntil(() -> waits.inProgress(Waits.Kind.ACCEPT) == 3, "three accepts waiting");
        var refused = api.post("/api/v1/listeners/" + listener + "/accept?timeoutMs=30000", "{}");
        var problem = assertProblem(refused, 429, "WSAEWOULDBLOCK");
        assertThat(problem.path("detail").asString()).contains("sendgate.limits.max-waits");
        // the other kinds have bounds of their own
        var operationWait = api.post("/api/v1/operations/wait", "{\"operationIds\":[999999],\"timeoutMs\":10}");
        assertThat(operationWait.status()).isNotEqualTo(429);

        api.delete("/api/v1/listeners/" + listener);
        for (var w : waiting) {
            assertThat(w.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(409);
        }
        assertThat(waits.inProgress(Waits.Kind.ACCEPT)).isZero();
        String again = api.post("/api/v1/listeners", "{\"host\":\"127.0.0.1\",\"port\":0}").field("id");
        var timedOut = api.post("/api/v1/listeners/" + again + "/accept?timeoutMs=50", "{}");
        assertProblem(timedOut, 504, "WSAETIMEDOUT");
        api.delete("/api/v1/listeners/" + again);
    }

    /** A stream an earlier test closed may still hold its slot for a heartbeat or two. */
    @org.junit.jupiter.api.BeforeEach
    void noStreamLeft() throws InterruptedException {
        StarvationTests.awaitUntil(() -> streams.list().isEmpty(), "earlier tests' streams gone");
    }

    @Test
    void anOpenRefusedAtOnceGivesItsWaitAndPoolSlotsBack() throws Exception {
        // C38, C34: a refused open must not keep the place it took; with three places, five refusals would
        // otherwise leave the next valid open refused for good
        Api api = new Api(port);
        for (int i = 0; i < 5; i++) {
            assertProblem(api.post("/api/v1/sockets", "{\"type\":\"TCP\",\"remoteHost\":\"\",\"remotePort\":1}"), 400, "WSAEINVAL");
            assertProblem(api.post("/api/v1/sockets", "{\"type\":\"TCP\",\"remoteHost\":\"127.0.0.1\",\"remotePort\":0}"),
                    400, "WSAEADDRNOTAVAIL");
        }
        assertThat(waits.inProgress(Waits.Kind.CONNECT)).isZero();
        var opened = api.post("/api/v1/sockets", "{\"type\":\"UDP\",\"remoteHost\":\"127.0.0.1\",\"remotePort\":9}");
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        api.delete("/api/v1/sockets/" + opened.field("id"));
    }

    @Test
    void aHeadOfTheEventStreamTakesNoSlot() throws Exception {
        // the finding: 64 HEADs disabled event streams until restart
        RawHttp raw = new RawHttp(port);
        for (int i = 0; i < 10; i++) {
            RawHttp.Answer head = raw.send("HEAD /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n");
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.contentType()).startsWith("text/event-stream");
        }
        assertThat(streams.list()).isEmpty();
        try (Socket stream = openStream()) {
            assertThat(streams.list()).hasSize(1);
        }
    }

    @Test
    void aClientThatGoesAwayGivesItsSlotBack() throws Exception {
        // the finding: a client that disconnected held its slot about 30 s
        Socket first = openStream();
        try (Socket second = openStream()) {
            assertThat(streams.list()).hasSize(2);
            RawHttp.Answer third = new RawHttp(port).get("/api/v1/events");
            assertProblem(third, 503, "WSAEMFILE");

            long t0 = System.nanoTime();
            first.close();
            StarvationTests.awaitUntil(() -> streams.list().size() == 1, "the gone client's slot freed");
            long freedMs = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("C38: a stream whose client went away gave its slot back after %d ms%n", freedMs);
            try (Socket replacement = openStream()) {
                assertThat(streams.list()).hasSize(2);
            }
        }
    }

    /** An event stream over a raw connection, open once its answer's head arrived. */
    private Socket openStream() throws Exception {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(10_000);
        OutputStream out = s.getOutputStream();
        out.write(("GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        InputStream in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("the stream closed before its head: " + head);
            }
            head.append((char) b);
        }
        assertThat(head.toString()).startsWith("HTTP/1.1 200");
        return s;
    }

    private HttpRequest accept(String listener, long timeoutMs) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/listeners/" + listener
                + "/accept?timeoutMs=" + timeoutMs)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build();
    }
}
