package io.sendgate.api.robustness;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A valid multipart/form-data body: one part per buffer. */
final class Multipart {
    final String boundary;
    final List<byte[]> parts = new ArrayList<>();
    final List<String> dispositions = new ArrayList<>();
    boolean quoted;

    Multipart(String boundary) {
        this.boundary = boundary;
    }

    static Multipart valid(Dice dice) {
        Multipart m = new Multipart(dice.pick("----sendgate", "xYz", "--_b0undary_", "a.b-c_d") + dice.randomWord());
        m.quoted = dice.nextInt(4) == 0;
        int n = dice.nextInt(10) == 0 ? 5 + dice.nextInt(60) : 1 + dice.nextInt(4);
        for (int i = 0; i < n; i++) {
            m.parts.add(dice.randomBytes(dice.pickSize() % 50_000));
            m.dispositions.add(dice.nextInt(4) == 0 ? "form-data; name=\"p" + i + "\""
                    : "form-data; name=\"p" + i + "\"; filename=\"p" + i + ".bin\"");
        }
        return m;
    }

    byte[] body() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < parts.size(); i++) {
            String disposition = i < dispositions.size() ? dispositions.get(i) : "form-data; name=\"p" + i + "\"; filename=\"b\"";
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: " + disposition
                    + "\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(parts.get(i));
            out.writeBytes("\r\n".getBytes());
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    byte[] payload() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
