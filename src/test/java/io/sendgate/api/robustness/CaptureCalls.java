package io.sendgate.api.robustness;

import io.sendgate.api.robustness.Request.Kind;
import io.sendgate.api.robustness.Request.Shape;
import io.sendgate.testing.Api;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;

import static io.sendgate.api.robustness.Request.INVAL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Capture (C44): reads by offset and expects on the capturing socket whose peer writes known text, each answer
 * checked against it; what must be refused before it releases a byte; and on a scratch capturing socket, whose
 * offsets are not modelled, mutations that may go either way. Every wait the run asks for is at most 100 ms.
 */
final class CaptureCalls {
    private final Dice dice;
    private final Model model;
    private final ControlBodies bodies;
    private final Tally tally;

    CaptureCalls(Dice dice, Model model, ControlBodies bodies, Tally tally) {
        this.dice = dice;
        this.model = model;
        this.bodies = bodies;
        this.tally = tally;
    }

    Request received() {
        feed();
        int w = dice.nextInt(10);
        String path = "/api/v1/sockets/" + model.capSock + "/received";
        if (w < 5) {
            long from = validFrom();
            int min = dice.nextInt(4) == 0 ? 1 + dice.nextInt(64) : dice.nextInt(2);
            Request r = new Request(Kind.RECEIVED, "GET", path + "?from=" + from + "&minBytes=" + min + "&timeoutMs=" + dice.nextInt(101));
            boolean json = dice.nextBoolean();
            if (json) {
                r.header("Accept", "application/json");
            }
            r.succeeds(Shape.NONE);
            r.onSuccess = a -> {
                long got = json ? checkJson(Api.JSON.readTree(a.body()), from) : checkRaw(a, from);
                model.capBase = Math.max(model.capBase, from);
                model.capConfirmed = Math.max(model.capConfirmed, got);
            };
            return r;
        }
        Request r = new Request(Kind.RECEIVED, "GET", path);
        if (w < 8) {
            // refused before any byte is released
            String q = model.capBase > 0 && dice.nextBoolean()
                    ? "from=" + (model.capBase - 1 - dice.nextInt((int) Math.min(model.capBase, 100))) : dice.pick(
                    "from=-1", "from=9223372036854775807", "from=9223372036854775808", "from=abc", "from=1e3", "from=",
                    "minBytes=-1", "minBytes=1048577", "minBytes=9223372036854775807", "minBytes=x", "timeoutMs=-1",
                    "timeoutMs=300001", "timeoutMs=1.5", "from=0&from=1", "fromm=0", "x=1", "min=1");
            r.target += "?" + q;
            return r.label("received-bad-param").fails(400, INVAL);
        }
        // C44: a socket that does not capture; ids that are not sockets (a listener's, a closed one's)
        String id = dice.pick(model.sock, model.recvSock, model.listener, "s-0", model.closedIds.isEmpty() ? "s-0"
                : model.closedIds.iterator().next());
        r.target = "/api/v1/sockets/" + id + "/received";
        return id.equals(model.sock) || id.equals(model.recvSock)
                ? r.label("not-capturing").fails(400, INVAL) : r.label("unknown-socket").fails(404, "WSAENOTSOCK");
    }

    Request expect() {
        feed();
        int w = dice.nextInt(10);
        Request r = new Request(Kind.EXPECT, "POST", "/api/v1/sockets/" + model.capSock + "/expect");
        if (w < 4 && model.capConfirmed > model.capBase) {
            long from = validFrom();
            long searchTo = model.capConfirmed;
            if (from >= searchTo) {
                from = model.capBase;
            }
            byte[] held = Arrays.copyOfRange(model.capStream(), (int) from, (int) searchTo);
            int at = dice.nextInt(held.length);
            byte[] needle = Arrays.copyOfRange(held, at, Math.min(held.length, at + 1 + dice.nextInt(6)));
            String kind = dice.pick("text", "hex", "base64", "regex");
            String value = switch (kind) {
                case "hex" -> HexFormat.of().formatHex(needle);
                case "base64" -> Base64.getEncoder().encodeToString(needle);
                default -> new String(needle, StandardCharsets.US_ASCII);
            };
            long fromFinal = from;
            int first = indexOf(held, needle);
            r.json(new JsonObject().put(kind, JsonObject.q(value)).put("from", String.valueOf(from))
                    .put("timeoutMs", String.valueOf(dice.nextInt(101))).json()).succeeds(Shape.NONE);
            r.onSuccess = a -> {
                JsonNode j = Api.JSON.readTree(a.body());
                assertThat(j.path("offset").asLong()).as("offset").isEqualTo(fromFinal + first);
                assertThat(j.path("end").asLong()).as("end").isEqualTo(fromFinal + first + needle.length);
                checkJson(j, fromFinal);
                model.capBase = Math.max(model.capBase, fromFinal);
            };
            return r;
        }
        if (w < 8) {
            String body = switch (dice.nextInt(9)) {
                case 0 -> dice.pick("{}", "{\"from\":0}", "{\"timeoutMs\":1}", "{\"text\":null}");
                case 1 -> "{\"text\":\"a\",\"" + dice.pick("hex\":\"61\"", "regex\":\"a\"", "base64\":\"YQ==\"") + ",\"timeoutMs\":1}";
                case 2 -> "{\"" + dice.pick("text", "hex", "base64", "regex") + "\":\"\",\"timeoutMs\":1}";
                case 3 -> "{\"text\":\"" + "a".repeat(4097) + "\",\"timeoutMs\":1}";
                case 4 -> "{\"hex\":\"" + dice.pick("0g", "abc", "1", "zz", "0x61") + "\",\"timeoutMs\":1}";
                case 5 -> "{\"base64\":\"" + dice.pick("@@", "Q", "YQ=Q", "!!!!") + "\",\"timeoutMs\":1}";
                case 6 -> "{\"regex\":\"" + dice.pick("(", "[a", "*a", "a{2,1}", "\\\\") + "\",\"timeoutMs\":1}";
                case 7 -> "{\"text\":\"a\",\"timeoutMs\":" + dice.pick("-1", "300001", "1.5", "\"x\"", "9223372036854775808") + "}";
                default -> "{\"text\":\"a\",\"timeoutMs\":1,\"from\":" + (model.capBase > 0 && dice.nextBoolean()
                        ? String.valueOf(model.capBase - 1) : dice.pick("-1", "9223372036854775807", "1e400", "\"x\"", "[0]", "1.5")) + "}";
            };
            return r.json(body).label("expect-malformed").fails(400, INVAL);
        }
        // anything, on the scratch capture (timeoutMs kept at most 100 unless the mutation takes it: then the
        // pattern, which is there, answers at once)
        r.target = "/api/v1/sockets/" + model.capScratch + "/expect";
        JsonObject base = new JsonObject().put(dice.pick("text", "regex"), "\"x\"").put("from", "0").put("timeoutMs", String.valueOf(dice.nextInt(101)));
        bodies.mutate(r, base, Schemas.EXPECT_SCHEMA, Set.of());
        r.gateway = Set.of(504);
        return r;
    }

    /** Valid offsets: from what is still held to what the test saw captured. */
    private long validFrom() {
        long span = model.capConfirmed - model.capBase;
        return span <= 0 || dice.nextInt(4) == 0 ? model.capBase : model.capBase + dice.nextInt((int) Math.min(span + 1, 5000));
    }

    private void feed() {
        if (dice.nextInt(3) == 0 && model.capWritten() < Model.MAX_TALK) {
            byte[] text = new byte[1 + dice.nextInt(300)];
            for (int i = 0; i < text.length; i++) {
                text[i] = (byte) "abcx01 \n".charAt(dice.nextInt(8));
            }
            model.capTalk(text, tally);
        }
    }

    /** C44: the bytes of a read by offset are the stream's from there; returns where they end. */
    private long checkJson(JsonNode j, long from) {
        long to = j.path("to").asLong();
        assertThat(j.path("from").asLong()).as("from").isEqualTo(from);
        assertThat(to).as("to").isBetween(from, (long) model.capWritten());
        assertThat(j.path("eof").asBoolean()).as("eof").isFalse();
        byte[] bytes = Base64.getDecoder().decode(j.path("base64").asString());
        assertThat(bytes).isEqualTo(Arrays.copyOfRange(model.capStream(), (int) from, (int) to));
        return to;
    }

    private long checkRaw(Answer a, long from) {
        assertThat(a.contentType()).startsWith("application/octet-stream");
        assertThat(a.header("Sendgate-From")).isEqualTo(String.valueOf(from));
        long to = Long.parseLong(a.header("Sendgate-To"));
        assertThat(to).isBetween(from, (long) model.capWritten());
        assertThat(a.body()).isEqualTo(new String(model.capStream(), (int) from, (int) (to - from), StandardCharsets.UTF_8));
        return to;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
