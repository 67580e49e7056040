package io.sendgate.api;

import io.sendgate.testing.TcpPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.time.Duration;
import java.util.stream.Stream;

import static io.sendgate.testing.ProblemAnswers.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Bad input gets a problem detail with a WSA code and a 4xx, never a 500, and sends nothing (C24,
 * C29, C34); its detail names no Java type (C40). {@code SOCK} in a path stands for a real connected socket.
 */
class MalformedInputTests extends ServiceTest {
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
                arguments(sends + "?overlapped=a&overlapped=b", "application/octet-stream", "x",
                        "Query parameter 'overlapped' must be true or false, not 'a,b'"),
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

    private long sends() {
        return api.get("/api/v1/sockets/" + socket).json().path("stats").path("sends").asLong();
    }
}
