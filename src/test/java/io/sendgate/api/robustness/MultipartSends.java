package io.sendgate.api.robustness;

import io.sendgate.api.robustness.Request.Kind;
import io.sendgate.testing.Bytes;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static io.sendgate.api.robustness.Request.FAULT;
import static io.sendgate.api.robustness.Request.INVAL;

/** Sends of multipart/form-data, one buffer per part (C6, C9), read by the service's own strict reader. */
final class MultipartSends extends Sends {
    MultipartSends(Dice dice, Model model) {
        super(dice, model);
    }

    @Override
    Request mutated() {
        Multipart m = Multipart.valid(dice);
        Request r = new Request(Kind.SEND_MULTIPART, "POST", path(model.sock));
        byte[] body = m.body();
        String type = "multipart/form-data; boundary=" + m.boundary;
        switch (dice.nextInt(12)) {
            case 10 -> {
                // C6, C29: cut right after a delimiter line, or just before it: the parts after it are missing,
                // and the container's parser took the rest for the whole body (it sent fewer buffers)
                Multipart more = m.parts.size() > 1 ? m : Multipart.valid(dice);
                if (more.parts.size() < 2) {
                    more.parts.add(new byte[] {1, 2, 3});
                }
                byte[] whole = more.body();
                String text = new String(whole, StandardCharsets.ISO_8859_1);
                int second = text.indexOf("\r\n--" + more.boundary + "\r\n");
                int cut = second + 4 + more.boundary.length() + dice.pick(0, 1, 2);
                body = Arrays.copyOf(whole, cut);
                type = "multipart/form-data; boundary=" + more.boundary;
                r.label("cut-after-delimiter").fails(400, FAULT);
            }
            case 11 -> {
                // C6, C29: a part that is not a form-data field was skipped by the container's parser
                String part = dice.pick("Content-Type: application/octet-stream\r\n", "Content-Disposition: attachment; filename=\"a\"\r\n",
                        "Content-Disposition: form-data; filename=\"a\"\r\n", "\r\n".substring(2));
                body = Bytes.concat(("--" + m.boundary + "\r\n" + part + "\r\nlost\r\n").getBytes(StandardCharsets.ISO_8859_1), body);
                r.label("part-not-form-data").fails(400, FAULT);
            }
            case 0 -> {
                // cut before the closing delimiter is complete
                body = Arrays.copyOf(body, dice.nextInt(body.length - 2));
                r.label("truncated-multipart").fails(400, FAULT);
            }
            case 1 -> {
                type = "multipart/form-data; boundary=" + m.boundary + dice.pick("x", "-", "0");
                r.label("boundary-mismatch").fails(400, FAULT);
            }
            case 2 -> {
                type = dice.pick("multipart/form-data", "multipart/form-data; boundary=", "multipart/form-data; boundary=\"\"",
                        "multipart/form-data; charset=utf-8", "multipart/form-data; boundary=" + "b".repeat(80 + dice.nextInt(40)));
                // an empty boundary parameter does not even parse as a media type: 415
                r.label("bad-boundary").fails(null, FAULT, INVAL);
            }
            case 3 -> {
                body = dice.pick("".getBytes(), "garbage".getBytes(), ("--" + m.boundary + "--\r\n").getBytes(),
                        ("--" + m.boundary + "\r\n\r\n").getBytes(), ("--" + m.boundary + "\r\nContent-Disposition: form-data; name=a"
                                + "\r\n").getBytes());
                r.label("empty-multipart").fails(400, FAULT);
            }
            case 4 -> {
                // part headers that never end, or end too late (server.tomcat.max-part-header-size)
                String big = "X-Big: " + "h".repeat(12_000 + dice.nextInt(10_000)) + "\r\n";
                body = ("--" + m.boundary + "\r\nContent-Disposition: form-data; name=\"p\"; filename=\"p\"\r\n"
                        + big + "\r\nabc\r\n--" + m.boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1);
                r.label("huge-part-header").fails(400, FAULT);
            }
            case 5 -> {
                // C6, C34: past max-buffers-per-send
                Multipart many = new Multipart(m.boundary);
                int n = 1025 + dice.nextInt(30);
                for (int i = 0; i < n; i++) {
                    many.parts.add(new byte[] {(byte) i});
                }
                body = many.body();
                r.label("too-many-parts").fails(400, INVAL);
            }
            case 6 -> {
                body = new String(body, StandardCharsets.ISO_8859_1).replace("\r\n", "\n").getBytes(StandardCharsets.ISO_8859_1);
                r.label("lf-delimiters").fails(400, FAULT);
            }
            case 7 -> {
                r.target = path(model.sock) + "?" + dice.pick("flags=BOGUS", "overlapped=maybe", "flag=MSG_OOB", "parts=2",
                        "flags=MSG_PARTIAL");
                r.label("bad-param").fails(400, INVAL, "WSAEOPNOTSUPP");
            }
            case 8 -> {
                // what follows the closing delimiter is an epilogue, but a second delimiter line is not a boundary
                body = Bytes.concat(Arrays.copyOf(body, body.length - 4), ("-X\r\n").getBytes());
                r.label("bad-closing-delimiter").fails(400, FAULT);
            }
            default -> {
                type = dice.pick("multipart/related; boundary=" + m.boundary, "multipart/mixed; boundary=" + m.boundary);
                r.label("other-multipart").fails(null);
            }
        }
        r.body = body;
        r.header("Content-Type", type);
        return r;
    }

    @Override
    Request valid(String target) {
        Multipart m = Multipart.valid(dice);
        Request r = new Request(Kind.SEND_MULTIPART, "POST", path(target) + (dice.nextInt(5) == 0 ? "?flags=MSG_DONTROUTE" : ""));
        r.body = m.body();
        r.header("Content-Type", "multipart/form-data; boundary=" + (m.quoted ? "\"" + m.boundary + "\"" : m.boundary));
        return r.sends(m.payload(), m.parts.size());
    }
}
