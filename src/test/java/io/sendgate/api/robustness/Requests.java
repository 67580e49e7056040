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
    private final ReceiveCalls receives;
    private final CaptureCalls captures;

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
        receives = new ReceiveCalls(dice, model, bodies, tally);
        captures = new CaptureCalls(dice, model, bodies, tally);
    }

    Request next() {
        int w = dice.nextInt(100);
        Request r;
        if (w < 13) {
            r = jsonSends.next();
        } else if (w < 20) {
            r = octetSends.next();
        } else if (w < 26) {
            r = multipartSends.next();
        } else if (w < 31) {
            r = sockets.open();
        } else if (w < 35) {
            r = sockets.readOrClose();
        } else if (w < 40) {
            r = sockets.shutdown();
        } else if (w < 42) {
            r = sockets.cancel();
        } else if (w < 47) {
            r = listeners.listen();
        } else if (w < 52) {
            r = listeners.accept();
        } else if (w < 56) {
            r = operations.operation();
        } else if (w < 61) {
            r = operations.waitFor();
        } else if (w < 64) {
            r = operations.events();
        } else if (w < 67) {
            r = sessions.next();
        } else if (w < 68) {
            r = new Request(Kind.HEALTH, "GET", dice.pick("/actuator/health", "/actuator/health/liveness")).succeeds(Shape.HEALTH);
        } else if (w < 72) {
            r = misdirected.unknownPath();
        } else if (w < 76) {
            r = misdirected.wrongMethod();
        } else if (w < 81) {
            // C41-C46: receives, their data, capture, listeners that accept by themselves
            r = receives.receive();
        } else if (w < 83) {
            r = receives.data();
        } else if (w < 85) {
            r = captures.received();
        } else if (w < 88) {
            r = captures.expect();
        } else if (w < 89) {
            r = listeners.autoAccept();
        } else if (w < 90) {
            r = sockets.acceptedFrom();
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
