package io.sendgate.core;

import java.io.IOException;
import java.io.InputStream;

/**
 * Bytes on their way into a {@link PayloadBuilder}, gathered in a heap window so that native memory is written a
 * run at a time. The window starts no larger than the bytes expected, and small when that is not known, since tiny
 * sends are the common case and zeroing a large array costs more than they do; it doubles each time it fills, up
 * to a size where a large body costs few writes.
 */
public final class ByteWindow {
    private static final int FIRST = 256;
    private static final int MOST = 64 * 1024;

    private final PayloadBuilder builder;
    private byte[] bytes;
    private int n;

    /** @param expected the bytes to come, such as a body's declared length; -1 when not known */
    ByteWindow(PayloadBuilder builder, long expected) {
        this.builder = builder;
        this.bytes = new byte[(int) (expected < 0 ? FIRST : Math.max(1, Math.min(MOST, expected)))];
    }

    /**
     * Reads {@code in} into the builder until {@code most} bytes have come or the stream ends.
     *
     * @return the bytes read
     */
    long transferFrom(InputStream in, long most) throws IOException {
        long done = 0;
        while (done < most) {
            if (n == bytes.length) {
                spill();
            }
            int read = in.read(bytes, n, (int) Math.min(bytes.length - n, most - done));
            if (read < 0) {
                break;
            }
            n += read;
            done += read;
        }
        flush();
        return done;
    }

    /** Writes what the window holds into the builder. */
    public void flush() {
        if (n > 0) {
            builder.write(bytes, 0, n);
            n = 0;
        }
    }

    /**
     * A full window is written out, and grows: only when more is to come, so a value that fills it exactly
     * costs no larger array.
     */
    private void spill() {
        flush();
        if (bytes.length < MOST) {
            bytes = new byte[Math.min(MOST, bytes.length * 2)];
        }
    }
}
