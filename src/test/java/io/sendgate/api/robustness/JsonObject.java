package io.sendgate.api.robustness;

import java.util.ArrayList;
import java.util.List;

/** A JSON object as an ordered list of members, each value as JSON text. */
final class JsonObject {
    final List<String[]> fields = new ArrayList<>();

    JsonObject put(String name, String raw) {
        fields.add(new String[] {name, raw});
        return this;
    }

    JsonObject copy() {
        JsonObject o = new JsonObject();
        fields.forEach(f -> o.fields.add(f.clone()));
        return o;
    }

    String json() {
        StringBuilder b = new StringBuilder("{");
        for (String[] f : fields) {
            b.append(b.length() > 1 ? "," : "").append(q(f[0])).append(':').append(f[1]);
        }
        return b.append('}').toString();
    }

    /** A JSON string literal: quotes, backslashes and control characters escaped, the rest as it is. */
    static String q(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
