package io.sendgate.api;

import io.sendgate.testing.Bytes;
import io.sendgate.testing.RawHttp;
import io.sendgate.testing.TcpPeer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.sendgate.testing.ProblemAnswers.assertNoJavaType;
import static io.sendgate.testing.ProblemAnswers.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every error the service answers, from any layer, is the same kind of problem detail with a WSA code:
 * what Tomcat refuses before Spring MVC sees a request (through the error report valve), what it forwards
 * to /error, and what Spring MVC refuses (C24, C40). Malformed requests go over a raw socket, since
 * java.net.http will not send them.
 */
class ErrorPagesTests extends ServiceTest {
    private static final String HOST = "Host: 127.0.0.1\r\n";

    @Autowired
    ProblemAdvice advice;

    RawHttp raw;

    @BeforeEach
    void rawClient() {
        raw = new RawHttp(port);
    }

    static Stream<Arguments> requestsTomcatRefuses() {
        String close = "Connection: close\r\n\r\n";
        StringBuilder manyHeaders = new StringBuilder();
        for (int i = 0; i < 101; i++) {
            manyHeaders.append("X-H").append(i).append(": v\r\n");
        }
        return Stream.of(
                // C40: paths Tomcat will not decode or normalise
                arguments("GET /%zz HTTP/1.1\r\n" + HOST + close, 400, "WSAEINVAL", "malformed percent-escape at position 2"),
                arguments("GET /% HTTP/1.1\r\n" + HOST + close, 400, "WSAEINVAL", "malformed percent-escape at position 2"),
                arguments("GET /api/v1/sockets/a%c3%28 HTTP/1.1\r\n" + HOST + close, 400, "WSAEINVAL", "not UTF-8"),
                arguments("GET /api/v1/sockets/a%2Fb HTTP/1.1\r\n" + HOST + close, 400, "WSAEINVAL", "encoded slash"),
                arguments("GET /api/v1/sockets/a%5cb HTTP/1.1\r\n" + HOST + close, 400, "WSAEINVAL", "encoded slash"),
                arguments("GET /api/v1/sockets/a%00b HTTP/1.1\r\n" + HOST + close, 400, "WSAEINVAL", "NUL"),
                arguments("GET /..;/api/v1/sockets HTTP/1.1\r\n" + HOST + close, 400, "WSAEINVAL", "climbs above the root"),
                arguments("GET /../x HTTP/1.1\r\n" + HOST + close, 400, "WSAEINVAL", "climbs above the root"),
                // C40: request lines and headers Tomcat's parser refuses
                arguments("GET /a{b HTTP/1.1\r\n" + HOST + close, 400, "WSAEINVAL", "Invalid character found in the request target"),
                arguments("GET /a b HTTP/1.1\r\n" + HOST + close, 400, "WSAEINVAL", "not well-formed HTTP"),
                arguments("G@T / HTTP/1.1\r\n" + HOST + close, 400, "WSAEINVAL", "method name"),
                arguments("GARBAGE\r\n\r\n", 400, "WSAEINVAL", "not well-formed HTTP"),
                arguments("GET / HTTP/1.1\r\nHost: a b\r\n" + close, 400, "WSAEINVAL", "domain name"),
                arguments("GET / HTTP/1.1\r\nHost: [::1\r\n" + close, 400, "WSAEINVAL", "not well-formed HTTP"),
                arguments("GET / HTTP/1.1\r\n" + HOST + HOST + close, 400, "WSAEINVAL", "not well-formed HTTP"),
                arguments("GET / HTTP/1.1\r\n" + HOST + "Bad Header: x\r\n" + close, 400, "WSAEINVAL", "not well-formed HTTP"),
                arguments("GET / HTTP/1.1\r\n" + HOST + "X-Big: " + "a".repeat(20_000) + "\r\n" + close, 400, "WSAEINVAL", "too large"),
                arguments("GET / HTTP/1.1\r\n" + HOST + manyHeaders + close, 400, "WSAEINVAL", "number of headers"),
                arguments("GET /" + "a".repeat(20_000) + " HTTP/1.1\r\n" + HOST + close, 400, "WSAEINVAL", "not well-formed HTTP"),
                arguments("GET http://elsewhere.example/ HTTP/1.1\r\n" + HOST + close, 400, "WSAEINVAL", "not well-formed HTTP"),
                arguments("GET * HTTP/1.1\r\n" + HOST + close, 400, "WSAEINVAL", "not well-formed HTTP"),
                // C40: what Tomcat does not implement
                arguments("GET / HTTP/2.5\r\n" + HOST + close, 505, "WSAEOPNOTSUPP", "HTTP/1.1"),
                arguments("POST /api/v1/sockets HTTP/1.1\r\n" + HOST + "Transfer-Encoding: gzip\r\n" + close, 501, "WSAEOPNOTSUPP", "does not implement"),
                arguments("POST /api/v1/sockets HTTP/1.1\r\n" + HOST + "Expect: 100-maybe\r\nContent-Length: 2\r\n" + close + "{}",
                        417, "WSAEINVAL", "100-continue"),
                arguments("POST /api/v1/sockets HTTP/1.1\r\n" + HOST + "Content-Length: abc\r\n" + close, 400, "WSAEINVAL", "not well-formed HTTP"));
    }

    @ParameterizedTest(name = "{1} {2}: {0}")
    @MethodSource("requestsTomcatRefuses")
    void whatTomcatRefusesIsAProblemDetailNotAnHtmlPage(String request, int status, String wsa, String detail) {
        // C40
        RawHttp.Answer answer = raw.send(request);
        JsonNode problem = assertProblem(answer, status, wsa);
        assertThat(problem.path("detail").asString()).contains(detail);
    }

    @Test
    void theProblemFromEveryLayerHasTheSameMembersInTheSameOrder() {
        // C24, C40: the valve, a servlet filter, /error and Spring MVC's advice write one JSON shape
        List<String> valve = members(raw.send("GET /%zz HTTP/1.1\r\n" + HOST + "Connection: close\r\n\r\n").body());
        List<String> filter = members(raw.get("/api/v1/sockets?x=%zz").body());
        List<String> errorPage = members(raw.send("TRACE / HTTP/1.1\r\n" + HOST + "Connection: close\r\n\r\n").body());
        List<String> advice = members(api.get("/api/v1/sockets/s-0").body());
        List<String> expected = List.of("detail", "instance", "status", "title", "wsaError", "wsaCode");
        assertThat(valve).isEqualTo(expected);
        assertThat(filter).isEqualTo(expected);
        assertThat(errorPage).isEqualTo(expected);
        assertThat(advice).startsWith(expected.toArray(String[]::new));
    }

    @Test
    void anHttp09RequestGetsTheProblemAsItsWholeAnswer() {
        // C40: HTTP/0.9 has no status line or headers, so the JSON is all Tomcat can send; it has no Host
        // either, so the edge refuses it (C35) before anything looks for the path
        RawHttp.Answer answer = raw.send("GET /nothing\r\n\r\n");
        assertThat(answer.status()).isEqualTo(-1);
        assertThat(answer.body()).startsWith("{").contains("\"wsaError\":\"WSAEACCES\"").doesNotContain("<html");
    }

    @Test
    void anHttp2PrefaceIsClosedWithoutAnyAnswer() {
        // C40, what no hook can cover: Tomcat closes a prior-knowledge HTTP/2 connection before any valve runs
        RawHttp.Answer answer = raw.send("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
        assertThat(answer.status()).isEqualTo(-1);
        assertThat(answer.raw()).isEmpty();
    }

    @Test
    void errorAskedForDirectlyIsAnUnknownCall() {
        // C40: Boot answered status 999 here
        JsonNode problem = assertProblem(api.get("/error"), 404, "WSAEOPNOTSUPP");
        assertThat(problem.path("detail").asString()).isEqualTo("There is no call GET /error; see /swagger-ui.html");
        assertProblem(api.delete("/error"), 404, "WSAEOPNOTSUPP");
    }

    @Test
    void aBodyCutShortIsWsaefault() {
        // C29, C40: the connection ends before the announced length; Tomcat forwards the failure to /error
        RawHttp.Answer answer = raw.send("POST /api/v1/sockets HTTP/1.1\r\n" + HOST
                + "Content-Type: application/json\r\nContent-Length: 50\r\nConnection: close\r\n\r\n{\"type\":");
        JsonNode problem = assertProblem(answer, 400, "WSAEFAULT");
        assertThat(problem.path("detail").asString()).contains("broke off");
        assertThat(problem.path("instance").asString()).isEqualTo("/api/v1/sockets");
    }

    @Test
    void aBrokenChunkedBodyIsWsaefault() {
        // C29, C40
        RawHttp.Answer answer = raw.send("POST /api/v1/sockets HTTP/1.1\r\n" + HOST + "Content-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");
        assertProblem(answer, 400, "WSAEFAULT");
    }

    static Stream<Arguments> refusedCallsWhoseBodyThenBreaks() {
        String streamed = "POST /api/v1/sockets/s-0/sends?stream=true HTTP/1.1\r\n" + HOST
                + "Content-Type: application/octet-stream\r\n";
        String json = "POST /api/v1/sockets/s-0/sends HTTP/1.1\r\n" + HOST + "Content-Type: application/json\r\n";
        return Stream.of(
                arguments(streamed + "Content-Length: 100000\r\n\r\n" + "x".repeat(1000)),
                arguments(streamed + "Transfer-Encoding: chunked\r\n\r\n3e8\r\n" + "x".repeat(1000) + "\r\n"),
                arguments(streamed + "Transfer-Encoding: chunked\r\n\r\n3e8\r\n" + "x".repeat(1000) + "\r\nzz\r\n"),
                arguments(json + "Connection: close\r\nContent-Length: 100000\r\n\r\n{\"buffers\": [{\"text\": \"abc"));
    }

    @ParameterizedTest
    @MethodSource("refusedCallsWhoseBodyThenBreaks")
    void aRefusalIsTheWholeAnswerWhenTheRestOfTheBodyNeverComes(String request) {
        // C24, C40: the call is refused before its body is read; what is left of the body is then read and dropped,
        // and breaks off there (the client half-closed, or a chunk is malformed), which Tomcat reported as a failure
        // of a request already answered: /error's problem followed the refusal in the same body, which never ended
        RawHttp.Answer answer = raw.send(request);
        assertThat(answer.raw().split("(?m)^HTTP/1\\.1 ", -1)).as(answer.raw()).hasSize(2);
        assertThat(answer.body().split("\"wsaError\"", -1)).as(answer.raw()).hasSize(2);
        assertThat(answer.raw()).as("the answer's last chunk").endsWith("\r\n0\r\n\r\n");
        assertProblem(answer, 404, "WSAENOTSOCK");
    }

    @Test
    void traceIsAnUnknownCall() {
        // C40: Tomcat refuses TRACE itself and forwards to /error
        JsonNode problem = assertProblem(raw.send("TRACE /api/v1/sockets HTTP/1.1\r\n" + HOST + "Connection: close\r\n\r\n"),
                405, "WSAEOPNOTSUPP");
        assertThat(problem.path("detail").asString()).startsWith("There is no call TRACE /api/v1/sockets");
    }

    @Test
    void tooManyCookiesIsAProblem() {
        // C40: Tomcat refuses them while it maps the request, and forwards to /error
        RawHttp.Answer answer = raw.send("GET /api/v1/sockets HTTP/1.1\r\n" + HOST + "Cookie: " + "a=b; ".repeat(300)
                + "\r\nConnection: close\r\n\r\n");
        assertProblem(answer, 400, "WSAEINVAL");
    }

    @Test
    void unknownPathsAndMethodsNameTheCallAndHaveAWsaCode() {
        // C40: 404 and 405 had no wsaError; a browser asking for HTML gets the problem too
        JsonNode notFound = assertProblem(api.call(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/nothing/here"))
                .header("Accept", "text/html").GET()), 404, "WSAEOPNOTSUPP");
        assertThat(notFound.path("detail").asString()).isEqualTo("There is no call GET /nothing/here; see /swagger-ui.html");

        JsonNode apiNotFound = assertProblem(api.post("/api/v1/nothing", "{}"), 404, "WSAEOPNOTSUPP");
        assertThat(apiNotFound.path("detail").asString()).isEqualTo("There is no call POST /api/v1/nothing; see /swagger-ui.html");

        var wrongMethod = api.delete("/api/v1/listeners");
        JsonNode notAllowed = assertProblem(wrongMethod, 405, "WSAEOPNOTSUPP");
        assertThat(notAllowed.path("detail").asString()).startsWith("There is no call DELETE /api/v1/listeners")
                .contains("GET").contains("POST").endsWith("; see /swagger-ui.html");
        assertThat(wrongMethod.headers().firstValue("Allow")).isPresent();

        assertProblem(api.call(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/sockets"))
                .method("BREW", HttpRequest.BodyPublishers.noBody())), 405, "WSAEOPNOTSUPP");
    }

    @Test
    void anErrorAnsweredWithABareStatusIsAProblemToo() {
        // C40: actuator answers an unknown health group with a 404 and no body, which no layer described
        JsonNode problem = assertProblem(api.get("/actuator/health/nope"), 404, "WSAEOPNOTSUPP");
        assertThat(problem.path("detail").asString()).isEqualTo("There is no call GET /actuator/health/nope; see /swagger-ui.html");
    }

    @Test
    void optionsDescribesAPathWhateverItsQuery() {
        // C40: the query was checked against Spring's own OPTIONS handler: "Unknown query parameter 'timeoutMs';
        // this call takes none", of a path that takes it
        var reply = api.call(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/listeners/l-1/accept?timeoutMs=1"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.headers().firstValue("Allow")).hasValueSatisfying(allow -> assertThat(allow).contains("POST"));
    }

    @Test
    void otherSpringRejectionsKeepWsaeinval() {
        // C24: 415 and 406 are invalid arguments
        assertProblem(api.raw("/api/v1/sockets", "text/plain", "x".getBytes()), 415, "WSAEINVAL");
        assertProblem(api.call(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/sockets"))
                .header("Accept", "image/png").GET()), 406, "WSAEINVAL");
    }

    static Stream<String> malformedQueries() {
        return Stream.of("/api/v1/operations/1?x=%zz", "/api/v1/operations/1?waitMs=%zz", "/api/v1/events?socketId=%4",
                "/api/v1/sockets?x=%zz", "/api/v1/listeners/l-1/accept?timeoutMs=%ff", "/nothing?x=%zz", "/?x=%zz");
    }

    @ParameterizedTest
    @MethodSource("malformedQueries")
    void aMalformedPercentEscapeInTheQueryIsA400OnAnyPath(String target) {
        // C40: Tomcat's lazy parameter parsing threw from inside the controller's argument resolution: a 500
        for (String method : List.of("GET", "POST")) {
            RawHttp.Answer answer = raw.send(method + " " + target + " HTTP/1.1\r\n" + HOST
                    + "Content-Type: application/octet-stream\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            JsonNode problem = assertProblem(answer, 400, "WSAEINVAL");
            assertThat(problem.path("detail").asString()).startsWith("The query string has a malformed percent-escape at position ");
        }
    }

    @Test
    void aMalformedFormBodyIsA400() {
        // C40: Tomcat parses a form body when a call first reads a parameter, and threw from there: a 500
        var reply = api.raw("/api/v1/listeners/l-1/accept?timeoutMs=1", "application/x-www-form-urlencoded", "a=%zz".getBytes());
        assertThat(assertProblem(reply, 400, "WSAEINVAL").path("detail").asString()).contains("malformed percent-escape");
    }

    @Test
    void theQueryPositionPointsAtTheEscape() {
        // C40
        JsonNode problem = assertProblem(raw.get("/api/v1/operations/1?waitMs=5&x=%zz"), 400, "WSAEINVAL");
        assertThat(problem.path("detail").asString()).isEqualTo("The query string has a malformed percent-escape at position 12");
    }

    @Test
    void anUnknownQueryParameterIsRefusedWithTheClosestName() throws Exception {
        // C40: ?flag=MSG_OOB was silently ignored, sending without the flag the caller meant
        try (TcpPeer peer = TcpPeer.listening()) {
            String id = api.openTcp(peer.port());
            peer.accept().startReading();
            var reply = api.raw("/api/v1/sockets/" + id + "/sends?flag=MSG_OOB", "application/octet-stream", new byte[] {1, 2});
            JsonNode problem = assertProblem(reply, 400, "WSAEINVAL");
            assertThat(problem.path("detail").asString()).isEqualTo("Unknown query parameter 'flag'; did you mean 'flags'?");
            // a JSON send takes its flags in the body
            var json = api.post("/api/v1/sockets/" + id + "/sends?flags=MSG_OOB", Map.of("buffers", List.of(Map.of("text", "a"))));
            assertThat(assertProblem(json, 400, "WSAEINVAL").path("detail").asString())
                    .isEqualTo("Unknown query parameter 'flags'; this call takes none");
            var far = api.get("/api/v1/operations/1?zzzzzz=1");
            assertThat(assertProblem(far, 400, "WSAEINVAL").path("detail").asString())
                    .isEqualTo("Unknown query parameter 'zzzzzz'; known: waitMs");
            Thread.sleep(50);
            assertThat(peer.received()).isEmpty();
            // the parameters it does take still work
            var sent = api.raw("/api/v1/sockets/" + id + "/sends?flags=MSG_DONTROUTE&overlapped=false", "application/octet-stream",
                    new byte[] {7});
            assertThat(sent.status()).as(sent.body()).isEqualTo(200);
            assertThat(peer.awaitBytes(1, Duration.ofSeconds(5))).containsExactly(7);
            api.delete("/api/v1/sockets/" + id);
        }
    }

    @Test
    void aMisspeltFieldIsRefusedAndOpensNothing() {
        // C40: this opened a blocking socket without a timeout
        int before = api.get("/api/v1/sockets").json().size();
        var reply = api.post("/api/v1/sockets",
                "{\"type\":\"UDP\",\"remoteHost\":\"127.0.0.1\",\"remotePort\":9,\"sendTimeoutMS\":500,\"nonblocking\":true}");
        JsonNode problem = assertProblem(reply, 400, "WSAEINVAL");
        assertThat(problem.path("detail").asString()).isEqualTo("Unknown field 'sendTimeoutMS'; did you mean 'sendTimeoutMs'?");
        assertThat(api.get("/api/v1/sockets").json().size()).isEqualTo(before);

        var nested = api.post("/api/v1/sockets/" + udpSocket() + "/sends", "{\"buffers\":[{\"txt\":\"a\"}]}");
        assertThat(assertProblem(nested, 400, "WSAEINVAL").path("detail").asString())
                .isEqualTo("Unknown field 'txt' in buffers[0]; did you mean 'text'?");
    }

    @Test
    void aRepeatedFieldIsRefused() {
        // C40: which of the two would win is not something a caller should have to guess
        var reply = api.post("/api/v1/sockets", "{\"type\":\"TCP\",\"type\":\"UDP\"}");
        assertThat(assertProblem(reply, 400, "WSAEINVAL").path("detail").asString())
                .isEqualTo("The field 'type' appears more than once (line 1, column 21)");
    }

    @Test
    void aThousandAndTwentyFourPartsAreSentInOrderAndOneMoreIsRefused() throws Exception {
        // C6, C34: Tomcat's own cap was 50 parts, refused as a misleading 413
        try (TcpPeer peer = TcpPeer.listening()) {
            String id = api.openTcp(peer.port());
            peer.accept().startReading();
            List<byte[]> parts = new ArrayList<>();
            for (int i = 0; i < 1024; i++) {
                parts.add(i % 9 == 0 ? new byte[0] : Bytes.random(1 + i % 40, i));
            }
            var reply = multipart(id, parts, i -> "form-data; name=\"p" + i + "\"; filename=\"p" + i + ".bin\"");
            assertThat(reply.status()).as(reply.body()).isIn(200, 202);
            assertThat(reply.json().path("bufferCount").asInt()).isEqualTo(1024);
            byte[] expected = Bytes.concat(parts.toArray(byte[][]::new));
            assertThat(peer.awaitBytes(expected.length, Duration.ofSeconds(20))).isEqualTo(expected);

            parts.add(new byte[] {1});
            var refused = multipart(id, parts, i -> "form-data; name=\"p" + i + "\"; filename=\"p" + i + ".bin\"");
            JsonNode problem = assertProblem(refused, 400, "WSAEINVAL");
            assertThat(problem.path("detail").asString())
                    .isEqualTo("A send carries at most 1024 buffers (sendgate.limits.max-buffers-per-send)");
            Thread.sleep(100);
            assertThat(peer.received()).hasSize(expected.length);
            api.delete("/api/v1/sockets/" + id);
        }
    }

    @Test
    void partsWithoutAFileNameCountAsPartsToo() throws Exception {
        // C6: a part without a filename is a form field to Tomcat, counted against its parameter limit
        try (TcpPeer peer = TcpPeer.listening()) {
            String id = api.openTcp(peer.port());
            peer.accept().startReading();
            List<byte[]> parts = new ArrayList<>();
            for (int i = 0; i < 1024; i++) {
                parts.add(new byte[] {(byte) i});
            }
            var reply = multipart(id, parts, i -> "form-data; name=\"p" + i + "\"");
            assertThat(reply.status()).as(reply.body()).isIn(200, 202);
            byte[] expected = Bytes.concat(parts.toArray(byte[][]::new));
            assertThat(peer.awaitBytes(expected.length, Duration.ofSeconds(20))).isEqualTo(expected);
            api.delete("/api/v1/sockets/" + id);
        }
    }

    @Test
    void anOverlongPartHeaderIsWsaefault() throws Exception {
        // C29, C40: on a socket of its own (a socket the pool does not hold is refused before the body is read)
        try (TcpPeer peer = TcpPeer.listening()) {
            String id = api.openTcp(peer.port());
            peer.accept();
            var reply = multipart(id, List.of(new byte[] {1}),
                    i -> "form-data; name=\"p\"; filename=\"" + "f".repeat(2000) + ".bin\"");
            JsonNode problem = assertProblem(reply, 400, "WSAEFAULT");
            assertThat(problem.path("detail").asString()).contains("server.tomcat.max-part-header-size");
            api.delete("/api/v1/sockets/" + id);
        }
    }

    @Test
    void aCharsetThatOnlyDecodesOrCannotWriteTheTextIsWsaefault() {
        // C29, C40: getBytes threw UnsupportedOperationException, a 500
        String socket = udpSocket();
        var decodeOnly = api.post("/api/v1/sockets/" + socket + "/sends", "{\"buffers\":[{\"text\":\"x\",\"charset\":\"ISO-2022-CN\"}]}");
        assertThat(assertProblem(decodeOnly, 400, "WSAEFAULT").path("detail").asString()).contains("ISO-2022-CN");
        var unmappable = api.post("/api/v1/sockets/" + socket + "/sends", "{\"buffers\":[{\"text\":\"h\u00e9\",\"charset\":\"US-ASCII\"}]}");
        assertThat(assertProblem(unmappable, 400, "WSAEFAULT").path("detail").asString()).contains("cannot encode");
    }

    @Test
    void theCatchAllNamesNoTypeAndPointsAtTheLog() {
        // C40
        var answer = advice.unexpected(new IllegalStateException("internal detail"));
        ProblemDetail problem = (ProblemDetail) answer.getBody();
        assertThat(answer.getStatusCode().value()).isEqualTo(500);
        assertThat(problem.getDetail()).isEqualTo("An unexpected failure; the service log has the details");
        assertThat(problem.getProperties()).containsEntry("wsaError", "WSASYSCALLFAILURE");
        assertNoJavaType(problem.getDetail());
    }

    /** A socket of the pool that needs no peer: UDP with a default peer (C2); refused sends never reach it. */
    private String udpSocket() {
        var reply = api.post("/api/v1/sockets", "{\"type\":\"UDP\",\"remoteHost\":\"127.0.0.1\",\"remotePort\":9}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.field("id");
    }

    private io.sendgate.testing.Api.Reply multipart(String socketId, List<byte[]> parts,
                                                    java.util.function.IntFunction<String> disposition) {
        String boundary = "sendgate-" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i < parts.size(); i++) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: " + disposition.apply(i)
                    + "\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            body.writeBytes(parts.get(i));
            body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return api.raw("/api/v1/sockets/" + socketId + "/sends", "multipart/form-data; boundary=" + boundary, body.toByteArray());
    }

    private static List<String> members(String json) {
        List<String> names = new ArrayList<>();
        io.sendgate.testing.Api.JSON.readTree(json).propertyNames().forEach(names::add);
        return names;
    }
}
