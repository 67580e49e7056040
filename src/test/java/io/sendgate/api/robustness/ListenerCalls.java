package io.sendgate.api.robustness;

import io.sendgate.api.robustness.Request.Kind;
import io.sendgate.api.robustness.Request.Shape;
import io.sendgate.testing.Api;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import static io.sendgate.api.robustness.Request.INVAL;
import static io.sendgate.api.robustness.Schemas.ACCEPT_SCHEMA;
import static io.sendgate.api.robustness.Schemas.LISTEN_SCHEMA;

/** Listeners and accept (C3, C33, C38): the run's own listener, and the spare listeners it opens and closes. */
final class ListenerCalls {
    private static final JsonObject LISTEN_BASE = new JsonObject().put("host", "\"127.0.0.1\"").put("port", "0").put("backlog", "4");

    private final Dice dice;
    private final Model model;
    private final ControlBodies bodies;
    private final Tally tally;

    ListenerCalls(Dice dice, Model model, ControlBodies bodies, Tally tally) {
        this.dice = dice;
        this.model = model;
        this.bodies = bodies;
        this.tally = tally;
    }

    Request listen() {
        int w = dice.nextInt(6);
        if (w == 0) {
            Request r = new Request(Kind.LISTENERS, "GET", "/api/v1/listeners");
            if (dice.nextBoolean()) {
                return r.succeeds(Shape.LISTENERS);
            }
            r.target += "?" + dice.pick("all=1", "port=0", "x");
            return r.label("unknown-param").fails(400, INVAL);
        }
        if (w == 1) {
            String id = dice.pick(model.listener, model.listener, "l-0", model.sock, "l-" + "1".repeat(25), sparesListenerOr(model.listener));
            Request r = new Request(Kind.LISTENERS, "GET", "/api/v1/listeners/" + id);
            return id.equals(model.listener) || model.spareListeners.contains(id) ? r.succeeds(Shape.LISTENER)
                    : r.label("unknown-listener").fails(404, "WSAENOTSOCK");
        }
        if (w == 2 || model.spareListeners.size() > 3) {
            Request r = new Request(Kind.LISTENERS, "DELETE", "/api/v1/listeners/" + dice.pick("l-0", model.sock, "x"));
            if (!model.spareListeners.isEmpty() && dice.nextInt(3) != 0) {
                String id = model.spareListeners.remove(dice.nextInt(model.spareListeners.size()));
                r.target = "/api/v1/listeners/" + id;
                return r.succeeds(Shape.LISTENER);
            }
            if (dice.nextBoolean()) {
                r.target = "/api/v1/listeners/" + model.listener + "?" + dice.pick("x", "force=1");
                return r.label("unknown-param").fails(400, INVAL);
            }
            return r.label("unknown-listener").fails(404, "WSAENOTSOCK");
        }
        Request r = valid();
        if (dice.nextInt(4) == 0) {
            return r;
        }
        r.mustSucceed = false;
        bodies.mutate(r, LISTEN_BASE.copy(), LISTEN_SCHEMA, Set.of("host", "port"));
        r.shape = Shape.LISTENER;
        return r;
    }

    Request valid() {
        Request r = new Request(Kind.LISTEN, "POST", "/api/v1/listeners").json(LISTEN_BASE.json()).succeeds(Shape.LISTENER);
        r.onSuccess = a -> model.spareListeners.add(Api.JSON.readTree(a.body()).path("id").asString());
        return r;
    }

    /** C45: listeners that accept by themselves, with the attributes of the sockets they accept. */
    Request autoAccept() {
        String head = "{\"host\":\"127.0.0.1\",\"port\":0,\"backlog\":4,";
        Request r = new Request(Kind.LISTEN, "POST", "/api/v1/listeners");
        r.onSuccess = a -> {
            String id = Api.JSON.readTree(a.body()).path("id").asString();
            model.spareListeners.add(id);
            model.autoListeners.add(id);
        };
        switch (dice.nextInt(6)) {
            case 0 -> {
                return r.json(head + "\"autoAccept\":true,\"socket\":" + dice.pick("{}", "{\"capture\":true}",
                        "{\"capture\":true,\"receiveTimeoutMs\":100}", "{\"noDelay\":true,\"overlapped\":false}") + "}")
                        .succeeds(Shape.LISTENER);
            }
            case 1 -> {
                return r.json(head + dice.pick("", "\"autoAccept\":false,", "\"autoAccept\":null,") + "\"socket\":{\"capture\":true}}")
                        .label("socket-without-auto-accept").fails(400, INVAL);
            }
            case 2 -> {
                return r.json(head + "\"autoAccept\":true,\"socket\":" + dice.pick("{\"receiveTimeoutMs\":-1}",
                        "{\"sendBufferBytes\":-1}", "{\"capture\":\"yes\"}", "{\"captur\":true}", "{\"type\":\"TCP\"}",
                        "[]", "\"x\"", "{\"remoteHost\":\"127.0.0.1\"}", "{\"sendTimeoutMs\":1.5}") + "}")
                        .label("bad-socket-attributes").fails(400, INVAL);
            }
            case 3 -> {
                return r.json(head + "\"autoAccept\":" + dice.pick("\"yes\"", "[]", "{}", "\"1x\"") + "}")
                        .label("value-bool").fails(400, INVAL);
            }
            case 4 -> {
                if (!model.autoListeners.isEmpty() && model.spareListeners.contains(model.autoListeners.get(model.autoListeners.size() - 1))) {
                    // C45: a listener that accepts by itself takes no accept call
                    String id = model.autoListeners.get(model.autoListeners.size() - 1);
                    return new Request(Kind.ACCEPT, "POST", "/api/v1/listeners/" + id + "/accept?timeoutMs=1")
                            .label("accept-on-auto-accept").fails(400, INVAL);
                }
                return r.json(head + "\"autoAccept\":true}").succeeds(Shape.LISTENER);
            }
            default -> {
                r.mustSucceed = false;
                bodies.mutate(r, new JsonObject().put("host", "\"127.0.0.1\"").put("port", "0").put("backlog", "4")
                        .put("autoAccept", "true").put("socket", "{\"capture\":true}"), Schemas.LISTEN_SOCKET_SCHEMA, Set.of("host", "port"));
                r.shape = Shape.LISTENER;
                return r;
            }
        }
    }

    private String sparesListenerOr(String fallback) {
        return model.spareListeners.isEmpty() ? fallback : model.spareListeners.get(dice.nextInt(model.spareListeners.size()));
    }

    Request accept() {
        boolean connect = model.pendingClients < 3 && dice.nextInt(3) == 0;
        if (connect) {
            connectClient();
        }
        String id = dice.nextInt(6) == 0 ? dice.pick("l-0", model.sock, "x", sparesListenerOr("l-999")) : model.listener;
        String timeout = String.valueOf(dice.nextInt(101));
        Request r = new Request(Kind.ACCEPT, "POST", "/api/v1/listeners/" + id + "/accept?timeoutMs=" + timeout);
        // C38: every wait bounded: an accept with no connection waiting answers 504 WSAETIMEDOUT after timeoutMs
        r.gateway = Set.of(504);
        r.onSuccess = a -> {
            if (a.status() == 201) {
                model.pendingClients = Math.max(0, model.pendingClients - 1);
                model.spares.add(Api.JSON.readTree(a.body()).path("id").asString());
            }
        };
        if (!id.equals(model.listener) && !model.spareListeners.contains(id)) {
            return r.label("unknown-listener").fails(404, "WSAENOTSOCK");
        }
        int w = dice.nextInt(5);
        if (w == 0) {
            return r.either(Shape.SOCKET);
        }
        if (w == 1) {
            // values of timeoutMs that are refused or bounded (never one that waits long: C38)
            String bad = dice.pick("-1", "abc", "1.5", "1e2", "99999999999999999999", "9223372036854775807", "300001",
                    "0x10", "5ms", "%2D1", "-0", "+50", "0050");
            r.target = "/api/v1/listeners/" + id + "/accept?timeoutMs=" + bad;
            boolean fine = Set.of("-0", "+50", "0050", "0x10").contains(bad);
            if (fine) {
                return r.either(Shape.SOCKET);
            }
            return r.label("bad-timeout").fails(400, INVAL);
        }
        if (w == 2) {
            if (dice.nextInt(4) == 0) {
                // C40: a parameter given twice; which one would win is not for the caller to guess
                r.target += "&timeoutMs=" + dice.nextInt(101);
                return r.label("repeated-param").fails(400, INVAL);
            }
            r.target += "&" + dice.pick("timeoutMS=5", "timeout=5", "x", "waitMs=1");
            return r.label("unknown-param").fails(400, INVAL);
        }
        // a body of attributes for the accepted socket; parsed (and refused) before the wait begins
        JsonObject base = new JsonObject();
        if (dice.nextBoolean()) {
            base.put("noDelay", "true");
        }
        if (dice.nextBoolean()) {
            base.put("sendBufferBytes", "8192");
        }
        bodies.mutate(r, base, ACCEPT_SCHEMA, Set.of());
        String text = new String(r.body, StandardCharsets.UTF_8).trim();
        if (text.isEmpty() || text.equals("null")) {
            // the body is optional: none (or JSON null) means the default attributes
            r.mustFail = false;
            r.status = null;
            r.wsa = null;
        }
        r.shape = Shape.SOCKET;
        return r;
    }

    private void connectClient() {
        try {
            Socket s = new Socket();
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), model.listenerPort), 2000);
            model.listenerClients.add(s);
            model.pendingClients++;
        } catch (IOException e) {
            tally.failure("could not connect a client to the listener: " + e);
        }
    }
}
