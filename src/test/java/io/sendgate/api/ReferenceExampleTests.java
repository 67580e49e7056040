package io.sendgate.api;

import io.sendgate.testing.Bytes;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The reference page's own example, through the API (C3): listen, accept one client, ten overlapped sends of 4096 bytes. */
class ReferenceExampleTests extends ServiceTest {

    @Test
    void listenAcceptAndTenOverlappedSendsOf4096BytesWaitedInTurn() throws Exception {
        // C3: port 0 picks a free port (the reference uses 27015, which another process may hold)
        var listener = api.post("/api/v1/listeners", Map.of("host", "127.0.0.1", "port", 0));
        assertThat(listener.status()).isEqualTo(201);
        int port = listener.json().path("localPort").asInt();
        assertThat(port).isPositive();
        String listenerId = listener.field("id");

        byte[] expected = new byte[40960];
        CompletableFuture<byte[]> client = CompletableFuture.supplyAsync(() -> {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
                 InputStream in = s.getInputStream()) {
                s.setSoTimeout(20_000);
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                byte[] buf = new byte[8192];
                int n;
                while (got.size() < expected.length && (n = in.read(buf)) >= 0) {
                    got.write(buf, 0, n);
                }
                return got.toByteArray();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        var accepted = api.post("/api/v1/listeners/" + listenerId + "/accept?timeoutMs=10000", "{}");
        assertThat(accepted.status()).isEqualTo(201);
        assertThat(accepted.json().path("acceptedFrom").asString()).isEqualTo(listenerId);
        String socketId = accepted.field("id");

        for (int i = 0; i < 10; i++) {
            byte[] chunk = Bytes.random(4096, i);
            System.arraycopy(chunk, 0, expected, i * 4096, 4096);
            var sent = api.send(socketId, chunk);
            assertThat(sent.status()).isIn(200, 202);
            JsonNode op = api.operation(sent.json().path("id").asLong(), 10_000);
            assertThat(op.path("status").asString()).isEqualTo("COMPLETED");
            assertThat(op.path("bytesTransferred").asLong()).isEqualTo(4096);
        }

        assertThat(client.get(30, TimeUnit.SECONDS)).hasSize(40960).isEqualTo(expected);
        // C5: the socket counts its sends and bytes
        JsonNode stats = api.get("/api/v1/sockets/" + socketId).json().path("stats");
        assertThat(stats.path("sends").asLong()).isEqualTo(10);
        assertThat(stats.path("bytesSent").asLong()).isEqualTo(40960);
        assertThat(stats.path("pendingOperations").asInt()).isZero();
    }
}
