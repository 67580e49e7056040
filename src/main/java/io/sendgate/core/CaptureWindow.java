package io.sendgate.core;

/**
 * The captured bytes a socket still holds (C44): the stream from offset {@link #base()} to {@link #end()},
 * at most its capacity. Bytes before an offset a reader asked from are released, which is what lets a
 * long stream pass through a small buffer without a byte dropped. Changed under the capture's lock.
 *
 * <p>A byte once written is never written again: appends go past the end, releases only move the start,
 * and a window that must grow or compact moves to a new array. So a {@link View} taken under the lock
 * stays true after it is let go, and a pattern can be looked for in it on another thread while the
 * capture goes on appending (C38: no pattern, however slow, holds the capture thread or its lock).
 */
final class CaptureWindow {
    private static final byte[] EMPTY = new byte[0];

    private final int capacity;
    private byte[] bytes = EMPTY;
    /** Where {@link #base} lies in {@link #bytes}. */
    private int head;
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
        if (head + length + data.length > bytes.length) {
            int size = Math.min(capacity, Math.max(64, Math.max(length + data.length, 2 * bytes.length)));
            byte[] moved = new byte[size];
            System.arraycopy(bytes, head, moved, 0, length);
            bytes = moved;
            head = 0;
        }
        System.arraycopy(data, 0, bytes, head + length, data.length);
        length += data.length;
    }

    /** Releases the bytes before {@code offset} (a reader asked from there, so it has what came before). */
    void releaseBefore(long offset) {
        int drop = (int) Math.min(length, Math.max(0, offset - base));
        if (drop == 0) {
            return;
        }
        head += drop;
        length -= drop;
        base += drop;
        if (length == 0) {
            bytes = EMPTY;
            head = 0;
        } else if (length < bytes.length / 4 && bytes.length > 64) {
            byte[] kept = new byte[Math.max(length, 64)];
            System.arraycopy(bytes, head, kept, 0, length);
            bytes = kept;
            head = 0;
        }
    }

    /** The bytes held now, as they will stay: safe to read without the lock. */
    View view() {
        return new View(bytes, head, length, base);
    }

    /** Held bytes at one moment: offsets {@code base} to {@code end()} of the stream, never changed afterwards. */
    record View(byte[] bytes, int head, int length, long base) {
        long end() {
            return base + length;
        }

        byte at(long offset) {
            return bytes[head + (int) (offset - base)];
        }

        /** The bytes from {@code from} to {@code to} (stream offsets within the view). */
        byte[] copy(long from, long to) {
            int at = head + (int) (from - base);
            return java.util.Arrays.copyOfRange(bytes, at, at + (int) (to - from));
        }

        /** The bytes from {@code from} on as one Latin-1 character per byte (for regular expressions), without a copy. */
        CharSequence chars(long from) {
            return new Latin1(bytes, head + (int) (from - base), (int) (end() - from));
        }
    }

    private record Latin1(byte[] bytes, int offset, int length) implements CharSequence {
        @Override
        public char charAt(int index) {
            if (index < 0 || index >= length) {
                throw new IndexOutOfBoundsException(index);
            }
            return (char) (bytes[offset + index] & 0xff);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            if (start < 0 || end > length || start > end) {
                throw new IndexOutOfBoundsException(start);
            }
            return new Latin1(bytes, offset + start, end - start);
        }

        @Override
        public String toString() {
            return new String(bytes, offset, length, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }
}
