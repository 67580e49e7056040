package io.sendgate.api.robustness;

import io.sendgate.api.robustness.Request.Kind;
import io.sendgate.api.robustness.Request.Shape;
import io.sendgate.testing.Bytes;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Set;

import static io.sendgate.api.robustness.JsonObject.q;
import static io.sendgate.api.robustness.Request.FAULT;
import static io.sendgate.api.robustness.Request.INVAL;
import static io.sendgate.api.robustness.Schemas.UNKNOWN_NAMES;
import static io.sendgate.api.robustness.Schemas.WRONG_FOR_STRING;

/** Sends with a JSON body (C9, C29), read by the service's own streaming reader: valid ones, and how they break. */
final class JsonSends extends Sends {
    private final BrokenJson brokenJson;

    JsonSends(Dice dice, Model model, BrokenJson brokenJson) {
        super(dice, model);
        this.brokenJson = brokenJson;
    }

    @Override
    Request mutated() {
        SendSpec spec = SendSpec.valid(dice);
        Request r = new Request(Kind.SEND_JSON, "POST", path(model.sock));
        switch (dice.nextInt(22)) {
            case 0, 1, 2 -> brokenJson.apply(r, spec.json(), true);
            case 3 -> {
                // C40: unknown or misspelt fields are refused with the closest name, not ignored
                boolean inBuffer = dice.nextBoolean();
                String known = inBuffer ? dice.pick("base64", "hex", "text", "charset") : dice.pick("buffers", "flags", "overlapped");
                String name = dice.nextBoolean() ? dice.misspell(known, SendSpec.NAMES) : dice.pick(UNKNOWN_NAMES);
                if (inBuffer) {
                    spec.buffers.get(dice.nextInt(spec.buffers.size())).extra = q(name) + ":" + dice.pick("\"x\"", "1", "null", "[]");
                } else {
                    spec.extraTop = q(name) + ":" + dice.pick("\"x\"", "1", "null", "true", "{}");
                }
                r.json(spec.json()).label("unknown-field").fails(400, INVAL);
            }
            case 4 -> {
                // strict duplicates (C40)
                if (dice.nextBoolean()) {
                    String name = spec.overlapped == null ? "buffers" : dice.pick("buffers", "overlapped");
                    spec.extraTop = q(name) + ":" + (name.equals("buffers") ? "[{\"text\":\"x\"}]" : "true");
                } else {
                    SendSpec.Buf b = spec.buffers.get(0);
                    b.extra = q(b.field) + ":" + b.value;
                }
                r.json(spec.json()).label("duplicate-field").fails(400, INVAL);
            }
            case 5 -> {
                // C29: a missing or empty buffer description
                String body = dice.pick("{}", "{\"buffers\":[]}", "{\"buffers\":[{}]}", "{\"flags\":[]}", "{\"overlapped\":true}",
                        "{\"buffers\":[{\"charset\":\"UTF-8\"}]}", "{\"buffers\":[{\"text\":\"a\"},{}]}",
                        "{\"buffers\":null}", "{\"buffers\":[null]}", "{\"buffers\":[{\"text\":\"a\"},null]}");
                r.json(body).label("missing-buffer").fails(400, FAULT);
            }
            case 6 -> {
                // C29: wrong types where a buffer is described
                String wrong = dice.pick(WRONG_FOR_STRING);
                String body = switch (dice.nextInt(5)) {
                    case 0 -> "{\"buffers\":" + dice.pick("\"abc\"", "1", "true", "{}", "{\"text\":\"a\"}", "-1e400") + "}";
                    case 1 -> "{\"buffers\":[" + dice.pick("\"abc\"", "1", "true", "[]", "[{\"text\":\"a\"}]") + "]}";
                    case 2 -> "{\"buffers\":[{\"" + dice.pick("base64", "hex", "text") + "\":" + wrong + "}]}";
                    case 3 -> "{\"buffers\":[{\"text\":\"a\",\"charset\":" + dice.pick("1", "true", "null", "[]", "{}", "[\"UTF-8\"]") + "}]}";
                    default -> "{\"buffers\":[{\"text\":\"a\",\"hex\":\"00\"}]}";
                };
                r.json(body).label("buffer-wrong-type").fails(400, FAULT);
            }
            case 7 -> {
                SendSpec.Buf b = spec.buffers.get(dice.nextInt(spec.buffers.size()));
                b.field = "base64";
                b.charset = null;
                b.value = "\"" + dice.pick("%%%", "QUJD=", "Q===", "=QUJD", "QU=JD", "Q", "QUJDR", "QUJD====", "QUJD\\u0000",
                        "QUJD!", "QUJD-_", "Q\u00e9JD", "QUJ\\u00e9", "QQ=A", "QQ==QQ==", "\\ud83d\\ude00AAA") + "\"";
                r.json(spec.json()).label("bad-base64").fails(400, FAULT);
            }
            case 8 -> {
                SendSpec.Buf b = spec.buffers.get(dice.nextInt(spec.buffers.size()));
                b.field = "hex";
                b.charset = null;
                b.value = "\"" + dice.pick("abc", "zz", "0x12", "12 3", "1-2", "\u0661\u0662", "0g", "f", "ab:c", "12\\u0000", "ab;cd") + "\"";
                r.json(spec.json()).label("bad-hex").fails(400, FAULT);
            }
            case 9 -> {
                SendSpec.Buf b = spec.buffers.get(dice.nextInt(spec.buffers.size()));
                if (dice.nextBoolean()) {
                    // text the charset cannot encode, or a charset that is none, or that only decodes
                    b.field = "text";
                    b.value = q(dice.pick("caf\u00e9 \u20ac", "\u4e2d\u6587", "\ud83d\ude00"));
                    b.charset = q(dice.pick("US-ASCII", "NOPE-9", "", " ", "UTF-8 ", "ISO-2022-CN", "x-JISAutoDetect",
                            "utf-99", "\u00e9", "a".repeat(300), "../../etc", "UTF-7"));
                } else {
                    b.charset = q(dice.pick("UTF-8", "ISO-8859-1"));
                    b.field = dice.pick("base64", "hex");
                    b.value = q(b.field.equals("hex") ? "00" : "AA==");
                }
                r.json(spec.json()).label("bad-charset").fails(400, FAULT);
            }
            case 10 -> {
                // C10: unknown flags, flags of the wrong type, MSG_PARTIAL on TCP (WSAEOPNOTSUPP)
                int v = dice.nextInt(4);
                if (v == 0) {
                    spec.flags = dice.pick("\"MSG_OOB\"", "1", "true", "{}", "[1]", "[null]", "[[\"MSG_OOB\"]]", "[{}]");
                    r.json(spec.json()).label("flags-wrong-type").fails(400, INVAL);
                } else if (v == 1) {
                    spec.flags = "[" + q(dice.pick("MSG_PEEK", "msg_oob", "MSG_OOB,MSG_BOGUS", "MSG_WAITALL", "0x1",
                            "MSG_DONTROUTE;", "MSG_\u00d6OB", "a".repeat(300))) + "]";
                    r.json(spec.json()).label("unknown-flag").fails(400, INVAL);
                } else if (v == 2) {
                    spec.flags = "[" + String.join(",", Collections.nCopies(65 + dice.nextInt(20), "\"MSG_DONTROUTE\"")) + "]";
                    r.json(spec.json()).label("too-many-flags").fails(400, INVAL);
                } else {
                    spec.flags = dice.pick("[\"MSG_PARTIAL\"]", "[\"MSG_OOB\",\"MSG_PARTIAL\"]", "[\"MSG_PARTIAL,MSG_DONTROUTE\"]");
                    r.json(spec.json()).label("flag-partial").fails(400, "WSAEOPNOTSUPP");
                }
            }
            case 11 -> {
                spec.overlapped = dice.pick("\"true\"", "1", "0", "[]", "{}", "\"maybe\"", "\"\"", "[true]", "1.5", "-1");
                r.json(spec.json()).label("overlapped-wrong-type").fails(400, INVAL);
            }
            case 12 -> {
                // C6, C34: more buffers than a send carries
                StringBuilder b = new StringBuilder("{\"buffers\":[");
                int n = 1025 + dice.nextInt(50);
                for (int i = 0; i < n; i++) {
                    b.append(i == 0 ? "" : ",").append(dice.pick("{\"hex\":\"00\"}", "{\"text\":\"\"}", "{\"base64\":\"\"}"));
                }
                r.json(b.append("]}").toString()).label("too-many-buffers").fails(400, INVAL);
            }
            case 13 -> {
                // C39: huge values held in native memory while they stream, then refused: the budget comes back
                int size = 200_000 + dice.nextInt(1_800_000);
                String body = switch (dice.nextInt(5)) {
                    case 0 -> "{\"buffers\":[{\"base64\":\"" + "QUJD".repeat(size / 4) + dice.pick("!", "=A", "Q", "\u00e9") + "\"}]}";
                    case 1 -> "{\"buffers\":[{\"hex\":\"" + "ab".repeat(size / 2) + "f\"}]}";
                    case 2 -> "{\"buffers\":[{\"text\":\"" + "x".repeat(size) + "\"}]}" + dice.pick(" x", "}", ",", "{}");
                    case 3 -> "{\"buffers\":[{\"text\":\"" + "y".repeat(size) + "\"},{\"text\":\"\\ud800\"}]}";
                    default -> "{\"buffers\":[{\"text\":\"" + "z".repeat(size) + "\",\"charset\":\"US-ASCII\",\"text\":\"a\"}]}";
                };
                r.json(body).label("huge-invalid").fails(400, FAULT, INVAL);
                r.gateway = Set.of(503); // C39: WSAENOBUFS if the budget cannot hold it at this moment
            }
            case 14 -> {
                // names and flags have a length limit, values do not
                if (dice.nextBoolean()) {
                    spec.extraTop = q("n".repeat(257 + dice.nextInt(60_000))) + ":1";
                } else {
                    spec.buffers.get(0).extra = q("m".repeat(257 + dice.nextInt(5000))) + ":1";
                }
                r.json(spec.json()).label("huge-name").fails(400, INVAL);
            }
            case 15 -> {
                // C29: lone surrogates are no text in any charset
                SendSpec.Buf b = spec.buffers.get(dice.nextInt(spec.buffers.size()));
                b.field = dice.pick("text", "text", "base64", "hex");
                b.charset = b.field.equals("text") && dice.nextBoolean() ? q("UTF-16BE") : null;
                b.value = q("ab").replace("ab", dice.pick("\\ud800", "\\udc00", "a\\ud800b", "\\ud800\\u0041", "\\udfff\\ud800", "x\\ud83d"));
                r.json(spec.json()).label("lone-surrogate").fails(400, FAULT);
            }
            case 16 -> {
                // deep nesting, refused where it begins
                int depth = dice.pick(50, 1000, 20_000, 100_000);
                String deep = dice.nextBoolean() ? "[".repeat(depth) + "]".repeat(depth)
                        : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
                String body = switch (dice.nextInt(4)) {
                    case 0 -> deep;
                    case 1 -> "{\"buffers\":" + deep + "}";
                    case 2 -> "{\"buffers\":[{\"text\":\"a\"}],\"flags\":" + deep + "}";
                    default -> "{\"buffers\":[{\"text\":\"a\"}],\"overlapped\":" + deep + "}";
                };
                r.json(body).label("deep-nesting").fails(400, FAULT, INVAL);
            }
            case 17 -> {
                // wrong content types for a JSON body
                String type = dice.pick("text/plain", "application/xml", "application/jsonx", "text/json", "image/png",
                        "application/x-www-form-urlencoded", "application/json; charset=nope", "application",
                        "multipart/mixed; boundary=x", "application/vnd.api+json", "*/*", "application/*", "json",
                        "application/json;charset", "", "application/octet-stream");
                r.body = spec.json().getBytes(StandardCharsets.UTF_8);
                if (!type.isEmpty()) {
                    r.header("Content-Type", type);
                }
                r.label("wrong-content-type").fails(null);
                if (type.isEmpty() || type.equals("application/octet-stream")) {
                    // RFC 9110 8.3: without a type the body is octets; either way it is one buffer of the text
                    r.mustFail = false;
                    r.payload = r.body;
                    r.buffers = 1;
                    r.shape = Shape.SENT;
                } else if (type.equals("application/json;charset")) {
                    // a parameter without a value is dropped by the media type parser: still JSON
                    r.mustFail = false;
                    r.payload = spec.payload();
                    r.buffers = spec.buffers.size();
                    r.shape = Shape.SENT;
                }
            }
            case 18 -> {
                r.json(spec.json()).header("Content-Type", "multipart/form-data");
                r.headers.remove(0);
                r.label("json-as-multipart").fails(400, FAULT);
            }
            case 19 -> {
                // a JSON send takes no query parameters: ?flags= would be ignored otherwise (C40)
                r.target += "?" + dice.pick("flags=MSG_OOB", "overlapped=false", "flag=MSG_OOB", "x=1", "timeoutMs=5", "buffers=");
                r.json(spec.json()).label("json-query-param").fails(400, INVAL);
            }
            case 20 -> {
                // a broken byte order mark, bytes that are not UTF-8 around the structure
                byte[] body = spec.json().getBytes(StandardCharsets.UTF_8);
                byte[] prefix = dice.pick(new byte[] {(byte) 0xEF, (byte) 0xBB}, new byte[] {(byte) 0xEF, (byte) 0xBB, 0x00},
                        new byte[] {(byte) 0xFE, (byte) 0xFF}, new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xC3, (byte) 0x28});
                r.json(Bytes.concat(prefix, body)).label("broken-bom").fails(400, FAULT);
            }
            default -> {
                // valid variations: a byte order mark, odd whitespace (still sends exactly the bytes described)
                byte[] body = spec.json().getBytes(StandardCharsets.UTF_8);
                if (dice.nextBoolean()) {
                    body = Bytes.concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, body);
                }
                r.json(body).label("valid-bom").sends(spec.payload(), spec.buffers.size());
            }
        }
        return r;
    }

    @Override
    Request valid(String target) {
        SendSpec spec = SendSpec.valid(dice);
        Request r = new Request(Kind.SEND_JSON, "POST", path(target)).json(spec.json())
                .sends(spec.payload(), spec.buffers.size());
        if (dice.nextInt(8) == 0) {
            r.headers.clear();
            r.header("Content-Type", dice.pick("application/json; charset=utf-8", "Application/JSON", "application/json;charset=UTF-8"));
        }
        return r;
    }
}
