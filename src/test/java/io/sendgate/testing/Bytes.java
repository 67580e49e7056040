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
