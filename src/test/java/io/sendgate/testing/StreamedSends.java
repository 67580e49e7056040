package io.sendgate.testing;

import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the tests of streamed sends ({@code ?stream=true}) share: their peers, their operations, their checks. */
public final class StreamedSends {
    public static final Duration WITHIN = Duration.ofSeconds(30);
    public static final int MIB = 1 << 20;

    private StreamedSends() {
    }

    public static String path(String socket) {
        return "/api/v1/sockets/" + socket + "/sends?stream=true";
    }

    /** A socket to {@code peer}, which reads everything as it comes. */
    public static String readingSocket(Api api, TcpPeer peer) throws IOException {
        String socket = api.openTcp(peer.port());
        peer.accept().startReading();
        return socket;
    }

    /** The socket's operations, newest first, once there are {@code count} of them. */
    public static List<JsonNode> awaitOperations(Api api, String socket, int count) throws InterruptedException {
        for (int i = 0; i < 3000; i++) {
            List<JsonNode> ops = api.get("/api/v1/operations?socketId=" + socket).json().values().stream().toList();
            if (ops.size() >= count) {
                return ops;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("socket " + socket + " never had " + count + " operations");
    }

    /** The socket's newest operation, once it ended. */
    public static JsonNode ended(Api api, String socket) throws InterruptedException {
        long id = awaitOperations(api, socket, 1).get(0).path("id").asLong();
        JsonNode op = api.operation(id, WITHIN.toMillis());
        assertThat(op.path("status").asString()).as(op.toString()).isNotEqualTo("PENDING");
        return op;
    }

    /** Closes the socket, and checks that the peer got exactly the first {@code sent} bytes of {@code body}. */
    public static void assertPeerGotExactly(Api api, String socket, TcpPeer peer, byte[] body, long sent)
            throws InterruptedException {
        api.delete("/api/v1/sockets/" + socket);
        peer.startReading();
        assertThat(peer.awaitEof(WITHIN)).isTrue();
        assertSameBytes(peer.received(), Arrays.copyOf(body, Math.toIntExact(sent)));
    }

    public static void assertSameBytes(byte[] received, byte[] expected) {
        assertThat(received.length).isEqualTo(expected.length);
        assertThat(Arrays.mismatch(received, expected)).as("the first byte that differs").isEqualTo(-1);
    }
}
