package io.sendgate.api;

import io.sendgate.testing.TcpPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Bad input gets a problem detail with a WSA code and a 4xx, never a 500, and sends nothing (C24,
 * C29, C34). {@code SOCK} in a path stands for a real connected socket.
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
                // C10: unknown flags
                arguments(sends, "application/json", "{\"buffers\":[{\"text\":\"a\"}],\"flags\":[\"MSG_PEEK\"]}", 400, "WSAEINVAL"),
                arguments(sends, "application/json", "{\"buffers\":[{\"text\":\"a\"}],\"flags\":[null]}", 400, "WSAEINVAL"),
                arguments(sends + "?flags=42", "application/octet-stream", "x", 400, "WSAEINVAL"),
                arguments(sends + "?overlapped=maybe", "application/octet-stream", "x", 400, "WSAEINVAL"),
                arguments(sends, "text/plain", "x", 415, "WSAEINVAL"),
                // unknown ids
                arguments("/api/v1/sockets/s-999999/sends", "application/json", "{\"buffers\":[{\"text\":\"a\"}]}", 404, "WSAENOTSOCK"),
                arguments("/api/v1/sockets/nope/cancel", "application/json", "{}", 404, "WSAENOTSOCK"),
                arguments("/api/v1/listeners/l-999999/accept?timeoutMs=1", "application/json", "{}", 404, "WSAENOTSOCK"),
                // C34: numbers out of range
                arguments("/api/v1/sockets", "application/json", "{\"type\":\"TCP\",\"remoteHost\":\"127.0.0.1\",\"remotePort\":70000}", 400, "WSAEINVAL"),
                arguments("/api/v1/sockets", "application/json", "{\"type\":\"TCP\",\"remoteHost\":\"127.0.0.1\",\"remotePort\":-1}", 400, "WSAEINVAL"),
                arguments("/api/v1/sockets", "application/json", "{\"type\":\"TCP\",\"remoteHost\":\"127.0.0.1\",\"remotePort\":99999999999}", 400, "WSAEFAULT"),
                arguments("/api/v1/sockets", "application/json", "{\"type\":\"UDP\",\"remoteHost\":\"127.0.0.1\"}", 400, "WSAEADDRNOTAVAIL"),
                arguments("/api/v1/sockets", "application/json", "{\"type\":\"SCTP\"}", 400, "WSAEFAULT"),
                arguments("/api/v1/sockets", "application/json", "{}", 400, "WSAEINVAL"),
                arguments("/api/v1/sockets", "application/json", "{\"type\":\"TCP\",\"sendTimeoutMs\":-5}", 400, "WSAEINVAL"),
                arguments("/api/v1/sockets", "application/json", "{\"type\":\"TCP\",\"sendBufferBytes\":-5}", 400, "WSAEINVAL"),
                arguments("/api/v1/sockets", "application/json", "{\"type\":\"TCP\",\"remoteHost\":\"no-such-host.invalid\",\"remotePort\":1}", 400, "WSAHOST_NOT_FOUND"),
                arguments("/api/v1/listeners", "application/json", "{\"host\":\"127.0.0.1\",\"port\":0,\"backlog\":0}", 400, "WSAEINVAL"),
                arguments("/api/v1/listeners", "application/json", "{\"host\":\"127.0.0.1\",\"port\":65536}", 400, "WSAEINVAL"),
                arguments("/api/v1/listeners", "application/json", "{\"port\":0}", 400, "WSAEINVAL"),
                arguments("/api/v1/sockets/SOCK/shutdown", "application/json", "{\"how\":\"SD_SIDEWAYS\"}", 400, "WSAEFAULT"),
                arguments("/api/v1/sockets/SOCK/shutdown", "application/json", "{}", 400, "WSAEINVAL"));
    }

    @ParameterizedTest(name = "{0} {2} -> {3} {4}")
    @MethodSource("badRequests")
    void badInputIsAProblemDetailWithAWsaCodeAndSendsNothing(String path, String type, String body, int status, String wsa)
            throws InterruptedException {
        long sendsBefore = sends();
        var reply = api.raw(path.replace("SOCK", socket), type, body.getBytes());
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        JsonNode problem = reply.json();
        assertThat(problem.path("wsaError").asString()).isEqualTo(wsa);
        assertThat(problem.path("wsaCode").isInt()).isTrue();
        assertThat(problem.path("detail").asString()).isNotBlank();
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
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.field("wsaError")).isEqualTo(wsa);
    }

    private long sends() {
        return api.get("/api/v1/sockets/" + socket).json().path("stats").path("sends").asLong();
    }
}
