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
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Typed calls on the sendgate API, enough for a test to open sockets and listeners, send, receive, and read
 * what a capturing socket heard. For everything else, generate a client from the service's OpenAPI document.
 */
public final class SendgateClient {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** How long a call may take on top of the wait it asks the service for. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final long ACCEPTED_POLL_MS = 50;

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
        return openTcp(remoteHost, remotePort, SocketAttributes.defaults());
    }

    /** {@link #openTcp(String, int)} with attributes, e.g. {@code SocketAttributes.defaults().withCapture(true)}. */
    public String openTcp(String remoteHost, int remotePort, SocketAttributes attributes) {
        return open("TCP", remoteHost, remotePort, attributes);
    }

    /** Opens a UDP socket whose default peer is {@code remoteHost:remotePort}; returns its id. */
    public String openUdp(String remoteHost, int remotePort) {
        return openUdp(remoteHost, remotePort, SocketAttributes.defaults());
    }

    /** {@link #openUdp(String, int)} with attributes. */
    public String openUdp(String remoteHost, int remotePort, SocketAttributes attributes) {
        return open("UDP", remoteHost, remotePort, attributes);
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
        return json.treeToValue(call("POST", socketPath(socketId) + "/sends", body, Duration.ZERO),
                SendgateOperation.class);
    }

    /**
     * WSARecv into one buffer of {@code bytes} bytes, overlapped as the socket was opened. Completed now, it has
     * what arrived in {@link SendgateOperation#data()} (empty when the peer closed the stream); pending, it ends
     * when bytes arrive: {@link #operation(long, long)} then reads them.
     */
    public SendgateOperation receive(String socketId, int bytes, ReceiveFlag... flags) {
        ObjectNode body = json.createObjectNode().put("bytes", bytes);
        if (flags.length > 0) {
            ArrayNode names = body.putArray("flags");
            for (ReceiveFlag flag : flags) {
                names.add(flag.name());
            }
        }
        return json.treeToValue(call("POST", socketPath(socketId) + "/receives", body, Duration.ZERO),
                SendgateOperation.class);
    }

    /** The operation after waiting up to {@code waitMs} for it to end (0: as it is now). */
    public SendgateOperation operation(long operationId, long waitMs) {
        return json.treeToValue(call("GET", "/api/v1/operations/" + operationId + "?waitMs=" + waitMs, null,
                Duration.ofMillis(waitMs)), SendgateOperation.class);
    }

    /**
     * What a capturing socket received from stream offset {@code from} on, once at least {@code minBytes} of it
     * are there, the stream ended, or {@code timeout} passed (then with what is there). Asking from an offset
     * releases the bytes before it; read on from {@link CapturedBytes#to()}.
     */
    public CapturedBytes received(String socketId, long from, int minBytes, Duration timeout) {
        return json.treeToValue(call("GET", socketPath(socketId) + "/received?from=" + from + "&minBytes=" + minBytes
                + "&timeoutMs=" + timeout.toMillis(), null, timeout), CapturedBytes.class);
    }

    /**
     * Waits until the bytes a capturing socket received from offset 0 on contain {@code pattern}: where it starts
     * ({@link CapturedBytes#offset()}) and ends ({@link CapturedBytes#end()}), and the bytes up to its end.
     *
     * @throws SendgateExpectException when it did not arrive within {@code timeout}, or the stream ended without
     *                                 it; with what did arrive
     */
    public CapturedBytes expect(String socketId, CapturePattern pattern, Duration timeout) {
        return expect(socketId, pattern, 0, timeout);
    }

    /** {@link #expect(String, CapturePattern, Duration)} from stream offset {@code from} on (e.g. the last end). */
    public CapturedBytes expect(String socketId, CapturePattern pattern, long from, Duration timeout) {
        ObjectNode body = json.createObjectNode()
                .put(pattern.member(), pattern.value())
                .put("from", from)
                .put("timeoutMs", timeout.toMillis());
        return json.treeToValue(call("POST", socketPath(socketId) + "/expect", body, timeout), CapturedBytes.class);
    }

    /** {@link #expect(String, CapturePattern, Duration)} for this text. */
    public CapturedBytes expect(String socketId, String text, Duration timeout) {
        return expect(socketId, CapturePattern.text(text), timeout);
    }

    /** closesocket: pending sends and receives on it end as aborted. */
    public void close(String socketId) {
        call("DELETE", socketPath(socketId), null, Duration.ZERO);
    }

    /** bind + listen on {@code host:port} (port 0: any free one, reported in the answer); connections wait for {@link #accept}. */
    public SendgateListener listen(String host, int port) {
        return listen(host, port, null);
    }

    /**
     * A listener that accepts every connection into the pool by itself, each accepted socket with these
     * attributes: with {@code SocketAttributes.defaults().withCapture(true)}, a fake server that records what
     * its clients send. {@link #awaitAccepted(String, Duration)} finds the connections.
     */
    public SendgateListener listenAutoAccepting(String host, int port, SocketAttributes accepted) {
        return listen(host, port, Objects.requireNonNull(accepted, "accepted"));
    }

    /** The next connection to the listener, as a socket of the pool; fails with WSAETIMEDOUT after {@code timeout}. */
    public String accept(String listenerId, Duration timeout) {
        return accept(listenerId, timeout, SocketAttributes.defaults());
    }

    /** {@link #accept(String, Duration)}, the accepted socket with these attributes. */
    public String accept(String listenerId, Duration timeout, SocketAttributes attributes) {
        ObjectNode body = json.createObjectNode();
        attributes.asMap().forEach((name, value) -> body.putPOJO(name, value));
        return call("POST", listenerPath(listenerId) + "/accept?timeoutMs=" + timeout.toMillis(), body, timeout)
                .path("id").asString();
    }

    /** The sockets of the pool that this listener accepted, oldest first. */
    public List<String> acceptedSockets(String listenerId) {
        List<String> ids = new ArrayList<>();
        for (JsonNode socket : call("GET", "/api/v1/sockets?acceptedFrom="
                + URLEncoder.encode(listenerId, StandardCharsets.UTF_8), null, Duration.ZERO)) {
            ids.add(socket.path("id").asString());
        }
        return ids;
    }

    /**
     * Waits until an auto-accepting listener has accepted a connection; returns the first one it accepted.
     *
     * @throws IllegalStateException when none came within {@code timeout}
     */
    public String awaitAccepted(String listenerId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> accepted = acceptedSockets(listenerId);
            if (!accepted.isEmpty()) {
                return accepted.get(0);
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new IllegalStateException("The listener " + listenerId + " accepted no connection within "
                        + timeout.toMillis() + " ms");
            }
            try {
                Thread.sleep(ACCEPTED_POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + listenerId + " to accept", e);
            }
        }
    }

    /** Closes a listener; the sockets it accepted stay in the pool. */
    public void closeListener(String listenerId) {
        call("DELETE", listenerPath(listenerId), null, Duration.ZERO);
    }

    private SendgateListener listen(String host, int port, SocketAttributes autoAccepted) {
        ObjectNode body = json.createObjectNode().put("host", host).put("port", port);
        if (autoAccepted != null) {
            body.put("autoAccept", true);
            ObjectNode socket = body.putObject("socket");
            autoAccepted.asMap().forEach((name, value) -> socket.putPOJO(name, value));
        }
        return json.treeToValue(call("POST", "/api/v1/listeners", body, Duration.ZERO), SendgateListener.class);
    }

    private String open(String type, String remoteHost, int remotePort, SocketAttributes attributes) {
        ObjectNode body = json.createObjectNode()
                .put("type", type)
                .put("remoteHost", remoteHost)
                .put("remotePort", remotePort);
        attributes.asMap().forEach((name, value) -> body.putPOJO(name, value));
        return call("POST", "/api/v1/sockets", body, Duration.ZERO).path("id").asString();
    }

    private static String socketPath(String socketId) {
        return "/api/v1/sockets/" + URLEncoder.encode(socketId, StandardCharsets.UTF_8);
    }

    private static String listenerPath(String listenerId) {
        return "/api/v1/listeners/" + URLEncoder.encode(listenerId, StandardCharsets.UTF_8);
    }

    /** One call; {@code wait} is how long the service may wait before it answers, on top of the usual bound. */
    private JsonNode call(String method, String path, JsonNode body, Duration wait) {
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUri.resolve(path))
                .timeout(REQUEST_TIMEOUT.plus(wait))
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
            throw failure(method + " " + path, response.statusCode(), text);
        }
        return text.isEmpty() ? json.createObjectNode() : json.readTree(text);
    }

    /** The problem detail as an exception; one that carries what arrived (an expect that missed) says so. */
    private SendgateApiException failure(String request, int status, String text) {
        JsonNode problem = parseOrEmpty(text);
        String title = textOrNull(problem, "title");
        String detail = textOrNull(problem, "detail");
        String wsaError = textOrNull(problem, "wsaError");
        Integer wsaCode = problem.hasNonNull("wsaCode") ? problem.get("wsaCode").asInt() : null;
        if (problem.hasNonNull("receivedBytes")) {
            byte[] received = problem.hasNonNull("base64")
                    ? Base64.getDecoder().decode(problem.get("base64").asString()) : new byte[0];
            return new SendgateExpectException(request, status, title, detail, wsaError, wsaCode, text,
                    problem.path("from").asLong(), received);
        }
        return new SendgateApiException(request, status, title, detail, wsaError, wsaCode, text);
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
