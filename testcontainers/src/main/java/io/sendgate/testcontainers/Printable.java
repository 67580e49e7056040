package io.sendgate.testcontainers;

/** Bytes as a reader can take them in a failure message: printable ASCII as is, the rest escaped, long runs cut. */
final class Printable {
    private static final int MAX_BYTES = 512;

    private Printable() {
    }

    static String of(byte[] bytes) {
        StringBuilder out = new StringBuilder("\"");
        int shown = Math.min(bytes.length, MAX_BYTES);
        for (int i = 0; i < shown; i++) {
            int b = bytes[i] & 0xff;
            switch (b) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> out.append(b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b));
            }
        }
        out.append('"');
        if (shown < bytes.length) {
            out.append(" ... (").append(bytes.length - shown).append(" more bytes)");
        }
        return out.toString();
    }
}
