package io.sendgate.api.robustness;

import io.sendgate.api.robustness.Request.Shape;
import io.sendgate.testing.Api;
import tools.jackson.databind.JsonNode;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documented JSON shape of each successful answer. A send's answer also goes into the model of what the
 * peer must get (C7, C8): the check is what tells the test the send was accepted.
 */
final class Shapes {
    private final Model model;

    Shapes(Model model) {
        this.model = model;
    }

    /** Throws when the answer to {@code r} is not of the shape it must have. */
    void check(Request r, Answer a) {
        if (r.head || r.shape == Shape.NONE) {
            return;
        }
        if (r.shape == Shape.STREAM) {
            assertThat(a.contentType()).startsWith("text/event-stream");
            return;
        }
        assertThat(a.contentType()).as("content type").matches("application/([a-z0-9.-]+\\+)?json.*");
        JsonNode json = Api.JSON.readTree(a.body());
        switch (r.shape) {
            case SOCKET -> socketShape(json);
            case SOCKETS -> {
                assertThat(json.isArray()).isTrue();
                json.forEach(this::socketShape);
            }
            case LISTENER -> listenerShape(json);
            case LISTENERS -> {
                assertThat(json.isArray()).isTrue();
                json.forEach(this::listenerShape);
            }
            case OPERATION -> {
                operationShape(json);
                String id = r.target.replaceAll(".*/operations/([^?]+).*", "$1");
                assertThat(json.path("id").asString()).isEqualTo(id);
                if (json.path("status").asString().equals("PENDING")) {
                    assertThat(json.path("wsaError").asString()).isEqualTo("WSA_IO_INCOMPLETE");
                    assertThat(json.path("wsaCode").asInt()).isEqualTo(996);
                } else {
                    assertThat(json.path("completedAt").isString()).as("completedAt").isTrue();
                }
            }
            case SENT -> sent(r, a, json);
            case WAIT -> {
                assertThat(json.path("completed").isArray()).as("completed").isTrue();
                assertThat(json.path("pending").isArray()).as("pending").isTrue();
                assertThat(json.path("timedOut").isBoolean()).as("timedOut").isTrue();
                Set<Long> answered = new HashSet<>();
                json.path("completed").forEach(n -> answered.add(n.asLong()));
                json.path("pending").forEach(n -> answered.add(n.asLong()));
                if (r.mutation.equals("valid")) {
                    assertThat(model.knownOps).as("operations named in the answer").containsAll(answered);
                }
            }
            case CANCEL -> {
                assertThat(json.path("socketId").isString()).isTrue();
                assertThat(json.path("abortedOperationIds").isArray()).isTrue();
                assertThat(json.path("abortedSends").asInt()).isGreaterThanOrEqualTo(json.path("abortedOperationIds").size());
                json.path("abortedOperationIds").forEach(n -> assertThat(model.knownOps).contains(n.asLong()));
            }
            case SESSION -> {
                assertThat(json.path("tokenRequired").isBoolean()).isTrue();
                assertThat(json.path("authenticated").isBoolean()).isTrue();
            }
            case HEALTH -> assertThat(json.path("status").asString()).isEqualTo("UP");
            default -> {
            }
        }
    }

    private void socketShape(JsonNode s) {
        assertThat(s.path("id").asString()).matches("s-\\d+");
        assertThat(s.path("type").asString()).isIn("TCP", "UDP");
        assertThat(s.path("state").asString()).isNotBlank();
        assertThat(s.path("overlapped").isBoolean()).isTrue();
        assertThat(s.path("nonBlocking").isBoolean()).isTrue();
        JsonNode stats = s.path("stats");
        for (String counter : List.of("sends", "bytesSent", "pendingOperations", "failedSends")) {
            assertThat(stats.path(counter).isIntegralNumber()).as("stats." + counter).isTrue();
            assertThat(stats.path(counter).asLong()).as("stats." + counter).isGreaterThanOrEqualTo(0);
        }
    }

    private void listenerShape(JsonNode l) {
        assertThat(l.path("id").asString()).matches("l-\\d+");
        assertThat(l.path("localAddress").isString()).isTrue();
        assertThat(l.path("localPort").asInt()).isBetween(1, 65535);
        assertThat(l.path("backlog").isIntegralNumber()).isTrue();
    }

    private void operationShape(JsonNode op) {
        assertThat(op.path("socketId").isString()).as("socketId").isTrue();
        assertThat(op.path("status").asString()).isIn("PENDING", "COMPLETED", "FAILED", "ABORTED");
        assertThat(op.path("bytesTransferred").asLong()).isBetween(0L, op.path("totalBytes").asLong());
        assertThat(op.path("bufferCount").isIntegralNumber()).isTrue();
        assertThat(op.path("flags").isArray()).isTrue();
        assertThat(op.path("submittedAt").isString()).isTrue();
    }

    /** A send's answer (C11-C13), and the model of what the peer gets (C7, C8). */
    private void sent(Request r, Answer a, JsonNode op) {
        operationShape(op);
        if (r.payload == null) {
            throw new AssertionError("a send the test cannot account for was accepted");
        }
        assertThat(op.path("socketId").asString()).isEqualTo(model.sock);
        assertThat(op.path("totalBytes").asLong()).as("totalBytes").isEqualTo(r.payload.length);
        if (r.buffers >= 0 && !r.mutation.startsWith("content-length")) {
            assertThat(op.path("bufferCount").asInt()).as("bufferCount").isEqualTo(r.buffers);
        }
        boolean overlapped = op.path("overlapped").asBoolean();
        if (a.status() == 202) {
            assertThat(op.path("status").asString()).isEqualTo("PENDING");
            assertThat(op.path("wsaError").asString()).isEqualTo("WSA_IO_PENDING");
            assertThat(op.path("wsaCode").asInt()).isEqualTo(997);
            assertThat(a.header("Location")).isEqualTo("/api/v1/operations/" + op.path("id").asLong());
        } else {
            assertThat(a.status()).isEqualTo(200);
            assertThat(op.path("status").asString()).isEqualTo("COMPLETED");
            assertThat(op.path("bytesTransferred").asLong()).isEqualTo(r.payload.length);
        }
        if (overlapped) {
            long id = op.path("id").asLong();
            assertThat(id).isPositive();
            assertThat(model.knownOps).as("a new operation id").doesNotContain(id);
            model.knownOps.add(id);
            model.accepted.add(new Model.Accepted(id, r.payload, -1));
        } else {
            assertThat(op.has("id")).as("a non-overlapped send has no id").isFalse();
            model.accepted.add(new Model.Accepted(null, r.payload, op.path("bytesTransferred").asLong()));
        }
    }
}
