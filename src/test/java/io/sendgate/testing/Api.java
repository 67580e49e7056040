package io.sendgate.testing;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A plain HTTP client for the service under test: JSON in, status, headers and JSON out. */
public final class Api {
    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;

    public Api(int port) {
        this(port, null);
    }

    private Api(int port, String token) {
        this.base = "http://127.0.0.1:" + port;
        this.token = token;
    }

    /** A client of a service with an API token (C32): every call it makes carries {@code Authorization: Bearer}. */
    public static Api withToken(int port, String token) {
        return new Api(port, token);
    }

    public record Reply(int status, java.net.http.HttpHeaders headers, byte[] bodyBytes) {
        /** The body as UTF-8 text. */
        public String body() {
            return new String(bodyBytes, java.nio.charset.StandardCharsets.UTF_8);
        }

        public JsonNode json() {
            return JSON.readTree(body());
        }

        public String field(String name) {
            return json().path(name).asString();
        }

        public String contentType() {
            return headers.firstValue("Content-Type").orElse("");
        }

        @Override
        public String toString() {
            return status + " " + body();
        }
    }

    public Reply get(String path) {
        return call(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public Reply delete(String path) {
        return call(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    public Reply post(String path, Object json) {
        String body = json instanceof String s ? s : JSON.writeValueAsString(json);
        return raw(path, "application/json", body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public Reply raw(String path, String contentType, byte[] body) {
        return call(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    public Reply call(HttpRequest.Builder request) {
        if (token != null) {
            request.setHeader("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<byte[]> r = http.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Opens a TCP socket to a loopback port; {@code attributes} are extra fields such as sendBufferBytes. */
    public String openTcp(int port, Object... attributes) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "TCP");
        body.put("remoteHost", "127.0.0.1");
        body.put("remotePort", port);
        for (int i = 0; i < attributes.length; i += 2) {
            body.put((String) attributes[i], attributes[i + 1]);
        }
        Reply r = post("/api/v1/sockets", body);
        if (r.status() != 201) {
            throw new AssertionError("open failed: " + r);
        }
        return r.field("id");
    }

    /** One overlapped (or socket-default) send of the given buffers as base64. */
    public Reply send(String socketId, byte[]... buffers) {
        return post("/api/v1/sockets/" + socketId + "/sends", Map.of("buffers", base64(buffers)));
    }

    public static List<Map<String, String>> base64(byte[]... buffers) {
        return java.util.Arrays.stream(buffers)
                .map(b -> Map.of("base64", Base64.getEncoder().encodeToString(b)))
                .toList();
    }

    /** Reads an operation, waiting up to {@code waitMs} for it to end. */
    public JsonNode operation(long id, long waitMs) {
        Reply r = get("/api/v1/operations/" + id + "?waitMs=" + waitMs);
        if (r.status() != 200) {
            throw new AssertionError("operation " + id + ": " + r);
        }
        return r.json();
    }
}
