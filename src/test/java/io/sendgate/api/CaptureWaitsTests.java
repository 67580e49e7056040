package io.sendgate.api;

import io.sendgate.core.Waits;
import io.sendgate.testing.Api;
import io.sendgate.testing.SseClient;
import io.sendgate.testing.TcpPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readers that wait on a capture (C44) when something else happens meanwhile: bytes asked for beyond what
 * arrived, another reader releasing the bytes under them, the socket closed, a costly pattern on another
 * socket (C38: all captures share one thread), a large receive replayed on the event stream (C39).
 */
@TestPropertySource(properties = {"sendgate.limits.max-capture-bytes=1MB", "sendgate.limits.max-bytes-in-flight=64MB"})
class CaptureWaitsTests extends ServiceTest {
    @Autowired
    Waits waits;

    @AfterEach
    void closeEverySocket() {
        for (JsonNode s : api.get("/api/v1/sockets").json()) {
            api.delete("/api/v1/sockets/" + s.path("id").asString());
        }
    }

    // C44: a regular expression from an offset beyond the captured bytes waited for them; it answered 500
    @Test
    void aRegexFromBeyondWhatArrivedWaitsForIt() throws Exception {
        try (TcpPeer peer = TcpPeer.listening()) {
            String id = api.openTcp(peer.port(), "capture", true);
            peer.accept().write("hello".getBytes());
            api.get("/api/v1/sockets/" + id + "/received?minBytes=5&timeoutMs=10000");
            var now = api.post("/api/v1/sockets/" + id + "/expect", Map.of("regex", "w.r", "from", 100, "timeoutMs", 0));
            assertThat(now.status()).as(now.toString()).isEqualTo(504);
            assertThat(now.json().path("receivedBytes").asLong()).isZero();
            CompletableFuture<Api.Reply> later = CompletableFuture.supplyAsync(() ->
                    api.post("/api/v1/sockets/" + id + "/expect", Map.of("regex", "w.r", "from", 100, "timeoutMs", 20_000)));
            peer.write(("x".repeat(95) + "..world").getBytes());
            Api.Reply found = later.get(30, TimeUnit.SECONDS);
            assertThat(found.status()).as(found.toString()).isEqualTo(200);
            assertThat(found.json().path("offset").asLong()).isEqualTo(102);
            assertThat(found.json().path("text").asString()).isEqualTo("..wor");
        }
    }

    // C44: another reader released the bytes a waiting reader asked from; both answered 500
    @Test
    void readersWhoseBytesAnotherReaderReleasedAnswerFromWhatIsHeld() throws Exception {
        try (TcpPeer peer = TcpPeer.listening()) {
            String id = api.openTcp(peer.port(), "capture", true);
            peer.accept().write("0123456789".getBytes());
            api.get("/api/v1/sockets/" + id + "/received?minBytes=10&timeoutMs=10000");
            CompletableFuture<Api.Reply> expect = CompletableFuture.supplyAsync(() ->
                    api.post("/api/v1/sockets/" + id + "/expect", Map.of("text", "zz", "from", 0, "timeoutMs", 20_000)));
            CompletableFuture<Api.Reply> read = CompletableFuture.supplyAsync(() -> json(id, "from=0&minBytes=15&timeoutMs=20000"));
            awaitWaits(Waits.Kind.CAPTURE, 2);
            assertThat(json(id, "from=5").json().path("text").asString()).isEqualTo("56789");
            peer.write("abzz".getBytes());
            Api.Reply found = expect.get(30, TimeUnit.SECONDS);
            assertThat(found.status()).as(found.toString()).isEqualTo(200);
            assertThat(found.json().path("offset").asLong()).isEqualTo(12);
            assertThat(found.json().path("from").asLong()).isEqualTo(5);
            assertThat(found.json().path("text").asString()).isEqualTo("56789abzz");
            Api.Reply got = read.get(30, TimeUnit.SECONDS);
            assertThat(got.status()).as(got.toString()).isEqualTo(200);
            assertThat(got.json().path("from").asLong()).isEqualTo(5);
            assertThat(got.json().path("text").asString()).isEqualTo("56789abzz");
        }
    }

    // C22, C38: closing a socket answers every wait on it at once, with WSAEINTR, and gives the slots back
    @Test
    void closingASocketAnswersItsReceiveAndItsReadersAtOnce() throws Exception {
        try (TcpPeer peer = TcpPeer.listening()) {
            String id = api.openTcp(peer.port(), "capture", true);
            peer.accept().write("abc".getBytes());
            api.get("/api/v1/sockets/" + id + "/received?minBytes=3&timeoutMs=10000");
            List<CompletableFuture<Api.Reply>> waiting = new ArrayList<>();
            waiting.add(CompletableFuture.supplyAsync(() ->
                    api.post("/api/v1/sockets/" + id + "/expect", Map.of("text", "zz", "timeoutMs", 120_000))));
            waiting.add(CompletableFuture.supplyAsync(() ->
                    api.post("/api/v1/sockets/" + id + "/expect", Map.of("regex", "z+y", "timeoutMs", 120_000))));
            waiting.add(CompletableFuture.supplyAsync(() -> json(id, "minBytes=100&timeoutMs=120000")));
            waiting.add(CompletableFuture.supplyAsync(() ->
                    api.post("/api/v1/sockets/" + id + "/receives", Map.of("bytes", 10, "overlapped", false))));
            awaitWaits(Waits.Kind.CAPTURE, 3);
            awaitWaits(Waits.Kind.BLOCKING_RECEIVE, 1);
            assertThat(api.delete("/api/v1/sockets/" + id).status()).isEqualTo(200);
            List<Api.Reply> answers = new ArrayList<>();
            for (CompletableFuture<Api.Reply> f : waiting) {
                answers.add(f.get(30, TimeUnit.SECONDS));
            }
            for (Api.Reply expect : answers.subList(0, 2)) {
                assertThat(expect.status()).as(expect.toString()).isEqualTo(409);
                assertThat(expect.json().path("wsaError").asString()).isEqualTo("WSAEINTR");
                assertThat(expect.json().path("detail").asString()).contains("closesocket");
                assertThat(expect.json().path("text").asString()).isEqualTo("abc");
            }
            Api.Reply read = answers.get(2);
            assertThat(read.status()).as(read.toString()).isEqualTo(200);
            assertThat(read.json().path("eof").asBoolean()).isTrue();
            assertThat(read.json().path("wsaError").asString()).isEqualTo("WSAEINTR");
            assertThat(read.json().path("text").asString()).isEqualTo("abc");
            Api.Reply receive = answers.get(3);
            assertThat(receive.status()).as(receive.toString()).isEqualTo(409);
            assertThat(receive.json().path("wsaError").asString()).isEqualTo("WSAEINTR");
            awaitWaits(Waits.Kind.CAPTURE, 0);
            awaitWaits(Waits.Kind.BLOCKING_RECEIVE, 0);
        }
    }

    /*
     * C38, C44: a regular expression that backtracks is looked for on the pattern thread, never on the capture
     * thread all captures share: while expects that each burn their budget keep it busy, another socket's
     * bytes are captured and read. (Before, each look ran on the capture thread for every byte that arrived.)
     */
    @Test
    void costlyPatternsOnOneSocketDoNotHoldAnotherSocketsCapture() throws Exception {
        try (TcpPeer slow = TcpPeer.listening(); TcpPeer other = TcpPeer.listening()) {
            String a = api.openTcp(slow.port(), "capture", true);
            slow.accept().write("a".repeat(1 << 20).getBytes());
            api.get("/api/v1/sockets/" + a + "/received?minBytes=" + (1 << 20) + "&timeoutMs=20000");
            String b = api.openTcp(other.port(), "capture", true);
            other.accept();
            List<CompletableFuture<Api.Reply>> costly = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                costly.add(CompletableFuture.supplyAsync(() ->
                        api.post("/api/v1/sockets/" + a + "/expect", Map.of("regex", "(a*)*b", "timeoutMs", 120_000))));
            }
            awaitWaits(Waits.Kind.CAPTURE, 12);
            other.write("hi".getBytes());
            Api.Reply read = api.get("/api/v1/sockets/" + b + "/received?minBytes=2&timeoutMs=60000");
            assertThat(read.body()).isEqualTo("hi");
            long answered = costly.stream().filter(CompletableFuture::isDone).count();
            assertThat(answered).as("costly expects answered before the other socket's bytes were read").isLessThan(12);
            for (CompletableFuture<Api.Reply> f : costly) {
                Api.Reply r = f.get(120, TimeUnit.SECONDS);
                assertThat(r.status()).as(r.toString()).isEqualTo(400);
                assertThat(r.json().path("detail").asString()).contains("steps");
            }
        }
    }

    // C39, C46: an event carries a receive's bytes only up to a bound; a stream replaying 64 MiB receives ran out of heap
    @Test
    void eventsCarrySmallReceivesBytesAndPointLargeOnesToData() throws Exception {
        try (TcpPeer peer = TcpPeer.listening()) {
            String id = api.openTcp(peer.port());
            peer.accept();
            var small = api.post("/api/v1/sockets/" + id + "/receives", Map.of("bytes", 5, "flags", List.of("MSG_WAITALL")));
            var large = api.post("/api/v1/sockets/" + id + "/receives", Map.of("bytes", 100_000, "flags", List.of("MSG_WAITALL")));
            peer.write(new byte[100_005]);
            long smallId = small.json().path("id").asLong();
            long largeId = large.json().path("id").asLong();
            assertThat(api.operation(largeId, 20_000).path("status").asString()).isEqualTo("COMPLETED");
            try (SseClient events = SseClient.open(port, "/api/v1/events?socketId=" + id, "0")) {
                List<SseClient.Event> got = events.completions(2, Duration.ofSeconds(20));
                JsonNode first = got.get(0).json();
                JsonNode second = got.get(1).json();
                assertThat(first.path("id").asLong()).isEqualTo(smallId);
                assertThat(first.path("data").asString()).isEqualTo("AAAAAAA=");
                assertThat(first.has("dataOmitted")).isFalse();
                assertThat(second.path("id").asLong()).isEqualTo(largeId);
                assertThat(second.has("data")).isFalse();
                assertThat(second.path("dataOmitted").asBoolean()).isTrue();
                assertThat(second.path("bytesTransferred").asLong()).isEqualTo(100_000);
            }
            assertThat(api.get("/api/v1/operations/" + largeId + "/data").bodyBytes()).hasSize(100_000);
        }
    }

    private Api.Reply json(String id, String query) {
        return api.call(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/sockets/" + id
                + "/received?" + query)).header("Accept", "application/json"));
    }

    private void awaitWaits(Waits.Kind kind, int n) throws InterruptedException {
        for (int i = 0; i < 2000 && waits.inProgress(kind) != n; i++) {
            Thread.sleep(5);
        }
        assertThat(waits.inProgress(kind)).as("waits of kind " + kind).isEqualTo(n);
    }
}
