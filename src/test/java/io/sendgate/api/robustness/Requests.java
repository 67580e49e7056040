package io.sendgate.api.robustness;

import io.sendgate.api.robustness.Request.Kind;
import io.sendgate.api.robustness.Request.Shape;

/**
 * Chooses each request of the run: an endpoint by weight, then (by the generator of that endpoint) a valid
 * request or how it is malformed; now and then a valid one is taken apart in its framing, or sent from a
 * foreign site.
 */
final class Requests {
    private final Dice dice;
    private final Model model;
    private final int port;
    private final JsonSends jsonSends;
    private final OctetSends octetSends;
    private final MultipartSends multipartSends;
    private final SocketCalls sockets;
    private final ListenerCalls listeners;
    private final OperationCalls operations;
    private final SessionCalls sessions;
    private final MisdirectedCalls misdirected;
    private final Framing framing;

    Requests(Dice dice, Model model, Service service, Tally tally) {
        this.dice = dice;
        this.model = model;
        this.port = service.port();
        BrokenJson brokenJson = new BrokenJson(dice);
        ControlBodies bodies = new ControlBodies(dice, brokenJson);
        jsonSends = new JsonSends(dice, model, brokenJson);
        octetSends = new OctetSends(dice, model);
        multipartSends = new MultipartSends(dice, model);
        sockets = new SocketCalls(dice, model, bodies, port);
        listeners = new ListenerCalls(dice, model, bodies, tally);
        operations = new OperationCalls(dice, model, bodies, service.completionLog(), port);
        sessions = new SessionCalls(dice, bodies);
        misdirected = new MisdirectedCalls(dice, model, port);
        framing = new Framing(dice, port);
    }

    Request next() {
        int w = dice.nextInt(100);
        Request r;
        if (w < 16) {
            r = jsonSends.next();
        } else if (w < 25) {
            r = octetSends.next();
        } else if (w < 33) {
            r = multipartSends.next();
        } else if (w < 39) {
            r = sockets.open();
        } else if (w < 43) {
            r = sockets.readOrClose();
        } else if (w < 48) {
            r = sockets.shutdown();
        } else if (w < 50) {
            r = sockets.cancel();
        } else if (w < 55) {
            r = listeners.listen();
        } else if (w < 60) {
            r = listeners.accept();
        } else if (w < 65) {
            r = operations.operation();
        } else if (w < 71) {
            r = operations.waitFor();
        } else if (w < 75) {
            r = operations.events();
        } else if (w < 78) {
            r = sessions.next();
        } else if (w < 79) {
            r = new Request(Kind.HEALTH, "GET", dice.pick("/actuator/health", "/actuator/health/liveness")).succeeds(Shape.HEALTH);
        } else if (w < 83) {
            r = misdirected.unknownPath();
        } else if (w < 87) {
            r = misdirected.wrongMethod();
        } else {
            r = framing.apply(framable());
        }
        if (r.raw == null && dice.nextInt(12) == 0 && r.mutation.equals("valid")) {
            // C35, C36 on any call: a foreign Host (DNS rebinding) or a cross-site request refused first
            r = foreign(r);
        }
        return r;
    }

    /** A request whose framing the raw mutations can take apart: one with a body, mostly a send. */
    private Request framable() {
        int w = dice.nextInt(10);
        Request r;
        do {
            r = w < 3 ? jsonSends.valid(model.sock) : w < 6 ? octetSends.valid(model.sock) : w < 8 ? multipartSends.valid(model.sock)
                    : w == 8 ? listeners.valid() : operations.validWait();
        } while (r.body == null || r.body.length < 4);
        return r;
    }

    // C35, C36: a foreign Host, a cross-site request
    private Request foreign(Request r) {
        boolean changes = !r.method.equals("GET") && !r.method.equals("HEAD") && !r.method.equals("OPTIONS");
        int w = dice.nextInt(3);
        if (w == 0) {
            r.headers.add(new String[] {"Host", dice.pick("evil.example", "evil.example:80", "127.0.0.1.nip.io", "attacker.localhost.example")});
            r.raw = r.bytes(port);
        } else if (w == 1 && changes) {
            r.header("Origin", dice.pick("http://evil.example", "null", "https://127.0.0.1.evil.example"));
        } else if (changes) {
            r.header("Sec-Fetch-Site", "cross-site");
        } else {
            return r;
        }
        r.payload = null;
        r.onSuccess = null;
        return r.label(w == 0 ? "foreign-host" : "cross-site").fails(403, "WSAEACCES");
    }
}
