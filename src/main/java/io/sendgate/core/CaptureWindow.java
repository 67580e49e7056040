package io.sendgate.core;

import java.util.Arrays;

/**
 * The captured bytes a socket still holds (C44): the stream from offset {@link #base()} to {@link #end()},
 * at most its capacity. Bytes before an offset a reader asked from are released, which is what lets a
 * long stream pass through a small buffer without a byte dropped. Used under the capture's lock.
 */
final class CaptureWindow {
    private final int capacity;
    private byte[] bytes = new byte[0];
    private long base;
    private int length;

    CaptureWindow(int capacity) {
        this.capacity = capacity;
    }

    long base() {
        return base;
    }

    long end() {
        return base + length;
    }

    int free() {
        return capacity - length;
    }

    /** Appends what a receive got; the caller never gives more than {@link #free()}. */
    void append(byte[] data) {
        if (data.length > free()) {
            throw new IllegalStateException("capture overflow: " + data.length + " > " + free());
        }
        if (length + data.length > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.min(capacity, Math.max(length + data.length, bytes.length * 2)));
        }
        System.arraycopy(data, 0, bytes, length, data.length);
        length += data.length;
    }

    /** Releases the bytes before {@code offset} (a reader asked from there, so it has what came before). */
    void releaseBefore(long offset) {
        int drop = (int) Math.min(length, Math.max(0, offset - base));
        if (drop == 0) {
            return;
        }
        System.arraycopy(bytes, drop, bytes, 0, length - drop);
        length -= drop;
        base += drop;
        if (length < bytes.length / 4) {
            bytes = Arrays.copyOf(bytes, Math.max(length, 64));
        }
    }

    /** The held bytes from {@code from} to {@code to} (offsets in the stream, within the window). */
    byte[] copy(long from, long to) {
        return Arrays.copyOfRange(bytes, (int) (from - base), (int) (to - base));
    }

    /** The held bytes from {@code from} on, as one Latin-1 character per byte (for regular expressions). */
    CharSequence chars(long from) {
        return new String(bytes, (int) (from - base), (int) (end() - from), java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Where {@code needle} first starts at or after {@code from}, or -1. */
    long indexOf(byte[] needle, long from) {
        int start = (int) (from - base);
        outer:
        for (int i = start; i + needle.length <= length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return base + i;
        }
        return -1;
    }
}
