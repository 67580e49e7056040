package io.sendgate.api;

import io.sendgate.testing.Api;
import io.sendgate.testing.TcpPeer;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The small send's benchmark floor (bench/run.sh): a request of a send's shape and answer, that sends nothing.
 * It exists only when the benchmark turns it on (the default is checked by every other test's context, whose
 * OpenAPI file and unknown paths would show it).
 */
@TestPropertySource(properties = "sendgate.bench.floor=true")
class FloorReferenceTests extends ServiceTest {

    @Test
    void answersASendsShapeAndSendsNothing() throws Exception {
        try (TcpPeer peer = TcpPeer.listening()) {
            String id = api.openTcp(peer.port());
            peer.accept();
            peer.startReading();
            var floor = api.post("/api/v1/bench/sockets/" + id + "/floor", Map.of("buffers", Api.base64(new byte[16])));
            var send = api.send(id, new byte[16]);
            assertThat(floor.status()).isEqualTo(200);
            assertThat(floor.json().propertyNames()).containsExactlyElementsOf(send.json().propertyNames());
            assertThat(floor.field("bytesTransferred")).isEqualTo("16");
            // C8: only the real send's bytes reach the peer
            assertThat(peer.awaitBytes(16, java.time.Duration.ofSeconds(10))).hasSize(16);
            assertThat(api.get("/api/v1/sockets/" + id).json().path("stats").path("sends").asInt()).isEqualTo(1);
            // C34: the floor reads the body as a send does, so a malformed one is the same problem detail
            var bad = api.post("/api/v1/bench/sockets/" + id + "/floor", Map.of("buffers", java.util.List.of(Map.of("base64", "!"))));
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.field("wsaError")).isEqualTo("WSAEFAULT");
            api.delete("/api/v1/sockets/" + id);
        }
    }
}
