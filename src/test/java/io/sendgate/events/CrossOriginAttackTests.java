package io.sendgate.events;

import com.sun.net.httpserver.HttpServer;
import io.sendgate.api.EventStreams;
import io.sendgate.core.Waits;
import io.sendgate.testing.Api;
import io.sendgate.testing.Chromium;
import io.sendgate.testing.TcpPeer;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * C35, C36 in real headless Chromium: a page served from another origin on loopback tries every request a
 * page can make without CORS against a socket connected to a recording peer, and the peer receives
 * nothing, the pool does not change, and the attacker holds no event stream and no wait. A page reaching
 * the service through a name rebound to 127.0.0.1 gets a problem detail, not the page or the pool.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CrossOriginAttackTests {
    private static final Duration WITHIN = Duration.ofSeconds(20);
    /** How long the peer is watched after the attack pages said they fired: beacons go out on their own time. */
    private static final Duration QUIET = Duration.ofMillis(1500);
    private static final String FIRED = "attacker: fired";

    @LocalServerPort
    int port;

    @Autowired
    EventStreams streams;

    @Autowired
    Waits waits;

    // C36 (and C35 for the names): pages of 127.0.0.1 and localhost on another port, against the service under
    // both names: same-site and cross-site, each with every write, every read that would hold a place.
    @Test
    void aPageOfAnotherOriginOnLoopbackMakesTheServiceDoNothing() throws Exception {
        Api api = new Api(port);
        try (Chromium chromium = Chromium.start(); HttpServerHandle attacker = HttpServerHandle.serving("attacker.html");
             TcpPeer recording = TcpPeer.listening(); TcpPeer stuck = TcpPeer.listening()) {
            String socket = api.openTcp(recording.port());
            recording.accept().startReading();
            String held = api.openTcp(stuck.port(), "sendBufferBytes", TcpPeer.SMALL_BUFFER);
            stuck.accept();
            long pending = pendingSend(api, held, 256 * 1024);
            long queued = pendingSend(api, held, 1);
            try {
                Set<String> poolBefore = socketIds(api);
                Set<Long> streamsBefore = streamIds();
                Map<Waits.Kind, Integer> waitsBefore = waitsInProgress();

                WebDriver browser = chromium.driver();
                List<String> reports = new ArrayList<>();
                for (String page : List.of("127.0.0.1", "localhost")) {
                    for (String target : List.of("127.0.0.1", "localhost")) {
                        String base = "http://" + target + ":" + port;
                        String url = "http://" + page + ":" + attacker.port() + "/attack?base=" + encode(base)
                                + "&socket=" + socket + "&stuck=" + held + "&op=" + pending + "&port=" + recording.port();
                        browser.switchTo().newWindow(WindowType.TAB).get(url);
                        new WebDriverWait(browser, WITHIN).until(ExpectedConditions.titleIs(FIRED));
                        Object results = ((JavascriptExecutor) browser).executeScript("return JSON.stringify(window.results)");
                        reports.add("page http://" + page + ":" + attacker.port() + " -> " + base + ": " + results);
                        // C36: the preflight of a DELETE is refused, so the browser never sends the DELETE itself
                        assertThat(String.valueOf(results)).as(reports.get(reports.size() - 1))
                                .contains("\"cors delete\":\"refused by the browser");
                    }
                }
                String seen = String.join("\n", reports);

                // C36: every attack page is still open (its reads still running), and nothing happened.
                byte[] received = recording.awaitBytes(1, QUIET);
                assertThat(received).as("bytes the peer received from the attack pages\n" + seen).isEmpty();
                JsonNode target = api.get("/api/v1/sockets/" + socket).json();
                assertThat(target.path("state").asString()).isEqualTo("CONNECTED");
                assertThat(target.path("stats").path("sends").asLong()).as(seen).isZero();
                JsonNode stuckNow = api.get("/api/v1/sockets/" + held).json();
                assertThat(stuckNow.path("state").asString()).as(seen).isEqualTo("CONNECTED");
                assertThat(stuckNow.path("stats").path("sends").asLong()).as(seen).isEqualTo(2);
                assertThat(stuckNow.path("stats").path("abortedOperations").asLong()).as(seen).isZero();
                assertThat(status(api, pending)).as(seen).isEqualTo("PENDING");
                assertThat(status(api, queued)).as("the queued send, which a cancel would abort\n" + seen).isEqualTo("PENDING");
                assertThat(socketIds(api)).as("the pool: no socket opened, none closed\n" + seen)
                        .contains(socket, held).isSubsetOf(poolBefore);
                // C36, C38: nothing the attack pages left running holds a place: no stream, no wait
                assertThat(streamIds()).as("event streams opened by the attack pages\n" + seen)
                        .isSubsetOf(streamsBefore);
                waitsBefore.forEach((kind, before) -> assertThat(waits.inProgress(kind))
                        .as("%s waits in progress\n%s", kind, seen).isLessThanOrEqualTo(before));

                // The peer records what does reach it: a send through the API arrives, byte for byte.
                byte[] legit = "sent by the API".getBytes(StandardCharsets.US_ASCII);
                assertThat(api.send(socket, legit).status()).isIn(200, 202);
                assertThat(recording.awaitBytes(legit.length, WITHIN)).isEqualTo(legit);

                // The service still serves its own page: same origin, the pool and the live stream.
                browser.switchTo().newWindow(WindowType.TAB).get("http://127.0.0.1:" + port + "/");
                WebDriverWait wait = new WebDriverWait(browser, WITHIN);
                wait.until(ExpectedConditions.attributeToBe(By.id("stream-state"), "data-state", "live"));
                wait.until(ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector("#sockets tr[data-socket-id='" + socket + "']"), "CONNECTED"));
            } finally {
                api.delete("/api/v1/sockets/" + socket);
                api.delete("/api/v1/sockets/" + held);
            }
        }
    }

    // C35: DNS rebinding. The browser resolves a name of the attacker's to 127.0.0.1 and sends that name in
    // Host: the service answers 403 with a problem detail, neither its page nor its pool.
    @Test
    void aNameReboundToLoopbackGetsAProblemDetailInTheBrowser() {
        try (Chromium chromium = Chromium.start("--host-resolver-rules=MAP rebind.example 127.0.0.1")) {
            WebDriver browser = chromium.driver();
            for (String path : List.of("/", "/api/v1/sockets", "/swagger-ui.html")) {
                browser.get("http://rebind.example:" + port + path);
                String source = browser.getPageSource();
                assertThat(source).as(path).contains("\"status\":403", "WSAEACCES", "sendgate.allowed-hosts", "rebind.example")
                        .doesNotContain("sendgate · live", "login-section", "remoteHost", "swagger-ui-bundle");
            }
        }
    }

    private static long pendingSend(Api api, String socket, int bytes) {
        Api.Reply r = api.send(socket, new byte[bytes]);
        assertThat(r.status()).as("a send that stays pending: %s", r).isEqualTo(202);
        return r.json().get("id").asLong();
    }

    private static String status(Api api, long operation) {
        return api.get("/api/v1/operations/" + operation).json().path("status").asString();
    }

    private static Set<String> socketIds(Api api) {
        Set<String> ids = new TreeSet<>();
        api.get("/api/v1/sockets").json().forEach(s -> ids.add(s.path("id").asString()));
        return ids;
    }

    private Set<Long> streamIds() {
        return streams.list().stream().map(EventStreams.StreamInfo::id).collect(Collectors.toSet());
    }

    private Map<Waits.Kind, Integer> waitsInProgress() {
        Map<Waits.Kind, Integer> counts = new EnumMap<>(Waits.Kind.class);
        for (Waits.Kind kind : Waits.Kind.values()) {
            counts.put(kind, waits.inProgress(kind));
        }
        return counts;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The attacker's web server: one page from the test resources at /attack, on loopback, another port. */
    private static final class HttpServerHandle implements AutoCloseable {
        private final HttpServer server;

        private HttpServerHandle(HttpServer server) {
            this.server = server;
        }

        static HttpServerHandle serving(String resource) throws IOException {
            byte[] page;
            try (InputStream in = CrossOriginAttackTests.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing test resource " + resource);
                }
                page = in.readAllBytes();
            }
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                try (exchange) {
                    boolean found = exchange.getRequestURI().getPath().equals("/attack");
                    byte[] body = found ? page : new byte[0];
                    exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                    exchange.sendResponseHeaders(found ? 200 : 404, found ? body.length : -1);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            server.start();
            return new HttpServerHandle(server);
        }

        int port() {
            return server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
