package io.sendgate.jna;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * A small send's native memory (up to {@link #LARGEST} bytes), from blocks that earlier sends gave back. Small
 * sends are the common case, and for them malloc, free and JNA's bookkeeping of a {@code Memory} (a cleaner
 * registered, a map shared by every thread) cost more than their bytes. A block is given back when its owner
 * closes it, that is once its operation ended and the system no longer reads it; past {@link #KEPT_BYTES_PER_SIZE}
 * bytes (and {@link #KEPT_MOST} blocks) of a size, it is freed. A batch's thousand tiny sends fit.
 */
public final class SmallBlock extends NativeBlock {
    public static final long LARGEST = 4096;
    static final int KEPT_MOST = 1024;
    static final int KEPT_BYTES_PER_SIZE = 256 * 1024;
    private static final int SMALLEST_SHIFT = 6;
    private static final int SIZES = 7; // 64, 128, ... 4096 bytes
    private static final Kept[] KEPT = new Kept[SIZES];

    static {
        for (int i = 0; i < SIZES; i++) {
            KEPT[i] = new Kept(Math.min(KEPT_MOST, KEPT_BYTES_PER_SIZE >> (i + SMALLEST_SHIFT)));
        }
    }

    private final Pointer pointer;
    private final int sizeIndex;

    private SmallBlock(long size, int sizeIndex, long address, boolean counted) {
        super(size, counted ? size : 0);
        this.sizeIndex = sizeIndex;
        this.pointer = new Pointer(address);
    }

    /** A block of {@code size} bytes: a kept one when it is small, else JNA's own {@link JnaMemory}. */
    public static NativeBlock allocate(long size) {
        return size > LARGEST ? new JnaMemory(size) : kept(size, true);
    }

    /**
     * A block for a driver's own structures (a message header and its iovec array), which are no send's bytes and
     * so are not counted in {@link #liveBytes()}; larger ones are JNA's own memory.
     */
    public static NativeBlock forDriver(long size) {
        return size > LARGEST ? new JnaMemory(size, false) : kept(size, false);
    }

    private static NativeBlock kept(long size, boolean counted) {
        int index = Math.max(0, 64 - Long.numberOfLeadingZeros(Math.max(1, size) - 1) - SMALLEST_SHIFT);
        long address = KEPT[index].take();
        if (address == 0) {
            address = Native.malloc(1L << (index + SMALLEST_SHIFT));
            if (address == 0) {
                throw new OutOfMemoryError("malloc of " + size + " bytes failed");
            }
        }
        return new SmallBlock(size, index, address, counted);
    }

    /** The bytes of the blocks kept for reuse, all sizes. */
    static long keptBytes() {
        long n = 0;
        for (int i = 0; i < SIZES; i++) {
            n += (long) KEPT[i].count() << (i + SMALLEST_SHIFT);
        }
        return n;
    }

    @Override
    public Pointer pointer() {
        return pointer;
    }

    @Override
    protected void release() {
        long address = Pointer.nativeValue(pointer);
        if (!KEPT[sizeIndex].give(address)) {
            Native.free(address);
        }
    }

    /** The blocks of one size given back: a stack, so the most recently used (and cached) block goes out first. */
    private static final class Kept {
        private final long[] addresses;
        private int count;

        Kept(int most) {
            addresses = new long[most];
        }

        synchronized long take() {
            return count == 0 ? 0 : addresses[--count];
        }

        synchronized boolean give(long address) {
            if (count == addresses.length) {
                return false;
            }
            addresses[count++] = address;
            return true;
        }

        synchronized int count() {
            return count;
        }
    }
}
