package io.sendgate.api.robustness;

import java.util.ArrayList;
import java.util.List;

import static io.sendgate.api.robustness.Request.INVAL;

/**
 * Sends with one kind of body: valid ones, ones malformed in that body's own ways, and valid ones to a
 * socket that cannot take them. Only sends to the connected socket can reach the peer whose bytes the test
 * models.
 */
abstract class Sends {
    final Dice dice;
    final Model model;

    Sends(Dice dice, Model model) {
        this.dice = dice;
        this.model = model;
    }

    static String path(String socketId) {
        return "/api/v1/sockets/" + socketId + "/sends";
    }

    /** A valid send to {@code target}: the connected socket must take it, and its bytes go to the peer. */
    abstract Request valid(String target);

    /** A send to the connected socket whose body (or query) is malformed, or valid in a way seldom seen. */
    abstract Request mutated();

    Request next() {
        String target = target();
        if (!target.equals(model.sock)) {
            // any body to a socket that is not there, or no longer usable: refused, nothing sent (C22, C27)
            Request r = valid(target);
            r.payload = null;
            return refused(r, target);
        }
        return dice.nextInt(4) == 0 ? valid(model.sock) : mutated();
    }

    private String target() {
        if (dice.nextInt(8) != 0) {
            return model.sock;
        }
        List<String> candidates = new ArrayList<>(List.of("s-0", "s-999999", "s-" + Long.MAX_VALUE, model.listener, "S-1",
                model.sock + "x", "s--1", "s-1.0", "nope"));
        candidates.addAll(model.closedIds);
        candidates.addAll(model.shutIds);
        return dice.pick(candidates);
    }

    /** A socket a send cannot go to: unknown, closed, a listener's id, shut down (C22, C27, C20). */
    private Request refused(Request r, String target) {
        r.mustSucceed = false;
        r.label("bad-socket");
        if (model.shutIds.contains(target)) {
            // C20; or C4's mode check first, on a spare opened with overlapped=false
            return r.fails(null, "WSAESHUTDOWN", INVAL);
        }
        return r.fails(404, "WSAENOTSOCK");
    }
}
