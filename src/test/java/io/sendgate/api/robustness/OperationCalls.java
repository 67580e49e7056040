package io.sendgate.api.robustness;

import io.sendgate.api.robustness.Request.Kind;
import io.sendgate.api.robustness.Request.Shape;
import io.sendgate.core.CompletionLog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import static io.sendgate.api.robustness.Request.INVAL;
import static io.sendgate.api.robustness.Schemas.WAIT_SCHEMA;

/**
 * Calls on the operations the run's sends started: read one, wait for some, follow their completions as
 * events. Every wait the run asks for is bounded (C38).
 */
final class OperationCalls {
    private final Dice dice;
    private final Model model;
    private final ControlBodies bodies;
    private final CompletionLog completionLog;
    private final int port;

    OperationCalls(Dice dice, Model model, ControlBodies bodies, CompletionLog completionLog, int port) {
        this.dice = dice;
        this.model = model;
        this.bodies = bodies;
        this.completionLog = completionLog;
        this.port = port;
    }

    // Operations and waits (C15, C16, C19, C38)

    Request operation() {
        Long known = knownOp();
        boolean validId = known != null && dice.nextInt(4) != 0;
        String unknownId = dice.pick("0", "-1", "999999999");
        String badId = dice.pick("abc", "1.5", "99999999999999999999", "1e3", "x1");
        int idKind = validId ? 0 : dice.nextBoolean() ? 1 : 2;
        String id = idKind == 0 ? String.valueOf(known) : idKind == 1 ? unknownId : badId;
        Request r = new Request(Kind.OPERATION, "GET", "/api/v1/operations/" + id);
        int w = dice.nextInt(5);
        if (w == 1) {
            r.target += "?" + dice.pick("waitMS=5", "timeoutMs=5", "wait=1", "x");
            return r.label("unknown-param").fails(400, INVAL);
        }
        boolean waitRefused = false;
        if (w == 0) {
            // C38: a bounded wait; the values that are not refused wait at most 100 ms
            String v = dice.pick("0", "1", "50", "100", "", "-1", "300001", "abc", "1.5", "99999999999999999999", "1e2", "%zz");
            r.target += "?waitMs=" + v;
            if (v.equals("%zz")) {
                r.raw = r.bytes(port);
                return r.label("query-escape").fails(400, INVAL);
            }
            if (!v.isEmpty() && (!v.matches("\\d+") || v.length() > 18)) {
                if (!v.equals("-1")) {
                    return r.label("bad-wait").fails(400, INVAL);
                }
                waitRefused = true;
            } else if (!v.isEmpty() && Long.parseLong(v) > 300_000) {
                waitRefused = true;
            }
        }
        if (idKind == 2) {
            return r.label("bad-operation-id").fails(400, INVAL);
        }
        if (idKind == 1) {
            // the lookup comes before the wait's bounds are checked
            return r.label("unknown-operation").fails(404, "WSA_INVALID_HANDLE");
        }
        if (waitRefused) {
            return r.label("bad-wait").fails(400, INVAL);
        }
        return r.succeeds(Shape.OPERATION);
    }

    private Long knownOp() {
        if (model.knownOps.isEmpty()) {
            return null;
        }
        List<Long> ops = new ArrayList<>(model.knownOps);
        return ops.get(ops.size() - 1 - dice.nextInt(Math.min(ops.size(), 50)));
    }

    Request waitFor() {
        Request r = validWait();
        if (dice.nextInt(4) == 0 && !model.knownOps.isEmpty()) {
            return r;
        }
        r.mustSucceed = false;
        // the ids: known ones, and an unknown one whenever the mutation might leave timeoutMs out (C38: a wait
        // here never runs long: either timeoutMs stays at most 100, or an unknown id ends it at once)
        List<String> ids = new ArrayList<>();
        for (int i = dice.nextInt(3); i >= 0; i--) {
            Long k = knownOp();
            ids.add(k == null ? "999999999" : String.valueOf(k));
        }
        boolean unknown = dice.nextBoolean() || model.knownOps.isEmpty();
        if (unknown) {
            ids.add(dice.pick("999999999", "0", "-5"));
        }
        JsonObject base = new JsonObject().put("operationIds", "[" + String.join(",", ids) + "]").put("waitAll", String.valueOf(dice.nextBoolean()))
                .put("timeoutMs", String.valueOf(dice.nextInt(101)));
        ControlBodies.Mutation m = bodies.mutate(r, base, WAIT_SCHEMA, Set.of("operationIds"));
        if (m.touched != null && m.touched.equals("timeoutMs") && !m.definite && !unknown) {
            // the value of timeoutMs may have become absent or null: the longest wait. Put an unknown id in front.
            r.json(base.json().replaceFirst("\\[", "[999999999,"));
        }
        if (dice.nextInt(6) == 0) {
            String many = "[" + String.join(",", Collections.nCopies(65 + dice.nextInt(10), "1")) + "]";
            r.json("{\"operationIds\":" + many + ",\"timeoutMs\":1}").label("too-many-ids").fails(400, INVAL);
        }
        r.shape = Shape.WAIT;
        return r;
    }

    Request validWait() {
        Long k = knownOp();
        List<String> ids = new ArrayList<>();
        ids.add(k == null ? "999999999" : String.valueOf(k));
        if (dice.nextBoolean() && k != null) {
            ids.add(String.valueOf(knownOp()));
        }
        String body = "{\"operationIds\":[" + String.join(",", ids) + "],\"waitAll\":" + dice.nextBoolean()
                + ",\"timeoutMs\":" + dice.nextInt(101) + "}";
        Request r = new Request(Kind.WAIT, "POST", "/api/v1/operations/wait").json(body);
        return k == null ? r.label("unknown-operation").fails(404, "WSA_INVALID_HANDLE") : r.succeeds(Shape.WAIT);
    }

    // Events (C17, C38)

    Request events() {
        Request r = new Request(Kind.EVENTS, "GET", "/api/v1/events");
        int w = dice.nextInt(7);
        if (w == 0) {
            r.target += "?" + dice.pick("operationId=abc", "operationId=1.5", "operationId=99999999999999999999", "lastEventId=-1",
                    "lastEventId=abc", "operationId=1&operationId=x", "lastEventId=1e3");
            return r.label("bad-filter").fails(400, INVAL);
        }
        if (w == 1) {
            r.header("Last-Event-ID", dice.pick("abc", "-1", "1.5", "99999999999999999999", "0x10", "1 2"));
            return r.label("bad-last-event-id").fails(400, INVAL);
        }
        if (w == 2) {
            r.target += "?" + dice.pick("socketID=s-1", "socket=s-1", "x", "operationIds=1", "last-event-id=1");
            return r.label("unknown-param").fails(400, INVAL);
        }
        if (w == 3) {
            r.method = "HEAD";
            r.head = true;
            return r.succeeds(Shape.NONE);
        }
        // a real stream: the head is read, then the test hangs up; its slot must come back (C38)
        r.stream = true;
        StringBuilder q = new StringBuilder();
        if (dice.nextBoolean()) {
            q.append("socketId=").append(model.sock);
        }
        if (dice.nextBoolean()) {
            q.append(q.length() == 0 ? "" : "&").append("operationId=").append(knownOp() == null ? 1 : knownOp());
        }
        if (dice.nextInt(3) == 0) {
            r.header("Last-Event-ID", String.valueOf(dice.nextInt(5) == 0 ? 999_999_999 : Math.max(0, completionLog.lastSequence() - 3)));
        }
        if (q.length() > 0) {
            r.target += "?" + q;
        }
        // C38: a full house of streams is 503 WSAEMFILE; it would mean streams are not given back
        r.gateway = Set.of(503);
        return r.succeeds(Shape.STREAM);
    }
}
