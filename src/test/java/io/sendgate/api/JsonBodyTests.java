package io.sendgate.api;

import io.sendgate.core.ByteBudget;
import io.sendgate.testing.TcpPeer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A JSON send body streams into native memory before the send is decided, so the service checks the
 * socket before it reads a byte, and frees what it read on every refusal that comes after.
 */
class JsonBodyTests extends ServiceTest {
    @Autowired
    ByteBudget budget;

    @Test
    void anUnknownSocketIsRefusedBeforeItsBodyIsRead() {
        // C27: WSAENOTSOCK, whatever the body holds
        var reply = api.raw("/api/v1/sockets/s-999999/sends", "application/json", "{bad json".getBytes(StandardCharsets.UTF_8));
        assertThat(reply.status()).as(reply.body()).isEqualTo(404);
        assertThat(reply.field("wsaError")).isEqualTo("WSAENOTSOCK");
    }

    @Test
    void aSendRefusedAfterItsBodyWasReadHoldsNothingAndSendsNothing() throws Exception {
        try (TcpPeer peer = TcpPeer.listening()) {
            String id = api.openTcp(peer.port(), "overlapped", false);
            peer.accept().startReading();
            String path = "/api/v1/sockets/" + id + "/sends";
            long held = budget.held();
            // C10: an unknown flag and C11: overlapped on a socket opened without it are known only once the
            // buffers are in native memory; C29: a malformed buffer after a good one; C39: none of them keeps a byte
            for (String body : List.of(
                    "{\"buffers\": [{\"text\": \"a\"}], \"flags\": [\"MSG_PEEK\"]}",
                    "{\"buffers\": [{\"text\": \"a\"}], \"overlapped\": true}",
                    "{\"buffers\": [{\"text\": \"a\"}, {\"hex\": \"0\"}]}",
                    "{\"buffers\": [{\"text\": \"a\"}], \"flag\": []}")) {
                var reply = api.raw(path, "application/json", body.getBytes(StandardCharsets.UTF_8));
                assertThat(reply.status()).as(reply.body()).isEqualTo(400);
                assertThat(reply.field("wsaError")).isIn("WSAEINVAL", "WSAEFAULT");
                assertThat(budget.held()).as(body).isEqualTo(held);
            }
            var sent = api.raw(path, "application/json", "{\"buffers\": [{\"text\": \"ok\"}]}".getBytes(StandardCharsets.UTF_8));
            assertThat(sent.status()).as(sent.body()).isEqualTo(200);
            assertThat(peer.awaitBytes(2, Duration.ofSeconds(10))).isEqualTo("ok".getBytes(StandardCharsets.US_ASCII));
        }
    }
}
