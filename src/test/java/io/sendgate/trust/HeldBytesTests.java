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

import java.io.IOException;
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
                String body = jsonSend(data.get(i));
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
            closeAll(api, sockets, peers);
        }
    }

    // C39: the sends above may end in any order, so any split of sent and refused is right there. Here the peers
    // do not read, so what each send holds stays held: at most three 30 MiB sends fit in 96 MB (fewer while a
    // body's base64 length is still reserved), and the next is refused until they have gone out.
    @Test
    void whatPendingJsonSendsHoldIsCountedBeforeTheNextIsTaken() throws Exception {
        Api api = new Api(port);
        long heldBefore = budget.held();
        List<TcpPeer> peers = new ArrayList<>();
        List<String> sockets = new ArrayList<>();
        List<byte[]> data = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                TcpPeer peer = TcpPeer.listening();
                peers.add(peer);
                sockets.add(api.openTcp(peer.port(), "sendBufferBytes", TcpPeer.SMALL_BUFFER));
                peer.accept();
                data.add(Bytes.random(DECODED, 950 + i));
            }
            List<Long> pending = new ArrayList<>();
            Api.Reply refused = null;
            for (int i = 0; i < 4 && refused == null; i++) {
                Api.Reply r = api.post("/api/v1/sockets/" + sockets.get(i) + "/sends", jsonSend(data.get(i)));
                if (r.status() == 202) {
                    pending.add(r.json().path("id").asLong());
                } else {
                    refused = r;
                }
            }
            assertThat(refused).as("four pending 30 MiB sends cannot fit in 96 MB").isNotNull();
            assertThat(refused.status()).as(refused.body()).isEqualTo(503);
            assertThat(refused.field("wsaError")).isEqualTo("WSAENOBUFS");
            assertThat(pending).isNotEmpty();
            int refusedAt = pending.size();
            assertThat(peers.get(refusedAt).startReading().awaitBytes(1, Duration.ofMillis(200))).isEmpty();

            for (int i = 0; i < pending.size(); i++) {
                peers.get(i).startReading();
                assertThat(api.operation(pending.get(i), 60_000).path("status").asString()).isEqualTo("COMPLETED");
                assertThat(peers.get(i).awaitBytes(DECODED, Duration.ofSeconds(60))).isEqualTo(data.get(i));
            }
            // what they held came back: the refused send is taken now
            Api.Reply again = api.post("/api/v1/sockets/" + sockets.get(refusedAt) + "/sends", jsonSend(data.get(refusedAt)));
            assertThat(again.status()).as(again.body()).isIn(200, 202);
            assertThat(api.operation(again.json().path("id").asLong(), 60_000).path("status").asString()).isEqualTo("COMPLETED");
            assertThat(peers.get(refusedAt).awaitBytes(DECODED, Duration.ofSeconds(60))).isEqualTo(data.get(refusedAt));
            System.out.printf("C39: %d pending 30 MiB JSON sends held, the next refused with WSAENOBUFS (96 MB)%n",
                    pending.size());
            assertThat(budget.held()).isEqualTo(heldBefore);
        } finally {
            closeAll(api, sockets, peers);
        }
    }

    private static void closeAll(Api api, List<String> sockets, List<TcpPeer> peers) throws IOException {
        for (String s : sockets) {
            api.delete("/api/v1/sockets/" + s);
        }
        for (TcpPeer p : peers) {
            p.close();
        }
    }

    /** A 40 MiB body: one base64 buffer of 30 MiB. */
    private static String jsonSend(byte[] decoded) {
        return "{\"buffers\":[{\"base64\":\"" + Base64.getEncoder().encodeToString(decoded) + "\"}]}";
    }
}
