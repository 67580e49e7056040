package io.sendgate.api.robustness;

import io.sendgate.api.robustness.Request.Kind;
import io.sendgate.api.robustness.Request.Shape;
import io.sendgate.testing.Bytes;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static io.sendgate.api.robustness.Request.FAULT;
import static io.sendgate.api.robustness.Request.INVAL;

/**
 * Framing, over a plain socket (C29, C39, C40): a valid request with a body, its request line, headers or
 * body framing taken apart, or spelt another valid way, as bytes no well-behaved client would send.
 */
final class Framing {
    private final Dice dice;
    private final int port;

    Framing(Dice dice, int port) {
        this.dice = dice;
        this.port = port;
    }

    Request apply(Request base) {
        byte[] body = base.body;
        boolean send = base.kind == Kind.SEND_JSON || base.kind == Kind.SEND_OCTETS || base.kind == Kind.SEND_MULTIPART;
        List<String[]> headers = new ArrayList<>(base.headers);
        String label;
        byte[] framed;
        String line = base.method + " " + base.target + " HTTP/1.1";
        List<String> extra = new ArrayList<>();
        int w = dice.nextInt(20);
        switch (w) {
            case 0 -> {
                // the connection ends before the announced length: broke off (C29)
                extra.add("Content-Length: " + (body.length + 1 + dice.nextInt(1000)));
                framed = body;
                label = "content-length-longer";
                base.fails(400, FAULT);
                base.payload = null;
            }
            case 1 -> {
                int n = 1 + dice.nextInt(body.length - 1);
                extra.add("Content-Length: " + n);
                framed = body;
                label = "content-length-shorter";
                if (base.kind == Kind.SEND_OCTETS) {
                    // the body is what the length says: a valid send of its first n bytes
                    base.payload = Arrays.copyOf(body, n);
                    base.mustSucceed = false;
                    base.shape = Shape.SENT;
                } else {
                    base.fails(400, FAULT);
                    base.payload = null;
                    if (base.kind == Kind.LISTEN || base.kind == Kind.WAIT) {
                        base.wsa = Set.of(FAULT, INVAL);
                    }
                }
            }
            case 2 -> {
                extra.add("Content-Length: " + dice.pick("abc", "-1", "1.0", "0x10", "+5", "5 5", "99999999999999999999",
                        body.length + ", " + (body.length + 1), "", "1e3"));
                framed = body;
                label = "content-length-invalid";
                base.fails(null);
                base.payload = null;
            }
            case 3 -> {
                extra.add("Content-Length: " + body.length);
                extra.add("Content-Length: " + (body.length + 1 + dice.nextInt(10)));
                framed = body;
                label = "content-length-twice";
                base.fails(400, INVAL);
                base.payload = null;
            }
            case 4 -> {
                // the same header twice with the same value; whether the container takes it or not, the body is
                // the one described, so if it goes out it carries these bytes
                if (dice.nextBoolean() && !headers.isEmpty()) {
                    headers.add(headers.get(0));
                    extra.add("Content-Length: " + body.length);
                    framed = body;
                    label = "content-type-twice";
                } else {
                    extra.add("Transfer-Encoding: chunked");
                    extra.add("Transfer-Encoding: chunked");
                    framed = chunked(body, "", "");
                    label = "transfer-encoding-twice";
                }
                base.mustSucceed = false;
            }
            case 5, 6 -> {
                // valid chunking: the same request, the same bytes
                extra.add("Transfer-Encoding: chunked");
                framed = chunked(body, dice.nextInt(3) == 0 ? ";ext=" + dice.randomWord() : "", dice.nextInt(4) == 0 ? "X-Trailer: 1\r\n" : "");
                label = "chunked";
                if (dice.nextInt(4) == 0) {
                    // C39: with a Content-Length too, the chunked coding decides the body (RFC 9112 6.3)
                    extra.add("Content-Length: " + (body.length + dice.nextInt(5)));
                    label = "chunked-and-content-length";
                    base.mustSucceed = false;
                }
            }
            case 7 -> {
                extra.add("Transfer-Encoding: chunked");
                byte[] whole = chunked(body, "", "");
                framed = Arrays.copyOf(whole, 3 + dice.nextInt(Math.max(1, whole.length - 8)));
                label = "chunked-cut";
                base.fails(400, FAULT, INVAL);
                base.payload = null;
            }
            case 8 -> {
                extra.add("Transfer-Encoding: chunked");
                String size = dice.pick("zz", "-1", "fffffffffffffffffff", "", "1 2", "0x5", "+5", "ffffffff", "7fffffffffffffff", "g");
                framed = Bytes.concat((size + "\r\n").getBytes(StandardCharsets.ISO_8859_1), body, "\r\n0\r\n\r\n".getBytes());
                label = "chunk-size-invalid";
                base.fails(null);
                base.payload = null;
            }
            case 9 -> {
                extra.add("Transfer-Encoding: chunked");
                // a chunk that says less than it carries: the data runs into where the next size line should be
                int n = Math.max(1, body.length / 2);
                framed = Bytes.concat((Integer.toHexString(n) + "\r\n").getBytes(), body, "\r\n0\r\n\r\n".getBytes());
                label = "chunk-overrun";
                base.fails(400, FAULT, INVAL);
                base.payload = null;
            }
            case 10 -> {
                extra.add("Transfer-Encoding: chunked");
                byte[] whole = chunked(body, "", "");
                framed = Arrays.copyOf(whole, whole.length - 5);
                label = "chunked-no-last-chunk";
                base.fails(400, FAULT, INVAL);
                base.payload = null;
            }
            case 11 -> {
                extra.add("Transfer-Encoding: " + dice.pick("gzip", "chunked, gzip", "identity", "chunkedx", "compress", "deflate, chunked"));
                framed = body;
                label = "transfer-coding-unsupported";
                base.fails(null, "WSAEOPNOTSUPP", INVAL);
                base.gateway = Set.of(501);
                base.payload = null;
            }
            case 12 -> {
                extra.add("Content-Length: " + body.length);
                extra.add("Content-Length: " + body.length);
                framed = body;
                label = "content-length-twice-same";
                base.mustSucceed = false;
            }
            case 13 -> {
                extra.add("Content-Length: " + body.length);
                extra.add(dice.pick("Host: 127.0.0.1:" + port, "Host: localhost"));
                framed = body;
                label = "host-twice";
                keep(base).fails(400, INVAL);
            }
            case 14 -> {
                extra.add("Content-Length: " + body.length);
                extra.add(dice.pick("Bad Header: x", "NoColon", "X-Nul: a\u0000b", "X-Big: " + "b".repeat(20_000), ": empty-name",
                        "X-A" + "a".repeat(9000) + ": 1"));
                framed = body;
                label = "bad-header-line";
                keep(base).fails(400, INVAL);
            }
            case 15 -> {
                line = dice.pick(base.method + " " + base.target + " HTTP/1.2",
                        base.method + " " + base.target + " HTTP/3.0", base.method + " " + base.target + " HTTP/1.1x",
                        base.method + " " + base.target + "#frag HTTP/1.1",
                        base.method + " " + base.target + " http/1.1", base.method + " " + base.target + " HTTP/01.1",
                        base.method + " " + base.target.replace("/api", "/a{pi") + " HTTP/1.1",
                        base.method + " " + base.target.replace("/v1", "/v1 x") + " HTTP/1.1");
                extra.add("Content-Length: " + body.length);
                framed = body;
                label = "bad-request-line";
                keep(base).fails(null);
                base.gateway = Set.of(505);
            }
            case 16 -> {
                // C40: malformed percent-escapes in the path
                String bad = dice.pick("%zz", "%", "%4", "%c3%28", "%C0%AF", "%ed%a0%80", "%f4%90%80%80", "%ff", "%e2%82", "%%",
                        "%g1", "%2f", "%5C", "%00");
                String target = insertIntoPath(base.target, bad);
                line = base.method + " " + target + " HTTP/1.1";
                extra.add("Content-Length: " + body.length);
                framed = body;
                label = "path-escape";
                keep(base).fails(400, INVAL);
            }
            case 17 -> {
                // C40: malformed percent-escapes in the query
                String bad = dice.pick("%zz", "%", "%4", "%c3%28", "%C0%AF", "%ed%a0%80", "%ff", "%e2%82", "%%", "%g1");
                String sep = base.target.contains("?") ? "&" : "?";
                String target = base.target + sep + dice.pick("x=" + bad, bad + "=1", "flags=" + bad, "a" + bad + "b");
                line = base.method + " " + target + " HTTP/1.1";
                extra.add("Content-Length: " + body.length);
                framed = body;
                label = "query-escape";
                keep(base).fails(400, INVAL);
            }
            case 18 -> {
                extra.add("Content-Length: " + body.length);
                extra.add("Expect: " + dice.pick("100-maybe", "200-ok", "x"));
                framed = body;
                label = "expect-unsupported";
                keep(base).fails(417, INVAL);
            }
            default -> {
                // valid spellings of the same call: the bytes that go out do not change
                String target = dice.pick(base.target.replace("/sockets/", "/sockets;v=1/"), base.target.replace("/api/", "/api/./"),
                        base.target.replace("/v1/", "/v1/x/../"), base.target.replace("/sockets/s-", "/sockets/%73-"));
                line = base.method + " " + target + " HTTP/1.1";
                extra.add("Content-Length: " + body.length);
                if (dice.nextBoolean()) {
                    extra.add("Expect: 100-continue");
                }
                framed = body;
                label = "path-spelling";
                base.mustSucceed = false;
            }
        }
        if (!send) {
            base.payload = null;
        }
        if (base.kind == Kind.LISTEN && !base.mustFail) {
            base.mustSucceed = false;
        }
        base.label(label);
        StringBuilder head = new StringBuilder(line).append("\r\n");
        boolean hostGiven = extra.stream().anyMatch(h -> h.startsWith("Host:"));
        head.append("Host: 127.0.0.1:").append(port).append("\r\n");
        for (String[] h : headers) {
            head.append(h[0]).append(": ").append(h[1]).append("\r\n");
        }
        for (String h : extra) {
            head.append(h).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        base.raw = Bytes.concat(head.toString().getBytes(StandardCharsets.UTF_8), framed);
        if (hostGiven && !label.equals("host-twice")) {
            throw new IllegalStateException("two hosts by accident");
        }
        return base;
    }

    /**
     * The body is intact and only what is around it is wrong: should the service take it anyway (a defect,
     * reported), the model still knows the bytes it carries.
     */
    private static Request keep(Request r) {
        r.onSuccess = null;
        return r;
    }

    /**
     * Puts {@code bad} at the end of a path segment, so that what follows it (a slash, the query, the end)
     * cannot complete it into a valid escape ({@code %4} then {@code e} would be {@code %4e}).
     */
    private String insertIntoPath(String target, String bad) {
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String query = q < 0 ? "" : target.substring(q);
        List<Integer> ends = new ArrayList<>();
        for (int i = 1; i < path.length(); i++) {
            if (path.charAt(i) == '/') {
                ends.add(i);
            }
        }
        ends.add(path.length());
        int at = dice.pick(ends);
        return path.substring(0, at) + bad + path.substring(at) + query;
    }

    /** Valid chunking of {@code body} in random sizes, with an extension and trailers if given. */
    private byte[] chunked(byte[] body, String extension, String trailers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < body.length) {
            int n = Math.min(body.length - at, 1 + dice.nextInt(Math.max(1, Math.min(body.length, 9000))));
            String size = Integer.toHexString(n);
            out.writeBytes(((dice.nextBoolean() ? size : size.toUpperCase(Locale.ROOT)) + extension + "\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, at, n);
            out.writeBytes("\r\n".getBytes());
            at += n;
        }
        out.writeBytes(("0\r\n" + trailers + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }
}
