package io.sendgate.testcontainers;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;

/**
 * A few typed calls on the sendgate API, enough for a test to open a socket, send through it and read how
 * the send ended. For everything else, generate a client from the service's OpenAPI document.
 */
public final class SendgateClient {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final URI baseUri;
    private final String authorization;
    private final HttpClient http;
    private final JsonMapper json;

    /**
     * @param baseUri  the service, e.g. {@code http://127.0.0.1:8080}
     * @param apiToken the service's {@code sendgate.api-token}, or null when it has none
     */
    public SendgateClient(URI baseUri, String apiToken) {
        this.baseUri = Objects.requireNonNull(baseUri, "baseUri");
        this.authorization = apiToken == null ? null : "Bearer " + apiToken;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
        this.json = JsonMapper.builder()
                // The API adds fields freely (api.md); an older module must still read the answers.
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(EnumFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
                .build();
    }

    /** Opens a TCP socket connected to {@code remoteHost:remotePort}; returns its id (e.g. {@code s-1}). */
    public String openTcp(String remoteHost, int remotePort) {
        return open("TCP", remoteHost, remotePort);
    }

    /** Opens a UDP socket whose default peer is {@code remoteHost:remotePort}; returns its id. */
    public String openUdp(String remoteHost, int remotePort) {
        return open("UDP", remoteHost, remotePort);
    }

    /**
     * WSASend with one buffer per argument, in order (scatter-gather), overlapped as the socket was opened.
     * The answer is either completed now or pending; {@link #operation(long, long)} reads how a pending one
     * ends.
     */
    public SendgateOperation send(String socketId, byte[]... buffers) {
        ObjectNode body = json.createObjectNode();
        ArrayNode array = body.putArray("buffers");
        for (byte[] buffer : buffers) {
            array.addObject().put("base64", Base64.getEncoder().encodeToString(buffer));
        }
        return json.treeToValue(call("POST", "/api/v1/sockets/" + socketId + "/sends", body),
                SendgateOperation.class);
    }

    /** The operation after waiting up to {@code waitMs} for it to end (0: as it is now). */
    public SendgateOperation operation(long operationId, long waitMs) {
        return json.treeToValue(call("GET", "/api/v1/operations/" + operationId + "?waitMs=" + waitMs, null),
                SendgateOperation.class);
    }

    /** closesocket: pending sends on it end as aborted. */
    public void close(String socketId) {
        call("DELETE", "/api/v1/sockets/" + socketId, null);
    }

    private String open(String type, String remoteHost, int remotePort) {
        ObjectNode body = json.createObjectNode()
                .put("type", type)
                .put("remoteHost", remoteHost)
                .put("remotePort", remotePort);
        return call("POST", "/api/v1/sockets", body).path("id").asString();
    }

    private JsonNode call(String method, String path, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUri.resolve(path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json, application/problem+json")
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during " + method + " " + path, e);
        }
        String text = response.body();
        if (response.statusCode() >= 300) {
            JsonNode problem = parseOrEmpty(text);
            throw new SendgateApiException(method + " " + path, response.statusCode(),
                    textOrNull(problem, "title"), textOrNull(problem, "detail"), textOrNull(problem, "wsaError"),
                    problem.hasNonNull("wsaCode") ? problem.get("wsaCode").asInt() : null, text);
        }
        return text.isEmpty() ? json.createObjectNode() : json.readTree(text);
    }

    private JsonNode parseOrEmpty(String text) {
        try {
            return json.readTree(text);
        } catch (RuntimeException notJson) {
            return json.createObjectNode();
        }
    }

    private static String textOrNull(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asString() : null;
    }
}
