package io.sendgate.trust;

import io.sendgate.core.ByteBudget;
import io.sendgate.testing.Api;
import io.sendgate.testing.Bytes;
import io.sendgate.testing.TcpPeer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * C39: every byte a request makes the service hold counts against max-bytes-in-flight before it is held,
 * whatever the encoding. The finding: six concurrent 40 MiB JSON sends gave two 500s (OutOfMemoryError),
 * because JSON buffers were decoded in the heap before the budget was asked. Now a JSON body streams into
 * native memory that is reserved as it grows: each send either goes out whole or is refused with
 * WSAENOBUFS, and the budget comes back.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = "sendgate.limits.max-bytes-in-flight=96MB")
class HeldBytesTests {
    private static final int SENDS = 6;
    private static final int DECODED = 30 << 20;

    @LocalServerPort
    int port;

    @Autowired
    ByteBudget budget;

    @Test
    void concurrentLargeJsonSendsGoOutWholeOrAreRefusedWithNoBufs() throws Exception {
        Api api = new Api(port);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        long heldBefore = budget.held();
        List<TcpPeer> peers = new ArrayList<>();
        List<String> sockets = new ArrayList<>();
        List<byte[]> data = new ArrayList<>();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < SENDS; i++) {
                TcpPeer peer = TcpPeer.listening();
                peers.add(peer);
                sockets.add(api.openTcp(peer.port()));
                peer.accept().startReading();
                data.add(Bytes.random(DECODED, 900 + i));
            }
            for (int i = 0; i < SENDS; i++) {
                // a 40 MiB body: one base64 buffer of 30 MiB
                String body = "{\"buffers\":[{\"base64\":\"" + Base64.getEncoder().encodeToString(data.get(i)) + "\"}]}";
                answers.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/sockets/"
                                + sockets.get(i) + "/sends")).timeout(Duration.ofSeconds(120))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            int sent = 0;
            for (int i = 0; i < SENDS; i++) {
                HttpResponse<String> r = answers.get(i).get(120, TimeUnit.SECONDS);
                assertThat(r.statusCode()).as(r.body()).isIn(200, 202, 503);
                if (r.statusCode() == 503) {
                    assertThat(Api.JSON.readTree(r.body()).path("wsaError").asString()).isEqualTo("WSAENOBUFS");
                    continue;
                }
                sent++;
                long op = Api.JSON.readTree(r.body()).path("id").asLong();
                assertThat(api.operation(op, 60_000).path("status").asString()).isEqualTo("COMPLETED");
                assertThat(peers.get(i).awaitBytes(DECODED, Duration.ofSeconds(60))).isEqualTo(data.get(i));
            }
            System.out.printf("C39: %d of %d concurrent 40 MiB JSON sends went out, the rest were refused with WSAENOBUFS%n",
                    sent, SENDS);
            assertThat(sent).isPositive();
            assertThat(budget.held()).isEqualTo(heldBefore);
        } finally {
            for (String s : sockets) {
                api.delete("/api/v1/sockets/" + s);
            }
            for (TcpPeer p : peers) {
                p.close();
            }
        }
    }
}
