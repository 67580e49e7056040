package io.sendgate.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

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
    /** The window as an encoder's output; made when one first needs it. */
    private ByteBuffer view;

    /** A window for the values of one send, each flushed when it ends; one at a time. */
    public ByteWindow(PayloadBuilder builder) {
        this(builder, -1);
    }

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

    public void put(int b) {
        if (n == bytes.length) {
            spill();
        }
        bytes[n++] = (byte) b;
    }

    /**
     * The free part of the window, never empty, for an encoder to write into; {@link #took} then counts what it
     * wrote.
     */
    public ByteBuffer free() {
        if (n == bytes.length) {
            spill();
        }
        if (view == null || view.array() != bytes) {
            view = ByteBuffer.wrap(bytes);
        }
        return view.limit(bytes.length).position(n);
    }

    /**
     * Counts what was written into {@link #free()}; {@code more} when the writer had more than fitted, so the
     * window is written out and grown for it.
     */
    public void took(ByteBuffer free, boolean more) {
        n = free.position();
        if (more) {
            spill();
        }
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
