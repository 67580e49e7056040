package io.sendgate.events;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/** The service's REST API as the tests call it: real HTTP on loopback. */
final class Api {
    static final JsonMapper JSON = JsonMapper.builder().build();

    /** An answer: its status and its JSON body. */
    record Answer(int status, JsonNode body) {
    }

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    Api(int port) {
        this.base = URI.create("http://127.0.0.1:" + port);
    }

    URI uri(String path) {
        return base.resolve(path);
    }

    /** A TCP socket of the pool connected to the peer; a small send buffer makes sends go pending sooner. */
    String openTcp(int peerPort, int sendBufferBytes) throws IOException, InterruptedException {
        Answer a = post("/api/v1/sockets", Map.of("type", "TCP", "remoteHost", "127.0.0.1",
                "remotePort", peerPort, "sendBufferBytes", sendBufferBytes));
        if (a.status() != 201) {
            throw new IllegalStateException("open failed: " + a);
        }
        return a.body().get("id").asString();
    }

    /** One overlapped send of {@code bytes} bytes; 200 COMPLETED or 202 PENDING with the operation. */
    Answer send(String socketId, int bytes) throws IOException, InterruptedException {
        String b64 = Base64.getEncoder().encodeToString(new byte[bytes]);
        return post("/api/v1/sockets/" + socketId + "/sends", Map.of("buffers", new Object[] {Map.of("base64", b64)}));
    }

    /** The id of an accepted overlapped send; fails the test on anything else. */
    long sendOp(String socketId, int bytes) throws IOException, InterruptedException {
        Answer a = send(socketId, bytes);
        if (a.status() != 200 && a.status() != 202) {
            throw new IllegalStateException("send failed: " + a);
        }
        return a.body().get("id").asLong();
    }

    Answer post(String path, Object body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        return answer(request);
    }

    Answer get(String path) throws IOException, InterruptedException {
        return answer(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60)).GET().build());
    }

    private Answer answer(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()));
    }
}
