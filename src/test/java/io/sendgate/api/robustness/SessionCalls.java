package io.sendgate.api.robustness;

import io.sendgate.api.robustness.Request.Kind;
import io.sendgate.api.robustness.Request.Shape;

import java.util.Set;

import static io.sendgate.api.robustness.JsonObject.q;
import static io.sendgate.api.robustness.Request.INVAL;
import static io.sendgate.api.robustness.Schemas.SESSION_SCHEMA;

/** Session (C37): this service has no token, so logging in is refused. */
final class SessionCalls {
    private final Dice dice;
    private final ControlBodies bodies;

    SessionCalls(Dice dice, ControlBodies bodies) {
        this.dice = dice;
        this.bodies = bodies;
    }

    Request next() {
        int w = dice.nextInt(5);
        if (w == 0) {
            return new Request(Kind.SESSION, "GET", "/api/v1/session").succeeds(Shape.SESSION);
        }
        if (w == 1) {
            Request r = new Request(Kind.SESSION, "DELETE", "/api/v1/session").succeeds(Shape.NONE);
            if (dice.nextBoolean()) {
                r.header("Cookie", dice.pick("SENDGATE_SESSION=abc", "a=b; c", "=;=;", "SENDGATE_SESSION=" + "x".repeat(3000)));
            }
            return r;
        }
        Request r = new Request(Kind.SESSION, "POST", "/api/v1/session");
        JsonObject base = new JsonObject().put("token", q(dice.pick("secret", "", "x".repeat(100))));
        if (dice.nextBoolean()) {
            return r.json(base.json()).label("no-token-configured").fails(400, INVAL);
        }
        bodies.mutateDefinitely(r, base, SESSION_SCHEMA, Set.of("token"));
        return r;
    }
}
