package io.sendgate.api;

import io.sendgate.testing.Bytes;
import io.sendgate.testing.TcpPeer;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Capture and expect (C44): what a peer sent, recorded as it arrives, read by offset, waited for by pattern. */
@TestPropertySource(properties = {"sendgate.limits.max-capture-bytes=1MB", "sendgate.limits.max-bytes-in-flight=8MB"})
class CaptureTests extends ServiceTest {

    /** Each capture holds its bytes of the budget while its socket is open; every test starts with none. */
    @org.junit.jupiter.api.AfterEach
    void closeEverySocket() {
        for (JsonNode s : api.get("/api/v1/sockets").json()) {
            api.delete("/api/v1/sockets/" + s.path("id").asString());
        }
    }

    @Test
    void expectFindsAServersAnswerAndReceivedReadsItByOffset() throws Exception {
        try (TcpPeer peer = TcpPeer.listening()) {
            String id = api.openTcp(peer.port(), "capture", true);
            peer.accept();
            peer.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi".getBytes());
            // C44: the offset where the pattern starts, the bytes up to its end
            var found = api.post("/api/v1/sockets/" + id + "/expect", Map.of("text", "200 OK", "timeoutMs", 10_000));
            assertThat(found.status()).as(found.toString()).isEqualTo(200);
            assertThat(found.json().path("offset").asLong()).isEqualTo(9);
            assertThat(found.json().path("end").asLong()).isEqualTo(15);
            assertThat(found.json().path("text").asString()).isEqualTo("HTTP/1.1 200 OK");
            // regex and hex find what is there too
            var regex = api.post("/api/v1/sockets/" + id + "/expect", Map.of("regex", "Content-Length: (\\d+)\r\n\r\n"));
            assertThat(regex.json().path("offset").asLong()).isEqualTo(17);
            var hex = api.post("/api/v1/sockets/" + id + "/expect", Map.of("hex", "0d 0a 0d 0a", "from", 17));
            assertThat(hex.json().path("offset").asLong()).isEqualTo(34);

            // C44: read by offset: JSON, then raw with the offsets in headers
            JsonNode json = api.call(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/sockets/" + id
                    + "/received?from=17&minBytes=23&timeoutMs=10000")).header("Accept", "application/json")).json();
            assertThat(json.path("from").asLong()).isEqualTo(17);
            assertThat(json.path("to").asLong()).isEqualTo(40);
            assertThat(json.path("text").asString()).isEqualTo("Content-Length: 2\r\n\r\nhi");
            assertThat(json.path("eof").asBoolean()).isFalse();
            var raw = api.get("/api/v1/sockets/" + id + "/received?from=38");
            assertThat(raw.body()).isEqualTo("hi");
            assertThat(raw.headers().firstValue("Sendgate-From")).hasValue("38");
            assertThat(raw.headers().firstValue("Sendgate-To")).hasValue("40");
            assertThat(raw.headers().firstValue("Sendgate-Eof")).hasValue("false");
            // asking from 38 released what came before it
            var released = api.get("/api/v1/sockets/" + id + "/received?from=0");
            assertThat(released.status()).isEqualTo(400);
            assertThat(released.json().path("detail").asString()).contains("released");
            assertThat(api.get("/api/v1/sockets/" + id).json().path("capturedBytes").asLong()).isEqualTo(40);
        }
    }

    @Test
    void receivesShareTheStreamWithCaptureAndSioFlushDoesNotEndIt() throws Exception {
        try (TcpPeer peer = TcpPeer.listening()) {
            String id = api.openTcp(peer.port(), "capture", true);
            peer.accept();
            // C42, C44: capture keeps a receive posted; one posted by a client waits behind it
            var mine = api.post("/api/v1/sockets/" + id + "/receives", Map.of("bytes", 16));
            assertThat(mine.status()).isEqualTo(202);
            peer.write("a".getBytes());
            JsonNode view = api.get("/api/v1/sockets/" + id).json();
            // pending is 2 before "a" too (capture's receive and the client's): wait until capture has "a" and
            // has posted its next receive
            for (int polls = 0; polls < 20_000 && (view.path("capturedBytes").asLong() < 1
                    || view.path("stats").path("pendingOperations").asInt() < 2); polls++) {
                Thread.sleep(1);
                view = api.get("/api/v1/sockets/" + id).json();
            }
            // capture got "a" and posted its next receive behind the client's: SIO_FLUSH aborts that one
            assertThat(view.path("capturedBytes").asLong()).isEqualTo(1);
            assertThat(api.post("/api/v1/sockets/" + id + "/cancel", Map.of()).status()).isEqualTo(200);
            peer.write("b".getBytes());
            JsonNode got = api.operation(mine.json().path("id").asLong(), 20_000);
            assertThat(java.util.Base64.getDecoder().decode(got.path("data").asString())).isEqualTo("b".getBytes());
            // ...and capture goes on: none lost, none twice
            peer.write("c".getBytes());
            var found = api.post("/api/v1/sockets/" + id + "/expect", Map.of("text", "c", "timeoutMs", 20_000));
            assertThat(found.status()).as(found.toString()).isEqualTo(200);
            assertThat(found.json().path("text").asString()).isEqualTo("ac");
        }
    }

    @Test
    void anExpectThatDoesNotArriveSaysWhatDid() throws Exception {
        try (TcpPeer peer = TcpPeer.listening()) {
            String id = api.openTcp(peer.port(), "capture", true);
            peer.accept();
            peer.write("HTTP/1.1 500 Oops\r\n".getBytes());
            // C44: WSAETIMEDOUT with what did arrive
            var missed = api.post("/api/v1/sockets/" + id + "/expect", Map.of("text", "200 OK", "timeoutMs", 300));
            assertThat(missed.status()).isEqualTo(504);
            assertThat(missed.json().path("wsaError").asString()).isEqualTo("WSAETIMEDOUT");
            assertThat(missed.json().path("receivedBytes").asLong()).isEqualTo(19);
            assertThat(missed.json().path("text").asString()).isEqualTo("HTTP/1.1 500 Oops\r\n");
            // the peer closes: an expect that can never match answers at once, and reads see the end
            peer.shutdownOutput();
            var ended = api.post("/api/v1/sockets/" + id + "/expect", Map.of("text", "200 OK", "timeoutMs", 60_000));
            assertThat(ended.status()).isEqualTo(409);
            assertThat(ended.json().path("wsaError").asString()).isEqualTo("WSAEDISCON");
            var eof = api.get("/api/v1/sockets/" + id + "/received?from=0&minBytes=100&timeoutMs=60000");
            assertThat(eof.headers().firstValue("Sendgate-Eof")).hasValue("true");
            assertThat(eof.body()).isEqualTo("HTTP/1.1 500 Oops\r\n");
        }
    }

    @Test
    void aPeerSending50MiBThroughA1MiBCaptureIsSlowedAndLosesNothing() throws Exception {
        int total = 50 << 20;
        long seed = new Random().nextLong();
        byte[] stream = Bytes.random(total, seed);
        try (TcpPeer peer = TcpPeer.listening()) {
            String id = api.openTcp(peer.port(), "capture", true);
            peer.accept();
            AtomicLong written = new AtomicLong();
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = peer.output();
                    for (int at = 0; at < total; at += 64 << 10) {
                        out.write(stream, at, Math.min(64 << 10, total - at));
                        written.set(at + Math.min(64 << 10, total - at));
                    }
                    out.flush();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }, "fifty-mib-peer");
            writer.setDaemon(true);
            writer.start();
            // C44: with nobody reading, the capture fills its 1 MiB and stops; the peer is held back
            JsonNode full = api.get("/api/v1/sockets/" + id).json();
            for (int polls = 0; polls < 20_000 && full.path("capturedBytes").asLong() < (1 << 20); polls++) {
                Thread.sleep(1);
                full = api.get("/api/v1/sockets/" + id).json();
            }
            assertThat(full.path("capturedBytes").asLong()).isEqualTo(1 << 20);
            assertThat(written.get()).as("seed %d", seed).isLessThan(total);

            // C44: every byte readable in order by offset
            long from = 0;
            List<Integer> sizes = new ArrayList<>();
            while (from < total) {
                var r = api.get("/api/v1/sockets/" + id + "/received?from=" + from + "&minBytes=1&timeoutMs=20000");
                byte[] got = r.bodyBytes();
                assertThat(r.headers().firstValue("Sendgate-From")).hasValue(Long.toString(from));
                assertThat(got).as("seed %d at %d", seed, from).isNotEmpty()
                        .isEqualTo(Arrays.copyOfRange(stream, (int) from, (int) from + got.length));
                sizes.add(got.length);
                from += got.length;
            }
            assertThat(from).isEqualTo(total);
            assertThat(sizes).allMatch(n -> n <= (1 << 20));
        }
    }

    @Test
    void captureIsCountedInTheMemoryBudgetAndGivenBackAtClose() throws Exception {
        try (TcpPeer peer = TcpPeer.listening()) {
            // C44, C28: each capture holds 1 MiB and one 64 KiB receive of the 8 MiB budget
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                ids.add(api.openTcp(peer.port(), "capture", true));
            }
            var refused = api.post("/api/v1/sockets", Map.of("type", "TCP", "remoteHost", "127.0.0.1",
                    "remotePort", peer.port(), "capture", true));
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.json().path("wsaError").asString()).isEqualTo("WSAENOBUFS");
            api.delete("/api/v1/sockets/" + ids.get(0));
            assertThat(api.post("/api/v1/sockets", Map.of("type", "TCP", "remoteHost", "127.0.0.1",
                    "remotePort", peer.port(), "capture", true)).status()).isEqualTo(201);
            for (String id : ids.subList(1, ids.size())) {
                api.delete("/api/v1/sockets/" + id);
            }
        }
    }

    @Test
    void aSocketThatDoesNotCaptureAndBadPatternsAreRefused() throws Exception {
        try (TcpPeer peer = TcpPeer.listening()) {
            String plain = api.openTcp(peer.port());
            assertThat(api.get("/api/v1/sockets/" + plain + "/received").json().path("wsaError").asString()).isEqualTo("WSAEINVAL");
            api.delete("/api/v1/sockets/" + plain);
        }
        try (TcpPeer peer = TcpPeer.listening()) {
            String id = api.openTcp(peer.port(), "capture", true);
            for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of(), Map.of("text", "a", "hex", "00"), Map.of("hex", "0g"),
                    Map.of("hex", "123"), Map.of("base64", "@@"), Map.of("regex", "("), Map.of("text", ""),
                    Map.of("text", "a", "timeoutMs", -1))) {
                var r = api.post("/api/v1/sockets/" + id + "/expect", bad);
                assertThat(r.status()).as(bad.toString()).isEqualTo(400);
                assertThat(r.json().path("wsaError").asString()).as(bad.toString()).isEqualTo("WSAEINVAL");
            }
            // a pattern that backtracks without end fails instead of freezing a thread
            peer.accept();
            peer.write("a".repeat(5000).getBytes());
            api.get("/api/v1/sockets/" + id + "/received?minBytes=5000&timeoutMs=10000");
            var evil = api.post("/api/v1/sockets/" + id + "/expect", Map.of("regex", "(a|aa)+b", "timeoutMs", 1000));
            assertThat(evil.status()).isEqualTo(400);
            assertThat(evil.json().path("detail").asString()).contains("backtracks");
        }
    }
}
