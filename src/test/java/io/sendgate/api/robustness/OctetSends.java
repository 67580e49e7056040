package io.sendgate.api.robustness;

import io.sendgate.api.robustness.Request.Kind;

import static io.sendgate.api.robustness.Request.INVAL;

/** Sends of application/octet-stream (C9, C39): the body is one buffer, the flags and mode are in the query. */
final class OctetSends extends Sends {
    OctetSends(Dice dice, Model model) {
        super(dice, model);
    }

    @Override
    Request mutated() {
        Request r = valid(model.sock);
        r.payload = null;
        r.mustSucceed = false;
        switch (dice.nextInt(6)) {
            case 0 -> {
                r.target = path(model.sock) + "?flags=" + dice.pick("BOGUS", "msg_oob", "MSG_PEEK", "42", "MSG_OOB;", "MSG_OOB%3BX",
                        "MSG_DONTROUTE,MSG_X", "MSG_OOB+MSG_X", "MSG_X%00");
                r.label("bad-flag-param").fails(400, INVAL);
            }
            case 1 -> {
                r.target = path(model.sock) + "?flags=MSG_PARTIAL" + (dice.nextBoolean() ? "&flags=MSG_DONTROUTE" : "");
                r.label("flag-partial").fails(400, "WSAEOPNOTSUPP");
            }
            case 2 -> {
                r.target = path(model.sock) + "?overlapped=" + dice.pick("maybe", "2", "truee", "-1", "y", "nope", "true&overlapped=false",
                        "1.0", "%74rue%21");
                r.label("bad-overlapped-param").fails(400, INVAL);
            }
            case 3 -> {
                r.target = path(model.sock) + "?" + dice.pick("flag=MSG_OOB", "Flags=MSG_OOB", "overlaped=true", "x", "x=1",
                        "timeoutMs=5", "flags=MSG_DONTROUTE&overLapped=true", "=1", "%66lag=MSG_OOB");
                r.label("unknown-param").fails(400, INVAL);
            }
            case 4 -> {
                r.headers.clear();
                String type = dice.pick("text/plain", "application/octet", "application/octet-stream; charset=nope", "octet-stream",
                        "application/x-binary", "binary/octet-stream", "application/octet-stream, text/plain");
                r.header("Content-Type", type);
                r.label("wrong-content-type").fails(null);
            }
            default -> {
                // C39: a body larger than a control call takes is fine for a send, but this one lies about its flags
                r.body = new byte[300_000 + dice.nextInt(700_000)];
                r.target = path(model.sock) + "?flags=MSG_PEEK";
                r.label("huge-bad-flag").fails(400, INVAL);
            }
        }
        return r;
    }

    @Override
    Request valid(String target) {
        byte[] body = dice.randomBytes(dice.pickSize());
        StringBuilder query = new StringBuilder();
        switch (dice.nextInt(9)) {
            case 0 -> query.append("flags=MSG_DONTROUTE");
            case 1 -> query.append(dice.pick("flags=", "flags=%2C", "flags=MSG_DONTROUTE%2C", "flags=+MSG_DONTROUTE+"));
            case 2 -> query.append(dice.pick("overlapped=true", "overlapped=TRUE", "overlapped=yes", "overlapped=1", "overlapped="));
            // a blocking send (C12): its answer is final, and has no operation id
            case 3 -> query.append(dice.pick("overlapped=false", "overlapped=no", "overlapped=0", "overlapped=off"));
            case 4 -> query.append("flags=MSG_DONTROUTE&overlapped=true");
            default -> {
            }
        }
        Request r = new Request(Kind.SEND_OCTETS, "POST", path(target) + (query.length() == 0 ? "" : "?" + query));
        r.body = body;
        r.header("Content-Type", dice.pick("application/octet-stream", "application/octet-stream", "Application/Octet-Stream",
                "application/octet-stream; x=y"));
        return r.sends(body, 1);
    }
}
