package io.sendgate.api;

import io.sendgate.testing.Bytes;
import io.sendgate.testing.TcpPeer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Buffers reach the transport in WSABUF order, whatever the encoding they came in (C6, C9). */
class ScatterGatherTests extends ServiceTest {

    @Test
    void jsonBuffersInEveryEncodingArriveConcatenatedInOrder() throws Exception {
        try (TcpPeer peer = TcpPeer.listening()) {
            String id = api.openTcp(peer.port());
            peer.accept().startReading();
            byte[] binary = Bytes.random(1000, 1);
            // C9: base64, hex, text in UTF-8 and in another charset; C6: zero-length buffers allowed
            var reply = api.post("/api/v1/sockets/" + id + "/sends", Map.of("buffers", List.of(
                    Map.of("base64", java.util.Base64.getEncoder().encodeToString(binary)),
                    Map.of("hex", "00 01:fe ff"),
                    Map.of("text", ""),
                    Map.of("text", "héllo"),
                    Map.of("text", "é", "charset", "ISO-8859-1"))));
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.json().path("bufferCount").asInt()).isEqualTo(5);
            byte[] expected = Bytes.concat(binary, new byte[] {0, 1, (byte) 0xfe, (byte) 0xff},
                    "héllo".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xe9});
            assertThat(reply.json().path("totalBytes").asLong()).isEqualTo(expected.length);
            assertThat(peer.awaitBytes(expected.length, Duration.ofSeconds(10))).isEqualTo(expected);
        }
    }

    @Test
    void theMostBuffersASendMayCarryArriveInOrderAndOneMoreIsRefused() throws Exception {
        try (TcpPeer peer = TcpPeer.listening()) {
            String id = api.openTcp(peer.port());
            peer.accept().startReading();
            // C6: at least 1024 buffers, some of them empty
            List<byte[]> buffers = new ArrayList<>();
            for (int i = 0; i < 1024; i++) {
                buffers.add(i % 7 == 0 ? new byte[0] : Bytes.random(1 + i % 50, i));
            }
            var reply = api.send(id, buffers.toArray(byte[][]::new));
            assertThat(reply.status()).isIn(200, 202);
            byte[] expected = Bytes.concat(buffers.toArray(byte[][]::new));
            assertThat(peer.awaitBytes(expected.length, Duration.ofSeconds(10))).isEqualTo(expected);

            // C34: one buffer past the limit is refused with nothing sent
            buffers.add(new byte[] {1});
            var refused = api.send(id, buffers.toArray(byte[][]::new));
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.field("wsaError")).isEqualTo("WSAEINVAL");
            Thread.sleep(100);
            assertThat(peer.received()).hasSize(expected.length);
        }
    }

    @Test
    void anOctetStreamBodyIsOneBufferSentByteForByte() throws Exception {
        try (TcpPeer peer = TcpPeer.listening()) {
            String id = api.openTcp(peer.port());
            peer.accept().startReading();
            byte[] body = Bytes.random(3 << 20, 7);
            // C9: raw body, flags and overlapped as query parameters
            var reply = api.raw("/api/v1/sockets/" + id + "/sends?overlapped=true&flags=MSG_DONTROUTE",
                    "application/octet-stream", body);
            assertThat(reply.status()).isIn(200, 202);
            assertThat(reply.json().path("bufferCount").asInt()).isEqualTo(1);
            assertThat(reply.json().path("flags").get(0).asString()).isEqualTo("MSG_DONTROUTE");
            long opId = reply.json().path("id").asLong();
            assertThat(api.operation(opId, 20_000).path("bytesTransferred").asLong()).isEqualTo(body.length);
            assertThat(peer.awaitBytes(body.length, Duration.ofSeconds(20))).isEqualTo(body);
        }
    }

    @Test
    void aChunkedOctetStreamOfUnknownLengthIsSentWhole() throws Exception {
        try (TcpPeer peer = TcpPeer.listening()) {
            String id = api.openTcp(peer.port());
            peer.accept().startReading();
            byte[] body = Bytes.random((1 << 20) * 2 + 12345, 8);
            // no Content-Length: the service grows the buffer in native memory as the body streams in
            var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/sockets/" + id + "/sends"))
                    .header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)));
            var reply = api.call(request);
            assertThat(reply.status()).isIn(200, 202);
            assertThat(reply.json().path("totalBytes").asLong()).isEqualTo(body.length);
            assertThat(peer.awaitBytes(body.length, Duration.ofSeconds(20))).isEqualTo(body);
        }
    }

    @Test
    void multipartPartsAreBuffersInPartOrder() throws Exception {
        try (TcpPeer peer = TcpPeer.listening()) {
            String id = api.openTcp(peer.port());
            peer.accept().startReading();
            byte[][] parts = {Bytes.random(70_000, 1), new byte[0], Bytes.random(5, 2), "tail".getBytes(StandardCharsets.US_ASCII)};
            String boundary = "sendgate-boundary-" + System.nanoTime();
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            // names sort differently from part order on purpose: part order is what counts (C9)
            String[] names = {"z", "a", "m", "b"};
            for (int i = 0; i < parts.length; i++) {
                body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + names[i]
                        + "\"; filename=\"" + names[i] + ".bin\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                body.write(parts[i]);
                body.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
            var reply = api.raw("/api/v1/sockets/" + id + "/sends", "multipart/form-data; boundary=" + boundary,
                    body.toByteArray());
            assertThat(reply.status()).as(reply.body()).isIn(200, 202);
            assertThat(reply.json().path("bufferCount").asInt()).isEqualTo(4);
            byte[] expected = Bytes.concat(parts);
            assertThat(peer.awaitBytes(expected.length, Duration.ofSeconds(10))).isEqualTo(expected);
        }
    }

    @Test
    void hexAndBase64AreDecodedExactly() throws Exception {
        try (TcpPeer peer = TcpPeer.listening()) {
            String id = api.openTcp(peer.port());
            peer.accept().startReading();
            byte[] all = new byte[256];
            for (int i = 0; i < 256; i++) {
                all[i] = (byte) i;
            }
            var reply = api.post("/api/v1/sockets/" + id + "/sends", Map.of("buffers", List.of(
                    Map.of("hex", HexFormat.of().formatHex(all)),
                    Map.of("base64", java.util.Base64.getEncoder().encodeToString(all)))));
            assertThat(reply.status()).isEqualTo(200);
            assertThat(peer.awaitBytes(512, Duration.ofSeconds(10))).isEqualTo(Bytes.concat(all, all));
        }
    }
}
