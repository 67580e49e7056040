package io.sendgate.api.robustness;

import io.sendgate.api.robustness.Request.Kind;
import io.sendgate.api.robustness.Request.Shape;
import io.sendgate.testing.Api;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import static io.sendgate.api.robustness.Request.INVAL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * WSARecv (C41, C42) on the receiving socket whose peer the test writes to: valid receives in every mode, whose
 * bytes, in posting order, must be exactly what the peer wrote; what must be refused before it acts; and on a
 * scratch socket whose bytes are not modelled, mutations that may go either way. Then /data of receives, of
 * sends, of unknown ids.
 */
final class ReceiveCalls {
    private static final String RECEIVE_OP = "/api/v1/operations/";

    private final Dice dice;
    private final Model model;
    private final ControlBodies bodies;
    private final Tally tally;

    ReceiveCalls(Dice dice, Model model, ControlBodies bodies, Tally tally) {
        this.dice = dice;
        this.model = model;
        this.bodies = bodies;
        this.tally = tally;
    }

    Request receive() {
        if (dice.nextInt(3) == 0 && model.talkerWritten < Model.MAX_TALK) {
            model.talk(dice.randomBytes(1 + dice.nextInt(400)), tally);
        }
        int w = dice.nextInt(10);
        if (w < 4) {
            return valid();
        }
        if (w < 7) {
            return refused();
        }
        return scratch();
    }

    /** A valid receive on the modelled socket: what it gets joins the model of the stream. */
    private Request valid() {
        boolean peek = dice.nextInt(6) == 0;
        boolean blocking = !peek && dice.nextInt(4) == 0;
        JsonObject body = new JsonObject();
        if (dice.nextBoolean()) {
            body.put("bytes", String.valueOf(1 + dice.nextInt(3000)));
        } else {
            List<String> lengths = new ArrayList<>();
            for (int i = dice.nextInt(4); i >= 0; i--) {
                lengths.add("{\"length\":" + dice.nextInt(1500) + "}");
            }
            lengths.add("{\"length\":1}");
            body.put("buffers", "[" + String.join(",", lengths) + "]");
        }
        if (peek) {
            body.put("flags", "[\"MSG_PEEK\"]");
        } else if (dice.nextInt(5) == 0 && !blocking) {
            body.put("flags", "[\"MSG_WAITALL\"]");
        }
        if (blocking) {
            body.put("overlapped", "false");
        } else if (dice.nextBoolean()) {
            body.put("overlapped", "true");
        }
        Request r = new Request(Kind.RECEIVE, "POST", path(model.recvSock)).json(body.json());
        // C41: a blocking receive that got nothing within the socket's SO_RCVTIMEO (50 ms) is 504 WSAETIMEDOUT
        if (blocking) {
            r.either(Shape.NONE);
            r.gateway = Set.of(504);
            r.wsa = Set.of("WSAETIMEDOUT");
        } else {
            r.succeeds(Shape.NONE);
        }
        r.onSuccess = a -> {
            JsonNode op = operation(r, a);
            model.receives.add(new Model.Received(op.has("id") ? op.path("id").asLong() : null,
                    a.status() == 202 ? null : decode(op), peek));
        };
        return r;
    }

    /** What must be refused before it acts, on the modelled socket. */
    private Request refused() {
        Request r = new Request(Kind.RECEIVE, "POST", path(model.recvSock));
        switch (dice.nextInt(9)) {
            case 0 -> r.json(dice.pick("{}", "{\"flags\":[]}", "{\"overlapped\":true}", "{\"bytes\":8,\"buffers\":[{\"length\":8}]}",
                    "{\"bytes\":null}", "{\"buffers\":null}")).label("receive-bytes-or-buffers").fails(400, INVAL);
            case 1 -> r.json("{\"bytes\":" + dice.pick("-1", "0", "-9223372036854775808") + "}").label("receive-size").fails(400, INVAL);
            case 2 -> r.json("{\"bytes\":" + dice.pick("67108865", "9223372036854775807", "1000000000000") + "}")
                    .label("receive-huge").fails(503, "WSAENOBUFS").gateway = Set.of(503);
            case 3 -> r.json("{\"buffers\":" + dice.pick("[]", "[{}]", "[null]", "[{\"length\":-1}]", "[{\"length\":0}]",
                    "[{\"length\":0},{\"length\":0}]", "[{\"length\":1},{}]", "[{\"len\":1}]", "[{\"length\":1,\"x\":1}]")
                    + "}").label("receive-buffers").fails(400, INVAL);
            case 4 -> r.json("{\"bytes\":" + dice.pick("\"abc\"", "1.5", "true", "[1]", "{}", "1e400", "99999999999999999999")
                    + "}").label("receive-wrong-type").fails(400, INVAL);
            case 5 -> r.json("{\"bytes\":8,\"flags\":" + dice.pick("[\"MSG_NOPE\"]", "[\"MSG_DONTROUTE\"]", "[\"MSG_PARTIAL\"]",
                    "\"MSG_PEEK\"", "[1]", "[null]", "[\"msg_peek\"]", "{}") + "}").label("receive-bad-flag").fails(400, INVAL);
            case 6 -> r.json("{\"bytes\":8,\"flags\":" + dice.pick("[\"MSG_WAITALL\",\"MSG_PEEK\"]", "[\"MSG_OOB\",\"MSG_WAITALL\"]",
                    "[\"MSG_PEEK,MSG_WAITALL\"]") + "}").label("receive-flags-refused").fails(400, "WSAEOPNOTSUPP");
            case 7 -> r.json("{\"bytes\":8," + JsonObject.q(dice.pick(Schemas.UNKNOWN_NAMES)) + ":1}").label("unknown-field").fails(400, INVAL);
            default -> r.json("{\"buffers\":[" + String.join(",", java.util.Collections.nCopies(1025, "{\"length\":1}")) + "]}")
                    .label("too-many-buffers").fails(400, INVAL);
        }
        return r;
    }

    /** Anything, on the scratch socket whose bytes are not modelled; accepted operations must still end once. */
    private Request scratch() {
        if (dice.nextInt(4) == 0) {
            model.scratchTalk(dice.randomBytes(1 + dice.nextInt(300)), tally);
        }
        Request r = new Request(Kind.RECEIVE, "POST", path(dice.nextInt(8) == 0
                ? dice.pick(model.listener, "s-0", "x", closedOr("s-999999")) : model.recvScratch));
        if (!r.target.equals(path(model.recvScratch))) {
            return r.json("{\"bytes\":8}").label("unknown-socket").fails(404, "WSAENOTSOCK");
        }
        JsonObject base = new JsonObject().put("bytes", String.valueOf(1 + dice.nextInt(2000)))
                .put("flags", dice.pick("[]", "[\"MSG_PEEK\"]", "[\"MSG_WAITALL\"]")).put("overlapped", dice.pick("true", "false"));
        bodies.mutate(r, base, Schemas.RECEIVE_SCHEMA, Set.of());
        r.gateway = Set.of(503, 504);
        r.onSuccess = a -> {
            JsonNode op = operation(r, a);
            if (op.has("id")) {
                model.knownOps.add(op.path("id").asLong());
            }
        };
        return r;
    }

    /** GET /operations/{id}/data: of receives (ended or pending), of sends, unknown or malformed ids. */
    Request data() {
        int w = dice.nextInt(6);
        List<Model.Received> withIds = model.receives.stream().filter(x -> x.id() != null).toList();
        if (w < 3 && !withIds.isEmpty()) {
            Model.Received got = withIds.get(withIds.size() - 1 - dice.nextInt(Math.min(withIds.size(), 20)));
            Request r = new Request(Kind.DATA, "GET", RECEIVE_OP + got.id() + "/data");
            // C41: a pending receive is 409 WSA_IO_INCOMPLETE, an ended one its bytes
            r.either(Shape.NONE);
            r.wsa = Set.of("WSA_IO_INCOMPLETE");
            r.onSuccess = a -> {
                assertThat(a.contentType()).startsWith("application/octet-stream");
                if (got.data() != null) {
                    assertThat(a.body()).isEqualTo(new String(got.data(), java.nio.charset.StandardCharsets.UTF_8));
                }
            };
            return r;
        }
        if (w == 3 && model.accepted.stream().anyMatch(s -> s.id() != null)) {
            Long send = model.accepted.stream().filter(s -> s.id() != null).reduce((a, b) -> b).orElseThrow().id();
            return new Request(Kind.DATA, "GET", RECEIVE_OP + send + "/data").label("data-of-a-send").fails(400, INVAL);
        }
        if (w == 4) {
            return new Request(Kind.DATA, "GET", RECEIVE_OP + dice.pick("abc", "1.5", "-", "99999999999999999999") + "/data")
                    .label("bad-operation-id").fails(400, INVAL);
        }
        Request r = new Request(Kind.DATA, "GET", RECEIVE_OP + dice.pick("0", "-1", "999999999") + "/data");
        if (dice.nextBoolean()) {
            r.target += "?" + dice.pick("x=1", "raw=true");
            return r.label("unknown-param").fails(400, INVAL);
        }
        return r.label("unknown-operation").fails(404, "WSA_INVALID_HANDLE");
    }

    /** The operation in a receive's answer (C41), checked for its documented shape. */
    private static JsonNode operation(Request r, Answer a) {
        JsonNode op = Api.JSON.readTree(a.body());
        assertThat(op.path("kind").asString()).isEqualTo("RECEIVE");
        assertThat(op.path("status").asString()).isIn("PENDING", "COMPLETED", "FAILED", "ABORTED");
        if (a.status() == 202) {
            assertThat(op.path("wsaError").asString()).isEqualTo("WSA_IO_PENDING");
            assertThat(a.header("Location")).isEqualTo(RECEIVE_OP + op.path("id").asLong());
        } else {
            assertThat(a.status()).as(r.describe()).isEqualTo(200);
            assertThat(op.path("bytesTransferred").asLong()).isEqualTo(decode(op).length);
        }
        return op;
    }

    static byte[] decode(JsonNode op) {
        return op.has("data") ? Base64.getDecoder().decode(op.path("data").asString()) : new byte[0];
    }

    private String closedOr(String fallback) {
        return model.closedIds.isEmpty() ? fallback : model.closedIds.iterator().next();
    }

    private static String path(String socket) {
        return "/api/v1/sockets/" + socket + "/receives";
    }
}
