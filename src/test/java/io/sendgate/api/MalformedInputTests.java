package io.sendgate.api;

import io.sendgate.core.Waits;
import io.sendgate.testing.Bytes;
import io.sendgate.testing.TcpPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.sendgate.testing.ProblemAnswers.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Bad input gets a problem detail with a WSA code and a 4xx, never a 500, and sends nothing (C24,
 * C29, C34); its detail names no Java type (C40). {@code SOCK} in a path stands for a real connected socket.
 */
class MalformedInputTests extends ServiceTest {
    @Autowired
    Waits waits;

    private TcpPeer peer;
    private String socket;

    @BeforeEach
    void connected() throws IOException {
        peer = TcpPeer.listening();
        socket = api.openTcp(peer.port());
        peer.accept().startReading();
    }

    @AfterEach
    void closeAll() throws IOException {
        api.delete("/api/v1/sockets/" + socket);
        peer.close();
    }

    static Stream<Arguments> badRequests() {
        String sends = "/api/v1/sockets/SOCK/sends";
        return Stream.of(
                // C29: malformed buffer descriptions
                arguments(sends, "application/json", "{bad json", 400, "WSAEFAULT"),
                arguments(sends, "application/json", "{\"buffers\":[{\"base64\":\"%%%\"}]}", 400, "WSAEFAULT"),
                arguments(sends, "application/json", "{\"buffers\":[{\"base64\":\"QUJD=\"}]}", 400, "WSAEFAULT"),
                arguments(sends, "application/json", "{\"buffers\":[{\"hex\":\"abc\"}]}", 400, "WSAEFAULT"),
                arguments(sends, "application/json", "{\"buffers\":[{\"hex\":\"zz\"}]}", 400, "WSAEFAULT"),
                arguments(sends, "application/json", "{\"buffers\":[{\"hex\":\"00\",\"text\":\"a\"}]}", 400, "WSAEFAULT"),
                arguments(sends, "application/json", "{\"buffers\":[{}]}", 400, "WSAEFAULT"),
                arguments(sends, "application/json", "{\"buffers\":[null]}", 400, "WSAEFAULT"),
                arguments(sends, "application/json", "{\"buffers\":[]}", 400, "WSAEFAULT"),
                arguments(sends, "application/json", "{}", 400, "WSAEFAULT"),
                arguments(sends, "application/json", "", 400, "WSAEFAULT"),
                arguments(sends, "application/json", "[1,2]", 400, "WSAEFAULT"),
                arguments(sends, "application/json", "{\"buffers\":\"abc\"}", 400, "WSAEFAULT"),
                arguments(sends, "application/json", "{\"buffers\":[{\"text\":\"a\",\"charset\":\"NOPE-9\"}]}", 400, "WSAEFAULT"),
                arguments(sends, "multipart/form-data; boundary=x", "garbage", 400, "WSAEFAULT"),
                arguments(sends, "application/json", "{\"buffers\":[{\"text\":\"x\",\"charset\":\"ISO-2022-CN\"}]}", 400, "WSAEFAULT"),
                arguments(sends, "application/json", "{\"buffers\":[{\"text\":{}}]}", 400, "WSAEFAULT"),
                arguments(sends, "application/json", "{\"buffers\":[{\"text\":\"a\"}]", 400, "WSAEFAULT"),
                arguments(sends, "application/json", " ", 400, "WSAEFAULT"),
                // C40: fields the call does not know, or gives twice
                arguments(sends, "application/json", "{\"buffers\":[{\"text\":\"a\"}],\"flag\":[\"MSG_OOB\"]}", 400, "WSAEINVAL"),
                arguments(sends, "application/json", "{\"buffers\":[{\"txt\":\"a\"}]}", 400, "WSAEINVAL"),
                arguments(sends, "application/json", "{\"buffers\":[{\"text\":\"a\"}],\"overlapped\":true,\"overlapped\":false}", 400, "WSAEINVAL"),
                arguments(sends, "application/json", "{\"buffers\":[{\"text\":\"a\"}],\"overlapped\":\"maybe\"}", 400, "WSAEINVAL"),
                arguments(sends + "?flag=MSG_OOB", "application/octet-stream", "x", 400, "WSAEINVAL"),
                // C10: unknown flags
                arguments(sends, "application/json", "{\"buffers\":[{\"text\":\"a\"}],\"flags\":[\"MSG_PEEK\"]}", 400, "WSAEINVAL"),
                arguments(sends, "application/json", "{\"buffers\":[{\"text\":\"a\"}],\"flags\":[null]}", 400, "WSAEINVAL"),
                arguments(sends + "?flags=42", "application/octet-stream", "x", 400, "WSAEINVAL"),
                arguments(sends + "?overlapped=maybe", "application/octet-stream", "x", 400, "WSAEINVAL"),
                arguments(sends + "?overlapped=a&overlapped=b", "application/octet-stream", "x", 400, "WSAEINVAL"),
                arguments(sends + "?overlapped=false&overlapped=true", "application/octet-stream", "x", 400, "WSAEINVAL"),
                arguments(sends, "text/plain", "x", 415, "WSAEINVAL"),
                // unknown ids
                arguments("/api/v1/sockets/s-999999/sends", "application/json", "{\"buffers\":[{\"text\":\"a\"}]}", 404, "WSAENOTSOCK"),
                arguments("/api/v1/sockets/nope/cancel", "application/json", "{}", 404, "WSAENOTSOCK"),
                arguments("/api/v1/listeners/l-999999/accept?timeoutMs=1", "application/json", "{}", 404, "WSAENOTSOCK"),
                // C34: numbers out of range
                arguments("/api/v1/sockets", "application/json", "{\"type\":\"TCP\",\"remoteHost\":\"127.0.0.1\",\"remotePort\":70000}", 400, "WSAEINVAL"),
                arguments("/api/v1/sockets", "application/json", "{\"type\":\"TCP\",\"remoteHost\":\"127.0.0.1\",\"remotePort\":-1}", 400, "WSAEINVAL"),
                arguments("/api/v1/sockets", "application/json", "{\"type\":\"TCP\",\"remoteHost\":\"127.0.0.1\",\"remotePort\":99999999999}", 400, "WSAEINVAL"),
                arguments("/api/v1/sockets", "application/json", "{\"type\":\"UDP\",\"remoteHost\":\"127.0.0.1\"}", 400, "WSAEADDRNOTAVAIL"),
                // an empty name was taken as the local host (then 502); a caller who sent one meant something else
                arguments("/api/v1/sockets", "application/json", "{\"type\":\"TCP\",\"remoteHost\":\"\",\"remotePort\":1}", 400, "WSAEINVAL"),
                arguments("/api/v1/sockets", "application/json", "{\"type\":\"UDP\",\"remoteHost\":\"  \",\"remotePort\":9}", 400, "WSAEINVAL"),
                arguments("/api/v1/sockets", "application/json", "{\"type\":\"TCP\",\"remoteHost\":\"a b\",\"remotePort\":1}", 400, "WSAEINVAL"),
                arguments("/api/v1/sockets", "application/json", "{\"type\":\"SCTP\"}", 400, "WSAEINVAL"),
                arguments("/api/v1/sockets", "application/json", "{}", 400, "WSAEINVAL"),
                arguments("/api/v1/sockets", "application/json", "{\"type\":\"TCP\",\"remotePort\":\"abc\"}", 400, "WSAEINVAL"),
                arguments("/api/v1/sockets", "application/json", "{\"type\":\"TCP\",\"remotePort\":[1]}", 400, "WSAEINVAL"),
                arguments("/api/v1/sockets", "application/json", "{\"type\":\"TCP\",\"nonblocking\":true}", 400, "WSAEINVAL"),
                arguments("/api/v1/sockets", "application/json", "{\"type\":\"TCP\",\"remotePort\":" + "9".repeat(1200) + "}", 400, "WSAEINVAL"),
                arguments("/api/v1/operations/wait", "application/json", "{\"operationIds\":[\"x\"]}", 400, "WSAEINVAL"),
                arguments("/api/v1/sockets", "application/json", "{\"type\":\"TCP\",\"sendTimeoutMs\":-5}", 400, "WSAEINVAL"),
                arguments("/api/v1/sockets", "application/json", "{\"type\":\"TCP\",\"sendBufferBytes\":-5}", 400, "WSAEINVAL"),
                arguments("/api/v1/sockets", "application/json", "{\"type\":\"TCP\",\"remoteHost\":\"no-such-host.invalid\",\"remotePort\":1}", 400, "WSAHOST_NOT_FOUND"),
                arguments("/api/v1/listeners", "application/json", "{\"host\":\"127.0.0.1\",\"port\":0,\"backlog\":0}", 400, "WSAEINVAL"),
                arguments("/api/v1/listeners", "application/json", "{\"host\":\"127.0.0.1\",\"port\":65536}", 400, "WSAEINVAL"),
                arguments("/api/v1/listeners", "application/json", "{\"port\":0}", 400, "WSAEINVAL"),
                arguments("/api/v1/sockets/SOCK/shutdown", "application/json", "{\"how\":\"SD_SIDEWAYS\"}", 400, "WSAEINVAL"),
                // C40: an enum is named, not numbered ({"how":1} shut the send side down), and 1.5 is not a port
                arguments("/api/v1/sockets/SOCK/shutdown", "application/json", "{\"how\":1}", 400, "WSAEINVAL"),
                arguments("/api/v1/sockets", "application/json", "{\"type\":1,\"remoteHost\":\"127.0.0.1\",\"remotePort\":9}", 400, "WSAEINVAL"),
                arguments("/api/v1/sockets", "application/json", "{\"type\":\"TCP\",\"remoteHost\":\"127.0.0.1\",\"remotePort\":1.5}", 400, "WSAEINVAL"),
                arguments("/api/v1/sockets/SOCK/shutdown", "application/json", "{}", 400, "WSAEINVAL"));
    }

    @ParameterizedTest(name = "{0} {2} -> {3} {4}")
    @MethodSource("badRequests")
    void badInputIsAProblemDetailWithAWsaCodeAndSendsNothing(String path, String type, String body, int status, String wsa)
            throws InterruptedException {
        long sendsBefore = sends();
        var reply = api.raw(path.replace("SOCK", socket), type, body.getBytes());
        // C40: also no Java type name in the detail, and never HTML
        assertProblem(reply, status, wsa);
        assertThat(sends()).isEqualTo(sendsBefore);
        Thread.sleep(20);
        assertThat(peer.received()).isEmpty();
    }

    static Stream<Arguments> badQueries() {
        return Stream.of(
                arguments("/api/v1/operations/abc", 400, "WSAEINVAL"),
                arguments("/api/v1/operations/999999999", 404, "WSA_INVALID_HANDLE"),
                arguments("/api/v1/operations/-1", 404, "WSA_INVALID_HANDLE"),
                arguments("/api/v1/operations/1?waitMs=-1", 400, "WSAEINVAL"),
                arguments("/api/v1/operations/1?waitMs=99999999999", 400, "WSAEINVAL"),
                arguments("/api/v1/sockets/s-0", 404, "WSAENOTSOCK"),
                arguments("/api/v1/listeners/x", 404, "WSAENOTSOCK"));
    }

    @ParameterizedTest(name = "GET {0} -> {1} {2}")
    @MethodSource("badQueries")
    void badLookupsAreProblemDetails(String path, int status, String wsa) {
        // operation 1 exists in this context once any test sent; make sure one does
        api.send(socket, new byte[] {1});
        var reply = api.get(path);
        assertProblem(reply, status, wsa);
    }

    static Stream<Arguments> sentences() {
        String sends = "/api/v1/sockets/SOCK/sends";
        return Stream.of(
                // C40: details say what was wrong in the caller's terms, from the structure of the failure
                arguments("/api/v1/sockets", "application/json", "{\"type\":\"TCP\",\"remoteHost\":\"127.0.0.1\",\"remotePort\":99999999999}",
                        "'remotePort' must be an integer from -2147483648 to 2147483647, not 99999999999"),
                arguments("/api/v1/sockets", "application/json", "{\"type\":\"SCTP\"}", "'type' must be one of TCP, UDP, not 'SCTP'"),
                arguments("/api/v1/sockets", "application/json", "{\"type\":\"TCP\",\"remotePort\":true}",
                        "'remotePort' must be an integer from -2147483648 to 2147483647, not true"),
                arguments("/api/v1/sockets", "application/json", "{\"type\":\"TCP\",\"nonblocking\":true}",
                        "Unknown field 'nonblocking'; did you mean 'nonBlocking'?"),
                arguments("/api/v1/sockets/SOCK/shutdown", "application/json", "{\"how\":\"SD_SIDEWAYS\"}",
                        "'how' must be one of SD_RECEIVE, SD_SEND, SD_BOTH, not 'SD_SIDEWAYS'"),
                // a send's JSON body is read by the service's own streaming reader (C39)
                arguments(sends, "application/json", "{\"buffers\":\"abc\"}",
                        "'buffers' must be a non-empty array of buffers such as [{\"text\": \"Hello\"}], not a string (line 1, column 12)"),
                arguments(sends, "application/json", "[1,2]",
                        "The body must be a JSON object such as {\"buffers\": [{\"text\": \"Hello\"}]}, not an array (line 1, column 1)"),
                arguments(sends, "application/json", "{\"buffers\":[{\"text\":{}}]}",
                        "buffers[0].text must be a string, not an object (line 1, column 21)"),
                arguments(sends, "application/json", "{\"buffers\":[{\"text\":\"a\"}],\"overlapped\":\"maybe\"}",
                        "'overlapped' must be true, false or null, not a string (line 1, column 40)"),
                arguments(sends, "application/json", "{\"buffers\":[{\"text\":\"a\"}]",
                        "The body is not valid JSON at line 1, column 26: expected ',' or '}', found the end of the body"),
                arguments(sends, "application/json", "{bad json",
                        "The body is not valid JSON at line 1, column 2: expected a field name in double quotes, found 'b'"),
                arguments(sends, "application/json", "", "The body is empty; a send is a JSON object such as {\"buffers\": [{\"text\": \"Hello\"}]}"),
                // every other call's body goes through Jackson
                arguments("/api/v1/listeners", "application/json", "{\"host\":\"127.0.0.1\"", "The request body ends before its JSON does (line 1, column 20)"),
                arguments("/api/v1/listeners", "application/json", "{bad json", "The request body is not JSON: Unexpected character ('b' (code 98)): "
                        + "was expecting double-quote to start property name (line 1, column 2)"),
                arguments("/api/v1/listeners", "application/json", "", "The request body is missing; this call takes a JSON object"),
                arguments("/api/v1/operations/wait", "application/json", "{\"operationIds\":[1],\"waitAll\":\"maybe\"}",
                        "'waitAll' must be true or false, not 'maybe'"),
                // C40: a parameter that takes one value, given twice, is refused before either is read
                arguments(sends + "?overlapped=a&overlapped=b", "application/octet-stream", "x",
                        "Query parameter 'overlapped' is given more than once; it takes one value"),
                arguments(sends + "?overlapped=false&overlapped=true", "application/octet-stream", "x",
                        "Query parameter 'overlapped' is given more than once; it takes one value"),
                arguments(sends + "?overlapped=maybe", "application/octet-stream", "x",
                        "Query parameter 'overlapped' must be true or false, not 'maybe'"),
                arguments("/api/v1/listeners/l-1/accept?timeoutMs=soon", "application/json", "{}",
                        "Query parameter 'timeoutMs' must be an integer from -9223372036854775808 to 9223372036854775807, not 'soon'"));
    }

    @ParameterizedTest(name = "{0} {2} -> {3}")
    @MethodSource("sentences")
    void detailsSayWhatWasWrongInTheCallersTerms(String path, String type, String body, String detail) {
        var reply = api.raw(path.replace("SOCK", socket), type, body.getBytes());
        assertThat(reply.json().path("detail").asString()).as(reply.body()).isEqualTo(detail);
    }

    @org.junit.jupiter.api.Test
    void aLookupWithAWrongTypeSaysWhatTheIdMustBe() {
        // C40: the path parameter, the type in words, the value given
        var reply = api.get("/api/v1/operations/abc");
        assertThat(assertProblem(reply, 400, "WSAEINVAL").path("detail").asString())
                .isEqualTo("Path parameter 'operationId' must be an integer from -9223372036854775808 to 9223372036854775807, not 'abc'");
        var list = api.get("/api/v1/events?operationId=1&operationId=x");
        assertThat(assertProblem(list, 400, "WSAEINVAL").path("detail").asString())
                .startsWith("Query parameter 'operationId' must be an integer from");
    }

    @org.junit.jupiter.api.Test
    void aHostRefusedAtOnceGivesItsConnectWaitAndPoolSlotBack() {
        // C34, C38: each of these took a connect wait and a pool slot and kept them, until every open was 429
        for (String host : List.of("", " ", "h".repeat(300), "\u00e9.invalid")) {
            var reply = api.post("/api/v1/sockets", Map.of("type", "TCP", "remoteHost", host, "remotePort", 9));
            assertProblem(reply, 400, "WSAEINVAL");
        }
        assertThat(waits.inProgress(Waits.Kind.CONNECT)).isZero();
    }

    @org.junit.jupiter.api.Test
    void aJsonBodyThatIsNotUtf8IsWsaefault() {
        // C29, C40: Jackson read the overlong C1 83 as 'C', and this opened a TCP socket
        byte[] overlong = Bytes.concat("{\"type\":\"T".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0xC1, (byte) 0x83},
                ("P\",\"remoteHost\":\"127.0.0.1\",\"remotePort\":" + peer.port() + "}").getBytes(StandardCharsets.US_ASCII));
        JsonNode problem = assertProblem(api.raw("/api/v1/sockets", "application/json", overlong), 400, "WSAEFAULT");
        assertThat(problem.path("detail").asString()).isEqualTo("The body is not valid UTF-8 at line 1, column 11: "
                + "byte 0xC1 cannot begin a character");
        byte[] beyond = Bytes.concat("{\"how\":\"SD_".getBytes(StandardCharsets.US_ASCII),
                new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, "\"}".getBytes(StandardCharsets.US_ASCII));
        assertProblem(api.raw("/api/v1/sockets/" + socket + "/shutdown", "application/json", beyond), 400, "WSAEFAULT");
    }

    @org.junit.jupiter.api.Test
    void aSecondJsonValueAfterTheBodyIsWsaefault() {
        // C29, C40: the detail was "The request body must be an object, not an object"
        var reply = api.raw("/api/v1/listeners", "application/json", "{\"host\":\"127.0.0.1\",\"port\":0}{}".getBytes());
        assertThat(assertProblem(reply, 400, "WSAEFAULT").path("detail").asString())
                .isEqualTo("The request body goes on after its JSON object (line 1, column 30)");
    }

    static Stream<Arguments> brokenMultipartBodies() {
        String a = "--b\r\nContent-Disposition: form-data; name=\"a\"; filename=\"a\"\r\n\r\nAAAA\r\n";
        String c = "--b\r\nContent-Disposition: form-data; name=\"c\"\r\n\r\nCCCC\r\n";
        return Stream.of(
                // C6, C29: the container's parser took each of these for a whole body, and sent fewer buffers
                arguments("cut right after a delimiter line", a + "--b", "malformed after part 1"),
                arguments("cut inside the closing delimiter", a + c + "--b-", "malformed after part 2"),
                arguments("garbage after a delimiter", a + "--bXY\r\n" + c + "--b--\r\n", "malformed after part 1"),
                arguments("a part that is not a form-data field", a + "--b\r\nContent-Type: text/plain\r\n\r\nBBBB\r\n" + c + "--b--\r\n",
                        "Part 2 is not a form-data field"),
                arguments("an attachment, not a field", "--b\r\nContent-Disposition: attachment; filename=\"x\"\r\n\r\nX\r\n" + c + "--b--\r\n",
                        "Part 1 is not a form-data field"),
                arguments("no part at all", "--b--\r\n", "at least one part"),
                arguments("cut inside a part", a + "--b\r\nContent-Disposition: form-data; name=\"c\"\r\n\r\nCC", "inside part 2"),
                arguments("cut inside the headers of a part", a + "--b\r\nContent-Disposition: form-d", "inside the headers of part 2"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenMultipartBodies")
    void aMultipartBodyThatIsNotWholeSendsNothing(String what, String body, String detail) throws InterruptedException {
        long sendsBefore = sends();
        var reply = api.raw("/api/v1/sockets/" + socket + "/sends", "multipart/form-data; boundary=b",
                body.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(assertProblem(reply, 400, "WSAEFAULT").path("detail").asString()).contains(detail);
        assertThat(sends()).isEqualTo(sendsBefore);
        Thread.sleep(20);
        assertThat(peer.received()).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void aWholeMultipartBodyStillSendsItsPartsInOrder() throws InterruptedException {
        // C6, C9: a preamble, parts with and without a file name, an empty part, an epilogue
        String body = "preamble\r\n--b\r\nContent-Disposition: form-data; name=\"a\"; filename=\"a\"\r\n\r\nAAAA\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"e\"\r\n\r\n\r\n"
                + "--b\r\ncontent-disposition: Form-Data; name=c\r\nContent-Type: text/plain\r\n\r\nCC\r\nCC\r\n--b--\r\nepilogue";
        var reply = api.raw("/api/v1/sockets/" + socket + "/sends", "multipart/form-data; boundary=\"b\"",
                body.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(reply.status()).as(reply.body()).isIn(200, 202);
        assertThat(reply.json().path("bufferCount").asInt()).isEqualTo(3);
        assertThat(peer.awaitBytes(10, Duration.ofSeconds(10))).isEqualTo("AAAACC\r\nCC".getBytes(StandardCharsets.US_ASCII));
    }

    private long sends() {
        return api.get("/api/v1/sockets/" + socket).json().path("stats").path("sends").asLong();
    }
}
