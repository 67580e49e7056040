package io.sendgate.api.robustness;

import io.sendgate.api.robustness.Schemas.FType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static io.sendgate.api.robustness.JsonObject.q;
import static io.sendgate.api.robustness.Request.FAULT;
import static io.sendgate.api.robustness.Request.INVAL;
import static io.sendgate.api.robustness.Schemas.NUMBERS;
import static io.sendgate.api.robustness.Schemas.ODD_HOSTS;
import static io.sendgate.api.robustness.Schemas.TIMEOUT_NUMBERS;
import static io.sendgate.api.robustness.Schemas.UNKNOWN_NAMES;
import static io.sendgate.api.robustness.Schemas.WRONG_FOR_STRING;

/** The JSON bodies of the calls Jackson reads (all but a send): mutations of a valid body. */
final class ControlBodies {
    private static final int CONTROL_BODY_LIMIT = 64 * 1024;

    private final Dice dice;
    private final BrokenJson brokenJson;

    ControlBodies(Dice dice, BrokenJson brokenJson) {
        this.dice = dice;
        this.brokenJson = brokenJson;
    }

    /** What a mutation did: the field it took away or gave another value, if any; {@code definite}: no reading of it is valid. */
    static final class Mutation {
        String touched;
        boolean definite;
    }

    /**
     * Applies one mutation to {@code base} and sets the body, label and expectation of {@code r}.
     *
     * @param required fields whose absence is refused
     */
    Mutation mutate(Request r, JsonObject base, Map<String, FType> schema, Set<String> required) {
        Mutation m = new Mutation();
        int w = dice.nextInt(100);
        if (w < 30) {
            brokenJson.apply(r, base.json(), false);
            m.definite = true;
            return m;
        }
        if (w < 48) {
            nameMutation(r, m, base, schema, required);
            return m;
        }
        if (w < 90 && !base.fields.isEmpty()) {
            String[] f = base.fields.get(dice.nextInt(base.fields.size()));
            m.touched = f[0];
            FType type = schema.get(f[0]);
            f[1] = valueMutation(type);
            r.json(base.json()).label("value-" + type.name().toLowerCase(Locale.ROOT)).maybe();
            return m;
        }
        if (w < 95) {
            // C39: past max-control-request-size: refused before it is read
            String big = "x".repeat(CONTROL_BODY_LIMIT + 1 + dice.nextInt(200_000));
            base.put(base.fields.isEmpty() ? "noDelay" : base.fields.get(0)[0], q(big));
            r.json(base.json()).label("too-large").fails(413, "WSAENOBUFS");
            m.definite = true;
            return m;
        }
        int depth = dice.pick(100, 2000, 10_000);
        String deep = dice.nextBoolean() ? "[".repeat(depth) + "]".repeat(depth) : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
        if (base.fields.isEmpty()) {
            r.json(deep);
        } else {
            String[] f = base.fields.get(dice.nextInt(base.fields.size()));
            f[1] = deep;
        }
        r.json(base.fields.isEmpty() ? deep : base.json()).label("deep-nesting").fails(400, FAULT, INVAL);
        m.definite = true;
        return m;
    }

    /** Only mutations that no reading can accept: for calls on the connected socket that must not act. */
    void mutateDefinitely(Request r, JsonObject base, Map<String, FType> schema, Set<String> required) {
        Mutation m = new Mutation();
        int w = dice.nextInt(3);
        if (w == 0) {
            brokenJson.apply(r, base.json(), false);
        } else if (w == 1 && !required.isEmpty()) {
            nameMutation(r, m, base, schema, required);
            if (!r.mustFail) {
                brokenJson.apply(r, base.json(), false);
            }
        } else {
            String[] f = base.fields.get(0);
            FType type = schema.get(f[0]);
            f[1] = dice.pick(type == FType.ENUM ? List.of("\"SD_SIDEWAYS\"", "1", "0", "2", "true", "[]", "{}", "\"sd_send\"", "\"SD_SEND_\"",
                    "\"\\ud800\"", "\"SD_\u00e9\"", "null", "\"\"") : List.of("1", "true", "[]", "{}", "null"));
            r.json(base.json()).label("value-definitely-wrong").fails(400, INVAL);
        }
    }

    private void nameMutation(Request r, Mutation m, JsonObject base, Map<String, FType> schema, Set<String> required) {
        int w = dice.nextInt(4);
        if (w == 0 || base.fields.isEmpty()) {
            // C40: a field the call does not know, or one it knows misspelt
            String name = dice.nextBoolean() || schema.isEmpty() ? dice.pick(UNKNOWN_NAMES)
                    : dice.misspell(dice.pick(new ArrayList<>(schema.keySet())), schema.keySet());
            base.fields.add(dice.nextInt(base.fields.size() + 1), new String[] {name, dice.pick("1", "\"x\"", "true", "null", "[]")});
            r.json(base.json()).label(schema.isEmpty() ? "unknown-field" : "misspelt-field").fails(400, INVAL);
        } else if (w == 1) {
            String[] f = base.fields.get(dice.nextInt(base.fields.size()));
            f[0] = dice.misspell(f[0], schema.keySet());
            r.json(base.json()).label("misspelt-field").fails(400, INVAL);
        } else if (w == 2) {
            String[] f = base.fields.get(dice.nextInt(base.fields.size()));
            base.fields.add(new String[] {f[0], f[1]});
            r.json(base.json()).label("duplicate-field").fails(400, INVAL);
        } else {
            String[] f = base.fields.remove(dice.nextInt(base.fields.size()));
            r.json(base.json()).label("missing-field");
            m.touched = f[0];
            if (required.contains(f[0])) {
                r.fails(400, INVAL, "WSAEADDRNOTAVAIL");
            } else {
                r.maybe();
            }
        }
        m.definite = r.mustFail;
    }

    private String valueMutation(FType type) {
        return switch (type) {
            case STRING -> dice.pick(dice.pick(WRONG_FOR_STRING), dice.pick(ODD_HOSTS));
            case ENUM -> dice.pick("\"tcp\"", "\"SCTP\"", "1", "true", "[]", "{}", "\"\"", "\" TCP\"", "\"TCP \"", "null",
                    "\"\\ud800\"", "\"T\\u0000CP\"", "\"" + "T".repeat(5000) + "\"", "[\"TCP\"]");
            case INT, LONG -> dice.nextBoolean() ? dice.pick(NUMBERS) : dice.pick("\"abc\"", "\"12\"", "true", "false", "[]", "[1]", "{}",
                    "\"\"", "\" 1\"", "\"0x10\"", "\"1e2\"", "null", "\"-\"", "\"\\u0661\"");
            case TIMEOUT -> dice.nextBoolean() ? dice.pick(TIMEOUT_NUMBERS) : dice.pick("\"abc\"", "\"12\"", "true", "[]", "[1]", "{}",
                    "\"\"", "null", "\"1e2\"");
            case BOOL -> dice.pick("\"yes\"", "1", "0", "\"true\"", "[]", "{}", "\"\"", "2", "\"TRUE\"", "null", "-1", "1.5",
                    "\"\\ud800\"");
            case IDS -> dice.pick("1", "\"1\"", "[\"x\"]", "[[1]]", "[{}]", "{}", "true", "[1,null]", "[1.5]", "[]", "null",
                    "[" + dice.pick(NUMBERS) + "]", "[-1]", "[99999999999999999999]", "[1e2]", "\"[1]\"");
        };
    }
}
