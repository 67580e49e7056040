package io.sendgate.api.robustness;

import io.sendgate.testing.Bytes;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

import static io.sendgate.api.robustness.Request.FAULT;
import static io.sendgate.api.robustness.Request.INVAL;

/**
 * A body that is not JSON, or not the object the call reads (C29: WSAEFAULT for what is not JSON or broke
 * off), made from a valid one.
 */
final class BrokenJson {
    private final Dice dice;

    BrokenJson(Dice dice) {
        this.dice = dice;
    }

    /**
     * Breaks {@code json} and sets it as the body of {@code r}, which must then be refused. {@code send}: read
     * by the service's own streaming reader, which is exact about codes.
     */
    void apply(Request r, String json, boolean send) {
        int w = dice.nextInt(11);
        byte[] body;
        String label;
        Set<String> codes = Set.of(FAULT);
        switch (w) {
            case 0 -> {
                body = utf8(json.substring(0, dice.nextInt(json.length())));
                label = "truncated";
            }
            case 1 -> {
                // only where the structure is, never inside a string (a text value may hold commas)
                int at = dice.pick(json.indexOf('{') + 1, json.lastIndexOf('}'), json.indexOf('[') + 1);
                if (at <= 0) {
                    at = json.length() - 1;
                }
                body = utf8(json.substring(0, at) + dice.pick(",", ",,", ", ,") + json.substring(at));
                label = "extra-comma";
            }
            case 2 -> {
                String s = dice.nextBoolean() ? json.replaceFirst("\\{", "[") : json.substring(0, json.lastIndexOf('}')) + "]"
                        + json.substring(json.lastIndexOf('}') + 1);
                if (json.contains("[") && dice.nextBoolean()) {
                    s = json.replaceFirst("\\[", "{");
                }
                body = utf8(s);
                label = "wrong-bracket";
                codes = Set.of(FAULT, INVAL);
            }
            case 3 -> {
                // bytes that are not UTF-8, inside a string
                int quote = json.indexOf('"', 1 + dice.nextInt(Math.max(1, json.length() - 1)));
                if (quote < 0) {
                    quote = json.indexOf('"');
                }
                byte[] bad = dice.pick(new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xC0, (byte) 0xAF},
                        new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                        new byte[] {(byte) 0x80}, new byte[] {(byte) 0xE2, (byte) 0x82}, new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80});
                byte[] all = utf8(json);
                int at = quote < 0 ? 1 : utf8(json.substring(0, quote + 1)).length;
                body = Bytes.concat(Arrays.copyOf(all, at), bad, Arrays.copyOfRange(all, at, all.length));
                label = "invalid-utf8";
                int value = json.indexOf("\":\"");
                if (dice.nextBoolean() && value >= 0 && value + 3 < json.length() && json.charAt(value + 3) < 0x80
                        && json.charAt(value + 3) != '"' && json.charAt(value + 3) != '\\') {
                    // an ASCII character of a value in an overlong form ("T\xC1\x83P" read as "TCP"), which
                    // only a strict decoder refuses
                    int c = json.charAt(value + 3);
                    byte[] overlong = dice.nextBoolean() ? new byte[] {(byte) (0xC0 | c >> 6), (byte) (0x80 | c & 0x3F)}
                            : new byte[] {(byte) 0xE0, (byte) (0x80 | c >> 6), (byte) (0x80 | c & 0x3F)};
                    int from = utf8(json.substring(0, value + 3)).length;
                    body = Bytes.concat(Arrays.copyOf(all, from), overlong, Arrays.copyOfRange(all, from + 1, all.length));
                    label = "overlong-utf8";
                }
            }
            case 4 -> {
                // a raw control character inside a string (a name, when the object has no member to put it in)
                int quote = json.indexOf('"');
                String control = dice.pick("\u0001", "\u001f", "\t", "\n", "\u0000");
                body = utf8(quote < 0 ? "{\"a" + control + "\":1}" : json.substring(0, quote + 1) + control + json.substring(quote + 1));
                label = "control-char";
            }
            case 5 -> {
                body = utf8(json + dice.pick(" x", "}", "]", ",", " {}", "\u0000", " //c", " null", "\"", "{\"a\":1}"));
                label = "trailing-garbage";
                codes = Set.of(FAULT, INVAL);
            }
            case 6 -> {
                int colon = json.indexOf(':');
                int end = json.indexOf(',', colon);
                if (end < 0) {
                    end = json.lastIndexOf('}');
                }
                String token = dice.pick("NaN", "Infinity", "-Infinity", "01", "+1", ".5", "1.", "0x10", "'single'", "undefined",
                        "True", "nul", "tru", "-", "1e", "1e+", "--1", "\"unterminated");
                body = colon < 0 ? utf8(token) : utf8(json.substring(0, colon + 1) + token + json.substring(end));
                label = "not-a-json-token";
                codes = Set.of(FAULT, INVAL);
            }
            case 7 -> {
                body = utf8(dice.pick("", " ", "\r\n\t ", "null", "[]", "\"x\"", "1", "true", "{", "}", "[", "{}}", "{\"\"}", ":",
                        "\u0000"));
                label = "not-an-object";
                codes = Set.of(FAULT, INVAL);
            }
            case 8 -> {
                body = utf8(dice.pick("/* c */ ", "// c\n", "# c\n") + json);
                label = "comment";
            }
            case 9 -> {
                String unquoted = json.replaceFirst("\"([A-Za-z]+)\":", dice.nextBoolean() ? "$1:" : "'$1':");
                body = utf8(unquoted.equals(json) ? "{a:1}" : unquoted);
                label = "unquoted-name";
            }
            default -> {
                // a string value with an escape that is none, or a surrogate left alone
                int quote = json.indexOf("\":\"");
                String esc = dice.pick("\\x41", "\\u12Z", "\\u12G4", "\\a", "\\", "\\U0041", "\\ud800", "\\udc00\\ud800");
                if (quote < 0) {
                    body = utf8("{\"" + esc + "\":1}");
                } else {
                    body = utf8(json.substring(0, quote + 3) + esc + json.substring(quote + 3));
                }
                label = "bad-escape";
                if (!send && (esc.equals("\\ud800") || esc.equals("\\udc00\\ud800"))) {
                    // Jackson takes lone surrogates into a Java string; what the call then makes of it is an INVAL
                    codes = Set.of(FAULT, INVAL, "WSAEADDRNOTAVAIL");
                }
            }
        }
        r.json(body).label(label);
        r.fails(400, codes.toArray(String[]::new));
        r.payload = null;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
