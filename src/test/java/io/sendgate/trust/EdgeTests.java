package io.sendgate.trust;

import io.sendgate.testing.Api;
import io.sendgate.testing.RawHttp;
import io.sendgate.testing.TcpPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import static io.sendgate.testing.ProblemAnswers.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The edge of the service against a page the user visits (C35, C36) and against the size of what a
 * request makes it hold however the path is spelled (C39). Requests go over raw sockets, because only
 * they can send the Host and Origin headers a browser under an attacker's control would.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = {"sendgate.limits.max-request-size=1MB", "sendgate.limits.max-control-request-size=4KB"})
class EdgeTests {
    @LocalServerPort
    int port;

    private Api api;
    private RawHttp raw;
    private TcpPeer peer;
    private String socket;

    @BeforeEach
    void connected() throws IOException {
        api = new Api(port);
        raw = new RawHttp(port);
        peer = TcpPeer.listening();
        socket = api.openTcp(peer.port());
        peer.accept().startReading();
    }

    @AfterEach
    void closeAll() throws IOException {
        api.delete("/api/v1/sockets/" + socket);
        peer.close();
    }

    // C35: the DNS rebinding of the finding: a page of attacker.example, its name now resolving to
    // 127.0.0.1, posts to what its browser believes is its own origin.
    @Test
    void aRequestForAnotherHostNameIsRefusedBeforeAnyWork() throws Exception {
        int before = api.get("/api/v1/sockets").json().size();
        try (ServerSocket target = new ServerSocket(0)) {
            target.setSoTimeout(300);
            String body = "{\"type\":\"TCP\",\"remoteHost\":\"127.0.0.1\",\"remotePort\":" + target.getLocalPort() + "}";
            RawHttp.Answer answer = raw.send(post("/api/v1/sockets", "attacker.example:" + port, null, "application/json", body));
            var problem = assertProblem(answer, 403, "WSAEACCES");
            assertThat(problem.path("detail").asString()).contains("attacker.example").contains("sendgate.allowed-hosts");
            assertThat(connectionCameIn(target)).as("no connection was attempted").isFalse();
        }
        assertThat(api.get("/api/v1/sockets").json().size()).isEqualTo(before);
        // the page itself and the health endpoint are refused to that name too
        assertProblem(raw.send(get("/", "attacker.example:" + port)), 403, "WSAEACCES");
        assertProblem(raw.send(get("/actuator/health", "attacker.example")), 403, "WSAEACCES");
    }

    @ParameterizedTest(name = "Host: {0}")
    @ValueSource(strings = {"localhost", "LOCALHOST.", "127.0.0.1", "127.3.2.1", "[::1]", "localhost:1"})
    void theServicesOwnNamesAreAnswered(String host) {
        // C35: localhost and the loopback literals, with or without a port
        RawHttp.Answer answer = raw.send(get("/api/v1/sockets/" + socket, host.contains(":") && !host.startsWith("[") ? host : host + ":" + port));
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
    }

    @ParameterizedTest(name = "Host: {0}")
    @ValueSource(strings = {"10.20.30.40.50", "999.999.999.999", "1.2.3.4.5", "127.0.0.0.1", "0x7f.1"})
    void aHostThatIsNoAddressIsANameAndNamesAreNeverLookedUp(String host) {
        // C35, C38: the finding: such a Host went to the resolver (a request thread waited on it, and a resolver
        // answering 127.0.0.1 let it in). Only spellings of an address are addresses; the rest are names.
        assertProblem(raw.send(get("/api/v1/sockets", host)), 403, "WSAEACCES");
    }

    @ParameterizedTest(name = "Host: {0}")
    @ValueSource(strings = {"192.0.2.1", "192.0.2.1:80", "10.20.30.40", "[2001:db8::1]:8080", "0.0.0.0"})
    void anAddressThatIsNotThisServicesIsRefused(String host) {
        // C35: a page may also reach the service through an address literal that routes to it
        assertProblem(raw.send(get("/api/v1/sockets", host)), 403, "WSAEACCES");
    }

    @Test
    void aNameThatResolvesToLoopbackIsStillOnlyAName() throws Exception {
        // C35, C38: this machine's own name resolves to a loopback address (Debian's /etc/hosts): were the Host
        // looked up, it would be let in
        String name = InetAddress.getLocalHost().getHostName();
        assumeTrue(!name.equalsIgnoreCase("localhost") && InetAddress.getByName(name).isLoopbackAddress(),
                "this machine's name does not resolve to loopback");
        assertProblem(raw.send(get("/api/v1/sockets", name + ":" + port)), 403, "WSAEACCES");
    }

    @Test
    void anEncodedBodyIsRefusedRatherThanSentAsItIs() throws Exception {
        // the finding: a gzip body was sent to the peer compressed, the caller having meant its decoded bytes
        String host = "127.0.0.1:" + port;
        RawHttp.Answer answer = raw.send("POST /api/v1/sockets/" + socket + "/sends HTTP/1.1\r\nHost: " + host
                + "\r\nContent-Type: application/octet-stream\r\nContent-Encoding: gzip\r\nContent-Length: 4\r\n"
                + "Connection: close\r\n\r\nabcd");
        assertProblem(answer, 415, "WSAEOPNOTSUPP");
        Thread.sleep(100);
        assertThat(peer.received()).isEmpty();
    }

    @Test
    void aRequestWithoutHostIsRefused() {
        // C35: HTTP/1.0 lets a client leave Host out; no browser does, so nothing is lost by refusing it
        RawHttp.Answer answer = raw.send("GET /api/v1/sockets HTTP/1.0\r\n\r\n");
        assertProblem(answer, 403, "WSAEACCES");
    }

    // C36: the cross-site "simple" requests of the finding: a form post and a body-less cancel, from a page of
    // another origin. Neither sends a byte or aborts anything.
    @Test
    void aForeignOriginChangesNothingWhateverItsContentType() throws Exception {
        String host = "127.0.0.1:" + port;
        String sends = "/api/v1/sockets/" + socket + "/sends";
        for (String[] typeAndBody : new String[][] {
                {"multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nPWNED\r\n--x--\r\n"},
                {"text/plain", "PWNED"},
                {"application/x-www-form-urlencoded", "a=PWNED"},
                {"application/octet-stream", "PWNED"},
                {"application/json", "{\"buffers\":[{\"text\":\"PWNED\"}]}"}}) {
            for (String origin : new String[] {"http://evil.example", "http://localhost:9", "null"}) {
                RawHttp.Answer answer = raw.send(post(sends, host, origin, typeAndBody[0], typeAndBody[1]));
                var problem = assertProblem(answer, 403, "WSAEACCES");
                assertThat(problem.path("detail").asString()).contains("sendgate.allowed-origins");
            }
        }
        assertProblem(raw.send(post("/api/v1/sockets/" + socket + "/cancel", host, "http://evil.example", null, null)),
                403, "WSAEACCES");
        assertProblem(raw.send(request("DELETE", "/api/v1/sockets/" + socket, host, "http://evil.example", null, null, null)),
                403, "WSAEACCES");
        // Sec-Fetch-Site alone (a browser that sent no Origin) is enough
        assertProblem(raw.send(request("POST", sends, host, null, "cross-site", "text/plain", "PWNED")), 403, "WSAEACCES");
        // a foreign page's read of the API that would hold a wait or an event stream
        assertProblem(raw.send(request("GET", "/api/v1/events", host, "http://evil.example", null, null, null)), 403, "WSAEACCES");
        assertProblem(raw.send(request("GET", "/api/v1/sockets", host, null, "cross-site", null, null)), 403, "WSAEACCES");

        Thread.sleep(200);
        assertThat(peer.received()).as("the peer received nothing").isEmpty();
        assertThat(api.get("/api/v1/sockets/" + socket).json().path("stats").path("sends").asLong()).isZero();
    }

    @Test
    void theServicesOwnPagesAndDirectCallsStillWork() throws Exception {
        // C36: the same origin (the live page, Swagger UI), a top-level navigation from another site, and a
        // client that sends no Origin at all (curl, test code) are all answered
        String host = "127.0.0.1:" + port;
        String sends = "/api/v1/sockets/" + socket + "/sends";
        RawHttp.Answer own = raw.send(post(sends, host, "http://" + host, "application/octet-stream", "own"));
        assertThat(own.status()).as(own.raw()).isEqualTo(200);
        assertThat(raw.send(request("GET", "/", host, null, "cross-site", null, null)).status()).isEqualTo(200);
        assertThat(raw.send(request("GET", "/api/v1/sockets", host, null, "none", null, null)).status()).isEqualTo(200);
        RawHttp.Answer navigate = raw.send("GET / HTTP/1.1\r\nHost: " + host
                + "\r\nSec-Fetch-Site: cross-site\r\nSec-Fetch-Mode: navigate\r\nSec-Fetch-Dest: document\r\nConnection: close\r\n\r\n");
        assertThat(navigate.status()).isEqualTo(200);
        assertThat(navigate.header("Content-Security-Policy")).isEqualTo("frame-ancestors 'self'");
        // an API address typed in the address bar is no site at all, and is answered
        RawHttp.Answer typed = raw.send("GET /api/v1/sockets HTTP/1.1\r\nHost: " + host
                + "\r\nSec-Fetch-Site: none\r\nSec-Fetch-Mode: navigate\r\nSec-Fetch-Dest: document\r\nConnection: close\r\n\r\n");
        assertThat(typed.status()).isEqualTo(200);
        // but another site may not send the browser there: a popup navigated to ?waitMs=300000 would hold a wait
        RawHttp.Answer sent = raw.send("GET /api/v1/sockets HTTP/1.1\r\nHost: " + host
                + "\r\nSec-Fetch-Site: cross-site\r\nSec-Fetch-Mode: navigate\r\nSec-Fetch-Dest: document\r\nConnection: close\r\n\r\n");
        assertProblem(sent, 403, "WSAEACCES");
        // the same navigation into another site's frame is refused: its scripts would act for that site
        RawHttp.Answer framed = raw.send("GET / HTTP/1.1\r\nHost: " + host
                + "\r\nSec-Fetch-Site: cross-site\r\nSec-Fetch-Mode: navigate\r\nSec-Fetch-Dest: iframe\r\nConnection: close\r\n\r\n");
        assertProblem(framed, 403, "WSAEACCES");
        // no CORS header is sent unless origins are configured
        assertThat(own.header("Access-Control-Allow-Origin")).isNull();
        assertThat(peer.awaitBytes(3, java.time.Duration.ofSeconds(5))).isEqualTo("own".getBytes(StandardCharsets.US_ASCII));
    }

    // C39: the finding's spellings of the path skipped the size check; the normalised path is what counts.
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/api/v1/sockets/SOCK/sends", "/api;x/v1/sockets/SOCK/sends", "/%61pi/v1/sockets/SOCK/sends",
            "/api/v1/sockets;a=b/SOCK/sends;c"})
    void everySpellingOfASendPathHasTheSameLimit(String path) throws Exception {
        String target = path.replace("SOCK", socket);
        String host = "127.0.0.1:" + port;
        // declared too large: refused before a byte is read
        RawHttp.Answer declared = raw.send(("POST " + target + " HTTP/1.1\r\nHost: " + host
                + "\r\nContent-Type: application/octet-stream\r\nContent-Length: 3000000\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        assertProblem(declared, 413, "WSAENOBUFS");
        // chunked past the limit: cut off when it passes it
        RawHttp.Answer chunked = raw.send(chunkedPost(target, host, "application/octet-stream", "", 3 << 20, ""));
        assertProblem(chunked, 413, "WSAENOBUFS");
        Thread.sleep(100);
        assertThat(peer.received()).isEmpty();
    }

    @Test
    void aControlBodyIsSmallWhateverItsPath() {
        // C39: bodies other than sends are parsed in the heap, so they are capped much lower
        String host = "127.0.0.1:" + port;
        String big = "{\"type\":\"TCP\",\"remoteHost\":\"" + "a".repeat(8000) + "\"}";
        for (String path : new String[] {"/api/v1/sockets", "/api;x/v1/sockets", "/%61pi/v1/sockets"}) {
            assertProblem(raw.send(post(path, host, null, "application/json", big)), 413, "WSAENOBUFS");
        }
        assertProblem(raw.send(chunkedPost("/api/v1/listeners", host, "application/json", "{\"host\":\"", 8000, "\"}")),
                413, "WSAENOBUFS");
        // a form body is read by the container itself, past the edge's bounded stream, for a call that takes parameters
        assertProblem(raw.send(chunkedPost("/api/v1/listeners/l-1/accept", host, "application/x-www-form-urlencoded",
                "a=", 8000, "")), 413, "WSAENOBUFS");
    }

    private static boolean connectionCameIn(ServerSocket target) throws IOException {
        try {
            target.accept().close();
            return true;
        } catch (SocketTimeoutException none) {
            return false;
        }
    }

    private static String get(String path, String host) {
        return "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
    }

    private static String post(String path, String host, String origin, String type, String body) {
        return request("POST", path, host, origin, null, type, body);
    }

    private static String request(String method, String path, String host, String origin, String fetchSite, String type,
                                  String body) {
        StringBuilder r = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\n");
        if (origin != null) {
            r.append("Origin: ").append(origin).append("\r\n");
        }
        if (fetchSite != null) {
            r.append("Sec-Fetch-Site: ").append(fetchSite).append("\r\n");
        }
        if (type != null) {
            r.append("Content-Type: ").append(type).append("\r\n");
        }
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        r.append("Content-Length: ").append(bytes.length).append("\r\nConnection: close\r\n\r\n");
        return r + (body == null ? "" : body);
    }

    /** A chunked body: {@code head}, then {@code total} bytes of filler, then {@code tail}. */
    private static byte[] chunkedPost(String path, String host, String type, String head, int total, String tail) {
        StringBuilder r = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: " + type
                + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
        if (!head.isEmpty()) {
            r.append(Integer.toHexString(head.length())).append("\r\n").append(head).append("\r\n");
        }
        String chunk = "x".repeat(4096);
        for (int sent = 0; sent < total; sent += chunk.length()) {
            r.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        if (!tail.isEmpty()) {
            r.append(Integer.toHexString(tail.length())).append("\r\n").append(tail).append("\r\n");
        }
        return r.append("0\r\n\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
