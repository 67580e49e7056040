package io.sendgate.api.robustness;

import io.sendgate.api.robustness.Request.Kind;
import io.sendgate.api.robustness.Request.Shape;
import io.sendgate.testing.Api;

import java.util.List;
import java.util.Set;

import static io.sendgate.api.robustness.JsonObject.q;
import static io.sendgate.api.robustness.Request.INVAL;
import static io.sendgate.api.robustness.Schemas.OPEN_SCHEMA;
import static io.sendgate.api.robustness.Schemas.SHUTDOWN_SCHEMA;

/**
 * Calls on sockets other than sends: open, the pool and one socket, close, shutdown and cancel. The
 * connected socket whose peer the test models is only given what must be refused before it acts, or what
 * leaves its sends alone; the spares the run opened or accepted take anything.
 */
final class SocketCalls {
    private final Dice dice;
    private final Model model;
    private final ControlBodies bodies;
    private final int port;

    SocketCalls(Dice dice, Model model, ControlBodies bodies, int port) {
        this.dice = dice;
        this.model = model;
        this.bodies = bodies;
        this.port = port;
    }

    // Opening sockets (C1, C2, C4, C33)

    Request open() {
        JsonObject base = new JsonObject().put("type", q(dice.nextInt(5) == 0 ? "UDP" : "TCP"))
                .put("remoteHost", q(dice.pick("127.0.0.1", "localhost", "127.0.0.1")))
                .put("remotePort", String.valueOf(model.sink.address().getPort()));
        for (String attr : List.of("overlapped", "nonBlocking", "noDelay", "keepAlive")) {
            if (dice.nextInt(4) == 0) {
                base.put(attr, String.valueOf(dice.nextBoolean()));
            }
        }
        if (dice.nextInt(4) == 0) {
            base.put("sendTimeoutMs", String.valueOf(dice.nextInt(5000)));
        }
        if (dice.nextInt(4) == 0) {
            base.put("sendBufferBytes", String.valueOf(4096 + dice.nextInt(60_000)));
        }
        Request r = new Request(Kind.OPEN, "POST", "/api/v1/sockets");
        r.onSuccess = a -> {
            if (a.status() == 201) {
                model.spares.add(Api.JSON.readTree(a.body()).path("id").asString());
            }
        };
        // C34: a refused or unreachable target is 502 (WSAECONNREFUSED...), the only 5xx an open may draw
        r.gateway = Set.of(502);
        if (dice.nextInt(7) == 0) {
            return r.json(base.json()).succeeds(Shape.SOCKET);
        }
        bodies.mutate(r, base, OPEN_SCHEMA, Set.of("type"));
        r.shape = Shape.SOCKET;
        return r;
    }

    // The pool, one socket, closing (C5, C22, C27)

    Request readOrClose() {
        int w = dice.nextInt(6);
        if (w == 0) {
            Request r = new Request(Kind.SOCKETS, "GET", "/api/v1/sockets");
            if (dice.nextBoolean()) {
                return r.succeeds(Shape.SOCKETS);
            }
            r.target += "?" + dice.pick("x=1", "limit=5", "socketId=" + model.sock, "state=CONNECTED", "page=1&size=2");
            return r.label("unknown-param").fails(400, INVAL);
        }
        if (w <= 2) {
            String id = dice.pick(model.sock, model.sock, model.listener, "s-0", "s-" + "9".repeat(30), "x", sparesOr(model.sock));
            Request r = new Request(Kind.SOCKET, dice.nextInt(6) == 0 ? "HEAD" : "GET", "/api/v1/sockets/" + id);
            r.head = r.method.equals("HEAD");
            if (id.equals(model.sock) || model.spares.contains(id)) {
                return r.succeeds(Shape.SOCKET);
            }
            return r.label("unknown-socket").fails(404, "WSAENOTSOCK");
        }
        // closesocket: the connected socket only with what must be refused before it closes anything
        Request r = new Request(Kind.CLOSE, "DELETE", "/api/v1/sockets/" + model.sock);
        if (w == 3 && !model.spares.isEmpty()) {
            String id = model.spares.remove(dice.nextInt(model.spares.size()));
            r.target = "/api/v1/sockets/" + id;
            r.succeeds(Shape.SOCKET);
            r.onSuccess = a -> {
                model.closedIds.add(id);
                model.shutIds.remove(id);
            };
            return r;
        }
        if (w == 4) {
            r.target = "/api/v1/sockets/" + dice.pick("s-0", model.listener, "s-00", "%73-0");
            return r.label("unknown-socket").fails(404, "WSAENOTSOCK");
        }
        r.target += "?" + dice.pick("force=true", "how=SD_BOTH", "x", "linger=0");
        return r.label("unknown-param").fails(400, INVAL);
    }

    /** C45: the pool filtered by the listener that accepted its sockets. */
    Request acceptedFrom() {
        String id = dice.pick(model.listener, "l-0", "x", "", model.autoListeners.isEmpty() ? model.listener
                : model.autoListeners.get(dice.nextInt(model.autoListeners.size())));
        Request r = new Request(Kind.SOCKETS, "GET", "/api/v1/sockets?acceptedFrom=" + id);
        int w = dice.nextInt(5);
        if (w == 0) {
            r.target += "&acceptedFrom=" + dice.pick("l-1", id);
            return r.label("repeated-param").fails(400, INVAL);
        }
        if (w == 1) {
            r.target = "/api/v1/sockets?" + dice.pick("acceptedfrom=", "accepted_from=", "listenerId=") + id;
            return r.label("unknown-param").fails(400, INVAL);
        }
        r.succeeds(Shape.SOCKETS);
        r.onSuccess = a -> Api.JSON.readTree(a.body()).forEach(s ->
                org.assertj.core.api.Assertions.assertThat(s.path("acceptedFrom").asString()).isEqualTo(id));
        return r;
    }

    private String sparesOr(String fallback) {
        return model.spares.isEmpty() ? fallback : model.spares.get(dice.nextInt(model.spares.size()));
    }

    // shutdown (C20) and SIO_FLUSH (C21)

    Request shutdown() {
        boolean spare = !model.spares.isEmpty() && dice.nextInt(3) == 0;
        String id = spare ? sparesOr(model.sock) : model.sock;
        JsonObject base = new JsonObject().put("how", q(dice.pick("SD_SEND", "SD_RECEIVE", "SD_BOTH")));
        Request r = new Request(Kind.SHUTDOWN, "POST", "/api/v1/sockets/" + id + "/shutdown");
        r.shape = Shape.SOCKET;
        if (spare) {
            // any mutation, since a spare may be shut down; a valid one shuts it
            if (dice.nextInt(3) == 0) {
                // valid, but a spare may be a socket that never connected (WSAENOTCONN, C27) or one shut already
                r.json(base.json()).either(Shape.SOCKET);
                r.onSuccess = a -> shutOrNot(id, a);
                return r;
            }
            bodies.mutate(r, base, SHUTDOWN_SCHEMA, Set.of("how"));
            r.onSuccess = a -> shutOrNot(id, a);
            return r;
        }
        // the connected socket: only what is refused for sure, or SD_RECEIVE, which leaves sends alone
        if (dice.nextInt(10) == 0) {
            return r.json("{\"how\":\"SD_RECEIVE\"}").succeeds(Shape.SOCKET);
        }
        bodies.mutateDefinitely(r, base, SHUTDOWN_SCHEMA, Set.of("how"));
        return r;
    }

    /** A spare whose send side is shut refuses sends from now on (C20). */
    private void shutOrNot(String id, Answer a) {
        String state = Api.JSON.readTree(a.body()).path("state").asString();
        if (!state.equals("CONNECTED") && !state.equals("SHUTDOWN_RECEIVE")) {
            model.shutIds.add(id);
        }
    }

    Request cancel() {
        String id = dice.nextInt(4) == 0 ? dice.pick("s-0", model.listener, sparesOr("nope")) : model.sock;
        Request r = new Request(Kind.CANCEL, "POST", "/api/v1/sockets/" + id + "/cancel");
        if (dice.nextInt(3) == 0) {
            // it takes no body; whatever is given is not read
            r.json(dice.pick("{}", "{\"x\":1}", "not json", ""));
        }
        if (id.equals(model.sock) && dice.nextBoolean()) {
            r.target += "?" + dice.pick("all=true", "x", "operationId=1", "%zz");
            if (r.target.endsWith("%zz")) {
                r.raw = r.bytes(port);
            }
            return r.label("unknown-param").fails(400, INVAL);
        }
        if (id.equals(model.sock) || model.spares.contains(id)) {
            return r.succeeds(Shape.CANCEL);
        }
        return r.label("unknown-socket").fails(404, "WSAENOTSOCK");
    }
}
