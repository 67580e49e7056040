package io.sendgate.testing;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Random;

public final class Bytes {
    private Bytes() {
    }

    /** Reproducible pseudo-random bytes, so a failure can be replayed. */
    public static byte[] random(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    public static byte[] concat(byte[]... parts) {
        int total = 0;
        for (byte[] p : parts) {
            total += p.length;
        }
        byte[] out = new byte[total];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** At most {@code max} bytes as printable ASCII, the rest escaped, for a failure message. */
    public static String show(byte[] bytes, int max) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, max); i++) {
            int c = bytes[i] & 0xFF;
            if (c == '\r') {
                b.append("\\r");
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c >= 0x20 && c < 0x7F) {
                b.append((char) c);
            } else {
                b.append(String.format("\\x%02x", c));
            }
        }
        return bytes.length > max ? b + "...(" + bytes.length + " bytes)" : b.toString();
    }

    /** A body that arrives at most {@code step} bytes a read, as a slow network would deliver it. */
    public static InputStream trickle(byte[] body, int step) {
        return new ByteArrayInputStream(body) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, step));
            }
        };
    }
}
